/**
 * Tracking a company's period from sums made in the database (`track --db`, plugin/sql/board.ts):
 * the units' rolled actuals, the lights the compiled rule decided there, and the weeks of the
 * streaks behind escalation and the health review. The same tracker, escalation and review as
 * `trackCompany` turn them into the same progress rows and alerts; only the walk over every row,
 * day and week is gone. Phasing profiles and product lines are not taken here (the host books
 * those by week and calls `trackCompany`).
 */
import type { LoadedBundle } from '../bundle/index.js';
import type { Day, Period, WorkingCalendar } from '../calendar/index.js';
import { fenToYuan, formatYuan, MAX_FEN } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Problem } from '../problems.js';
import { roundedRatio } from '../rules/exact.js';
import type { BoardSums } from '../sql/board.js';
import { trackAlerts, type PeriodAlerts } from './alerts.js';
import { actualsPastRange, checkTargets } from './company.js';
import { createTracker, type TrackRecord, type TrackTarget, type UnitProgress } from './progress.js';
import type { WeekPoint } from './weekly.js';

interface TrackSumsInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  targets: ReadonlyMap<string, TrackTarget>;
  sums: BoardSums;
  /** The actuals table, for problems. */
  file: string;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  missingActuals?: 'zero' | 'grey';
  basis?: 'period' | 'to-date';
  preset?: string;
  records?: { file: string; columns: readonly string[]; byUnit: ReadonlyMap<string, TrackRecord> };
  activity?: ReadonlyMap<string, ReadonlyMap<Day, number>>;
}

type TrackSumsResult = { ok: true; tracking: Omit<PeriodAlerts, 'weekly'> & { progress: UnitProgress[] } } | { ok: false; problems: Problem[] };

export function trackCompanySums<T extends OrgUnitInput>(bundle: LoadedBundle, input: TrackSumsInput<T>): TrackSumsResult {
  const { tree, targets, sums, period, asOf, calendar, records } = input;
  const badTargets = checkTargets(targets, records?.file ?? '<targets>');
  if (badTargets.length) return { ok: false, problems: badTargets };
  // as trackCompany: past MAX_FEN the company's actual would no longer be the sum of its children's
  if (sums.volume > MAX_FEN) {
    return { ok: false, problems: [actualsPastRange(input.file)] };
  }
  const tracker = createTracker(bundle, {
    ...(input.preset !== undefined ? { preset: input.preset } : {}),
    ...(records ? { columns: records.columns, source: { zh: `目标表 ${records.file}`, en: `the targets file ${records.file}` } } : {}),
  });
  if (!tracker.ok) return tracker;
  const progress = tracker.tracker.track({
    tree, targets, period, asOf, calendar, actuals: new Map(), rolled: sums.rolled, missingActuals: input.missingActuals ?? 'zero',
    ...(sums.lights ? { lights: sums.lights } : {}),
    ...(input.basis ? { basis: input.basis } : {}),
    ...(records ? { records: records.byUnit, recordsFile: records.file } : {}),
  });
  // the weeks as the weekly series gives them (weekly.ts): yuan, and the rate on them; top down,
  // the order the reviews come out in
  const weekly = new Map<string, WeekPoint[]>();
  for (const id of tree.topDown) {
    const weeks = sums.weeks.get(id);
    if (!weeks) continue;
    weekly.set(id, weeks.map((w) => {
      const actual = fenToYuan(w.actual);
      const expected = fenToYuan(w.expected);
      return { week: w.week, actual, expected, rate: expected > 0 ? roundedRatio(actual, expected, 4) : null };
    }));
  }
  const alerts = trackAlerts(bundle, {
    tree, period, asOf, calendar, targets, daily: new Map(), weekly,
    ...(input.activity ? { activity: input.activity } : {}),
  });
  if (!alerts.ok) return alerts;
  return { ok: true, tracking: { progress, alerts: alerts.alerts, reviews: alerts.reviews } };
}
