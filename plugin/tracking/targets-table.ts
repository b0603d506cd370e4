/**
 * A targets table read as the org tree and each unit's Base and Stretch: one reader for every
 * host that tracks (the CLI's track and notify, NocoBase's board), so two of them never see a
 * different org in one table.
 */
import { readAmount, type Fen } from '../money/index.js';
import { buildOrgTree, readLevelCell, type OrgLevel, type OrgTree, type OrgUnitInput } from '../org/index.js';
import { problem, type Problem } from '../problems.js';

interface TableRow { line: number; record: Readonly<Record<string, unknown>> }

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
const cell = (record: Readonly<Record<string, unknown>>, ...names: string[]): unknown => {
  for (const n of names) if (Object.hasOwn(record, n)) return record[n];
  return undefined;
};
const rowProblem = (file: string, row: number, column: string, code: string, zh: string, en: string): Problem =>
  ({ ...problem(code, file, '', { zh, en }), row, column });

interface TargetRow extends OrgUnitInput { base: Fen | null; stretch: Fen | null }

export function targetUnitsOf(
  file: string, columns: readonly string[], rows: readonly TableRow[],
): { ok: true; units: TargetRow[]; tree: OrgTree } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const units: TargetRow[] = [];
  for (const { line, record } of rows) {
    const amount = (column: string): Fen | null => {
      const raw = text(record[column]);
      if (raw === '') return null;
      // a target is never negative: -800 would read as a target met by any actual at all
      const read = readAmount(raw);
      if (!read.ok) {
        problems.push(rowProblem(file, line, column, 'TABLE_NOT_AMOUNT', `${column} 应为非负金额（元，最多两位小数），实际是 "${raw}"：${read.reason.zh}`, `${column} must be an amount >= 0 in yuan (at most 2 decimals), got "${raw}": ${read.reason.en}`));
        return null;
      }
      return read.fen;
    };
    const { level, problem: badLevel } = readLevelCell(record.level, file, line);
    if (badLevel) problems.push(badLevel);
    const head = text(record.head);
    units.push({
      id: text(record.id), parentId: text(cell(record, 'parent_id', 'parentId')) || null, name: text(record.name) || text(record.id), row: line,
      ...(level ? { level } : {}), ...(head ? { head } : {}),
      base: amount('base'), stretch: amount('stretch'),
    });
  }
  let built = buildOrgTree(units, file);
  if (!built.ok) problems.push(...built.problems);
  if (problems.length || !built.ok) return { ok: false, problems };
  // Without a level column the levels come from the org's shape, counted from the bottom: a
  // unit without children is a rep, their parents teams, theirs regions, the top the company.
  // Counting from the top would call the reps of a company → team → rep org teams, and the
  // alerts and reviews go by level.
  if (!columns.includes('level')) {
    const shaped = built.tree;
    const height = new Map<string, number>();
    for (const id of [...shaped.topDown].reverse()) {
      const kids = shaped.get(id)!.childIds;
      height.set(id, kids.length ? 1 + Math.max(...kids.map((k) => height.get(k)!)) : 0);
    }
    const BY_HEIGHT: readonly OrgLevel[] = ['rep', 'team', 'region'];
    for (const u of units) u.level = u.parentId === null ? 'company' : BY_HEIGHT[Math.min(height.get(u.id)!, 2)]!;
    built = buildOrgTree(units, file);
    if (!built.ok) return { ok: false, problems: built.problems };
  }
  return { ok: true, units, tree: built.tree };
}
