/**
 * The progress board (目标进度看板) as a host shows it: each unit's Base, Stretch, actual,
 * completion next to both lights, gaps and pace in words, its children for drill-down, and its
 * weeks for the trend and the heat map. It reads a targets table and an actuals table exactly
 * as `target-kit track` reads its files (`targetUnitsOf`, `readActuals`, `trackCompany`), so the
 * CLI, NocoBase and any other host give the same figures. Amounts leave as yuan text with two
 * decimals (exact, from fen); percentages as `lightPercent` text, never across the boundary
 * that decided their colour.
 */
import type { LoadedBundle } from '../bundle/index.js';
import { addDays, periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { formatYuan, type Fen } from '../money/index.js';
import type { Localized, Problem } from '../problems.js';
import { latestActualDay, readActuals } from './actuals.js';
import { readBookingSettings, type BookingResult, type BookingSettings } from './booking.js';
import { trackCompany, spreadTargets } from './company.js';
import type { Light } from './lights.js';
import { lightPercent } from './percent.js';
import { createTracker, type UnitProgress } from './progress.js';
import { trackToDate } from './to-date.js';
import { targetUnitsOf } from './targets-table.js';
import { latestTableDay, statedTargetsPeriod, targetsOfPeriod } from './targets-period.js';

/** A table as a host read it: the CSV reader's shape, whether from a file or a stored collection. */
interface BoardTable {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

interface BoardInput {
  targets: BoardTable;
  /** The actuals' table; or, from `trackStoredBoard`, the actuals booked where they are stored. */
  actuals: BoardTable | BookedActuals;
  calendar: WorkingCalendar;
  /** Default: the targets' own period (`boardPeriodOf`), else the as-of day's quarter as `track` does. */
  period?: Period;
  /** Default: the latest day the actuals reach, else `today`. */
  asOf?: Day;
  today: Day;
  /**
   * What the lights and completions compare with (`track --basis`): the whole period's target
   * (default, as `track`), or the part due by the as-of day, phased as the pace is, so that
   * lights and pace never contradict each other (the boards of the playground and NocoBase).
   */
  basis?: 'period' | 'to-date';
  /**
   * The units whose weeks are computed with the board (the ones a host draws); default every
   * unit. The others have no weeks (`[]`); the result's `weeksOf` gives theirs when asked.
   */
  weeksFor?: readonly string[];
}

/** Actuals already checked and booked for the board's own period and as-of day (made by `trackStoredBoard`). */
interface BookedActuals {
  file: string;
  /** The latest day the actuals' dates reach. */
  latest: Day | undefined;
  booked: BookingResult;
}

/**
 * Actuals that stay where they are stored (a database): a host reads their distinct dates first
 * (the latest day, the problems of bad dates), then, once the board knows the targets' units,
 * its period and as-of day, checks the rows and books them there (plugin/sql/booking.ts over
 * its own connection). The runtime decides everything else, as for a table.
 */
export interface StoredActuals {
  /** The name problems give the actuals by. */
  file: string;
  /** The latest day the actuals' dates reach: the default as-of day, and the targets' period pick. */
  latest: Day | undefined;
  /** The rows' problems (a unit not in the targets, an amount that is none, a bad date): all of them, none when all is well. */
  check(isUnit: (id: string) => boolean): Promise<Problem[]>;
  /** The rows booked into the period up to the as-of day, as `createActualsBooker` books them. */
  book(input: { period: Period; asOf: Day; calendar: WorkingCalendar; settings: BookingSettings }): Promise<BookingResult>;
}

/**
 * One column of the trend and the heat map: the period to date through the end of an ISO week
 * (the as-of week: through the as-of day), against the Base due by then (`trackToDate`), as the
 * playground's board draws it. The last column is the table's own row: the same actual, light
 * and completion, so the heat map, the lights and the pace cannot disagree.
 */
interface BoardWeek {
  week: string;
  /** The last day counted: the week's end, or the as-of day in the as-of week. */
  through: Day;
  /** Whether the week goes on after the as-of day. */
  partial: boolean;
  /** The actual from the period's start through `through`, yuan text, two decimals. */
  actual: string;
  /** The Base due by `through`, yuan text; "—" while nothing is due or without a target. */
  expected: string;
  /** actual / expected as shown next to `light` (never across its boundary); "—" without a due amount. */
  completion: string;
  light: Light;
}

type Pace = NonNullable<UnitProgress['pace']>;

export interface BoardUnit {
  id: string;
  parentId: string | null;
  name: string;
  level: string;
  /** Yuan text with two decimals; null without a target. */
  base: string | null;
  stretch: string | null;
  actual: string;
  gapBase: string | null;
  gapStretch: string | null;
  runRateBase: string | null;
  completionBase: string;
  completionStretch: string;
  light: Light;
  lightStretch: Light;
  /** Why a light is grey (or a missing actual was counted as zero). */
  reason: Localized | null;
  pace: Pace | null;
  paceText: Localized | null;
  /** Time gone, as a percentage text. */
  timeElapsed: string;
  children: string[];
  weeks: BoardWeek[];
}

export interface ProgressBoard {
  period: string;
  /** Which period of the targets table was read, and why (`targetsOfPeriod`). */
  targetsPeriod: { key: string; message: Localized };
  asOf: Day;
  /** The ISO weeks of the period begun by the as-of day (the trend's and the heat map's columns), in order. */
  weeks: string[];
  /** Top down. */
  units: BoardUnit[];
}

const PACE_TEXT: Record<Pace, Localized> = {
  ahead: { zh: '领先', en: 'ahead' },
  'on-pace': { zh: '正常', en: 'on pace' },
  behind: { zh: '落后', en: 'behind' },
};

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
const yuan = (f: Fen | null): string | null => (f === null ? null : formatYuan(f));

/** A week's column from the unit's period-to-date progress through it: the tracker's own light and explanation. */
function weekOf(week: ToDateWeek, p: UnitProgress | undefined): BoardWeek {
  const due = p?.due?.base ?? null;
  return {
    week: week.week, through: week.through, partial: week.partial,
    actual: formatYuan(p?.actual ?? 0), expected: due === null ? '—' : formatYuan(due),
    completion: p && p.completionBase !== null ? lightPercent(p.explanation.base) : '—',
    light: p?.light ?? 'grey',
  };
}

interface ToDateWeek { week: string; through: Day; partial: boolean }

/** The ISO weeks of the period begun by the as-of day, each counted through its end (the as-of week through the as-of day). */
function toDateWeeks(period: Period, asOf: Day): ToDateWeek[] {
  const last = asOf < period.end ? asOf : period.end;
  const out: ToDateWeek[] = [];
  for (let day = period.start; day <= last;) {
    const week = periodOf(day, 'week');
    out.push({ week: week.key, through: week.end < last ? week.end : last, partial: week.end > last });
    day = addDays(week.end, 1);
  }
  return out;
}

/**
 * Each unit's booked days summed into the week (checkpoint) they are counted by: a checkpoint's
 * period-to-date sum then adds a few weeks, not every day of the period again (a half year's
 * board has some twenty checkpoints). The same sums: every booked day lies in the period up to
 * the as-of day, the last checkpoint. Only the units in `keep` (the wanted units' subtrees,
 * all that rolls up into them) when given.
 */
function weekSums(daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>, checkpoints: readonly Day[], keep: ReadonlySet<string> | undefined): Map<string, Map<Day, Fen>> {
  const out = new Map<string, Map<Day, Fen>>();
  const last = checkpoints[checkpoints.length - 1];
  for (const [id, days] of daily) {
    if (keep && !keep.has(id)) continue;
    const sums = new Map<Day, Fen>();
    for (const [day, amount] of days) {
      if (last === undefined || day > last) continue;
      // the first checkpoint on or after the day
      let lo = 0;
      let hi = checkpoints.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (checkpoints[mid]! < day) lo = mid + 1;
        else hi = mid;
      }
      const at = checkpoints[lo]!;
      sums.set(at, (sums.get(at) ?? 0) + amount);
    }
    out.set(id, sums);
  }
  return out;
}

/** The units and everything under them. */
function subtreesOf(tree: { children(id: string): ReadonlyArray<{ id: string }> }, ids: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const walk = [...ids];
  while (walk.length) {
    const id = walk.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const c of tree.children(id)) walk.push(c.id);
  }
  return seen;
}

function unitOf(u: UnitProgress, children: string[], weeks: readonly ToDateWeek[], toDate: ReadonlyArray<{ progress: UnitProgress }> | undefined): BoardUnit {
  return {
    id: u.id, parentId: u.parentId, name: u.name, level: u.level,
    base: yuan(u.base), stretch: yuan(u.stretch), actual: formatYuan(u.actual),
    gapBase: yuan(u.gapBase), gapStretch: yuan(u.gapStretch), runRateBase: yuan(u.runRateBase),
    completionBase: lightPercent(u.explanation.base), completionStretch: lightPercent(u.explanation.stretch),
    light: u.light, lightStretch: u.lightStretch,
    reason: u.reason?.message ?? null,
    pace: u.pace, paceText: u.pace ? PACE_TEXT[u.pace] : null,
    timeElapsed: `${(Math.round(u.timeElapsed * 1000) / 10).toFixed(1)}%`,
    children,
    weeks: toDate ? weeks.map((w, i) => weekOf(w, toDate[i]?.progress)) : [],
  };
}

/** The targets table of the board's period (asked, else the one holding the as-of day or the latest actual day) and its units. */
function boardTargets(bundle: LoadedBundle, input: Omit<BoardInput, 'actuals'>, latestActual: Day | undefined) {
  const picked = targetsOfPeriod(input.targets, {
    asked: input.period?.key, asOf: input.asOf, latestActual, defaultPeriod: statedTargetsPeriod(bundle),
  });
  if (!picked.ok) return picked;
  const units = targetUnitsOf(picked.table.file, picked.table.columns, picked.table.records);
  return units.ok ? { ...units, ok: true as const, targetsTable: picked.table, pick: picked.pick } : units;
}

/** The as-of day (asked, else the latest actual day, else today) and the period (asked, else the targets', else the as-of day's quarter). */
function boardDays(input: Omit<BoardInput, 'actuals'>, targetsPeriod: Period | null | undefined, latestActual: Day | undefined): { asOf: Day; period: Period } {
  const asOf = input.asOf ?? latestActual ?? input.today;
  return { asOf, period: input.period ?? targetsPeriod ?? periodOf(asOf, 'quarter') };
}

type BoardResult = { ok: true; board: ProgressBoard; weeksOf(unitIds: readonly string[]): Map<string, BoardUnit['weeks']> } | { ok: false; problems: Problem[] };

/**
 * The whole company's board: `track`'s reading of the two tables and its use case, each unit
 * with its children and weeks. Bad rows refuse the board whole, by file, row and column.
 * `weeksOf` gives the weeks of units left out by `weeksFor`, from the same booking.
 */
export function trackBoard(bundle: LoadedBundle, input: BoardInput): BoardResult {
  const stored = 'booked' in input.actuals ? input.actuals : undefined;
  const head = boardTargets(bundle, input, stored ? stored.latest : latestTableDay(input.actuals as BoardTable));
  return head.ok ? boardOf(bundle, input, head) : head;
}

/** The targets table picked and its units' tree, as `boardTargets` made them. */
type BoardHead = Extract<ReturnType<typeof boardTargets>, { ok: true }>;

/** `trackBoard` once the targets are picked and their tree built (`trackStoredBoard` has done both before booking). */
function boardOf(bundle: LoadedBundle, input: BoardInput, head: BoardHead): BoardResult {
  const { calendar } = input;
  const stored = 'booked' in input.actuals ? input.actuals : undefined;
  const table = 'records' in input.actuals ? input.actuals : undefined;
  const { targetsTable, pick, tree, units } = head;
  const read = table && readActuals(table.records, table.file, { isUnit: (id) => tree.get(id) !== undefined });
  if (read && !read.ok) return read;
  const { asOf, period } = boardDays(input, pick.period, read ? latestActualDay(read.rows) : stored?.latest);
  const targets = spreadTargets(new Map(units.filter((u) => u.base !== null).map((u) => [u.id, { base: u.base as Fen, stretch: (u.stretch ?? u.base) as Fen }])), period, period, calendar);
  const records = new Map(targetsTable.records.map((r) => [text(r.record.id), { values: r.record, row: r.line }]));
  const tracked = trackCompany(bundle, {
    tree, targets, ...(read ? { rows: read.rows } : { booked: stored!.booked }), file: input.actuals.file, period, asOf, calendar, ...(input.basis ? { basis: input.basis } : {}),
    records: { file: targetsTable.file, columns: targetsTable.columns, byUnit: records },
  });
  if (!tracked.ok) return tracked;
  const { progress, booking } = tracked.tracking;
  // the trend and the heat map: the period to date through each week, by the same tracker and
  // basis as the table (the playground's board does the same), so its last column is the table's row
  const tracker = createTracker(bundle, { columns: targetsTable.columns, source: { zh: `目标表 ${targetsTable.file}`, en: `the targets file ${targetsTable.file}` } });
  if (!tracker.ok) return tracker;
  const weeks = toDateWeeks(period, asOf);
  const checkpoints = weeks.map((w) => w.through);
  const seriesOf = (unitIds: readonly string[] | undefined) => trackToDate(tracker.tracker, {
    tree, targets, period, calendar, daily: weekSums(booking.daily, checkpoints, unitIds && subtreesOf(tree, unitIds)), checkpoints, missingActuals: 'zero', records, recordsFile: targetsTable.file,
    ...(unitIds ? { unitIds } : {}),
  });
  const series = seriesOf(input.weeksFor);
  const board = progress.map((u) => unitOf(u, tree.children(u.id).map((c) => c.id), weeks, series.get(u.id)));
  // a unit's weeks depend on its own target and its subtree's actuals only: asked later, they are the ones the board would have had
  const weeksOf = (unitIds: readonly string[]): Map<string, BoardUnit['weeks']> => {
    const known = unitIds.filter((id) => tree.get(id) !== undefined);
    const later = seriesOf(known);
    return new Map(known.map((id) => [id, weeks.map((w, i) => weekOf(w, later.get(id)?.[i]?.progress))]));
  };
  return { ok: true, board: { period: period.key, targetsPeriod: { key: pick.key, message: pick.message }, asOf, weeks: weeks.map((w) => w.week), units: board }, weeksOf };
}

/**
 * The board over actuals that stay where they are stored (the NocoBase board on PostgreSQL):
 * the same targets, period and as-of day as `trackBoard` would choose, the rows checked and
 * booked by the host, then `trackBoard`'s figures from that booking (the targets and their tree
 * as picked and built for the check), refusals in the same order (the targets, the rows, then
 * the booking's).
 */
export async function trackStoredBoard(bundle: LoadedBundle, input: Omit<BoardInput, 'actuals'> & { actuals: StoredActuals }): Promise<BoardResult> {
  const { actuals } = input;
  const head = boardTargets(bundle, input, actuals.latest);
  if (!head.ok) return head;
  const bad = await actuals.check((id) => head.tree.get(id) !== undefined);
  if (bad.length) return { ok: false, problems: bad };
  const { asOf, period } = boardDays(input, head.pick.period, actuals.latest);
  const booked = await actuals.book({ period, asOf, calendar: input.calendar, settings: readBookingSettings(bundle.parameters) });
  // the targets picked and the tree built above, not again: a 56,000-unit board builds it once
  return boardOf(bundle, { ...input, actuals: { file: actuals.file, latest: actuals.latest, booked } }, head);
}

/**
 * The part of a board one person may see: the subtree under `root` (a rep's `own` view is his
 * unit alone). A unit outside the tree gives an empty board; children outside the view are
 * dropped, so no id of another's unit leaks through a drill-down link.
 */
export function boardView(board: ProgressBoard, root: string, kind: 'subtree' | 'own'): ProgressBoard {
  const byId = new Map(board.units.map((u) => [u.id, u]));
  const seen = new Set<string>();
  const walk = (id: string): void => {
    const u = byId.get(id);
    if (!u || seen.has(id)) return;
    seen.add(id);
    if (kind === 'subtree') for (const c of u.children) walk(c);
  };
  walk(root);
  const units = board.units.filter((u) => seen.has(u.id)).map((u) => ({ ...u, children: u.children.filter((c) => seen.has(c)) }));
  return { ...board, units };
}
