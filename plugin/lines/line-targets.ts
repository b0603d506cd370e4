/**
 * Line targets from a targets table (产品线目标): a table written by `allocate --by-line` holds each
 * unit's total row (empty `line`) and one row per product line. The one reader of those line rows
 * (the CLI's `phase --by-line` and `track --by-line`), and the per-unit line mixes they give a
 * tracked period's targets.
 */
import { fenToYuan, nonNegativeAmount, type Fen } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Problem } from '../problems.js';
import { splitByProductLine, type LineTarget, type ProductLineSettings } from './product-lines.js';

type LineTargetsResult = { ok: true; lineTargets: Map<string, Map<string, LineTarget>> } | { ok: false; problems: Problem[] };

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

function rowProblem(file: string, row: number, column: string, code: string, zh: string, en: string): Problem {
  return { ...problem(code, file, '', { zh, en }), row, column };
}

/**
 * Line targets per unit: the table's line rows (`id, line, base[, stretch]`, an empty stretch is
 * the base) where a unit has them, else the unit's target split by the bundle's line weights
 * (`splitByProductLine`); a line a unit's rows leave out is 0. Refused whole, by row and column,
 * sorted by row: a unit without a total row (TARGETS_UNKNOWN_UNIT), a line not in the bundle
 * (TARGETS_UNKNOWN_LINE), a bad amount (TABLE_NOT_AMOUNT), a line twice
 * (TARGETS_DUPLICATE_LINE), lines not adding up to the unit's target in either track
 * (TARGETS_LINES_DO_NOT_ADD_UP, at the unit's first line row).
 */
export function readLineTargets<T extends OrgUnitInput>(
  rows: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>,
  file: string,
  tree: OrgTree<T>,
  targets: ReadonlyMap<string, LineTarget>,
  settings: ProductLineSettings,
): LineTargetsResult {
  const ids = settings.lines.map((l) => l.id);
  const problems: Problem[] = [];
  const given = new Map<string, { row: number; lines: Map<string, LineTarget> }>();
  for (const { line, record } of rows) {
    const id = text(record.id);
    const lineId = text(record.line);
    if (!tree.get(id)) { problems.push(rowProblem(file, line, 'id', 'TARGETS_UNKNOWN_UNIT', `单位 ${id} 没有合计行（line 为空的行）`, `unit ${id} has no total row (a row with an empty line)`)); continue; }
    if (!ids.includes(lineId)) { problems.push(rowProblem(file, line, 'line', 'TARGETS_UNKNOWN_LINE', `没有产品线 ${lineId}（可用：${ids.join('、')}）`, `there is no product line ${lineId} (known: ${ids.join(', ')})`)); continue; }
    const base = nonNegativeAmount(file, line, record, 'base', problems);
    const stretch = nonNegativeAmount(file, line, record, 'stretch', problems, base);
    const g = given.get(id) ?? { row: line, lines: new Map<string, LineTarget>() };
    if (g.lines.has(lineId)) problems.push(rowProblem(file, line, 'line', 'TARGETS_DUPLICATE_LINE', `单位 ${id} 的产品线 ${lineId} 出现两次`, `unit ${id}: line ${lineId} appears twice`));
    g.lines.set(lineId, { base, stretch });
    given.set(id, g);
  }
  for (const [id, g] of given) {
    const t = targets.get(id);
    if (!t) continue;
    for (const k of ['base', 'stretch'] as const) {
      const sum = [...g.lines.values()].reduce((a, x) => a + x[k], 0);
      if (sum !== t[k]) {
        problems.push(rowProblem(file, g.row, k, 'TARGETS_LINES_DO_NOT_ADD_UP', `单位 ${id} 各产品线的 ${k} 合计 ${fenToYuan(sum)} 元，不等于其目标 ${fenToYuan(t[k])} 元`, `unit ${id}: its lines' ${k} sums to ${fenToYuan(sum)} yuan, not its target of ${fenToYuan(t[k])} yuan`));
      }
    }
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
  const lineTargets = splitByProductLine(tree, targets, settings);
  for (const [id, g] of given) lineTargets.set(id, new Map(ids.map((l) => [l, g.lines.get(l) ?? { base: 0, stretch: 0 }])));
  return { ok: true, lineTargets };
}

/**
 * The product-line settings for tracking a period of line targets: each unit's mix becomes its
 * line targets' Base (a unit whose lines' Base are all 0 keeps the bundle's mix), so a tracked
 * period's target (a month of the half year) keeps the unit's line proportions.
 */
export function lineMixes(settings: ProductLineSettings, lineTargets: ReadonlyMap<string, ReadonlyMap<string, LineTarget>>): ProductLineSettings {
  const units: Record<string, Record<string, number>> = { ...settings.units };
  for (const [id, m] of lineTargets) if ([...m.values()].some((t) => t.base > 0)) units[id] = Object.fromEntries([...m].map(([l, t]) => [l, t.base]));
  return { ...settings, units };
}
