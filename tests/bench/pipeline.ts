/**
 * Pipeline and indicators bench: five million activity events for the 50,000-rep company (ten
 * opportunities and a hundred events per rep over four weeks, generated in memory from a seed),
 * run through the follow-up time-outs (the two-pass accumulator, with the bundle's time-out
 * rule per obligation) and the rep indicators (JsonLogic filters, daily values, anomalies,
 * curves, health), beside hand-written JavaScript for the same figures: overdue alerts,
 * on-time and late obligations, daily customer touches and touch anomalies. Fails when they differ.
 */
import { createIndicatorCollector, createIndicatorModel, createPipelineAccumulator, createPipelineModel, loadBundle, parseInstant, seededRandom, type Activity, type Opportunity } from '../../plugin/index.js';
import { generateSampleCompany } from '../../plugin/sample/index.js';
import type { BenchSection } from './section.js';
import { readDefaultBundle } from './default-bundle.js';
import { formatRate } from './timing.js';

const OPPS_PER_REP = 10;
const EVENTS_PER_REP = 100;
const H = 3_600_000;
const D = 24 * H;
const START = parseInstant('2026-03-02T00:00:00+08:00')!;
const DAYS = 26; // Monday 2 March to Friday 27 March
const NOW = START + DAYS * D + 18 * H;
const TYPES = ['first_visit', 'feedback', 'touch', 'demo', 'needs_form', 'quote_request', 'quote', 'proposal', 'stage_change'] as const;
const T = Object.fromEntries(TYPES.map((t, i) => [t, i])) as Record<(typeof TYPES)[number], number>;


const weekday = (ms: number) => new Date(ms + 8 * H).getUTCDay();

interface Events { opp: Int32Array; type: Uint8Array; at: Float64Array; length: number }

function generate(reps: number): { events: Events; created: Float64Array } {
  const rnd = seededRandom(20260327);
  const n = reps * EVENTS_PER_REP;
  const ev: Events = { opp: new Int32Array(n), type: new Uint8Array(n), at: new Float64Array(n), length: 0 };
  const created = new Float64Array(reps * OPPS_PER_REP);
  const working: number[] = [];
  for (let d = 0; d <= DAYS; d++) { const wd = weekday(START + d * D); if (wd !== 0 && wd !== 6) working.push(START + d * D); }
  const push = (o: number, t: number, at: number) => { const i = ev.length++; ev.opp[i] = o; ev.type[i] = t; ev.at[i] = Math.round(at / 60_000) * 60_000; };
  for (let r = 0; r < reps; r++) {
    const first = ev.length;
    for (let k = 0; k < OPPS_PER_REP; k++) {
      const o = r * OPPS_PER_REP + k;
      const c = working[Math.floor(rnd() * (working.length - 4))]! + (9 + rnd() * 8) * H;
      created[o] = Math.round(c / 60_000) * 60_000;
      push(o, T.first_visit, c);
      if (rnd() < 0.9) push(o, T.feedback, c + (1 + rnd() * 60) * H);
      if (rnd() < 0.5) {
        push(o, T.demo, c + 2 * D);
        if (rnd() < 0.9) push(o, T.needs_form, c + 2 * D + H);
        push(o, T.stage_change, c + (3 + rnd() * 4) * D);
        push(o, T.quote_request, c + 3 * D);
        push(o, T.quote, c + 3 * D + (2 + rnd() * 40) * H);
      }
    }
    const rest = EVENTS_PER_REP - (ev.length - first);
    const mean = rest / working.length;
    for (let j = 0; j < rest; j++) {
      const day = working[Math.min(working.length - 1, Math.floor(j / mean))]!;
      push(r * OPPS_PER_REP + Math.floor(rnd() * OPPS_PER_REP), T.touch, day + (9 + rnd() * 9) * H);
    }
  }
  return { events: ev, created };
}

/** Hand-written JavaScript for the same figures, with the bundle's numbers read once. */
function handWritten(ev: Events, created: Float64Array, reps: number, limits: { stalled: number[]; anomaly: { workingDays: number; deviation: number; minBaseline: number; reopenAfter: number } }) {
  const nOpp = created.length;
  const visit = new Float64Array(nOpp).fill(Infinity);
  const feedback = new Float64Array(nOpp).fill(Infinity);
  const t1 = new Float64Array(nOpp).fill(Infinity);
  const t2 = new Float64Array(nOpp).fill(Infinity);
  const moved = new Float64Array(nOpp).fill(Infinity);
  const touches = new Int32Array(reps * (DAYS + 1));
  const isTouch = [1, 0, 1, 1, 1, 0, 1, 1, 0];
  const isIndicatorTouch = [1, 0, 1, 1, 0, 0, 0, 0, 0];
  for (let i = 0; i < ev.length; i++) {
    const o = ev.opp[i]!;
    const t = ev.type[i]!;
    const at = ev.at[i]!;
    if (at > NOW) continue;
    if (t === 0 && at < visit[o]!) visit[o] = at;
    else if (t === 1 && at < feedback[o]!) feedback[o] = at;
    else if (t === 8 && at < moved[o]!) moved[o] = at;
    if (isTouch[t]) { if (at < t1[o]!) { t2[o] = t1[o]!; t1[o] = at; } else if (at < t2[o]!) t2[o] = at; }
    if (isIndicatorTouch[t]) touches[Math.floor(o / OPPS_PER_REP) * (DAYS + 1) + Math.floor((at - START) / D)]!++;
  }
  let overdue = 0;
  let onTime = 0;
  let late = 0;
  const judge = (anchor: number, met: number, hours: number, followUp: boolean) => {
    const due = anchor + hours * H;
    if (met <= NOW) { if (met <= due) { if (followUp) onTime++; } else if (followUp) late++; }
    else if (NOW > due) { overdue++; if (followUp) late++; }
  };
  for (let o = 0; o < nOpp; o++) {
    judge(visit[o]!, feedback[o]!, 48, true);
    judge(visit[o]!, t2[o]!, 168, true);
    const entered = moved[o]! <= NOW ? moved[o]! : created[o]!;
    judge(entered, Infinity, (moved[o]! <= NOW ? limits.stalled[1]! : limits.stalled[0]!) * 24, false);
  }
  // anomalies of daily touches over working days
  const workIdx: number[] = [];
  for (let d = 0; d <= DAYS; d++) { const wd = weekday(START + d * D); if (wd !== 0 && wd !== 6) workIdx.push(d); }
  const { workingDays: N, deviation, minBaseline, reopenAfter } = limits.anomaly;
  let anomalies = 0;
  let touchSum = 0;
  const win = new Float64Array(N);
  for (let r = 0; r < reps; r++) {
    const base = r * (DAYS + 1);
    for (let d = 0; d <= DAYS; d++) touchSum += touches[base + d]!;
    let open = 0;
    let normal = 0;
    for (let j = N; j < workIdx.length; j++) {
      for (let k = 0; k < N; k++) win[k] = touches[base + workIdx[j - N + k]!]!;
      win.sort();
      const b = N % 2 ? win[N >> 1]! : (win[N / 2 - 1]! + win[N / 2]!) / 2;
      const v = touches[base + workIdx[j]!]!;
      const dir = b >= minBaseline && Math.abs(v - b) > deviation * b ? (v > b ? 1 : -1) : 0;
      if (open && dir === open) { normal = 0; continue; }
      if (open && dir === 0 && ++normal < reopenAfter) continue;
      open = 0;
      normal = 0;
      if (dir) { open = dir; anomalies++; }
    }
  }
  return { overdue, onTime, late, anomalies, touchSum };
}

export const pipelineBench: BenchSection = {
  name: 'pipeline time-outs and process indicators (5,000,000 events, 50,000 reps)',
  run({ log, ratio }) {
    const loaded = loadBundle(readDefaultBundle());
    if (!loaded.ok) throw new Error('the default bundle does not load');
    const pm = createPipelineModel(loaded.bundle);
    const im = createIndicatorModel(loaded.bundle);
    if (!pm.ok || !im.ok) throw new Error('models');
    let started = process.hrtime.bigint();
    const company = generateSampleCompany({ reps: Number(process.env.BENCH_PIPELINE_REPS ?? 50_000), history: false });
    const repIds = company.units.filter((u) => u.level === 'rep').map((u) => u.id);
    const reps = repIds.length;
    const { events, created } = generate(reps);
    log(`${events.length.toLocaleString('en')} events for ${reps.toLocaleString('en')} reps generated in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);

    // the runtime
    started = process.hrtime.bigint();
    let cpu = process.cpuUsage();
    // CPU time per step, so the log says which step costs what
    const laps: string[] = [];
    let lapFrom = process.cpuUsage();
    const lap = (name: string) => { laps.push(`${name} ${cpuMs(lapFrom).toFixed(0)} ms`); lapFrom = process.cpuUsage(); };
    const opportunities: Opportunity[] = Array.from(created, (c, o) => ({ id: `O${o}`, ownerId: repIds[Math.floor(o / OPPS_PER_REP)]!, amount: 100_000, createdAt: c, stage: 'lead' }));
    const oppIds = opportunities.map((o) => o.id);
    const acc = createPipelineAccumulator(pm.model, opportunities);
    lap('opportunities');
    // one activity filled in place, as a file reader refills its row: the accumulator keeps numbers, never the activity
    const row: Activity = { opportunityId: '', ownerId: '', type: '', at: 0 };
    const activity = (i: number): Activity => {
      const o = events.opp[i]!;
      row.opportunityId = oppIds[o]!;
      row.ownerId = repIds[Math.floor(o / OPPS_PER_REP)]!;
      row.type = TYPES[events.type[i]!]!;
      row.at = events.at[i]!;
      row.toStage = row.type === 'stage_change' ? 'intent' : undefined;
      return row;
    };
    for (let i = 0; i < events.length; i++) if (events.type[i] === T.stage_change && events.at[i]! <= NOW) acc.addMove(activity(i));
    lap('moves');
    for (let i = 0; i < events.length; i++) if (events.at[i]! <= NOW) acc.addActivity(activity(i));
    lap('activities');
    const analysis = acc.finish(NOW);
    lap('time-outs finish');
    const pipelineMs = Number(process.hrtime.bigint() - started) / 1e6;
    const pipelineCpu = cpuMs(cpu);
    started = process.hrtime.bigint();
    cpu = process.cpuUsage();
    lapFrom = process.cpuUsage();
    const collector = createIndicatorCollector(im.model);
    const record: Record<string, unknown> = {};
    for (let i = 0; i < events.length; i++) {
      if (events.at[i]! > NOW) continue;
      const o = events.opp[i]!;
      record.type = TYPES[events.type[i]!];
      record.opportunity_id = oppIds[o];
      record.to_stage = events.type[i] === T.stage_change ? 'intent' : undefined;
      collector.add(repIds[Math.floor(o / OPPS_PER_REP)]!, events.at[i]!, record);
    }
    lap('indicators add');
    const indicators = collector.finish({ daily: false });
    lap('indicators finish');
    const indicatorsMs = Number(process.hrtime.bigint() - started) / 1e6;
    const indicatorsCpu = cpuMs(cpu);
    const runtimeMs = pipelineMs + indicatorsMs;
    const runtimeCpu = pipelineCpu + indicatorsCpu;

    // hand-written
    started = process.hrtime.bigint();
    cpu = process.cpuUsage();
    const stalled = pm.model.settings.stages.map((s) => s.stalledDays ?? Infinity);
    const anomaly = im.model.settings.anomaly;
    const hand = handWritten(events, created, reps, { stalled, anomaly: { ...anomaly, reopenAfter: anomaly.reopenAfter ?? 1 } });
    const handMs = Number(process.hrtime.bigint() - started) / 1e6;
    const handCpu = cpuMs(cpu);

    const ours = {
      overdue: analysis.overdue.length,
      onTime: analysis.timeliness.reduce((n, t) => n + t.onTime, 0),
      late: analysis.timeliness.reduce((n, t) => n + t.late, 0),
      anomalies: indicators.anomalies.filter((a) => a.indicator === 'rep-customer-touches').length,
      touchSum: Math.round(indicators.weekly.filter((w) => w.indicator === 'rep-customer-touches').reduce((n, w) => n + (w.value ?? 0), 0)),
    };
    // the weekly curve is a mean per working day; turn the hand-written total into the same figure
    const weeks = new Map<number, number>();
    for (let d = 0; d <= DAYS; d++) { const wd = weekday(START + d * D); if (wd !== 0 && wd !== 6) weeks.set(Math.floor(d / 7), (weeks.get(Math.floor(d / 7)) ?? 0) + 1); }
    const handTouchesPerDay = Math.round(weekTotals(events, reps, weeks));
    ratio('time-outs + indicators', runtimeMs, 'hand-written', handMs);
    const same = ours.overdue === hand.overdue && ours.onTime === hand.onTime && ours.late === hand.late && ours.anomalies === hand.anomalies && ours.touchSum === handTouchesPerDay;
    const rate = (ms: number) => formatRate((events.length / ms) * 1000);
    const cpuText = (ms: number) => `CPU ${(ms / 1000).toFixed(2)} s`;
    log(`time-outs (2 passes)   ${(pipelineMs / 1000).toFixed(2)} s  ${rate(pipelineMs)}  ${cpuText(pipelineCpu)}   overdue ${ours.overdue}, on time ${ours.onTime}, late ${ours.late}`);
    log(`indicators (4 rep)     ${(indicatorsMs / 1000).toFixed(2)} s  ${rate(indicatorsMs)}  ${cpuText(indicatorsCpu)}   touch anomalies ${ours.anomalies}`);
    log(`  CPU by step: ${laps.join(', ')}`);
    log(`runtime total          ${(runtimeMs / 1000).toFixed(2)} s  ${rate(runtimeMs)}  ${cpuText(runtimeCpu)}`);
    log(`hand-written JS        ${(handMs / 1000).toFixed(2)} s  ${rate(handMs)}  ${cpuText(handCpu)}   overdue ${hand.overdue}, on time ${hand.onTime}, late ${hand.late}, anomalies ${hand.anomalies}`);
    log(`ratio runtime / hand-written ${(runtimeMs / handMs).toFixed(1)}× (CPU time ${(runtimeCpu / handCpu).toFixed(1)}×); figures ${same ? 'agree' : `DIFFER (${JSON.stringify(ours)} vs ${JSON.stringify({ ...hand, touchSum: handTouchesPerDay })})`}`);
    return same;
  },
};

/** CPU time (user + system, every thread of the process: the collector's helpers too) since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** Σ over reps and weeks of (touches in the week / working days in the week), as the weekly curve sums. */
function weekTotals(ev: Events, reps: number, workingPerWeek: Map<number, number>): number {
  const isIndicatorTouch = [1, 0, 1, 1, 0, 0, 0, 0, 0];
  const perWeek = new Float64Array(reps * 4);
  for (let i = 0; i < ev.length; i++) {
    if (!isIndicatorTouch[ev.type[i]!] || ev.at[i]! > NOW) continue;
    perWeek[Math.floor(ev.opp[i]! / OPPS_PER_REP) * 4 + Math.floor((ev.at[i]! - START) / (7 * D))]! += 1;
  }
  let sum = 0;
  for (let k = 0; k < perWeek.length; k++) sum += Math.round((perWeek[k]! / workingPerWeek.get(k % 4)!) * 1e4) / 1e4;
  return sum;
}
