/**
 * The weekly series as it was before the flat-array version (plugin/tracking/weekly.ts): a walk
 * over every booked day per week, a roll-up by map, the yuan read back from text and the rate
 * rounded on exact decimals always. Kept as the reference the property tests hold the new one to.
 */
import { periodOf, profileShare, type Day, type Fen, type OrgTree, type OrgUnitInput, type Period, type TimeProfile, type WorkingCalendar } from '../../plugin/index.js';
import { rollUp } from '../../plugin/tracking/rollup.js';
import type { WeekPoint } from '../../plugin/tracking/weekly.js';
import { formatYuan } from '../../plugin/money/index.js';
import { roundedRatioExact } from '../../plugin/rules/exact.js';

const yuan = (fen: Fen) => Number(formatYuan(fen));

function nextDay(day: Day): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function weeklySeriesReference<T extends OrgUnitInput>(input: {
  tree: OrgTree<T>; period: Period; asOf: Day; calendar: WorkingCalendar; base: ReadonlyMap<string, Fen>;
  daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>; timelines?: ReadonlyMap<string, TimeProfile>;
}): Map<string, WeekPoint[]> {
  const { tree, period, asOf, calendar, base, daily } = input;
  const weeks: Period[] = [];
  for (let w = periodOf(period.start, 'week'); w.start <= period.end && w.end <= asOf; w = periodOf(nextDay(w.end), 'week')) weeks.push(w);
  const total = calendar.workingDaysBetween(period.start, period.end);
  const out = new Map<string, WeekPoint[]>(tree.topDown.map((id) => [id, []]));
  for (const week of weeks) {
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
      const actual = yuan(rolled.get(id)!.amount);
      const b = base.get(id);
      const timeline = input.timelines?.get(id);
      const weekShare = timeline ? profileShare(timeline, calendar, from, to) : share;
      const expected = b !== undefined && b > 0 ? Math.round(yuan(b) * weekShare * 100) / 100 : 0;
      const rate = expected > 0 ? roundedRatioExact(actual, expected, 4) : null;
      out.get(id)!.push({ week: week.key, actual, expected, rate });
    }
  }
  return out;
}
