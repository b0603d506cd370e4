/**
 * The domains' parameter checks, assembled above the loader, and the loader wired with them.
 * `bundle/` sits below every domain and knows none of them; each domain exports the checks of
 * the groups it reads, and this module, next to the entry, lists them. A new domain adds one
 * line here; the loader does not change. Hosts call `loadBundle` and `loadSingleFileBundle`
 * from here (through `plugin/index.ts`).
 */
import { createBundleLoader, type BundleFiles, type LoadOptions, type LoadResult, type ParameterCheckRegistry } from './bundle/index.js';
import { allocationBundleChecks } from './allocation/bundle-checks.js';
import { allocationParameterChecks } from './allocation/model.js';
import { bonusParameterChecks } from './bonus/parameter-checks.js';
import { checkFilingParameters } from './filing/index.js';
import { checkForecast } from './forecast/index.js';
import { indicatorParameterChecks } from './indicators/model.js';
import { checkLettersParameters } from './letters/check.js';
import { productLineCrossGroupCheck, productLineParameterChecks } from './lines/product-lines.js';
import { notificationBundleChecks, notificationParameterChecks } from './notify/settings.js';
import { phasingParameterChecks } from './phasing/settings.js';
import { pipelineParameterChecks } from './pipeline/model.js';
import { pointsParameterChecks } from './points/parameter-checks.js';
import { reviewParameterChecks } from './review/parameter-checks.js';
import { scoringParameterChecks } from './scoring/parameter-checks.js';
import { trackingParameterChecks } from './tracking/parameter-checks.js';

/** Every parameter group a domain of this runtime knows, with its check. */
export const parameterCheckRegistry: ParameterCheckRegistry = {
  groups: {
    letters: checkLettersParameters,
    ...allocationParameterChecks,
    filing: checkFilingParameters,
    forecast: checkForecast,
    ...trackingParameterChecks,
    ...scoringParameterChecks,
    ...pointsParameterChecks,
    ...bonusParameterChecks,
    ...pipelineParameterChecks,
    ...indicatorParameterChecks,
    ...phasingParameterChecks,
    ...productLineParameterChecks,
    ...reviewParameterChecks,
    ...notificationParameterChecks,
  },
  crossGroup: [productLineCrossGroupCheck],
  bundle: [...allocationBundleChecks, ...notificationBundleChecks],
};

const loader = createBundleLoader(parameterCheckRegistry);

/**
 * Loads a bundle all or nothing (see `bundle/load.ts`), with every domain's parameter checks:
 * only a bundle without errors is returned; warnings travel with it.
 */
export function loadBundle(files: BundleFiles, options: LoadOptions = {}): LoadResult {
  return loader.loadBundle(files, options);
}

/**
 * Loads a bundle in single-file form. Problems point into the one file: `file` is
 * `containerName` and the pointer runs through `/files/<path>`.
 */
export function loadSingleFileBundle(single: unknown, containerName: string, options: LoadOptions = {}): LoadResult {
  return loader.loadSingleFileBundle(single, containerName, options);
}
