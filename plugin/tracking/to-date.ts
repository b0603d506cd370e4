/**
 * Period-to-date lights at a series of days (累计进度): for each checkpoint (a week's end, or the
 * as-of day for the week in progress), every unit's progress over the period from its start to
 * that day, against the part of the target due by then (`basis: 'to-date'`, phased by the same
 * profiles as the board). The last checkpoint at the as-of day is the board's own row, so a
 * heat map or a trend drawn from this series ends on the light and completion of the table.
 */
import type { Day } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import type { OrgUnitInput } from '../org/index.js';
import type { TrackInput, Tracker, UnitProgress } from './progress.js';

interface ToDateInput<T extends OrgUnitInput> extends Omit<TrackInput<T>, 'actuals' | 'asOf' | 'basis'> {
  /** Own actuals by unit and day (not rolled up); days outside the period are not counted. */
  daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>;
  /** The days to light, in order; each counts the actuals from the period's start to it. */
  checkpoints: readonly Day[];
  /** The units wanted (actuals roll up through the whole tree; only these are lit); default every unit. */
  unitIds?: readonly string[];
}

interface ToDatePoint {
  day: Day;
  progress: UnitProgress;
}

export function trackToDate<T extends OrgUnitInput>(tracker: Tracker, input: ToDateInput<T>): Map<string, ToDatePoint[]> {
  const { daily, checkpoints, unitIds, ...common } = input;
  const wanted = unitIds ?? input.tree.topDown;
  // only the wanted units carry a target: the others still roll their actuals up, unlit, at no rule's cost
  if (unitIds) {
    const keep = new Set(unitIds);
    common.targets = new Map([...input.targets].filter(([id]) => keep.has(id)));
    if (input.timelines) common.timelines = new Map([...input.timelines].filter(([id]) => keep.has(id)));
  }
  const out = new Map<string, ToDatePoint[]>(wanted.map((id) => [id, []]));
  // Each unit's days in the period, in order, with running sums, read once: a checkpoint's sum
  // is then one look-up per unit, not a pass over every day of every unit at every checkpoint.
  // Fen are integers, so the order of the additions cannot change a sum.
  const inPeriod = [...daily].map(([id, days]) => {
    const kept = [...days].filter(([d]) => d >= common.period.start).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const upTo = [0];
    for (const [, amount] of kept) upTo.push(upTo[upTo.length - 1]! + amount);
    return { id, days: kept.map(([d]) => d), upTo };
  });
  for (const day of checkpoints) {
    const actuals = new Map<string, Fen>();
    for (const { id, days, upTo } of inPeriod) {
      // how many of the unit's days lie on or before the checkpoint
      let lo = 0;
      let hi = days.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (days[mid]! <= day) lo = mid + 1;
        else hi = mid;
      }
      const sum = upTo[lo]!;
      if (sum !== 0) actuals.set(id, sum);
    }
    const rows = tracker.track({ ...common, actuals, asOf: day, basis: 'to-date' });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of wanted) {
      const progress = byId.get(id);
      if (progress) out.get(id)!.push({ day, progress });
    }
  }
  return out;
}
