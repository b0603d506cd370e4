/**
 * The day's notices from tables (每日预警通知): the org tree and targets, the actuals and the
 * optional daily actions, as rows with their lines, tracked to the as-of day and planned into
 * notices. The use case every host that notifies runs: the CLI over its files, NocoBase over
 * its stored collections; each reads its rows and its delivery log, and sends what comes back.
 */
import type { LoadedBundle } from '../bundle/index.js';
import { parseInstant } from '../calendar/instants.js';
import { parseCalendar, periodOf, shanghaiDay, type Day, type WorkingCalendar } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import {
  createActualsBooker, createActualsReader, readActivity, readBookingSettings, spreadTargets, trackCompany,
  type ActualsBooker, type AdjustmentReview, type EscalationAlert,
} from '../tracking/index.js';
import { targetUnitsOf } from '../tracking/targets-table.js';
import { runActualsSteps, type ActualsSteps } from '../tracking/steps.js';
import { latestTableDay, statedTargetsPeriod, targetsOfPeriod } from '../tracking/targets-period.js';
import { planNotifications, type NotifyPlan } from './plan.js';
import { readNotificationSettings } from './settings.js';
import { overdueFlowEvents, overdueStoredFlows, readFlowInstances } from './flows.js';
import { weeklyDigests, type WeeklyDigest } from './digest.js';
import { analyzePipeline, createPipelineModel, readOpportunities, readPipelineActivities, type TimeoutAlert } from '../pipeline/index.js';
import type { FlowEvent, FlowInstance } from '../flow/index.js';
import type { UnitProgress } from '../tracking/progress.js';
import type { OrgTree } from '../org/index.js';

/** A table as a host read it: its name, its columns and its rows with their lines (parseCsv's shape). */
export interface NoticeTable {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}


/** The bundle's own working-day calendar (its calendar-* dataset), or why there is none. */
function bundleCalendar(bundle: LoadedBundle): { ok: true; calendar: WorkingCalendar } | { ok: false; problems: Problem[] } {
  const dataset = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
  if (!dataset) return { ok: false, problems: [problem('CALENDAR_MISSING', 'bundle.json', '/datasets', { zh: '包中没有工作日历（calendar-* 数据集）', en: 'the bundle has no working-day calendar (a calendar-* dataset)' })] };
  const read = parseCalendar(dataset.content, dataset.def.file);
  return read.ok ? { ok: true, calendar: read.calendar } : { ok: false, problems: read.problems };
}

const missingColumns = (table: Pick<NoticeTable, 'file' | 'columns'>, needed: string[][]): Problem[] =>
  needed.filter((names) => !names.some((n) => table.columns.includes(n))).map((names) =>
    problem('TABLE_MISSING_COLUMN', table.file, '', { zh: `缺少列 ${names[0]}`, en: `column ${names[0]} is missing` }));

interface DayNoticesInput {
  targets: NoticeTable;
  actuals: NoticeTable;
  /** Daily basic actions (id, date, actions): the level-1 alerts need them. */
  activity?: NoticeTable;
  /** Default: the bundle's calendar. */
  calendar?: WorkingCalendar;
  /** Default: the latest day in the actuals. */
  asOf?: Day;
  /** The targets' period to read when the table holds several; default the as-of day's (`targetsOfPeriod`). */
  period?: string;
  /** The run's instant (ISO with its offset): the quiet hours are judged on it; the as-of day falls back to its Shanghai day. */
  now: string;
  delivered: ReadonlySet<string>;
  retry?: ReadonlySet<string>;
  roleHolders?: ReadonlyMap<string, ReadonlyArray<{ id: string; name: string }>>;
  /** The follow-up time-outs of the pipeline at `now` (its analysis' `alerts`, cleared ones included): the overdue ones are notices. */
  followUps?: readonly TimeoutAlert[];
  /**
   * The stored opportunities and their activities (the tables `target-kit pipeline` reads): their
   * follow-up time-outs at `now` become notices, as `followUps` given already analysed would.
   */
  pipeline?: { opportunities: NoticeTable; activities: NoticeTable };
  /** A flows file's JSON (flow instances): the flow engine says which are overdue at `now`. */
  flows?: { file: string; value: unknown };
  /**
   * Flow instances a host keeps as records (NocoBase's flow collections), due times not stored:
   * each due is taken again from its trail's last step on the bundle's working-day calendar.
   * An instance of a flow or unit the bundle does not know is left out, not refused: a host's
   * records outlive bundle versions.
   */
  storedFlows?: readonly FlowInstance[];
  /** Also the week's digests (one per manager and ISO week, those in `delivered` left out). */
  digests?: boolean;
  /**
   * Where the host shows a unit, with the bundle's link placeholders ({unit}, {record}, {kind}):
   * NocoBase links to its board page. Default: the bundle's `notifications.link`.
   */
  link?: string;
}

interface DayNotices {
  asOf: Day;
  /** Which period of the targets was read, and why. */
  targetsPeriod: { key: string; message: Localized };
  plan: NotifyPlan;
  alerts: EscalationAlert[];
  reviews: AdjustmentReview[];
  /** Every unit's quarter-to-date progress, top down: what the weekly digest reports. */
  progress: UnitProgress[];
  tree: OrgTree;
  followUps: readonly TimeoutAlert[];
  /** The week's digests not yet delivered, when asked for (`digests`); else empty. */
  digests: WeeklyDigest[];
}

type DayResult = { ok: true; day: DayNotices } | { ok: false; problems: Problem[] };

/**
 * `dayNotices` in steps, for a host that reads the actuals a pass at a time (`target-kit notify`
 * over a year of daily rows): the tables other than the actuals read here; the host feeds every
 * actual row to `reader` and the rows it gives to the booker of `bookerFor` (given the latest day
 * its first pass read, `actualRowDay`: the default as-of day), refuses the run on the reader's
 * problems first, then on `bookerFor`'s, and hands the booking to `finish`.
 */
type DaySteps = ActualsSteps<DayResult>;

/**
 * Tracks the quarter of the as-of day (escalation levels 1-3, the health review) over the
 * tables and plans its notices. Refused whole, by file, row and column, when a table is bad.
 */
export function dayNotices(bundle: LoadedBundle, input: DayNoticesInput): DayResult {
  const { actuals } = input;
  const steps = startDayNotices(bundle, { ...input, actuals: { file: actuals.file, columns: actuals.columns, latestCell: latestTableDay(actuals) } });
  return steps.ok ? runActualsSteps(steps, actuals.records) : steps;
}

/** `dayNotices` with the actuals streamed by the host: only their file, columns and latest date cell as written (`latestTableDay`). */
export function startDayNotices(bundle: LoadedBundle, input: Omit<DayNoticesInput, 'actuals'> & { actuals: { file: string; columns: readonly string[]; latestCell: Day | undefined } }):
  ({ ok: true } & DaySteps) | { ok: false; problems: Problem[] } {
  const settings = readNotificationSettings(bundle.parameters);
  if (!settings) return { ok: false, problems: [problem('NOTIFY_SETTINGS_MISSING', 'bundle.json', '/parameters', { zh: '包中没有 notifications 参数组', en: 'the bundle has no notifications parameter group' })] };
  const { actuals, activity } = input;
  const problems = [
    ...missingColumns(input.targets, [['id'], ['parent_id', 'parentId'], ['name'], ['base'], ['stretch']]),
    ...missingColumns(actuals, [['id'], ['date'], ['amount']]),
    ...(activity ? missingColumns(activity, [['id'], ['date'], ['actions']]) : []),
  ];
  if (problems.length) return { ok: false, problems };
  let calendar = input.calendar;
  if (!calendar) {
    const own = bundleCalendar(bundle);
    if (!own.ok) return own;
    calendar = own.calendar;
  }
  const cal = calendar;
  const picked = targetsOfPeriod(input.targets, {
    asked: input.period, asOf: input.asOf, latestActual: actuals.latestCell ?? shanghaiDay(input.now) ?? undefined, defaultPeriod: statedTargetsPeriod(bundle),
  });
  if (!picked.ok) return picked;
  const targets = picked.table;
  const units = targetUnitsOf(targets.file, targets.columns, targets.records);
  if (!units.ok) return units;
  const { tree } = units;
  const isUnit = (id: string) => tree.get(id) !== undefined;
  const reader = createActualsReader(actuals.file, { isUnit });
  let asOf: Day | undefined;
  let daily: Extract<ReturnType<typeof readActivity>, { ok: true }> | undefined;
  const bookerFor = (latestActual: Day | undefined): { ok: true; booker: ActualsBooker } | { ok: false; problems: Problem[] } => {
    const read = activity ? readActivity(activity.records, activity.file, isUnit) : undefined;
    if (read && !read.ok) return read;
    daily = read;
    asOf = input.asOf ?? latestActual ?? shanghaiDay(input.now) ?? undefined;
    if (!asOf) return { ok: false, problems: [problem('NOTIFY_BAD_NOW', '<now>', '', { zh: `运行时间不是带时区的时间：${input.now}`, en: `the run's time is not a time with its offset: ${input.now}` })] };
    const period = periodOf(asOf, 'quarter');
    return { ok: true, booker: createActualsBooker({ period, asOf, calendar: cal, settings: readBookingSettings(bundle.parameters), file: actuals.file }) };
  };
  const finish = (booked: ReturnType<ActualsBooker['finish']>): DayResult => {
    if (!asOf) throw new Error('dayNotices: finish before bookerFor');
    const period = periodOf(asOf, 'quarter');
    const spread = spreadTargets(new Map(units.units.filter((u) => u.base !== null).map((u) => [u.id, { base: u.base as Fen, stretch: (u.stretch ?? u.base) as Fen }])), period, period, cal);
    const tracked = trackCompany(bundle, { tree, targets: spread, booked, file: actuals.file, period, asOf, calendar: cal, ...(daily ? { activity: daily.activity } : {}) });
    if (!tracked.ok) return tracked;
    return planDay(bundle, input, { settings, tree, asOf, tracked: tracked.tracking, pick: picked.pick, calendar: cal });
  };
  return { ok: true, reader, bookerFor, finish };
}

/** The day's last step: flows and follow-ups at `now`, the notices planned, the digests written. */
function planDay(bundle: LoadedBundle, input: Omit<DayNoticesInput, 'actuals'>, s: {
  settings: NonNullable<ReturnType<typeof readNotificationSettings>>; tree: OrgTree; asOf: Day;
  tracked: { alerts: EscalationAlert[]; reviews: AdjustmentReview[]; progress: UnitProgress[] }; pick: { key: string; message: Localized };
  calendar: WorkingCalendar;
}): DayResult {
  const { settings, tree, asOf, calendar } = s;
  const tracked = { tracking: s.tracked };
  let overdueFlows: FlowEvent[] | undefined;
  if (input.flows) {
    const read = readFlowInstances(input.flows.value, input.flows.file, bundle, tree);
    if (!read.ok) return read;
    overdueFlows = overdueFlowEvents(bundle, tree, read.instances, input.now);
  }
  if (input.storedFlows) overdueFlows = [...overdueFlows ?? [], ...overdueStoredFlows(bundle, tree, input.storedFlows, calendar, input.now)];
  let followUps = input.followUps;
  if (input.pipeline) {
    const analysed = pipelineFollowUps(bundle, input.pipeline, input.now);
    if (!analysed.ok) return analysed;
    followUps = [...followUps ?? [], ...analysed.alerts];
  }
  const plan = planNotifications({
    settings: input.link === undefined ? settings : { ...settings, link: input.link }, tree, now: input.now, delivered: input.delivered, alerts: tracked.tracking.alerts, reviews: tracked.tracking.reviews,
    ...(input.retry ? { retry: input.retry } : {}), ...(input.roleHolders ? { roleHolders: input.roleHolders } : {}),
    ...(followUps ? { followUps } : {}), ...(overdueFlows ? { overdueFlows } : {}),
  });
  const { alerts, reviews, progress } = tracked.tracking;
  const digests = input.digests
    ? weeklyDigests({ texts: settings.digest, tree, progress, asOf, alerts, reviews, followUps: followUps ?? [], delivered: input.delivered })
    : [];
  return { ok: true, day: { asOf, targetsPeriod: { key: s.pick.key, message: s.pick.message }, plan, alerts, reviews, progress, tree, followUps: followUps ?? [], digests } };
}

/** Every follow-up time-out of the opportunities at `now` (cleared ones too: they resolve delivered notices), read as `target-kit pipeline` reads its files. */
function pipelineFollowUps(bundle: LoadedBundle, tables: { opportunities: NoticeTable; activities: NoticeTable }, now: string): { ok: true; alerts: TimeoutAlert[] } | { ok: false; problems: Problem[] } {
  const at = parseInstant(now);
  if (at === null) return { ok: false, problems: [problem('NOTIFY_BAD_NOW', '<now>', '', { zh: `运行时间不是带时区的时间：${now}`, en: `the run's time is not a time with its offset: ${now}` })] };
  const m = createPipelineModel(bundle);
  if (!m.ok) return m;
  const opportunities = readOpportunities(m.model, tables.opportunities);
  if (!opportunities.ok) return opportunities;
  const activities = readPipelineActivities(m.model, tables.activities, new Set(opportunities.opportunities.map((o) => o.id)));
  if (!activities.ok) return activities;
  return { ok: true, alerts: analyzePipeline(m.model, { opportunities: opportunities.opportunities, activities: activities.activities, now: at }).alerts };
}
