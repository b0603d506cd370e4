/**
 * The alerts of a tracked period (预警): escalation levels 1-3 and the target-health review,
 * assembled once here so every host raises the same alerts from the same booked actuals.
 * Level 1 watches the reps' daily basic actions (from the activity's first day, or the period's
 * start); levels 2-3 watch each rep's weekly completion; the health review watches the weekly
 * deviation of teams and above that have a target. Each week is measured against the unit's
 * Base spread by working days, or by its phasing profile when one is given.
 */
import type { LoadedBundle } from '../bundle/index.js';
import { shanghaiDay, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Problem } from '../problems.js';
import { createEscalator, type EscalationAlert } from './escalation.js';
import { createHealthCheck, type AdjustmentReview } from './health.js';
import type { BookedByPlace } from './booking.js';
import type { TimeProfile, TrackTarget } from './progress.js';
import { weekPointsOf, weeklyFigures, type WeekPoint } from './weekly.js';

interface AlertsInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  /** The tracked period's targets (their Base sets each week's expected value). */
  targets: ReadonlyMap<string, TrackTarget>;
  /** Own actuals by day, as booked (`bookActuals(...).booking.daily`); not read when `weekly` or `byPlace` is given. */
  daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>;
  /** The booking by place in `tree` (`Booking.byPlace`, made against this tree): read in place of `daily`. */
  byPlace?: BookedByPlace;
  /**
   * The weekly series already formed (by the database, plugin/sql/board.ts): a unit's series may
   * hold only the weeks of its streaks and the week after each, which raise the same alerts.
   */
  weekly?: Map<string, WeekPoint[]>;
  /** Basic actions per unit and day, for level 1; without it level 1 is not watched. */
  activity?: ReadonlyMap<string, ReadonlyMap<Day, number>>;
  timelines?: ReadonlyMap<string, TimeProfile>;
}

export interface PeriodAlerts {
  /** Every escalation alert, cleared ones too. */
  alerts: EscalationAlert[];
  /** Every target-adjustment review, cleared ones too. */
  reviews: AdjustmentReview[];
  /** The weekly series the alerts judged, by unit. */
  weekly: Map<string, WeekPoint[]>;
}

export type AlertsResult = ({ ok: true } & PeriodAlerts) | { ok: false; problems: Problem[] };

export function trackAlerts<T extends OrgUnitInput>(bundle: LoadedBundle, input: AlertsInput<T>): AlertsResult {
  const { tree, period, asOf, calendar, targets, activity } = input;
  const escalator = createEscalator(bundle);
  if (!escalator.ok) return escalator;
  const health = createHealthCheck(bundle);
  if (!health.ok) return health;
  // level 1 is watched from the first day the activity records, so days before it are not misses
  let first: Day | undefined;
  for (const days of activity?.values() ?? []) for (const d of days.keys()) if (first === undefined || d < first) first = d;
  const watchFrom = first !== undefined && first > period.start ? first : period.start;
  const days = calendar.workingDays(watchFrom, asOf < period.end ? asOf : period.end);
  if (input.weekly) {
    // the series the database formed (possibly only the weeks that raise or clear an alert)
    const given = input.weekly;
    const alerts = escalator.escalate({
      tree, days, ...(activity ? { daily: activity } : {}),
      weekly: new Map([...given].filter(([id]) => tree.get(id)?.level === 'rep').map(([id, ws]) => [id, ws.map((w) => ({ week: w.week, rate: w.rate }))])),
    });
    const reviews = health.check(new Map([...given].filter(([id]) => targets.has(id) && tree.get(id)?.level !== 'rep').map(([id, ws]) => [id, ws.filter((w) => w.expected > 0)])));
    return { ok: true, alerts, reviews, weekly: given };
  }
  const figures = weeklyFigures({
    tree, period, asOf, calendar, daily: input.daily, ...(input.byPlace ? { byPlace: input.byPlace } : {}), base: new Map([...targets].map(([id, t]) => [id, t.base])),
    ...(input.timelines ? { timelines: input.timelines } : {}),
  });
  const units = tree.flat.units;
  // levels 2-3 read the reps' weekly rates straight from the flat figures
  const alerts = escalator.escalate({
    tree,
    days,
    ...(activity ? { daily: activity } : {}),
    // by place in the tree (the figures' rows): the reps, week by week
    weeklyRates: { weeks: figures.weeks, rate: figures.rate, watched: (place) => units[place]!.level === 'rep' },
  });
  // the health review: teams and above with a target, the weeks with an expected value
  const forReview = new Map<string, WeekPoint[]>();
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    if (unit.level !== 'rep' && targets.has(unit.id)) forReview.set(unit.id, weekPointsOf(figures, i).filter((w) => w.expected > 0));
  }
  const reviews = health.check(forReview);
  // the series as points only when read (a CSV board of 60,000 units reads none)
  let weekly: Map<string, WeekPoint[]> | undefined;
  return {
    ok: true, alerts, reviews,
    get weekly(): Map<string, WeekPoint[]> { return (weekly ??= new Map(figures.ids.map((id, i) => [id, weekPointsOf(figures, i)]))); },
  };
}

type ActivityResult = { ok: true; activity: Map<string, Map<Day, number>> } | { ok: false; problems: Problem[] };

/** Reads daily basic actions (`id, date, actions`), by row and column; all-or-nothing. */
export function readActivity(
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>,
  file: string,
  isUnit: (id: string) => boolean,
): ActivityResult {
  const problems: Problem[] = [];
  const at = (row: number, column: string, code: string, zh: string, en: string) => problems.push({ ...problem(code, file, '', { zh, en }), row, column });
  const out = new Map<string, Map<Day, number>>();
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
  for (const { line, record } of records) {
    const id = text(record.id);
    const day = shanghaiDay(text(record.date));
    const raw = text(record.actions);
    const n = Number(raw);
    if (!isUnit(id)) at(line, 'id', 'ACTUALS_UNKNOWN_UNIT', `单位 ${id} 不在目标表中`, `unit ${id} is not in the targets`);
    else if (!day) at(line, 'date', 'ACTUALS_BAD_DATE', `date 不是有效日期：${text(record.date)}`, `date is not a valid day: ${text(record.date)}`);
    else if (raw === '' || !Number.isInteger(n) || n < 0) at(line, 'actions', 'TABLE_NOT_COUNT', `actions 应为非负整数，实际是 "${raw}"`, `actions must be a whole number >= 0, got "${raw}"`);
    else {
      const days = out.get(id) ?? new Map<Day, number>();
      days.set(day, (days.get(day) ?? 0) + n);
      out.set(id, days);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, activity: out };
}
