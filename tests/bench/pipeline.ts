/**
 * Pipeline and indicators bench: five million activity events for the 50,000-rep company (ten
 * opportunities and a hundred events per rep over four weeks, generated in memory from a seed),
 * run through the follow-up time-outs (the two-pass accumulator, with the bundle's time-out
 * rule per obligation) and the rep indicators (JsonLogic filters, daily values, anomalies,
 * curves, health), beside hand-written JavaScript for the same figures: overdue alerts,
 * on-time and late obligations, daily customer touches and touch anomalies. Fails when they differ.
 */
import { createIndicatorCollector, createIndicatorModel, createPipelineAccumulator, createPipelineModel, loadBundle, parseInstant, seededRandom, type Activity, type Opportunity } from '../../plugin/index.js';
import { isDeepStrictEqual } from 'node:util';
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

/** The limits and names the hand-written pass reads from the bundle once. */
interface HandSettings {
  /** The time-out ids in the bundle's order: feedback, second touch, stalled in stage. */
  rules: [string, string, string];
  /** Stalled-in-stage days of lead and intent. */
  stalled: [number, number];
  touchIndicator: string;
  anomaly: { workingDays: number; deviation: number; minBaseline: number; minValues: number; reopenAfter: number };
}

interface HandAlert { opportunityId: string; ownerId: string; rule: string; stage?: string; due: string; raisedAt: string; open: boolean; clearedAt: string | null }
interface HandAnomaly { personId: string; indicator: string; date: string; value: number; baseline: number; direction: 'up' | 'down'; through: string; days: number }

/**
 * Hand-written JavaScript for the same outputs, record for record: every time-out alert (with
 * its due and cleared texts), every opportunity's stage now, each owner's timeliness row and
 * rank, each rep's weekly daily-touch points and touch anomalies. It leaves out what only the
 * runtime computes here (stage criteria, funnels, the other three indicators, health).
 */
function handWritten(ev: Events, created: Float64Array, oppIds: readonly string[], repIds: readonly string[], limits: HandSettings) {
  const reps = repIds.length;
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
  // Shanghai ISO text of a whole minute, made once per minute of the sixty days from START
  const minuteText: string[] = new Array<string>(60 * 1440).fill('');
  const iso = (ms: number) => {
    const m = (ms - START) / 60_000;
    const known = m >= 0 && m < minuteText.length && Number.isInteger(m) ? minuteText[m]! : undefined;
    if (known) return known;
    const text = `${new Date(ms + 8 * H).toISOString().slice(0, 19)}+08:00`;
    if (known !== undefined) minuteText[m] = text;
    return text;
  };
  const alerts: HandAlert[] = [];
  const opportunities: Array<{ id: string; ownerId: string; stage: string; enteredAt: string; reached: string }> = [];
  const onTime = new Int32Array(reps);
  const late = new Int32Array(reps);
  const timelyOwners: number[] = [];
  /** One obligation; an alert when it is late or overdue; follow-ups counted per owner. */
  const judge = (o: number, rule: string, stage: string | undefined, anchor: number, met: number, hours: number, followUp: boolean) => {
    const due = anchor + hours * H;
    const r = Math.floor(o / OPPS_PER_REP);
    // 0 open, 1 on time, 2 late, 3 overdue
    const status = met <= NOW ? (met <= due ? 1 : 2) : NOW > due ? 3 : 0;
    if (followUp && status) {
      if (!onTime[r] && !late[r]) timelyOwners.push(r);
      if (status === 1) onTime[r]!++;
      else late[r]!++;
    }
    if (status < 2) return;
    const dueText = iso(due);
    alerts.push(stage === undefined
      ? { opportunityId: oppIds[o]!, ownerId: repIds[r]!, rule, due: dueText, raisedAt: dueText, open: status === 3, clearedAt: status === 2 ? iso(met) : null }
      : { opportunityId: oppIds[o]!, ownerId: repIds[r]!, rule, stage, due: dueText, raisedAt: dueText, open: status === 3, clearedAt: null });
  };
  const [feedbackRule, secondTouchRule, stalledRule] = limits.rules;
  for (let o = 0; o < nOpp; o++) {
    const isMoved = moved[o]! <= NOW;
    const stage = isMoved ? 'intent' : 'lead';
    const entered = isMoved ? moved[o]! : created[o]!;
    const enteredAt = iso(entered);
    opportunities.push({ id: oppIds[o]!, ownerId: repIds[Math.floor(o / OPPS_PER_REP)]!, stage, enteredAt, reached: stage });
    if (visit[o]! <= NOW) {
      judge(o, feedbackRule, undefined, visit[o]!, feedback[o]!, 48, true);
      judge(o, secondTouchRule, undefined, visit[o]!, t2[o]!, 168, true);
    }
    if (entered <= NOW) judge(o, stalledRule, stage, entered, Infinity, limits.stalled[isMoved ? 1 : 0] * 24, false);
  }
  const timeliness = timelyOwners.map((r) => ({ id: repIds[r]!, onTime: onTime[r]!, late: late[r]!, rate: onTime[r]! / (onTime[r]! + late[r]!), rank: 0 }));
  timeliness.sort((a, b) => b.rate - a.rate || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let k = 0; k < timeliness.length; k++) timeliness[k]!.rank = k && timeliness[k]!.rate === timeliness[k - 1]!.rate ? timeliness[k - 1]!.rank : k + 1;

  // daily touches: weekly points (mean per working day) and anomalies over working days
  const dayKey = Array.from({ length: DAYS + 1 }, (_, d) => new Date(START + d * D + 8 * H).toISOString().slice(0, 10));
  const workIdx: number[] = [];
  const weeks = Math.floor(DAYS / 7) + 1;
  const workingInWeek = new Int32Array(weeks);
  for (let d = 0; d <= DAYS; d++) { const wd = weekday(START + d * D); if (wd !== 0 && wd !== 6) { workIdx.push(d); workingInWeek[Math.floor(d / 7)]!++; } }
  const weekKey = Array.from({ length: weeks }, (_, w) => isoWeek(START + w * 7 * D + 8 * H));
  const { workingDays: N, deviation, minBaseline, minValues, reopenAfter } = limits.anomaly;
  const indicator = limits.touchIndicator;
  const weekly: Array<{ personId: string; indicator: string; week: string; value: number; teamMedian: null }> = [];
  const anomalies: HandAnomaly[] = [];
  const win = new Float64Array(N);
  const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
  for (let r = 0; r < reps; r++) {
    const base = r * (DAYS + 1);
    const personId = repIds[r]!;
    for (let w = 0; w < weeks; w++) {
      let sum = 0;
      for (let d = w * 7; d < w * 7 + 7 && d <= DAYS; d++) sum += touches[base + d]!;
      weekly.push({ personId, indicator, week: weekKey[w]!, value: round4(sum / workingInWeek[w]!), teamMedian: null });
    }
    let run: HandAnomaly | null = null;
    let normal = 0;
    for (let j = N; j < workIdx.length; j++) {
      for (let k = 0; k < N; k++) win[k] = touches[base + workIdx[j - N + k]!]!;
      win.sort();
      const b = N < minValues ? NaN : N % 2 ? win[N >> 1]! : (win[N / 2 - 1]! + win[N / 2]!) / 2;
      const v = touches[base + workIdx[j]!]!;
      const dir = b >= minBaseline && Math.abs(v - b) > deviation * b ? (v > b ? 'up' : 'down') : null;
      if (run && dir === run.direction) { run.through = dayKey[workIdx[j]!]!; run.days++; normal = 0; continue; }
      if (run && dir === null && ++normal < reopenAfter) continue;
      if (run) { anomalies.push(run); run = null; }
      normal = 0;
      if (dir) run = { personId, indicator, date: dayKey[workIdx[j]!]!, value: round4(v), baseline: round4(b), direction: dir, through: dayKey[workIdx[j]!]!, days: 1 };
    }
    if (run) anomalies.push(run);
  }
  return { alerts, opportunities, timeliness, weekly, anomalies };
}

/** ISO week key (2026-W10) of the Shanghai day of `ms` shifted by +8 h already. */
function isoWeek(shifted: number): string {
  const day = new Date(shifted);
  const thursday = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 3 - ((day.getUTCDay() + 6) % 7)));
  const week = Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / (7 * D)) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
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
    const settings = pm.model.settings;
    const anomaly = im.model.settings.anomaly;
    const touchIndicator = 'rep-customer-touches';
    const hand = handWritten(events, created, oppIds, repIds, {
      rules: [settings.timeouts[0]!.id, settings.timeouts[1]!.id, settings.timeouts[2]!.id],
      stalled: [settings.stages[0]!.stalledDays ?? Infinity, settings.stages[1]!.stalledDays ?? Infinity],
      touchIndicator,
      anomaly: { ...anomaly, reopenAfter: anomaly.reopenAfter ?? 1 },
    });
    const handMs = Number(process.hrtime.bigint() - started) / 1e6;
    const handCpu = cpuMs(cpu);

    // the same records: alerts, stages now, timeliness, and the touch indicator's weekly points and anomalies
    const ourTouches = indicators.weekly.filter((w) => w.indicator === touchIndicator);
    const ourAnomalies = indicators.anomalies.filter((a) => a.indicator === touchIndicator);
    const differ = ([
      ['alerts', analysis.alerts, hand.alerts],
      ['opportunities', analysis.opportunities, hand.opportunities],
      ['timeliness', analysis.timeliness, hand.timeliness],
      ['weekly touches', ourTouches, hand.weekly],
      ['touch anomalies', ourAnomalies, hand.anomalies],
    ] as const).filter(([, a, b]) => !isDeepStrictEqual(a, b)).map(([name, a, b]) => {
      const i = a.findIndex((x, k) => !isDeepStrictEqual(x, b[k]));
      return `${name} (${a.length} vs ${b.length}; first at ${i}: ${JSON.stringify(a[i])} vs ${JSON.stringify(b[i])})`;
    });
    const count = (alerts: ReadonlyArray<{ open: boolean }>) => alerts.filter((a) => a.open).length;
    const sum = (rows: ReadonlyArray<{ onTime: number; late: number }>, k: 'onTime' | 'late') => rows.reduce((n, t) => n + t[k], 0);
    ratio('time-outs + indicators', runtimeMs, 'hand-written', handMs);
    const same = differ.length === 0;
    const rate = (ms: number) => formatRate((events.length / ms) * 1000);
    const cpuText = (ms: number) => `CPU ${(ms / 1000).toFixed(2)} s`;
    log(`time-outs (2 passes)   ${(pipelineMs / 1000).toFixed(2)} s  ${rate(pipelineMs)}  ${cpuText(pipelineCpu)}   overdue ${analysis.overdue.length}, on time ${sum(analysis.timeliness, 'onTime')}, late ${sum(analysis.timeliness, 'late')}`);
    log(`indicators (4 rep)     ${(indicatorsMs / 1000).toFixed(2)} s  ${rate(indicatorsMs)}  ${cpuText(indicatorsCpu)}   touch anomalies ${ourAnomalies.length}`);
    log(`  CPU by step: ${laps.join(', ')}`);
    log(`runtime total          ${(runtimeMs / 1000).toFixed(2)} s  ${rate(runtimeMs)}  ${cpuText(runtimeCpu)}`);
    log(`hand-written JS        ${(handMs / 1000).toFixed(2)} s  ${rate(handMs)}  ${cpuText(handCpu)}   overdue ${count(hand.alerts)}, on time ${sum(hand.timeliness, 'onTime')}, late ${sum(hand.timeliness, 'late')}, anomalies ${hand.anomalies.length}`);
    log(`ratio runtime / hand-written ${(runtimeMs / handMs).toFixed(1)}× (CPU time ${(runtimeCpu / handCpu).toFixed(1)}×); ${hand.alerts.length.toLocaleString('en')} alerts, ${hand.opportunities.length.toLocaleString('en')} opportunities, ${hand.timeliness.length.toLocaleString('en')} timeliness rows, ${hand.weekly.length.toLocaleString('en')} weekly touch points, ${hand.anomalies.length.toLocaleString('en')} anomalies ${same ? 'agree record for record' : `DIFFER: ${differ.join('; ')}`}`);
    return same;
  },
};

/** CPU time (user + system, every thread of the process: the collector's helpers too) since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}
