/**
 * Weekly series for escalation and the health review: each completed ISO week of the period up
 * to the as-of day, with the unit's rolled-up actual and the week's share of its Base target by
 * working days (until phased targets arrive, a period target is spread evenly over its working
 * days).
 */
import { periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { fenToYuan, type Fen } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { rollUp } from './rollup.js';

export interface WeekPoint {
  week: string;
  /** Yuan. */
  actual: number;
  expected: number;
  /** actual / expected, 4 decimals; null without an expected value. */
  rate: number | null;
}

export interface WeeklyInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  /** Base targets of the period. */
  base: ReadonlyMap<string, Fen>;
  /** Actuals booked on each unit by day. */
  daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>;
}

/** The weeks of the period that have ended by asOf (a week is kept when its last day is on or before asOf). */
export function completedWeeks(period: Period, asOf: Day): Period[] {
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

export function weeklySeries<T extends OrgUnitInput>(input: WeeklyInput<T>): Map<string, WeekPoint[]> {
  const { tree, period, asOf, calendar, base, daily } = input;
  const total = calendar.workingDaysBetween(period.start, period.end);
  const out = new Map<string, WeekPoint[]>(tree.topDown.map((id) => [id, []]));
  for (const week of completedWeeks(period, asOf)) {
    const from = week.start < period.start ? period.start : week.start;
    const to = week.end > period.end ? period.end : week.end;
    const share = total > 0 ? calendar.workingDaysBetween(from, to) / total : 0;
    const own = new Map<string, Fen>();
    for (const [id, days] of daily) {
      let sum = 0;
      for (const [day, amount] of days) if (day >= from && day <= to) sum += amount;
      own.set(id, sum);
    }
    const rolled = rollUp(tree, own);
    for (const id of tree.topDown) {
      const actual = fenToYuan(rolled.get(id)!.amount);
      const b = base.get(id);
      const expected = b !== undefined && b > 0 ? Math.round(fenToYuan(b) * share * 100) / 100 : 0;
      const rate = expected > 0 ? Math.round((actual / expected) * 10000) / 10000 : null;
      out.get(id)!.push({ week: week.key, actual, expected, rate });
    }
  }
  return out;
}
