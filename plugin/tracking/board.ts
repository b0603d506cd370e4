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
import { periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { formatYuan, parseYuan, type Fen } from '../money/index.js';
import type { Localized, Problem } from '../problems.js';
import { compare, decimalOf, div, type Fraction } from '../rules/exact.js';
import { latestActualDay, readActuals } from './actuals.js';
import { trackCompany, spreadTargets } from './company.js';
import type { Light, LightBoundaries } from './lights.js';
import { lightPercent } from './percent.js';
import type { UnitProgress } from './progress.js';
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

interface BoardWeek {
  week: string;
  /** Yuan text, two decimals. */
  actual: string;
  /** The week's share of the Base, yuan text. */
  expected: string;
  /** actual / expected as shown next to `light`; "—" without an expected amount. */
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
  /** The completed ISO weeks shown in the trend and the heat map, in order. */
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
/** A weekly figure (yuan with at most two decimals, as the weekly series gives it) as exact yuan text. */
const weekYuan = (x: number): string => formatYuan(parseYuan(x.toFixed(2)) ?? 0);

/** Whether an exact rate lies on the green (or yellow) side of its boundary. */
function reaches(rate: Fraction, boundary: LightBoundaries['green']): boolean {
  const from = decimalOf(boundary.from);
  if (!from) return false;
  const c = compare(rate, from);
  return c > 0 || (c === 0 && boundary.inclusive);
}

/** A week's light, decided on the exact actual / expected with the unit's own boundaries. */
function weekOf(week: string, actual: number, expected: number, boundaries: LightBoundaries): BoardWeek {
  const a = decimalOf(actual), e = decimalOf(expected);
  const rate = a && e && expected > 0 ? div(a, e) : null;
  const light: Light = rate === null ? 'grey' : reaches(rate, boundaries.green) ? 'green' : reaches(rate, boundaries.yellow) ? 'yellow' : 'red';
  return {
    week, actual: weekYuan(actual), expected: weekYuan(expected), light,
    completion: rate === null ? '—' : lightPercent({ actual, target: expected, boundaries, light }),
  };
}

function unitOf(u: UnitProgress, children: string[], weeks: ReadonlyArray<{ week: string; actual: number; expected: number }>): BoardUnit {
  const boundaries = u.explanation.base.boundaries;
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
    weeks: weeks.map((w) => weekOf(w.week, w.actual, w.expected, boundaries)),
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
  const tracked = trackCompany(bundle, {
    tree, targets, rows: read.rows, file: input.actuals.file, period, asOf, calendar, ...(input.basis ? { basis: input.basis } : {}),
    records: { file: targetsTable.file, columns: targetsTable.columns, byUnit: new Map(targetsTable.records.map((r) => [text(r.record.id), { values: r.record, row: r.line }])) },
  });
  if (!tracked.ok) return tracked;
  const { progress, weekly } = tracked.tracking;
  const board = progress.map((u) => unitOf(u, tree.children(u.id).map((c) => c.id), weekly.get(u.id) ?? []));
  return { ok: true, board: { period: period.key, targetsPeriod: { key: pick.key, message: pick.message }, asOf, weeks: (weekly.get(tree.topDown[0] ?? '') ?? []).map((w) => w.week), units: board } };
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
