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
  actuals: BoardTable;
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

function unitOf(u: UnitProgress, children: string[], weeks: readonly ToDateWeek[], toDate: ReadonlyArray<{ progress: UnitProgress }>): BoardUnit {
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
    weeks: weeks.map((w, i) => weekOf(w, toDate[i]?.progress)),
  };
}

/**
 * The whole company's board: `track`'s reading of the two tables and its use case, each unit
 * with its children and weeks. Bad rows refuse the board whole, by file, row and column.
 */
export function trackBoard(bundle: LoadedBundle, input: BoardInput): { ok: true; board: ProgressBoard } | { ok: false; problems: Problem[] } {
  const { calendar } = input;
  const picked = targetsOfPeriod(input.targets, {
    asked: input.period?.key, asOf: input.asOf, latestActual: latestTableDay(input.actuals), defaultPeriod: statedTargetsPeriod(bundle),
  });
  if (!picked.ok) return picked;
  const { table: targetsTable, pick } = picked;
  const units = targetUnitsOf(targetsTable.file, targetsTable.columns, targetsTable.records);
  if (!units.ok) return units;
  const { tree } = units;
  const read = readActuals(input.actuals.records, input.actuals.file, { isUnit: (id) => tree.get(id) !== undefined });
  if (!read.ok) return read;
  const asOf = input.asOf ?? latestActualDay(read.rows) ?? input.today;
  const period = input.period ?? pick.period ?? periodOf(asOf, 'quarter');
  const targets = spreadTargets(new Map(units.units.filter((u) => u.base !== null).map((u) => [u.id, { base: u.base as Fen, stretch: (u.stretch ?? u.base) as Fen }])), period, period, calendar);
  const records = new Map(targetsTable.records.map((r) => [text(r.record.id), { values: r.record, row: r.line }]));
  const tracked = trackCompany(bundle, {
    tree, targets, rows: read.rows, file: input.actuals.file, period, asOf, calendar, ...(input.basis ? { basis: input.basis } : {}),
    records: { file: targetsTable.file, columns: targetsTable.columns, byUnit: records },
  });
  if (!tracked.ok) return tracked;
  const { progress, booking } = tracked.tracking;
  // the trend and the heat map: the period to date through each week, by the same tracker and
  // basis as the table (the playground's board does the same), so its last column is the table's row
  const tracker = createTracker(bundle, { columns: targetsTable.columns, source: { zh: `目标表 ${targetsTable.file}`, en: `the targets file ${targetsTable.file}` } });
  if (!tracker.ok) return tracker;
  const weeks = toDateWeeks(period, asOf);
  const series = trackToDate(tracker.tracker, {
    tree, targets, period, calendar, daily: booking.daily, checkpoints: weeks.map((w) => w.through), missingActuals: 'zero', records, recordsFile: targetsTable.file,
  });
  const board = progress.map((u) => unitOf(u, tree.children(u.id).map((c) => c.id), weeks, series.get(u.id) ?? []));
  return { ok: true, board: { period: period.key, targetsPeriod: { key: pick.key, message: pick.message }, asOf, weeks: weeks.map((w) => w.week), units: board } };
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
