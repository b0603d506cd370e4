/**
 * Weekly series for escalation and the health review: each completed ISO week of the period up
 * to the as-of day, with the unit's rolled-up actual and the week's share of its Base target.
 * With a phasing profile for the unit (the same `timelines` the tracker takes), the week's share
 * follows the profile, so a team whose quarter is weighted to its third month is not measured
 * against an even spread; without one, the target is spread evenly over the working days.
 */
import { dayNumber, periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { fenToYuan, type Fen } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import type { TimeProfile } from './progress.js';
import { isDaySeries, type BookedByPlace } from './booking.js';
import { roundedRatio } from '../rules/exact.js';

export interface WeekPoint {
  week: string;
  /** Yuan. */
  actual: number;
  expected: number;
  /** actual / expected, 4 decimals; null without an expected value. */
  rate: number | null;
}

interface WeeklyInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  /** Base targets of the period. */
  base: ReadonlyMap<string, Fen>;
  /** Actuals booked on each unit by day. */
  daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>;
  /** The booking by place in `tree` (`Booking.byPlace`): read in place of `daily` when it was made against this tree. */
  byPlace?: BookedByPlace;
  /** Phasing profiles by unit: a week's expected value is the profile's share of the target in it. */
  timelines?: ReadonlyMap<string, TimeProfile>;
}

/** The weeks of the period that have ended by asOf (a week is kept when its last day is on or before asOf). */
function completedWeeks(period: Period, asOf: Day): Period[] {
  const weeks: Period[] = [];
  let w = periodOf(period.start, 'week');
  while (w.start <= period.end && w.end <= asOf) {
    weeks.push(w);
    w = periodOf(nextDay(w.end), 'week');
  }
  return weeks;
}

function nextDay(day: Day): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Every unit's weekly figures held flat, unit by unit (`at(i, w)` = i × weeks + w): what the
 * alerts judge for 60,000 units without an object per unit and week. `rate` is NaN where
 * the series has null. `weeklySeries` is this, as points.
 */
interface WeeklyFigures {
  /** The tree's units top down (`tree.topDown`): a unit's row is its place in the tree. */
  ids: readonly string[];
  weeks: readonly string[];
  actual: Float64Array;
  expected: Float64Array;
  rate: Float64Array;
}

export function weeklyFigures<T extends OrgUnitInput>(input: WeeklyInput<T>): WeeklyFigures {
  const { tree, period, asOf, calendar, base, daily } = input;
  const total = calendar.workingDaysBetween(period.start, period.end);
  const ids = tree.topDown;
  const n = ids.length;
  // the tree by place: a unit's week rolls up into its parent's by index, not by map
  const { parentAt } = tree.flat;
  const byPlace = input.byPlace?.units === tree.flat ? input.byPlace : undefined;
  const booked: Array<[number, ReadonlyMap<Day, Fen>]> = [];
  const bookedAt: number[] = [];
  if (byPlace) { for (let i = 0; i < n; i++) if (byPlace.own(i) !== undefined) bookedAt.push(i); }
  else for (const [id, days] of daily) { const i = tree.flat.indexOf(id); if (i >= 0) booked.push([i, days]); }
  const baseAt = ids.map((id) => base.get(id));
  const timelineAt = ids.map((id) => input.timelines?.get(id));
  const sums = new Float64Array(n);
  const weeks = completedWeeks(period, asOf);
  const W = weeks.length;
  const actualAt = new Float64Array(n * W);
  const expectedAt = new Float64Array(n * W);
  const rateAt = new Float64Array(n * W);
  weeks.forEach((week, w) => {
    const from = week.start < period.start ? period.start : week.start;
    const to = week.end > period.end ? period.end : week.end;
    const share = total > 0 ? calendar.workingDaysBetween(from, to) / total : 0;
    const fromN = dayNumber(from) as number;
    const toN = dayNumber(to) as number;
    sums.fill(0);
    for (const i of bookedAt) sums[i] = byPlace!.sumBetween(i, fromN, toN);
    for (const [i, days] of booked) {
      // a booking's flat series sums the week's days directly; a plain map is walked
      if (isDaySeries(days)) { sums[i] = days.sumBetween(fromN, toN); continue; }
      let sum = 0;
      for (const [day, amount] of days) if (day >= from && day <= to) sum += amount;
      sums[i] = sum;
    }
    // whole fen below 2^53 add exactly in any order: children before parents, bottom up
    for (let i = n - 1; i > 0; i--) if (parentAt[i]! >= 0) sums[parentAt[i]!]! += sums[i]!;
    for (let i = 0; i < n; i++) {
      const actual = fenToYuan(sums[i]! + 0);
      const b = baseAt[i];
      const timeline = timelineAt[i];
      const weekShare = timeline ? profileShare(timeline, calendar, from, to) : share;
      const expected = b !== undefined && b > 0 ? Math.round(fenToYuan(b) * weekShare * 100) / 100 : 0;
      const rate = expected > 0 ? roundedRatio(actual, expected, 4) : null;
      actualAt[i * W + w] = actual;
      expectedAt[i * W + w] = expected;
      rateAt[i * W + w] = rate === null ? NaN : rate;
    }
  });
  return { ids, weeks: weeks.map((w) => w.key), actual: actualAt, expected: expectedAt, rate: rateAt };
}

/** One unit's weeks as points, from the flat figures. */
export function weekPointsOf(f: WeeklyFigures, i: number): WeekPoint[] {
  const W = f.weeks.length;
  const out: WeekPoint[] = [];
  for (let w = 0; w < W; w++) {
    const rate = f.rate[i * W + w]!;
    out.push({ week: f.weeks[w]!, actual: f.actual[i * W + w]!, expected: f.expected[i * W + w]!, rate: Number.isNaN(rate) ? null : rate });
  }
  return out;
}

export function weeklySeries<T extends OrgUnitInput>(input: WeeklyInput<T>): Map<string, WeekPoint[]> {
  const f = weeklyFigures(input);
  return new Map(f.ids.map((id, i) => [id, weekPointsOf(f, i)]));
}

const days = (start: Day, end: Day) => (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;

/**
 * The share of a profiled target falling in [from, to]: each segment's share accrues over its
 * working days (over its calendar days when it has none), as the tracker's time progress does.
 */
export function profileShare(timeline: TimeProfile, calendar: WorkingCalendar, from: Day, to: Day): number {
  let total = 0;
  let inside = 0;
  for (const seg of timeline.segments) {
    total += seg.share;
    const start = seg.start > from ? seg.start : from;
    const end = seg.end < to ? seg.end : to;
    if (start > end) continue;
    const all = calendar.workingDaysBetween(seg.start, seg.end);
    inside += all > 0
      ? (seg.share * calendar.workingDaysBetween(start, end)) / all
      : (seg.share * days(start, end)) / days(seg.start, seg.end);
  }
  return total > 0 ? inside / total : 0;
}
