/**
 * Progress and traffic lights (进度与红黄绿灯) with gap analysis (缺口分析): per unit and period,
 * completion against Base and Stretch, the light, the amount missing and the run rate needed
 * per remaining working day, and (optionally) time progress. Every number comes from the
 * bundle's rules (traffic-light, completion-rate, gap-to-target, run-rate-needed,
 * time-progress); this module rolls actuals up, feeds the rules and explains the result.
 */
import { bindRule, bundleRules, paramAt, unsourcedInputs, type BoundRule, type DefinedRule, type LoadedBundle } from '../bundle/index.js';
import type { Period, WorkingCalendar, Day } from '../calendar/index.js';
import { fenToYuan, type Fen } from '../money/index.js';
import type { OrgLevel, OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import { roundedRatio } from '../rules/exact.js';
import { lightPercent } from './percent.js';
import { rollUp, rollUpByPlace } from './rollup.js';

export type { Light } from './lights.js';
import type { Light, LightBoundaries } from './lights.js';
type GreyReason = 'no-target' | 'no-data' | 'rule-error' | 'nothing-due';
type Pace = 'ahead' | 'on-pace' | 'behind';

/** How a light was decided: the inputs, the boundaries in force and the branch taken. */
interface LightExplanation {
  actual: number;
  target: number | null;
  rate: number | null;
  boundaries: LightBoundaries;
  light: Light;
  branch: Localized;
}

export interface TrackTarget {
  base: Fen;
  stretch: Fen;
}

export interface UnitProgress {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  period: string;
  asOf: Day;
  base: Fen | null;
  stretch: Fen | null;
  actual: Fen;
  /** Whether any actual was booked on the unit or below it (false: counted as zero). */
  hasData: boolean;
  completionBase: number | null;
  completionStretch: number | null;
  light: Light;
  lightStretch: Light;
  /** Set when a light is grey, or when a unit without actuals was counted as zero. */
  reason?: { code: GreyReason | 'no-actuals-counted-as-zero'; message: Localized };
  explanation: { base: LightExplanation; stretch: LightExplanation };
  gapBase: Fen | null;
  gapStretch: Fen | null;
  workingDays: { total: number; elapsed: number; remaining: number };
  runRateBase: Fen | null;
  runRateStretch: Fen | null;
  /** Share of the period's working days gone (0..1); with a phasing profile, the share of the target due by asOf. */
  timeElapsed: number;
  pace: Pace | null;
  /** Set when the unit's target follows a phasing profile (see TrackInput.timelines). */
  phased?: PhasedTime;
  /** With reason 'rule-error': the rule's problem (a record input missing or of the wrong type, by row and column). */
  problem?: Problem;
  /**
   * With `basis: 'to-date'`: the Base and Stretch due by asOf (the target times the share due,
   * phased when the unit has a profile, to the fen). The lights and completions compare the
   * actual with these; gaps and run rates stay against the whole period's target.
   */
  due?: { base: Fen | null; stretch: Fen | null };
}

/**
 * A unit's target over time (分阶段目标): consecutive segments of the tracked period (months or
 * weeks) with the share of the target each carries; inside a segment the target accrues by
 * working days. Time progress is then the share due by asOf, and the run rate needed spreads
 * the gap over the remaining working days in proportion to the profile.
 */
export interface TimeProfile {
  segments: ReadonlyArray<{ start: Day; end: Day; share: number }>;
}

interface PhasedTime {
  /** Share of the target due by asOf under the profile (0..1). */
  due: number;
  /** The remaining working days weighted by the profile, relative to the next working day's weight: the run rate is gap / this. */
  weightedDaysLeft: number;
}

interface TrackerOptions {
  /** A preset name from parameter lightPresets; replaces lights. */
  preset?: string;
  /**
   * The columns of the unit records the host will hand `track` (TrackInput.records, e.g. the
   * targets file's header). A required input that a customised tracking rule declares and that
   * the tracker does not compute must be one of them, or the tracker is refused here, once.
   */
  columns?: readonly string[];
  /** Where the records come from, for that refusal ("the targets file"). */
  source?: Localized;
}

/** A unit's own record (a row of the targets file): further inputs a customised rule declares are read from it. */
export interface TrackRecord {
  values: Readonly<Record<string, unknown>>;
  /** 1-based row in `TrackInput.recordsFile`, for problems. */
  row?: number;
}

export interface TrackInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  targets: ReadonlyMap<string, TrackTarget>;
  /** Actuals booked on each unit itself within the period up to asOf (rolled up here). */
  actuals: ReadonlyMap<string, Fen>;
  /**
   * The same by the unit's place in `tree` (`tree.flat`; a booking read by place,
   * `Booking.byPlace`): read in place of `actuals`, without a lookup by id per unit.
   */
  ownAt?: (place: number) => Fen | undefined;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  /** What a unit with no actual at or below it shows: counted as zero (default) or grey. */
  missingActuals?: 'zero' | 'grey';
  /** Phasing profiles by unit: time progress and run rates follow them instead of a straight line. */
  timelines?: ReadonlyMap<string, TimeProfile>;
  /**
   * Each unit's record: a tracking rule's declared inputs beyond the figures the tracker
   * computes (actual, target, gap, workingDaysLeft, completion, elapsed) are read from it by
   * name or snake_case column. A unit whose record lacks a required one is grey ('rule-error').
   */
  records?: ReadonlyMap<string, TrackRecord>;
  /** The file the records come from, for problems. */
  recordsFile?: string;
  /**
   * What the lights compare the actual with: the whole period's target ('period', the default,
   * as `target-kit track` reports a closed period) or the part of it due by asOf ('to-date', a
   * board in mid-period: the same share due that drives the pace, so a light, the pace and a
   * period-to-date heat map read one figure and cannot contradict each other).
   */
  basis?: 'period' | 'to-date';
  /**
   * Each unit's actual already rolled up (the database's roll-up, plugin/sql/board.ts): a unit
   * with anything booked at or below it; `actuals` is then not read.
   */
  rolled?: ReadonlyMap<string, Fen>;
  /**
   * Lights decided elsewhere by the same rule (compiled to SQL, run in the database), by unit
   * and side; the completion and the explanation are still computed here. Not read for a light
   * rule that reads the unit's record.
   */
  lights?: ReadonlyMap<string, { base?: Light; stretch?: Light }>;
}

export interface Tracker {
  readonly boundaries: LightBoundaries;
  readonly preset: string | undefined;
  /** The light of one completion, with its explanation (for forms and tests); `record` gives further declared inputs. */
  light(actual: number, target: number | null, record?: TrackRecord, file?: string, decided?: Light): { light: Light; explanation: LightExplanation; problem?: Problem };
  track<T extends OrgUnitInput>(input: TrackInput<T>): UnitProgress[];
}

type TrackerResult = { ok: true; tracker: Tracker } | { ok: false; problems: Problem[] };

/** The bundle rules every tracked unit runs (the board's lights, completions, gaps and run rates), by these ids. */
export const TRACKING_RULES = ['traffic-light', 'completion-rate', 'gap-to-target', 'run-rate-needed'] as const;

/**
 * The share of the period's working days gone by as-of, to 4 places (1 for a period without
 * working days): the time progress, and on the to-date basis the share of a target due
 * (Math.round(target × share) fen). The board in the database takes it from here too.
 */
export function elapsedShare(days: { total: number; elapsed: number }): number {
  return days.total > 0 ? roundedRatio(days.elapsed, days.total, 4)! : 1;
}

export function createTracker(bundle: LoadedBundle, options: TrackerOptions = {}): TrackerResult {
  const overrides: Record<string, unknown> = {};
  if (options.preset !== undefined) {
    const preset = paramAt(bundle.parameters, `lightPresets.${options.preset}`);
    if (preset === undefined) {
      const known = Object.keys((bundle.parameters.lightPresets as object | undefined) ?? {});
      return {
        ok: false,
        problems: [problem('TRACK_UNKNOWN_PRESET', 'parameters', '/parameters/lightPresets', {
          zh: `没有名为 ${options.preset} 的信号灯预设（可用：${known.join('、') || '无'}）`,
          en: `there is no light preset ${options.preset} (known: ${known.join(', ') || 'none'})`,
        })],
      };
    }
    overrides.lights = preset;
  }
  const got = bundleRules(bundle, TRACKING_RULES, ['time-progress'] as const, overrides);
  if (!got.ok) return got;
  // which declared inputs the tracker computes and which come from the unit's record: once, here
  const { defined } = got;
  const bound = {
    light: bindRule(defined['traffic-light'], ['actual', 'target']),
    rate: bindRule(defined['completion-rate'], ['actual', 'target']),
    gap: bindRule(defined['gap-to-target'], ['actual', 'target']),
    runRate: bindRule(defined['run-rate-needed'], ['gap', 'workingDaysLeft']),
  };
  // the optional time-progress rule, as compiled with the preset's overrides
  const paceDefined = (got.defined as Partial<Record<string, DefinedRule>>)['time-progress'];
  const paceRule = paceDefined ? bindRule(paceDefined, ['completion', 'elapsed']) : undefined;
  const readsRecords = [...Object.values(bound), ...(paceRule ? [paceRule] : [])].some((b) => b.fromRecord.length > 0);
  const unsourced = [...Object.values(bound), ...(paceRule ? [paceRule] : [])]
    .flatMap((b: BoundRule) => unsourcedInputs(b, options.columns, 'the tracker', options.source));
  if (unsourced.length) return { ok: false, problems: unsourced };
  const boundaries = got.params.lights as LightBoundaries;

  const light = (actual: number, target: number | null, record?: TrackRecord, file?: string, decided?: Light): { light: Light; explanation: LightExplanation; problem?: Problem } => {
    if (target === null) {
      return { light: 'grey', explanation: explain(actual, null, null, boundaries, 'grey') };
    }
    const values = record?.values;
    const where = readsRecords ? whereOf(record, file) : undefined;
    const outcome = decided !== undefined && !readsRecords ? { ok: true as const, value: decided } : bound.light.call({ actual, target }, values, where);
    const rateOutcome = bound.rate.call({ actual, target }, values, where);
    const rate = rateOutcome.ok ? (rateOutcome.value as number | null) : null;
    if (!outcome.ok) {
      return { light: 'grey', explanation: explain(actual, target, rate, boundaries, 'grey'), problem: outcome.problem };
    }
    const l = outcome.value as Light;
    return { light: l, explanation: explain(actual, target, rate, boundaries, l) };
  };

  const track = <T extends OrgUnitInput>(input: TrackInput<T>): UnitProgress[] => {
    const { tree, targets, period, asOf, calendar, recordsFile } = input;
    const byPlace = !input.rolled && input.ownAt ? rollUpByPlace(tree, input.ownAt) : undefined;
    const rolled = byPlace ? undefined : input.rolled ? rolledOf(tree, input.rolled) : rollUp(tree, input.actuals);
    const units = tree.flat.units;
    const days = calendar.progress(period, asOf);
    const timeElapsed = elapsedShare(days);
    const out: UnitProgress[] = [];
    for (let i = 0; i < units.length; i++) {
      const unit = units[i]!;
      const id = unit.id;
      const r = byPlace ? { amount: byPlace.amount[i]!, hasData: byPlace.hasData[i] === 1 } : rolled!.get(id)!;
      const target = targets.get(id);
      const actualYuan = fenToYuan(r.amount);
      const noData = !r.hasData;
      const greyNoData = noData && input.missingActuals === 'grey';
      const timeline = input.timelines?.get(id);
      const record = readsRecords ? input.records?.get(id) : undefined;
      const values = record?.values;
      const where = readsRecords ? whereOf(record, recordsFile) : undefined;
      const phased = timeline ? phasedTime(timeline, calendar, asOf) : undefined;
      // the rule divides by whole working days; a profile scales the gap so gap / days is its rate
      const profileScale = phased && phased.weightedDaysLeft > 0 && days.remaining > 0 ? days.remaining / phased.weightedDaysLeft : 1;
      const share = phased ? phased.due : timeElapsed;
      const toDate = input.basis === 'to-date';
      // the target a light compares with: the period's, or the part of it due by asOf (to the fen)
      const dueOf = (amount: Fen | undefined): Fen | null => (amount === undefined || amount <= 0 ? null : toDate ? Math.round(amount * share) : amount);
      const decided = input.lights?.get(id);
      const side = (amount: Fen | undefined, key: 'base' | 'stretch') => {
        if (amount === undefined || amount <= 0 || greyNoData) {
          return { rate: null, light: 'grey' as Light, explanation: explain(actualYuan, amount === undefined ? null : fenToYuan(amount), null, boundaries, 'grey'), gap: null, runRate: null, problem: undefined };
        }
        const t = fenToYuan(amount);
        const lit = dueOf(amount)!;
        const l = lit > 0 ? light(actualYuan, fenToYuan(lit), record, recordsFile, decided?.[key]) : { light: 'grey' as Light, explanation: explain(actualYuan, 0, null, boundaries, 'grey'), problem: undefined };
        const gapOutcome = bound.gap.call({ actual: actualYuan, target: t }, values, where);
        const gap = gapOutcome.ok ? toFen(gapOutcome.value) : null;
        const runOutcome = gap === null ? undefined : bound.runRate.call({ gap: fenToYuan(gap) * profileScale, workingDaysLeft: days.remaining }, values, where);
        const runRate = runOutcome?.ok ? (runOutcome.value === null ? null : toFen(runOutcome.value)) : null;
        return { rate: l.explanation.rate, light: l.light, explanation: l.explanation, gap, runRate, problem: l.problem };
      };
      const b = side(target?.base, 'base');
      const s = side(target?.stretch, 'stretch');
      let paceValue: Pace | null = null;
      // the pace compares the period's completion with the share due: on a to-date light that is the same figure seen from the period
      const periodRate = toDate && target && target.base > 0 && b.rate !== null ? bound.rate.call({ actual: actualYuan, target: fenToYuan(target.base) }, values, where) : null;
      const paceCompletion = periodRate ? (periodRate.ok ? (periodRate.value as number | null) : null) : b.rate;
      if (paceRule && paceCompletion !== null) {
        const p = paceRule.call({ completion: paceCompletion, elapsed: share }, values, where);
        if (p.ok) paceValue = p.value as Pace;
      }
      const progress: UnitProgress = {
        id,
        parentId: unit.parentId,
        name: unit.name,
        level: unit.level,
        period: period.key,
        asOf,
        base: target?.base ?? null,
        stretch: target?.stretch ?? null,
        actual: r.amount,
        hasData: r.hasData,
        completionBase: b.rate,
        completionStretch: s.rate,
        light: b.light,
        lightStretch: s.light,
        explanation: { base: b.explanation, stretch: s.explanation },
        gapBase: b.gap,
        gapStretch: s.gap,
        workingDays: days,
        runRateBase: b.runRate,
        runRateStretch: s.runRate,
        timeElapsed: phased ? phased.due : timeElapsed,
        pace: paceValue,
        ...(phased ? { phased } : {}),
        ...(toDate ? { due: { base: dueOf(target?.base), stretch: dueOf(target?.stretch) } } : {}),
      };
      if (target === undefined || target.base <= 0) {
        progress.reason = { code: 'no-target', message: { zh: '没有基础目标（缺失、为 0 或负数），显示灰灯', en: 'no Base target (missing, zero or negative): grey' } };
      } else if (greyNoData) {
        progress.reason = { code: 'no-data', message: { zh: '本期没有任何实际数据，显示灰灯', en: 'no actuals at all in the period: grey' } };
      } else if (toDate && dueOf(target.base) === 0) {
        progress.reason = { code: 'nothing-due', message: { zh: '截至当日还没有应完成的目标，显示灰灯', en: 'nothing of the target is due yet: grey' } };
      } else if (b.problem && readsRecords) {
        // a unit record without an input a customised rule requires: grey, and says which row and column
        progress.reason = { code: 'rule-error', message: placed(b.problem) };
        progress.problem = b.problem;
      } else if (noData) {
        progress.reason = { code: 'no-actuals-counted-as-zero', message: { zh: '本期没有实际数据，按 0 计', en: 'no actuals in the period: counted as zero' } };
      }
      out.push(progress);
    }
    return out;
  };

  return { ok: true, tracker: { boundaries, preset: options.preset, light, track } };
}

/** A roll-up made elsewhere, in rollUp's shape: a unit without an entry has nothing at or below it (0, no data). */
function rolledOf<T extends OrgUnitInput>(tree: OrgTree<T>, rolled: ReadonlyMap<string, Fen>): Map<string, { amount: Fen; hasData: boolean }> {
  return new Map(tree.topDown.map((id) => {
    const amount = rolled.get(id);
    return [id, { amount: amount ?? 0, hasData: amount !== undefined }];
  }));
}

/** Share due by asOf and the profile-weighted working days left (equal shares per working day give the plain count). */
function phasedTime(timeline: TimeProfile, calendar: WorkingCalendar, asOf: Day): PhasedTime {
  let total = 0;
  let due = 0;
  let left = 0;
  let next: number | undefined;
  for (const seg of timeline.segments) {
    total += seg.share;
    const all = calendar.workingDaysBetween(seg.start, seg.end);
    if (all === 0) {
      if (seg.end <= asOf) due += seg.share;
      continue;
    }
    const gone = asOf < seg.start ? 0 : calendar.workingDaysBetween(seg.start, asOf < seg.end ? asOf : seg.end);
    const perDay = seg.share / all;
    due += perDay * gone;
    left += perDay * (all - gone);
    if (next === undefined && gone < all) next = perDay;
  }
  const share = total > 0 ? due / total : 1;
  return {
    due: Math.round(Math.min(1, share) * 10000) / 10000,
    weightedDaysLeft: next === undefined || next === 0 ? 0 : left / next,
  };
}

/** Where a unit's record is, for the problems of the inputs read from it. */
/**
 * A record problem's message led by its row, "targets.csv 第 5 行：…" (the message names the
 * column), since the reason column is read apart from the row it stands on.
 */
function placed(p: Problem): Localized {
  if (p.row === undefined) return p.message;
  return { zh: `${p.file} 第 ${p.row} 行：${p.message.zh}`, en: `${p.file} row ${p.row}: ${p.message.en}` };
}

function whereOf(record: TrackRecord | undefined, file: string | undefined): { file?: string; row?: number } {
  const where: { file?: string; row?: number } = {};
  if (file !== undefined) where.file = file;
  if (record?.row !== undefined) where.row = record.row;
  return where;
}

function toFen(value: unknown): Fen {
  return Math.round((value as number) * 100);
}

const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

/**
 * Says which branch of the light the rate took, from the boundaries the rule was compiled with.
 * The figures are recorded here, as the rule ran; the sentence (an exact percentage that stays
 * on its light's side, costly next to the light itself) is written from them the first time it
 * is read, then kept as a plain field: a board of 60,000 units written as CSV never reads it.
 * An own enumerable property throughout, so JSON, spreads and clones carry the sentence.
 */
function explain(actual: number, target: number | null, rate: number | null, b: LightBoundaries, light: Light): LightExplanation {
  return Object.defineProperty({ actual, target, rate, boundaries: b, light }, 'branch', BRANCH) as LightExplanation;
}

/**
 * The sentence kept as a plain field in place of the accessor (same place among the keys). An
 * explanation sealed or frozen before it was read keeps its accessor (it cannot be redefined), so
 * the sentence is kept beside it in SEALED: read as a plain field would be, and for a sealed
 * one written as a plain field would be (a frozen one refuses, as its plain field would).
 */
const SEALED = new WeakMap<object, Localized>();
const keepBranch = (e: object, text: Localized, assigned: boolean): void => {
  if (Reflect.defineProperty(e, 'branch', { value: text, writable: true, enumerable: true, configurable: true })) return;
  if (assigned && Object.isFrozen(e)) throw new TypeError("Cannot assign to read only property 'branch' of a frozen explanation");
  SEALED.set(e, text);
};

// one getter and setter for every explanation (an object literal with its own `get branch()`
// costs a runtime call and three functions per object: 112,000 of them for 56,000 units)
const BRANCH: PropertyDescriptor = {
  get(this: LightExplanation): Localized {
    const kept = SEALED.get(this);
    if (kept !== undefined) return kept;
    const text = branchOf(this.actual, this.target, this.rate, this.boundaries, this.light);
    keepBranch(this, text, false);
    return text;
  },
  set(this: LightExplanation, value: Localized) { keepBranch(this, value, true); },
  enumerable: true,
  configurable: true,
};

function branchOf(actual: number, target: number | null, rate: number | null, b: LightBoundaries, light: Light): Localized {
  if (light === 'grey') {
    return target === null || target <= 0
      ? { zh: '没有目标：灰灯', en: 'no target: grey' }
      : { zh: '没有数据：灰灯', en: 'no data: grey' };
  }
  // the rate as a percentage that stays on its light's side of the boundaries (percent.ts)
  const r = rate === null ? '?' : lightPercent({ actual, target, boundaries: b, light }, { digits: 2, trim: true });
  const g = `${b.green.inclusive ? '≥' : '>'} ${pct(b.green.from)}`;
  const y = `${b.yellow.inclusive ? '≥' : '>'} ${pct(b.yellow.from)}`;
  return light === 'green'
    ? { zh: `完成率 ${r} ${g}：绿灯`, en: `completion ${r} ${g}: green` }
    : light === 'yellow'
      ? { zh: `完成率 ${r} 未达绿灯（${g}），但 ${y}：黄灯`, en: `completion ${r} is not ${g} (green) but ${y}: yellow` }
      : { zh: `完成率 ${r} 未达黄灯（${y}）：红灯`, en: `completion ${r} is not ${y} (yellow): red` };
}

