/**
 * The region's potential a filing range is widened by (所在大区潜力): read from the units table,
 * on the rep's region (the unit itself when it stands outside any region). Which column holds it
 * is the bundle's `filing.potentialColumn`; without it, the column the sample's regional-potential
 * factor reads (`market_index`), so older bundles keep working. Every host asks here, so a bundle
 * that names the column otherwise gets the same range everywhere, not a host's guess.
 */
import { isObject } from '../json.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Problem } from '../problems.js';

/** The units column read when the bundle does not name one. */
const DEFAULT_POTENTIAL_COLUMN = 'market_index';

/** The units column that holds the region's potential, as the bundle's filing parameters name it. */
function potentialColumnOf(parameters: Readonly<Record<string, unknown>>): string {
  const filing = parameters.filing;
  const named = isObject(filing) ? filing.potentialColumn : undefined;
  return typeof named === 'string' && named.trim() !== '' ? named.trim() : DEFAULT_POTENTIAL_COLUMN;
}

interface UnitWithRecord extends OrgUnitInput {
  /** The unit's row of the units table, by column. */
  record: Readonly<Record<string, unknown>>;
}

type PotentialResult = { ok: true; potential: number; regionId: string; column: string } | { ok: false; problem: Problem };

/** A potential index as the cell holds it: a number, or a text of one (thousands separators and full-width digits are not indexes). */
function indexOf(cell: unknown): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(cell)) return Number.NaN;
  return Number(cell);
}

/** The potential of `unitId`'s region (0..100 as the filing rules read it), or a problem naming the unit's row and the column. */
export function regionPotentialOf(
  tree: OrgTree<UnitWithRecord>,
  parameters: Readonly<Record<string, unknown>>,
  unitId: string,
  unitsFile: string,
): PotentialResult {
  const column = potentialColumnOf(parameters);
  const unit = tree.get(unitId);
  if (!unit) {
    return { ok: false, problem: problem('FILING_UNKNOWN_UNIT', unitsFile, '', { zh: `单位 ${unitId} 不在单位表中`, en: `unit ${unitId} is not in the units table` }) };
  }
  const region = unit.level === 'region' ? unit : tree.ancestors(unitId).find((u) => u.level === 'region') ?? unit;
  const potential = indexOf(region.input.record[column]);
  if (!Number.isFinite(potential)) {
    const where = { column, ...(region.input.row !== undefined ? { row: region.input.row } : {}) };
    const missing = !(column in region.input.record);
    return {
      ok: false,
      problem: {
        ...problem('FILING_NO_POTENTIAL', unitsFile, '', missing
          ? { zh: `单位表没有 ${column} 列（申报建议区间读取所在大区的潜力指数；可在参数 filing.potentialColumn 中指定列名）`, en: `the units table has no ${column} column (the filing range reads the region's potential index; filing.potentialColumn names the column)` }
          : { zh: `单位 ${region.id} 的 ${column} 不是数字`, en: `${column} of unit ${region.id} is not a number` }),
        ...where,
      },
    };
  }
  return { ok: true, potential, regionId: region.id, column };
}
