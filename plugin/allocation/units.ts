/**
 * Units as the allocation reads them: the org-tree columns (id, parent_id, name, level), the
 * money columns in 元 (revenue_12m, last_revenue, capacity), the external correction
 * (growth_correction, a fraction like every share: 0.03 = +3 points), and every other column kept
 * as it came (the factor rules read them). The old `correction` column in points (3 = +3 points)
 * is refused where it holds a value, with the hint, never read: a 3 left over would move a band by
 * 300 points. Rows come from a table (CSV, XLSX,
 * JSON) with their line numbers, so a bad cell is reported by row and column.
 */
import { readAmountCell } from '../data/spreadsheet.js';
import type { Fen } from '../money/index.js';
import type { OrgLevel, OrgUnitInput } from '../org/index.js';
import { notFractionCell, percentToFraction } from '../fractions.js';
import { problem, type Problem } from '../problems.js';

export interface AllocationUnitInput extends OrgUnitInput {
  /** Received revenue (回款额) of the last 12 months: ranks the children into tiers. */
  revenue12m: Fen;
  /** Revenue of the comparable last period: growth and bands are measured against it. */
  lastRevenue: Fen;
  /** Revenue of the 12 months before those (the history factor's trend); rolled up when empty on a parent. */
  revenuePrev12m?: Fen;
  /** What the unit can carry (负荷); when absent, last period × (1 + capacityGrowth). */
  capacity?: Fen;
  /** Opened recently (new team, new city): high growth on it is a risk. */
  isNew: boolean;
  /** External correction (外部变量修正) in growth points, as a fraction: 0.03 = +3 points. */
  correction: number;
  correctionReason?: string;
  /** The whole source record, for the factor rules. */
  record: Record<string, unknown>;
}

export interface SourceRow {
  line: number;
  record: Record<string, unknown>;
}

type UnitsResult = { ok: true; units: AllocationUnitInput[] } | { ok: false; problems: Problem[] };

const LEVELS: readonly string[] = ['company', 'region', 'team', 'rep'];

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const text = (v: unknown) => (blank(v) ? '' : String(v).trim());

/**
 * Money columns of a parent may be left empty: they are the sum of its children (see
 * rollUpMoney). Leaves must have them.
 */
export function parseAllocationUnits(rows: readonly SourceRow[], file: string): UnitsResult {
  const problems: Problem[] = [];
  const at = (row: SourceRow, column: string, zh: string, en: string, code = 'UNIT_BAD_CELL') => {
    problems.push({ ...problem(code, file, '', { zh, en }), row: row.line, column });
  };
  const units: AllocationUnitInput[] = [];
  for (const row of rows) {
    const r = row.record;
    const id = text(r.id);
    const money = (column: string): Fen | undefined => {
      const v = r[column];
      if (blank(v)) return undefined;
      // spreadsheet habits (1,200, full-width digits) read as data/spreadsheet.ts documents
      const read = readAmountCell(v);
      if (!read.ok) {
        at(row, column, `${column} 应为非负金额（元，最多两位小数），实际是 "${String(v)}"：${read.reason.zh}`, `${column} must be a non-negative amount in yuan (at most 2 decimals), got "${String(v)}": ${read.reason.en}`);
        return undefined;
      }
      return read.fen;
    };
    const revenue12m = money('revenue_12m');
    const lastRevenue = money('last_revenue');
    const capacity = money('capacity');
    const revenuePrev12m = money('revenue_prev_12m');
    let correction = 0;
    if (!blank(r.correction)) {
      const points = Number(text(r.correction));
      const hint = Number.isFinite(points) ? { zh: `写 growth_correction = ${percentToFraction(points)} 表示 ${points} 个百分点`, en: `write growth_correction = ${percentToFraction(points)} for ${points} points` } : { zh: '写 growth_correction = 0.03 表示 3 个百分点', en: 'write growth_correction = 0.03 for 3 points' };
      at(row, 'correction', `correction 列（百分点）已改为 growth_correction 列（小数）：${hint.zh}`, `the correction column (points) is now growth_correction (a fraction): ${hint.en}`, 'UNIT_CORRECTION_POINTS');
    }
    if (!blank(r.growth_correction)) {
      const raw = text(r.growth_correction);
      const c = Number(raw);
      if (!/^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$/.test(raw) || Math.abs(c) > 1) {
        problems.push(notFractionCell(file, row.line, 'growth_correction', { zh: '外部修正 growth_correction', en: 'growth_correction' }, String(r.growth_correction), { signed: true, code: 'UNIT_BAD_CELL' }));
      } else correction = c;
    }
    let level: OrgLevel | undefined;
    if (!blank(r.level)) {
      if (!LEVELS.includes(text(r.level))) at(row, 'level', `level 只能是 company、region、team 或 rep`, 'level must be company, region, team or rep');
      else level = text(r.level) as OrgLevel;
    }
    let isNew = false;
    if (!blank(r.is_new)) {
      const v = text(r.is_new).toLowerCase();
      if (!['true', 'false', '1', '0', 'yes', 'no', '是', '否'].includes(v)) at(row, 'is_new', `is_new 应为 true 或 false`, 'is_new must be true or false');
      else isNew = ['true', '1', 'yes', '是'].includes(v);
    }
    const unit: AllocationUnitInput = {
      id,
      parentId: text(r.parent_id) || null,
      name: text(r.name) || id,
      row: row.line,
      revenue12m: revenue12m ?? -1,
      lastRevenue: lastRevenue ?? -1,
      isNew,
      correction,
      record: r,
    };
    if (level) unit.level = level;
    if (!blank(r.head)) unit.head = text(r.head);
    if (capacity !== undefined) unit.capacity = capacity;
    if (revenuePrev12m !== undefined) unit.revenuePrev12m = revenuePrev12m;
    if (!blank(r.correction_reason)) unit.correctionReason = text(r.correction_reason);
    units.push(unit);
  }
  if (problems.length) return { ok: false, problems };
  // -1 marks an empty money cell: rolled up from children, or refused on a leaf
  const hasChildren = new Set(units.map((u) => u.parentId).filter((p): p is string => p !== null));
  for (const u of units) {
    if (hasChildren.has(u.id)) continue;
    for (const [column, value] of [['revenue_12m', u.revenue12m], ['last_revenue', u.lastRevenue]] as const) {
      if (value < 0) {
        problems.push({ ...problem('UNIT_MISSING_CELL', file, '', { zh: `单位 ${u.id} 缺少 ${column}`, en: `unit ${u.id} has no ${column}` }), row: u.row ?? 0, column });
      }
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, units };
}
