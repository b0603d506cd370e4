/**
 * The filing card's suggested range (申报建议区间), read for one rep: his monthly history from the
 * company's history dataset and his region's potential from the units table, handed to the
 * runtime's `filingRangeForPeriod` for the period the targets are held for. The figure is the
 * bundle's filing rules' and parameters'; this file only finds the inputs.
 */
import { filingRangeForPeriod, regionPotentialOf, type LoadedBundle, type PeriodFilingRange, type Problem } from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { DATASET, datasetFile } from '../company/companyModel.js';
import { historyOf } from '../phasing/phasingModel.js';

const histories = new WeakMap<LoadedBundle, ReturnType<typeof historyOf>>();

type RepFilingRange = { ok: true; range: PeriodFilingRange } | { ok: false; problem: Problem };

export function repFilingRange(bundle: LoadedBundle, model: CompanyModel, unitId: string): RepFilingRange {
  let history = histories.get(bundle);
  if (!history) histories.set(bundle, (history = historyOf(bundle)));
  // the region's potential (the filing rule's 所在大区潜力), from the column the bundle names
  const potential = regionPotentialOf(model.tree, bundle.parameters, unitId, datasetFile(bundle, DATASET.units) ?? 'units.csv');
  if (!potential.ok) return potential;
  return filingRangeForPeriod(bundle.rules, {
    period: model.period, unitId, history: history.get(unitId) ?? new Map(), regionPotential: potential.potential,
    file: datasetFile(bundle, DATASET.history) ?? 'history.csv',
  });
}
