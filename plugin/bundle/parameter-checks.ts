/**
 * Checks of parameter groups whose meaning the runtime knows (factor weights that must sum to
 * 100%, tier shares, bands...). Each domain module exports a checker for its group and lists
 * it here; the loader runs it on the group wherever it is defined, so a bad weight is refused
 * with the file and pointer of the group, before any rule runs.
 */
import type { Problem } from '../problems.js';
import { checkLettersParameters } from '../letters/check.js';
import { allocationParameterChecks } from '../allocation/model.js';
import { checkFilingParameters } from '../filing/index.js';
import { checkForecast } from '../forecast/index.js';
import { trackingParameterChecks } from '../tracking/parameter-checks.js';
import { scoringParameterChecks } from '../scoring/parameter-checks.js';
import { pointsParameterChecks } from '../points/parameter-checks.js';
import { bonusParameterChecks } from '../bonus/parameter-checks.js';
import { pipelineParameterChecks } from '../pipeline/model.js';
import { indicatorParameterChecks } from '../indicators/model.js';
import { phasingParameterChecks } from '../phasing/settings.js';
import { checkLineFactorIds, productLineParameterChecks } from '../lines/product-lines.js';
import { joinPointer } from '../problems.js';

/** `pointer` is the group's pointer in `file`, e.g. `/parameters/allocation`. */
export type ParameterCheck = (value: unknown, file: string, pointer: string) => Problem[];

export const parameterChecks: Readonly<Record<string, ParameterCheck>> = {
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
};

/**
 * Checks that read two groups (a product line weighing the allocation's factors). The loader runs
 * them once every group is in; `fileOf` names the file a group came from, so the problem points
 * at the group that holds the reference.
 */
export type CrossGroupCheck = (parameters: Readonly<Record<string, unknown>>, fileOf: (group: string) => string | undefined) => Problem[];

export const crossGroupChecks: readonly CrossGroupCheck[] = [
  (parameters, fileOf) => {
    const file = fileOf('productLines');
    return file === undefined ? [] : checkLineFactorIds(parameters.productLines, parameters.allocationFactors, file, joinPointer('/parameters', 'productLines'));
  },
];
