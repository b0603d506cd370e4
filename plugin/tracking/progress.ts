/**
 * Progress and traffic lights (进度与红黄绿灯) with gap analysis (缺口分析): per unit and period,
 * completion against Base and Stretch, the light, the amount missing and the run rate needed
 * per remaining working day, and (optionally) time progress. Every number comes from the
 * bundle's rules (traffic-light, completion-rate, gap-to-target, run-rate-needed,
 * time-progress); this module rolls actuals up, feeds the rules and explains the result.
 */
import { bundleRules, paramAt, type LoadedBundle, type RuleFn } from '../bundle/index.js';
import type { Period, WorkingCalendar, Day } from '../calendar/index.js';
import { fenToYuan, type Fen } from '../money/index.js';
import type { OrgLevel, OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import { roundedRatio } from '../rules/exact.js';
import { lightPercent } from './percent.js';
import { rollUp } from './rollup.js';

export type Light = 'green' | 'yellow' | 'red' | 'grey';
export type GreyReason = 'no-target' | 'no-data' | 'rule-error';
export type Pace = 'ahead' | 'on-pace' | 'behind';

export interface LightBoundary {
  from: number;
  inclusive: boolean;
}
export interface LightBoundaries {
  green: LightBoundary;
  yellow: LightBoundary;
}

/** How a light was decided: the inputs, the boundaries in force and the branch taken. */
export interface LightExplanation {
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

export interface PhasedTime {
  /** Share of the target due by asOf under the profile (0..1). */
  due: number;
  /** The remaining working days weighted by the profile, relative to the next working day's weight: the run rate is gap / this. */
  weightedDaysLeft: number;
}

export interface TrackerOptions {
  /** A preset name from parameter lightPresets; replaces lights. */
  preset?: string;
}

export interface TrackInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  targets: ReadonlyMap<string, TrackTarget>;
  /** Actuals booked on each unit itself within the period up to asOf (rolled up here). */
  actuals: ReadonlyMap<string, Fen>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  /** What a unit with no actual at or below it shows: counted as zero (default) or grey. */
  missingActuals?: 'zero' | 'grey';
  /** Phasing profiles by unit: time progress and run rates follow them instead of a straight line. */
  timelines?: ReadonlyMap<string, TimeProfile>;
}

export interface Tracker {
  readonly boundaries: LightBoundaries;
  readonly preset: string | undefined;
  /** The light of one completion, with its explanation (for forms and tests). */
  light(actual: number, target: number | null): { light: Light; explanation: LightExplanation; problem?: Problem };
  track<T extends OrgUnitInput>(input: TrackInput<T>): UnitProgress[];
}

export type TrackerResult = { ok: true; tracker: Tracker } | { ok: false; problems: Problem[] };

const TRACKING_RULES = ['traffic-light', 'completion-rate', 'gap-to-target', 'run-rate-needed'] as const;

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
  const { rules } = got;
  const pace = got.optional?.['time-progress'];
  const boundaries = got.params.lights as LightBoundaries;

  const light = (actual: number, target: number | null): { light: Light; explanation: LightExplanation; problem?: Problem } => {
    if (target === null) {
      return { light: 'grey', explanation: explain(actual, null, null, boundaries, 'grey') };
    }
    const outcome = rules['traffic-light']({ actual, target });
    const rateOutcome = rules['completion-rate']({ actual, target });
    const rate = rateOutcome.ok ? (rateOutcome.value as number | null) : null;
    if (!outcome.ok) {
      return { light: 'grey', explanation: explain(actual, target, rate, boundaries, 'grey'), problem: outcome.problem };
    }
    const l = outcome.value as Light;
    return { light: l, explanation: explain(actual, target, rate, boundaries, l) };
  };

  const track = <T extends OrgUnitInput>(input: TrackInput<T>): UnitProgress[] => {
    const { tree, targets, period, asOf, calendar } = input;
    const rolled = rollUp(tree, input.actuals);
    const days = calendar.progress(period, asOf);
    const timeElapsed = days.total > 0 ? roundedRatio(days.elapsed, days.total, 4)! : 1;
    const out: UnitProgress[] = [];
    for (const id of tree.topDown) {
      const unit = tree.get(id)!;
      const r = rolled.get(id)!;
      const target = targets.get(id);
      const actualYuan = fenToYuan(r.amount);
      const noData = !r.hasData;
      const greyNoData = noData && input.missingActuals === 'grey';
      const timeline = input.timelines?.get(id);
      const phased = timeline ? phasedTime(timeline, calendar, asOf) : undefined;
      // the rule divides by whole working days; a profile scales the gap so gap / days is its rate
      const profileScale = phased && phased.weightedDaysLeft > 0 && days.remaining > 0 ? days.remaining / phased.weightedDaysLeft : 1;
      const side = (amount: Fen | undefined) => {
        if (amount === undefined || amount <= 0 || greyNoData) {
          return { rate: null, light: 'grey' as Light, explanation: explain(actualYuan, amount === undefined ? null : fenToYuan(amount), null, boundaries, 'grey'), gap: null, runRate: null };
        }
        const t = fenToYuan(amount);
        const l = light(actualYuan, t);
        const gapOutcome = rules['gap-to-target']({ actual: actualYuan, target: t });
        const gap = gapOutcome.ok ? toFen(gapOutcome.value) : null;
        const runOutcome = gap === null ? undefined : rules['run-rate-needed']({ gap: fenToYuan(gap) * profileScale, workingDaysLeft: days.remaining });
        const runRate = runOutcome?.ok ? (runOutcome.value === null ? null : toFen(runOutcome.value)) : null;
        return { rate: l.explanation.rate, light: l.light, explanation: l.explanation, gap, runRate };
      };
      const b = side(target?.base);
      const s = side(target?.stretch);
      let paceValue: Pace | null = null;
      if (pace && b.rate !== null) {
        const p = pace({ completion: b.rate, elapsed: phased ? phased.due : timeElapsed });
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
      };
      if (target === undefined || target.base <= 0) {
        progress.reason = { code: 'no-target', message: { zh: '没有基础目标（缺失、为 0 或负数），显示灰灯', en: 'no Base target (missing, zero or negative): grey' } };
      } else if (greyNoData) {
        progress.reason = { code: 'no-data', message: { zh: '本期没有任何实际数据，显示灰灯', en: 'no actuals at all in the period: grey' } };
      } else if (noData) {
        progress.reason = { code: 'no-actuals-counted-as-zero', message: { zh: '本期没有实际数据，按 0 计', en: 'no actuals in the period: counted as zero' } };
      }
      out.push(progress);
    }
    return out;
  };

  return { ok: true, tracker: { boundaries, preset: options.preset, light, track } };
}

/** Share due by asOf and the profile-weighted working days left (equal shares per working day give the plain count). */
export function phasedTime(timeline: TimeProfile, calendar: WorkingCalendar, asOf: Day): PhasedTime {
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

function toFen(value: unknown): Fen {
  return Math.round((value as number) * 100);
}

const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

/** Says which branch of the light the rate took, from the boundaries the rule was compiled with. */
export function explain(actual: number, target: number | null, rate: number | null, b: LightBoundaries, light: Light): LightExplanation {
  let branch: Localized;
  if (light === 'grey') {
    branch = target === null || target <= 0
      ? { zh: '没有目标：灰灯', en: 'no target: grey' }
      : { zh: '没有数据：灰灯', en: 'no data: grey' };
  } else {
    // the rate as a percentage that stays on its light's side of the boundaries (percent.ts)
    const r = rate === null ? '?' : lightPercent({ actual, target, boundaries: b, light }, { digits: 2, trim: true });
    const g = `${b.green.inclusive ? '≥' : '>'} ${pct(b.green.from)}`;
    const y = `${b.yellow.inclusive ? '≥' : '>'} ${pct(b.yellow.from)}`;
    branch = light === 'green'
      ? { zh: `完成率 ${r} ${g}：绿灯`, en: `completion ${r} ${g}: green` }
      : light === 'yellow'
        ? { zh: `完成率 ${r} 未达绿灯（${g}），但 ${y}：黄灯`, en: `completion ${r} is not ${g} (green) but ${y}: yellow` }
        : { zh: `完成率 ${r} 未达黄灯（${y}）：红灯`, en: `completion ${r} is not ${y} (yellow): red` };
  }
  return { actual, target, rate, boundaries: b, light, branch };
}

/** Rules this module uses, for hosts that list what a screen needs. */
export const trackingRuleIds: readonly string[] = [...TRACKING_RULES, 'time-progress'];
