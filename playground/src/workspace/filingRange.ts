/**
 * The filing card's suggested range (申报建议区间), read for one rep: his monthly history from the
 * company's history dataset and his region's potential from the units table, handed to the
 * runtime's `filingRangeForPeriod` for the period the targets are held for. The figure is the
 * bundle's filing rules' and parameters'; this file only finds the inputs.
 */
import { filingRangeForPeriod, problem, type LoadedBundle, type PeriodFilingRange, type Problem } from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { DATASET, datasetFile } from '../company/companyModel.js';
import { historyOf } from '../phasing/phasingModel.js';

/** The units table's column the regional-potential factor reads (templates/rules/allocation.rules.json). */
const POTENTIAL_COLUMN = 'market_index';

const histories = new WeakMap<LoadedBundle, ReturnType<typeof historyOf>>();

type RepFilingRange = { ok: true; range: PeriodFilingRange } | { ok: false; problem: Problem };

export function repFilingRange(bundle: LoadedBundle, model: CompanyModel, unitId: string): RepFilingRange {
  let history = histories.get(bundle);
  if (!history) histories.set(bundle, (history = historyOf(bundle)));
  const unit = model.tree.get(unitId);
  // the region's potential (the filing rule's 所在大区潜力); a unit outside any region reads its own
  const region = unit?.level === 'region' ? unit : model.tree.ancestors(unitId).find((u) => u.level === 'region') ?? unit;
  const cell = region?.input.record[POTENTIAL_COLUMN];
  const potential = typeof cell === 'number' ? cell : typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : Number.NaN;
  const unitsFile = datasetFile(bundle, DATASET.units) ?? 'units.csv';
  if (!Number.isFinite(potential)) {
    return { ok: false, problem: { ...problem('FILING_NO_POTENTIAL', unitsFile, '', { zh: `单位 ${region?.id ?? unitId} 的 ${POTENTIAL_COLUMN} 不是数字`, en: `${POTENTIAL_COLUMN} of unit ${region?.id ?? unitId} is not a number` }), column: POTENTIAL_COLUMN, ...(region?.input.row !== undefined ? { row: region.input.row } : {}) } };
  }
  return filingRangeForPeriod(bundle.rules, {
    period: model.period, unitId, history: history.get(unitId) ?? new Map(), regionPotential: potential,
    file: datasetFile(bundle, DATASET.history) ?? 'history.csv',
  });
}
