/**
 * The pipeline over imported history and at `now`: every stage move checked against its
 * criteria (violations), the follow-up time-outs (overdue alerts, timeliness), the funnel,
 * days in stage and the win cycle.
 *
 * Activities may come in any order and in any number: the accumulator keeps a few numbers per
 * opportunity, never the activities. It takes two passes over the activities — the stage moves
 * first (so each later activity can be counted in the segment between two moves), then every
 * activity — which a host does by reading the file twice. `analyzePipeline` does both over an
 * array.
 *
 * Boundaries: a time-out is met on time when the meeting activity comes at or before the due time
 * (anchor + limit, inclusive: exactly 48 h is on time, 48 h 1 min late), and an unmet obligation
 * is overdue only once `now` is strictly past its due time. Activities after `now` are ignored.
 */
import type { OrgTree } from '../org/index.js';
import { competitionRank } from '../ranking/index.js';
import type { Localized } from '../problems.js';
import type { PipelineModel, TimeoutDef } from './model.js';
import { DAY_MS, HOUR_MS, shanghaiIso } from '../calendar/instants.js';
import { median } from '../stats.js';

export interface Opportunity {
  id: string;
  ownerId: string;
  customer?: string;
  /** Yuan. */
  amount: number;
  /** Epoch milliseconds. */
  createdAt: number;
  /** The stage the opportunity file gives; used when its history has no moves. */
  stage: string;
  /**
   * The opportunity's row as read (all its columns): a stage criterion or the time-out rule
   * that declares a further input reads it from here by name or snake_case column.
   */
  record?: Readonly<Record<string, unknown>>;
}

export interface Activity {
  id?: string;
  opportunityId: string;
  ownerId: string;
  type: string;
  /** Epoch milliseconds. */
  at: number;
  /** For `stage_change`. */
  toStage?: string;
  /** For a move to lost. */
  reason?: string;
}

type FailureKind = 'entry' | 'exit' | 'lost-reason' | 'closed' | 'unknown-stage';

export interface FailedCriterion {
  kind: FailureKind;
  /** The stage whose criterion failed. */
  stage: string;
  /** The rule id, or `lost-reason` / `closed`. */
  criterion: string;
  message: Localized;
}

interface Violation extends FailedCriterion {
  opportunityId: string;
  ownerId: string;
  from: string;
  to: string;
  at: string;
}

type ObligationStatus = 'on-time' | 'late' | 'overdue' | 'open';

export interface TimeoutAlert {
  opportunityId: string;
  ownerId: string;
  rule: string;
  /** The stage, for stalled-in-stage. */
  stage?: string;
  due: string;
  /** Raised at the due time; one alert per obligation. */
  raisedAt: string;
  open: boolean;
  clearedAt: string | null;
}

export interface FunnelRow {
  stage: string;
  reached: number;
  /** Reached the next stage; null for the last one. */
  converted: number | null;
  rate: number | null;
}

export interface TimelinessRow {
  id: string;
  onTime: number;
  late: number;
  rate: number | null;
  rank: number | null;
}

export interface PipelineAnalysis {
  funnel: FunnelRow[];
  /** Per owner, in first-seen order. */
  funnelByOwner: Map<string, FunnelRow[]>;
  /** Median days of completed stays, per stage. */
  daysInStage: Array<{ stage: string; medianDays: number | null; stays: number }>;
  winCycle: { medianDays: number | null; won: number };
  overdue: TimeoutAlert[];
  /** Every alert, cleared ones included. */
  alerts: TimeoutAlert[];
  violations: Violation[];
  timeliness: TimelinessRow[];
  /** Each opportunity's stage now, and when it entered it. */
  opportunities: Array<{ id: string; ownerId: string; stage: string; enteredAt: string; reached: string }>;
}

/** Counts per activity type up to (and including) `until`. */
export function countsOf(activities: Iterable<Pick<Activity, 'type' | 'at'>>, until = Infinity): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of activities) if (a.at <= until && a.type !== 'stage_change') out[a.type] = (out[a.type] ?? 0) + 1;
  return out;
}

/**
 * Whether a move is allowed: moving forward needs the exit criteria of the stage left and the
 * entry criteria of every stage entered on the way; lost needs a known reason; won and lost are
 * closed. An empty list means the move is allowed. Moving back needs nothing.
 */
export function checkMove(model: PipelineModel, move: { from: string; to: string; counts: Record<string, number>; amount?: number; reason?: string; record?: Readonly<Record<string, unknown>> }): FailedCriterion[] {
  const { from, to } = move;
  const stages = model.settings.stages;
  const fromIdx = model.stageIndex.get(from);
  const closed = from === model.lostId || (fromIdx !== undefined && stages[fromIdx]!.final === true);
  if (closed) {
    return [{ kind: 'closed', stage: from, criterion: 'closed', message: { zh: `商机已处于${from === model.lostId ? model.settings.lost.name.zh : stages[fromIdx!]!.name.zh}，不能再移动`, en: `the opportunity is ${from === model.lostId ? model.settings.lost.name.en : stages[fromIdx!]!.name.en}; it cannot move any more` } }];
  }
  if (to === model.lostId) {
    if (move.reason && model.settings.lost.reasons.includes(move.reason)) return [];
    return [{ kind: 'lost-reason', stage: to, criterion: 'lost-reason', message: { zh: `输单需要原因（${model.settings.lost.reasons.join('、')}）`, en: `lost needs a reason (${model.settings.lost.reasons.join(', ')})` } }];
  }
  const toIdx = model.stageIndex.get(to);
  if (fromIdx === undefined || toIdx === undefined || toIdx <= fromIdx) return [];
  const data = { counts: move.counts, ...(move.amount !== undefined ? { amount: move.amount } : {}) };
  const failed: FailedCriterion[] = [];
  const run = (kind: 'entry' | 'exit', stage: number, ruleId: string) => {
    const bound = model.criterion(ruleId);
    const rule = bound.rule;
    const r = bound.call(data, move.record);
    if (r.ok && r.value === true) return;
    const s = stages[stage]!;
    const why = r.ok ? rule.def.description : r.problem.message;
    failed.push({
      kind, stage: s.id, criterion: ruleId,
      message: { zh: `${kind === 'entry' ? '进入' : '离开'}「${s.name.zh}」的条件未满足：${why.zh}`, en: `the ${kind} criterion of ${s.name.en} is not met: ${why.en}` },
    });
  };
  for (const id of stages[fromIdx]!.exit) run('exit', fromIdx, id);
  for (let i = fromIdx + 1; i <= toIdx; i++) for (const id of stages[i]!.entry) run('entry', i, id);
  return failed;
}

interface Move { at: number; to: string; reason: string | undefined }

interface OppState {
  opp: Opportunity;
  /** Its row in the flat arrays. */
  o: number;
  /** Null until it has a move. */
  moves: Move[] | null;
}

/**
 * Every opportunity's numbers in a few flat arrays rather than three small typed arrays each
 * (which cost more to allocate and collect than the counting they hold).
 */
interface Flat {
  /** From `segAt[o]`: (moves + 1) × types, activities between two moves, by type (a repeated id: its last row only). */
  seg: Int32Array;
  segAt: Int32Array;
  /** o × types: earliest time per activity type. */
  first: Float64Array;
  /** o × metWidth, then per time-out from `metAt[i]`: its `nth` earliest meeting times ascending, Infinity where there are fewer. */
  met: Float64Array;
  metWidth: number;
}

interface PipelineAccumulator {
  /** Pass 1: stage moves (other types are ignored here). */
  addMove(a: Activity): void;
  /** Pass 2: every activity. */
  addActivity(a: Activity): void;
  finish(now: number): PipelineAnalysis;
}

export function createPipelineAccumulator(model: PipelineModel, opportunities: readonly Opportunity[]): PipelineAccumulator {
  const { settings, typeIndex } = model;
  const nTypes = settings.activityTypes.length;
  const timeouts = settings.timeouts;
  const nth = timeouts.map((t) => t.nth ?? 1);
  // where each time-out's meeting times start in an opportunity's `met`, and per activity type
  // the time-outs it meets: worked out once, so an activity costs no set look-ups
  const metAt: number[] = [];
  let metWidth = 0;
  for (const n of nth) { metAt.push(metWidth); metWidth += n; }
  const metByType: number[][] = settings.activityTypes.map(() => []);
  timeouts.forEach((t, i) => {
    if (t.anchor === 'stage') return;
    const types = t.metBy === 'touches' ? settings.touchTypes : t.metBy ?? [];
    for (const x of new Set(types)) metByType[typeIndex.get(x)!]!.push(i);
  });
  const states = new Map<string, OppState>();
  opportunities.forEach((opp, o) => states.set(opp.id, { opp, o, moves: null }));
  const nOpp = opportunities.length;
  const flat: Flat = { seg: new Int32Array(0), segAt: new Int32Array(nOpp), first: new Float64Array(nOpp * nTypes).fill(Infinity), met: new Float64Array(nOpp * metWidth).fill(Infinity), metWidth };
  const { first, met } = flat;
  let sealed = false;
  const seal = () => {
    if (sealed) return;
    sealed = true;
    let at = 0;
    for (const s of states.values()) {
      flat.segAt[s.o] = at;
      s.moves?.sort((a, b) => a.at - b.at);
      at += ((s.moves?.length ?? 0) + 1) * nTypes;
    }
    flat.seg = new Int32Array(at);
  };

  return {
    addMove(a) {
      if (a.type !== 'stage_change' || a.toStage === undefined) return;
      const s = states.get(a.opportunityId);
      if (s) (s.moves ??= []).push({ at: a.at, to: a.toStage, reason: a.reason });
    },
    addActivity(a) {
      seal();
      const s = states.get(a.opportunityId);
      const t = typeIndex.get(a.type);
      if (!s || t === undefined) return;
      let k = 0;
      const moves = s.moves;
      if (moves) while (k < moves.length && moves[k]!.at < a.at) k++;
      flat.seg[flat.segAt[s.o]! + k * nTypes + t]!++;
      const f = s.o * nTypes + t;
      if (a.at < first[f]!) first[f] = a.at;
      const meets = metByType[t]!;
      const at = a.at;
      for (let m = 0; m < meets.length; m++) {
        const i = meets[m]!;
        const lo = s.o * metWidth + metAt[i]!;
        let j = lo + nth[i]! - 1;
        if (!(at < met[j]!)) continue;
        // insertion into the ascending nth earliest: the largest falls off the end
        while (j > lo && met[j - 1]! > at) { met[j] = met[j - 1]!; j--; }
        met[j] = at;
      }
    },
    finish(now) {
      seal();
      return summarize(model, [...states.values()], flat, now, timeouts, nth, metAt);
    },
  };
}

export function analyzePipeline(model: PipelineModel, input: { opportunities: readonly Opportunity[]; activities: readonly Activity[]; now: number }): PipelineAnalysis {
  const acc = createPipelineAccumulator(model, input.opportunities);
  for (const a of input.activities) if (a.at <= input.now) acc.addMove(a);
  for (const a of input.activities) if (a.at <= input.now) acc.addActivity(a);
  return acc.finish(input.now);
}

function summarize(model: PipelineModel, states: OppState[], flat: Flat, now: number, timeouts: readonly TimeoutDef[], nth: number[], metAt: number[]): PipelineAnalysis {
  const { settings, stageIndex, lostId } = model;
  const stages = settings.stages;
  const nStages = stages.length;
  const types = settings.activityTypes;
  const nTypes = types.length;
  const statusRule = model.timeout;
  const reachedByOwner = new Map<string, Int32Array>();
  const stays: number[][] = stages.map(() => []);
  const cycles: number[] = [];
  const violations: Violation[] = [];
  const alerts: TimeoutAlert[] = [];
  const timely = new Map<string, { onTime: number; late: number }>();
  const current: PipelineAnalysis['opportunities'] = [];
  // every opportunity and alert prints an instant: the day part is formatted once per day, the
  // time of day by arithmetic, rather than a Date and its ISO text per instant
  const dayPrefix = new Map<number, string>();
  const iso = (ms: number): string => {
    // a Date drops the fraction of the shifted instant toward zero; so does this
    const x = Math.trunc(ms + SHANGHAI_OFFSET_MS);
    const day = Math.floor(x / DAY_MS);
    let prefix = dayPrefix.get(day);
    if (prefix === undefined) dayPrefix.set(day, (prefix = shanghaiIso(day * DAY_MS - SHANGHAI_OFFSET_MS).slice(0, 11)));
    // outside four-digit years the ISO text is longer: left to the general path
    if (prefix.length !== 11 || prefix[10] !== 'T') return shanghaiIso(ms);
    const sec = Math.floor((x - day * DAY_MS) / 1000);
    return `${prefix}${TWO[Math.floor(sec / 3600)]}:${TWO[Math.floor(sec / 60) % 60]}:${TWO[sec % 60]}+08:00`;
  };
  // the rule keeps nothing of its input, so without record inputs two objects refilled in place
  // serve every obligation (one shape with elapsedHours, one without)
  const reuse = statusRule.fromRecord.length === 0;
  const met = { elapsedHours: 0, openHours: 0, limitHours: 0 };
  const unmet = { openHours: 0, limitHours: 0 };
  const status = (elapsed: number | null, open: number, limit: number, record?: Readonly<Record<string, unknown>>): ObligationStatus => {
    let input: Record<string, number>;
    if (!reuse) input = elapsed === null ? { openHours: open, limitHours: limit } : { elapsedHours: elapsed, openHours: open, limitHours: limit };
    else if (elapsed === null) { unmet.openHours = open; unmet.limitHours = limit; input = unmet; }
    else { met.elapsedHours = elapsed; met.openHours = open; met.limitHours = limit; input = met; }
    const r = statusRule.call(input, record);
    if (!r.ok) throw new Error(r.problem.message.en);
    return r.value as ObligationStatus;
  };
  const obligation = (s: OppState, t: TimeoutDef, anchor: number, metAt: number | null, limitHours: number, stage?: string) => {
    const due = anchor + limitHours * HOUR_MS;
    const st = status(metAt === null ? null : Math.max(0, metAt - anchor) / HOUR_MS, (now - anchor) / HOUR_MS, limitHours, s.opp.record);
    if (t.followUp && st !== 'open') {
      const row = timely.get(s.opp.ownerId) ?? { onTime: 0, late: 0 };
      if (st === 'on-time') row.onTime++;
      else row.late++;
      timely.set(s.opp.ownerId, row);
    }
    if (st === 'late' || st === 'overdue') {
      alerts.push({
        opportunityId: s.opp.id, ownerId: s.opp.ownerId, rule: t.id, ...(stage !== undefined ? { stage } : {}),
        due: iso(due), raisedAt: iso(due), open: st === 'overdue', clearedAt: st === 'late' ? iso(metAt!) : null,
      });
    }
  };

  for (const s of states) {
    const { opp } = s;
    const counts: Record<string, number> = {};
    const moves = s.moves ?? [];
    const seg = flat.segAt[s.o]!;
    let cur = moves.length ? stages[0]!.id : opp.stage;
    let entered = opp.createdAt;
    let maxReached = stageIndex.get(cur) ?? 0;
    moves.forEach((m, k) => {
      for (let t = 0; t < nTypes; t++) {
        const c = flat.seg[seg + k * nTypes + t]!;
        if (c && types[t] !== 'stage_change') counts[types[t]!] = (counts[types[t]!] ?? 0) + c;
      }
      const failed = checkMove(model, { from: cur, to: m.to, counts, amount: opp.amount, ...(m.reason !== undefined ? { reason: m.reason } : {}), ...(opp.record ? { record: opp.record } : {}) });
      for (const f of failed) violations.push({ ...f, opportunityId: opp.id, ownerId: opp.ownerId, from: cur, to: m.to, at: shanghaiIso(m.at) });
      const fromIdx = stageIndex.get(cur);
      if (fromIdx !== undefined) stays[fromIdx]!.push((m.at - entered) / DAY_MS);
      const toIdx = stageIndex.get(m.to);
      if (toIdx !== undefined) {
        if (toIdx > maxReached) maxReached = toIdx;
        if (stages[toIdx]!.final) cycles.push((m.at - opp.createdAt) / DAY_MS);
      }
      cur = m.to;
      entered = m.at;
    });
    let reached = reachedByOwner.get(opp.ownerId);
    if (!reached) reachedByOwner.set(opp.ownerId, (reached = new Int32Array(nStages)));
    for (let i = 0; i <= maxReached; i++) reached[i]!++;
    current.push({ id: opp.id, ownerId: opp.ownerId, stage: cur, enteredAt: iso(entered), reached: stages[maxReached]!.id });

    for (let i = 0; i < timeouts.length; i++) {
      const t = timeouts[i]!;
      if (t.anchor === 'stage') {
        const idx = stageIndex.get(cur);
        const def = idx === undefined ? undefined : stages[idx];
        if (!def || def.final || cur === lostId || def.stalledDays === undefined || entered > now) continue;
        obligation(s, t, entered, null, def.stalledDays * 24, cur);
        continue;
      }
      const anchor = flat.first[s.o * nTypes + model.typeIndex.get(t.anchor)!]!;
      if (!Number.isFinite(anchor) || anchor > now) continue;
      const nthAt = flat.met[s.o * flat.metWidth + metAt[i]! + nth[i]! - 1]!;
      obligation(s, t, anchor, nthAt === Infinity ? null : nthAt, t.hours!);
    }
  }

  const funnelOf = (reached: Int32Array): FunnelRow[] => stages.map((st, i) => {
    const converted = i + 1 < nStages ? reached[i + 1]! : null;
    return { stage: st.id, reached: reached[i]!, converted, rate: converted === null ? null : reached[i]! ? converted / reached[i]! : null };
  });
  const total = new Int32Array(nStages);
  for (const r of reachedByOwner.values()) for (let i = 0; i < nStages; i++) total[i]! += r[i]!;
  const timeliness = rankTimeliness([...timely].map(([id, r]) => ({ id, ...r })));
  return {
    funnel: funnelOf(total),
    funnelByOwner: new Map([...reachedByOwner].map(([id, r]) => [id, funnelOf(r)])),
    daysInStage: stages.map((st, i) => ({ stage: st.id, medianDays: round2(median(stays[i]!)), stays: stays[i]!.length })),
    winCycle: { medianDays: round2(median(cycles)), won: cycles.length },
    overdue: alerts.filter((a) => a.open),
    alerts,
    violations,
    timeliness,
    opportunities: current,
  };
}

const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

/** Rate = on time / (on time + late); ranked competition style among those with a rate. */
export function rankTimeliness(rows: ReadonlyArray<{ id: string; onTime: number; late: number }>): TimelinessRow[] {
  const withRate = rows.map((r) => ({ ...r, rate: r.onTime + r.late ? r.onTime / (r.onTime + r.late) : null }));
  const ranked = competitionRank(withRate.filter((r) => r.rate !== null).map((r) => ({ id: r.id, value: r.rate! })), 6);
  const rank = new Map(ranked.map((r) => [r.item.id, r.rank]));
  return withRate
    .map((r) => ({ id: r.id, onTime: r.onTime, late: r.late, rate: r.rate, rank: rank.get(r.id) ?? null }))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Funnels and timeliness rolled up the org tree: each unit sums its subtree's owners. Timeliness
 * is ranked among units of the same level.
 */
export function rollUpPipeline(analysis: Pick<PipelineAnalysis, 'funnelByOwner' | 'timeliness'>, tree: OrgTree): {
  funnel: Map<string, FunnelRow[]>;
  timeliness: Map<string, TimelinessRow[]>;
} {
  const stagesOf = [...analysis.funnelByOwner.values()][0]?.map((r) => r.stage) ?? [];
  const n = stagesOf.length;
  const reached = new Map<string, Float64Array>();
  const timely = new Map<string, { onTime: number; late: number }>();
  const own = new Map(analysis.timeliness.map((t) => [t.id, t]));
  for (const id of [...tree.topDown].reverse()) {
    const r = new Float64Array(n);
    const f = analysis.funnelByOwner.get(id);
    if (f) f.forEach((row, i) => { r[i] = row.reached; });
    const t = { onTime: own.get(id)?.onTime ?? 0, late: own.get(id)?.late ?? 0 };
    for (const c of tree.children(id)) {
      const cr = reached.get(c.id)!;
      for (let i = 0; i < n; i++) r[i]! += cr[i]!;
      const ct = timely.get(c.id)!;
      t.onTime += ct.onTime;
      t.late += ct.late;
    }
    reached.set(id, r);
    timely.set(id, t);
  }
  const funnel = new Map<string, FunnelRow[]>();
  for (const [id, r] of reached) {
    funnel.set(id, stagesOf.map((stage, i) => {
      const converted = i + 1 < n ? r[i + 1]! : null;
      return { stage, reached: r[i]!, converted, rate: converted === null ? null : r[i] ? converted / r[i]! : null };
    }));
  }
  const byLevel = new Map<string, Array<{ id: string; onTime: number; late: number }>>();
  for (const [id, t] of timely) {
    const level = tree.get(id)!.level;
    let list = byLevel.get(level);
    if (!list) byLevel.set(level, (list = []));
    list.push({ id, ...t });
  }
  return { funnel, timeliness: new Map([...byLevel].map(([level, rows]) => [level, rankTimeliness(rows)])) };
}
