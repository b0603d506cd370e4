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
import { productLineParameterChecks } from '../phasing/product-lines.js';

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
