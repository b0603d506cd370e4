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
import type { RuleOutcome } from '../bundle/index.js';
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
  let data: Record<string, unknown> | undefined;
  const outcome = (ruleId: string): RuleOutcome => {
    data ??= { counts: move.counts, ...(move.amount !== undefined ? { amount: move.amount } : {}) };
    return model.criterion(ruleId).call(data, move.record);
  };
  return judgeMove(model, move.from, move.to, move.reason, outcome) ?? [];
}

/** `checkMove` with each criterion's outcome from `outcome`; null when the move is allowed. */
function judgeMove(model: PipelineModel, from: string, to: string, reason: string | undefined, outcome: (ruleId: string) => RuleOutcome): FailedCriterion[] | null {
  const stages = model.settings.stages;
  const fromIdx = model.stageIndex.get(from);
  const closed = from === model.lostId || (fromIdx !== undefined && stages[fromIdx]!.final === true);
  if (closed) {
    return [{ kind: 'closed', stage: from, criterion: 'closed', message: { zh: `商机已处于${from === model.lostId ? model.settings.lost.name.zh : stages[fromIdx!]!.name.zh}，不能再移动`, en: `the opportunity is ${from === model.lostId ? model.settings.lost.name.en : stages[fromIdx!]!.name.en}; it cannot move any more` } }];
  }
  if (to === model.lostId) {
    if (reason && model.settings.lost.reasons.includes(reason)) return null;
    return [{ kind: 'lost-reason', stage: to, criterion: 'lost-reason', message: { zh: `输单需要原因（${model.settings.lost.reasons.join('、')}）`, en: `lost needs a reason (${model.settings.lost.reasons.join(', ')})` } }];
  }
  const toIdx = model.stageIndex.get(to);
  if (fromIdx === undefined || toIdx === undefined || toIdx <= fromIdx) return null;
  let failed: FailedCriterion[] | null = null;
  const run = (kind: 'entry' | 'exit', stage: number, ruleId: string) => {
    const r = outcome(ruleId);
    if (r.ok && r.value === true) return;
    const s = stages[stage]!;
    const why = r.ok ? model.criterion(ruleId).rule.def.description : r.problem.message;
    (failed ??= []).push({
      kind, stage: s.id, criterion: ruleId,
      message: { zh: `${kind === 'entry' ? '进入' : '离开'}「${s.name.zh}」的条件未满足：${why.zh}`, en: `the ${kind} criterion of ${s.name.en} is not met: ${why.en}` },
    });
  };
  for (const id of stages[fromIdx]!.exit) run('exit', fromIdx, id);
  for (let i = fromIdx + 1; i <= toIdx; i++) for (const id of stages[i]!.entry) run('entry', i, id);
  return failed;
}

/**
 * Every opportunity's numbers in a few flat arrays rather than small objects or typed arrays
 * each (which cost more to allocate and collect than the counting they hold). Opportunities are
 * numbered by their place in the list given; a repeated id counts as its last row only.
 */
interface Flat {
  /** Where each opportunity's moves begin in the move columns (sorted by opportunity, then time); o + 1: where they end. */
  movesFrom: Int32Array;
  moveAt: Float64Array;
  /** Indexes into `moves`, by opportunity then time. */
  moveOrder: Int32Array;
  /** From `segAt[o]`: (moves + 1) × types, activities between two moves, by type. */
  seg: Int32Array;
  segAt: Int32Array;
  /** o × types: earliest time per activity type. */
  first: Float64Array;
  /** o × metWidth, then per time-out from `metAt[i]`: its `nth` earliest meeting times ascending, Infinity where there are fewer. */
  met: Float64Array;
  metWidth: number;
}

/** The stage moves as read in pass 1, one column each. */
interface Moves { opp: number[]; at: number[]; to: string[]; reason: Array<string | undefined> }

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
  const nOpp = opportunities.length;
  /** Opportunity id → its number (the last row of a repeated id). */
  const index = new Map<string, number>();
  for (let o = 0; o < nOpp; o++) index.set(opportunities[o]!.id, o);
  const moves: Moves = { opp: [], at: [], to: [], reason: [] };
  const flat: Flat = {
    movesFrom: new Int32Array(nOpp + 1), moveAt: new Float64Array(0), moveOrder: new Int32Array(0),
    seg: new Int32Array(0), segAt: new Int32Array(nOpp),
    first: new Float64Array(nOpp * nTypes).fill(Infinity), met: new Float64Array(nOpp * metWidth).fill(Infinity), metWidth,
  };
  const { first, met, movesFrom } = flat;
  let sealed = false;
  // the moves sorted by opportunity (counting) then time (stable, as they were read), once
  const seal = () => {
    if (sealed) return;
    sealed = true;
    const m = moves.opp.length;
    for (let k = 0; k < m; k++) movesFrom[moves.opp[k]! + 1]!++;
    for (let o = 0; o < nOpp; o++) movesFrom[o + 1]! += movesFrom[o]!;
    const fill = movesFrom.slice(0, nOpp);
    const order = new Int32Array(m);
    const at = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      const o = moves.opp[k]!;
      const lo = movesFrom[o]!;
      let q = fill[o]!++;
      const t = moves.at[k]!;
      while (q > lo && at[q - 1]! > t) { at[q] = at[q - 1]!; order[q] = order[q - 1]!; q--; }
      at[q] = t;
      order[q] = k;
    }
    flat.moveAt = at;
    flat.moveOrder = order;
    let offset = 0;
    for (let o = 0; o < nOpp; o++) {
      flat.segAt[o] = offset;
      offset += (movesFrom[o + 1]! - movesFrom[o]! + 1) * nTypes;
    }
    flat.seg = new Int32Array(offset);
  };
  // activities usually come an opportunity at a time: the last id's number is kept
  let lastId: string | undefined;
  let last: number | undefined;
  const numberOf = (id: string): number | undefined => {
    if (id !== lastId) { lastId = id; last = index.get(id); }
    return last;
  };

  return {
    addMove(a) {
      if (a.type !== 'stage_change' || a.toStage === undefined) return;
      const o = numberOf(a.opportunityId);
      if (o === undefined) return;
      moves.opp.push(o);
      moves.at.push(a.at);
      moves.to.push(a.toStage);
      moves.reason.push(a.reason);
    },
    addActivity(a) {
      seal();
      const o = numberOf(a.opportunityId);
      const t = typeIndex.get(a.type);
      if (o === undefined || t === undefined) return;
      const at = a.at;
      // the segment: how many of its moves come strictly before the activity
      let k = movesFrom[o]!;
      const end = movesFrom[o + 1]!;
      const moveAt = flat.moveAt;
      while (k < end && moveAt[k]! < at) k++;
      flat.seg[flat.segAt[o]! + (k - movesFrom[o]!) * nTypes + t]!++;
      const f = o * nTypes + t;
      if (at < first[f]!) first[f] = at;
      const meets = metByType[t]!;
      for (let m = 0; m < meets.length; m++) {
        const i = meets[m]!;
        const lo = o * metWidth + metAt[i]!;
        let j = lo + nth[i]! - 1;
        if (!(at < met[j]!)) continue;
        // insertion into the ascending nth earliest: the largest falls off the end
        while (j > lo && met[j - 1]! > at) { met[j] = met[j - 1]!; j--; }
        met[j] = at;
      }
    },
    finish(now) {
      seal();
      return summarize(model, opportunities, index, moves, flat, now, timeouts, nth, metAt);
    },
  };
}

export function analyzePipeline(model: PipelineModel, input: { opportunities: readonly Opportunity[]; activities: readonly Activity[]; now: number }): PipelineAnalysis {
  const acc = createPipelineAccumulator(model, input.opportunities);
  for (const a of input.activities) if (a.at <= input.now) acc.addMove(a);
  for (const a of input.activities) if (a.at <= input.now) acc.addActivity(a);
  return acc.finish(input.now);
}

/** Outcomes kept per distinct figures (nested maps, one level per figure), up to a bound. */
const CRITERION_MEMO_LIMIT = 4096;

/**
 * Each criterion's outcome for a move, judged once per distinct set of the figures it reads
 * (`criterionReads`: counts of a few types, the amount) when it reads only those; otherwise run
 * on the move's counts object, as `checkMove` runs it.
 */
function criterionJudge(model: PipelineModel) {
  const stageChange = model.typeIndex.get('stage_change');
  type Memo = Map<number | undefined, Memo | RuleOutcome>;
  const plans = new Map<string, { reads: number[]; amount: boolean; memo: Memo; size: number } | null>();
  const planOf = (id: string) => {
    let plan = plans.get(id);
    if (plan === undefined) {
      const r = model.criterionReads(id);
      // a count of an unknown type (or of stage_change, never counted) is always absent: -1
      plans.set(id, (plan = r ? { reads: r.counts.map((t) => { const i = model.typeIndex.get(t); return i === undefined || i === stageChange ? -1 : i; }), amount: r.amount, memo: new Map(), size: 0 } : null));
    }
    return plan;
  };
  /**
   * The outcome of criterion `id` for a move with these counts (by type index) and opportunity;
   * `countsObject` gives the same counts as the object a rule reads.
   */
  return (id: string, counts: Int32Array, countsObject: () => Record<string, number>, opp: Opportunity): RuleOutcome => {
    const plan = planOf(id);
    const direct = () => {
      const data = { counts: countsObject(), ...(opp.amount !== undefined ? { amount: opp.amount } : {}) };
      return model.criterion(id).call(data, opp.record);
    };
    if (!plan || (plan.amount && Object.is(opp.amount, -0))) return direct();
    let level = plan.memo;
    const n = plan.reads.length + (plan.amount ? 1 : 0);
    for (let k = 0; k < n; k++) {
      // a zero count is absent from the counts object, as `countsOf` leaves it
      const v = k < plan.reads.length ? (plan.reads[k]! < 0 || !counts[plan.reads[k]!] ? undefined : counts[plan.reads[k]!]) : opp.amount;
      let next = level.get(v);
      if (next === undefined) {
        if (plan.size >= CRITERION_MEMO_LIMIT) return direct();
        plan.size++;
        next = k === n - 1 ? direct() : new Map();
        level.set(v, next);
      }
      if (k === n - 1) return next as RuleOutcome;
      level = next as Memo;
    }
    // reads nothing: one outcome for every move
    return (plan.memo.get(undefined) as RuleOutcome | undefined) ?? (plan.memo.set(undefined, direct()).get(undefined) as RuleOutcome);
  };
}

function summarize(model: PipelineModel, opportunities: readonly Opportunity[], index: ReadonlyMap<string, number>, moves: Moves, flat: Flat, now: number, timeouts: readonly TimeoutDef[], nth: number[], metAt: number[]): PipelineAnalysis {
  const { settings, stageIndex, lostId } = model;
  const stages = settings.stages;
  const nStages = stages.length;
  const types = settings.activityTypes;
  const nTypes = types.length;
  const statusRule = model.timeout;
  const judge = criterionJudge(model);
  // owners numbered in the order their first opportunity comes
  const ownerIndex = new Map<string, number>();
  const ownerIds: string[] = [];
  let reached = new Int32Array(64 * nStages);
  let onTime = new Int32Array(64);
  let late = new Int32Array(64);
  /** Owners with a follow-up judged (on time or late), in the order of their first. */
  const timelyOwners: number[] = [];
  let lastOwner: string | undefined;
  let lastOwnerNo = -1;
  const ownerOf = (id: string): number => {
    if (id === lastOwner) return lastOwnerNo;
    let k = ownerIndex.get(id);
    if (k === undefined) {
      k = ownerIds.length;
      ownerIndex.set(id, k);
      ownerIds.push(id);
      if (k >= onTime.length) {
        const grow = <T extends Int32Array>(a: T, n: number): T => { const b = new Int32Array(n) as T; b.set(a); return b; };
        reached = grow(reached, onTime.length * 2 * nStages);
        onTime = grow(onTime, onTime.length * 2);
        late = grow(late, late.length * 2);
      }
    }
    lastOwner = id;
    lastOwnerNo = k;
    return k;
  };
  const stays: number[][] = stages.map(() => []);
  const cycles: number[] = [];
  const violations: Violation[] = [];
  const alerts: TimeoutAlert[] = [];
  const current: PipelineAnalysis['opportunities'] = [];
  // every opportunity and alert prints an instant: the day part is formatted once per day, the
  // time of day by arithmetic, rather than a Date and its ISO text per instant; the text is
  // joined flat (a template would keep a chain of six strings per instant alive in the results)
  // and, for a whole minute (activity times usually are), made once and kept in its day's array
  // of minutes (a day's entry found in a map of the few days seen, the last one kept at hand)
  const dayTexts = new Map<number, DayTexts>();
  const DAY_TEXTS_LIMIT = 2_048;
  let lastDay = NaN;
  let lastTexts: DayTexts | undefined;
  const parts = ['', '', ':', '', ':', '', '+08:00'];
  const iso = (ms: number): string => {
    // a Date drops the fraction of the shifted instant toward zero; so does this
    const x = Math.trunc(ms + SHANGHAI_OFFSET_MS);
    const day = Math.floor(x / DAY_MS);
    let texts = day === lastDay ? lastTexts : dayTexts.get(day);
    if (texts === undefined) {
      texts = { prefix: shanghaiIso(day * DAY_MS - SHANGHAI_OFFSET_MS).slice(0, 11), minutes: new Array<string | undefined>(MINUTES_A_DAY).fill(undefined) };
      // bounded: each day seen holds 1,440 slots (~11 KB), and records spread over many distinct
      // days (a mistake or an attack) must not grow it without end; afresh past the limit
      if (dayTexts.size >= DAY_TEXTS_LIMIT) dayTexts.clear();
      dayTexts.set(day, texts);
    }
    lastDay = day;
    lastTexts = texts;
    const prefix = texts.prefix;
    // outside four-digit years the ISO text is longer: left to the general path
    if (prefix.length !== 11 || prefix[10] !== 'T') return shanghaiIso(ms);
    const inDay = x - day * DAY_MS;
    const minute = inDay % 60_000 === 0 ? inDay / 60_000 : -1;
    if (minute >= 0) { const known = texts.minutes[minute]; if (known !== undefined) return known; }
    const sec = Math.floor(inDay / 1000);
    parts[0] = prefix;
    parts[1] = TWO[Math.floor(sec / 3600)]!;
    parts[3] = TWO[Math.floor(sec / 60) % 60]!;
    parts[5] = TWO[sec % 60]!;
    const text = parts.join('');
    if (minute >= 0) texts.minutes[minute] = text;
    return text;
  };
  // the rule keeps nothing of its input, so without record inputs two objects refilled in place
  // serve every obligation (one shape with elapsedHours, one without)
  const reuse = statusRule.fromRecord.length === 0;
  const metInput = { elapsedHours: 0, openHours: 0, limitHours: 0 };
  const unmetInput = { openHours: 0, limitHours: 0 };
  const status = (elapsed: number | null, open: number, limit: number, record?: Readonly<Record<string, unknown>>): ObligationStatus => {
    let input: Record<string, number>;
    if (!reuse) input = elapsed === null ? { openHours: open, limitHours: limit } : { elapsedHours: elapsed, openHours: open, limitHours: limit };
    else if (elapsed === null) { unmetInput.openHours = open; unmetInput.limitHours = limit; input = unmetInput; }
    else { metInput.elapsedHours = elapsed; metInput.openHours = open; metInput.limitHours = limit; input = metInput; }
    const r = statusRule.call(input, record);
    if (!r.ok) throw new Error(r.problem.message.en);
    return r.value as ObligationStatus;
  };
  const obligation = (opp: Opportunity, owner: number, t: TimeoutDef, anchor: number, metAtTime: number | null, limitHours: number, stage?: string) => {
    const due = anchor + limitHours * HOUR_MS;
    const st = status(metAtTime === null ? null : Math.max(0, metAtTime - anchor) / HOUR_MS, (now - anchor) / HOUR_MS, limitHours, opp.record);
    if (t.followUp && st !== 'open') {
      if (!onTime[owner] && !late[owner]) timelyOwners.push(owner);
      if (st === 'on-time') onTime[owner]!++;
      else late[owner]!++;
    }
    if (st === 'late' || st === 'overdue') {
      const dueText = iso(due);
      alerts.push({
        opportunityId: opp.id, ownerId: opp.ownerId, rule: t.id, ...(stage !== undefined ? { stage } : {}),
        due: dueText, raisedAt: dueText, open: st === 'overdue', clearedAt: st === 'late' ? iso(metAtTime!) : null,
      });
    }
  };
  const anchorType = timeouts.map((t) => (t.anchor === 'stage' ? -1 : model.typeIndex.get(t.anchor)!));
  /** The opportunity's counts by type up to the move under way (its segments 0..upTo-1). */
  const counts = new Int32Array(nTypes);
  // the same counts as the object a criterion is run on, only when one is: built as the moves
  // come, its keys in the order of the segment of their first activity, as a rule would see them
  let object: Record<string, number> = {};
  let segFrom = 0;
  let folded = 0;
  let upTo = 0;
  const countsObject = () => {
    if (!folded) object = {};
    for (; folded < upTo; folded++) {
      for (let t = 0; t < nTypes; t++) {
        const c = flat.seg[segFrom + folded * nTypes + t]!;
        if (c && types[t] !== 'stage_change') object[types[t]!] = (object[types[t]!] ?? 0) + c;
      }
    }
    return object;
  };

  for (const o of index.values()) {
    const opp = opportunities[o]!;
    const owner = ownerOf(opp.ownerId);
    const lo = flat.movesFrom[o]!;
    const hi = flat.movesFrom[o + 1]!;
    const seg = flat.segAt[o]!;
    let cur = hi > lo ? stages[0]!.id : opp.stage;
    let entered = opp.createdAt;
    let maxReached = stageIndex.get(cur) ?? 0;
    if (hi > lo) counts.fill(0);
    segFrom = seg;
    folded = 0;
    upTo = 0;
    for (let k = lo; k < hi; k++) {
      const move = flat.moveOrder[k]!;
      const at = flat.moveAt[k]!;
      const to = moves.to[move]!;
      const base = seg + (k - lo) * nTypes;
      for (let t = 0; t < nTypes; t++) counts[t]! += flat.seg[base + t]!;
      upTo = k - lo + 1;
      const failed = judgeMove(model, cur, to, moves.reason[move], (id) => judge(id, counts, countsObject, opp));
      if (failed) for (const f of failed) violations.push({ ...f, opportunityId: opp.id, ownerId: opp.ownerId, from: cur, to, at: iso(at) });
      const fromIdx = stageIndex.get(cur);
      if (fromIdx !== undefined) stays[fromIdx]!.push((at - entered) / DAY_MS);
      const toIdx = stageIndex.get(to);
      if (toIdx !== undefined) {
        if (toIdx > maxReached) maxReached = toIdx;
        if (stages[toIdx]!.final) cycles.push((at - opp.createdAt) / DAY_MS);
      }
      cur = to;
      entered = at;
    }
    for (let i = 0; i <= maxReached; i++) reached[owner * nStages + i]!++;
    current.push({ id: opp.id, ownerId: opp.ownerId, stage: cur, enteredAt: iso(entered), reached: stages[maxReached]!.id });

    for (let i = 0; i < timeouts.length; i++) {
      const t = timeouts[i]!;
      if (t.anchor === 'stage') {
        const idx = stageIndex.get(cur);
        const def = idx === undefined ? undefined : stages[idx];
        if (!def || def.final || cur === lostId || def.stalledDays === undefined || entered > now) continue;
        obligation(opp, owner, t, entered, null, def.stalledDays * 24, cur);
        continue;
      }
      const anchor = flat.first[o * nTypes + anchorType[i]!]!;
      if (!Number.isFinite(anchor) || anchor > now) continue;
      const nthAt = flat.met[o * flat.metWidth + metAt[i]! + nth[i]! - 1]!;
      obligation(opp, owner, t, anchor, nthAt === Infinity ? null : nthAt, t.hours!);
    }
  }

  const funnelOf = (all: Int32Array, at: number): FunnelRow[] => stages.map((st, i) => {
    const r = all[at + i]!;
    const converted = i + 1 < nStages ? all[at + i + 1]! : null;
    return { stage: st.id, reached: r, converted, rate: converted === null ? null : r ? converted / r : null };
  });
  const total = new Int32Array(nStages);
  for (let k = 0; k < ownerIds.length; k++) for (let i = 0; i < nStages; i++) total[i]! += reached[k * nStages + i]!;
  const timeliness = rankTimeliness(timelyOwners.map((k) => ({ id: ownerIds[k]!, onTime: onTime[k]!, late: late[k]! })));
  // each owner's funnel (five rows an owner, fifty thousand owners) is made when first read,
  // from the counts kept flat; an own enumerable getter, so JSON, spreads and structuredClone
  // carry it as if it had been written at once
  let byOwner: Map<string, FunnelRow[]> | undefined;
  const ownersReached = reached;
  return {
    funnel: funnelOf(total, 0),
    get funnelByOwner(): Map<string, FunnelRow[]> {
      if (!byOwner) {
        byOwner = new Map();
        for (let k = 0; k < ownerIds.length; k++) byOwner.set(ownerIds[k]!, funnelOf(ownersReached, k * nStages));
      }
      return byOwner;
    },
    set funnelByOwner(value: Map<string, FunnelRow[]>) { byOwner = value; },
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
const MINUTES_A_DAY = 1440;
/** A Shanghai day's ISO prefix (`2026-03-02T`) and the texts of its whole minutes made so far. */
interface DayTexts { prefix: string; minutes: Array<string | undefined> }
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
