/** Reading the model and the units into a prepared allocation: the one way every host starts. */
import type { DefinedRule } from '../bundle/index.js';
import { buildOrgTree } from '../org/index.js';
import type { Problem } from '../problems.js';
import { readAllocationModel } from './model.js';
import { prepareAllocation, type PrepareResult } from './prepare.js';
import type { AllocationUnitInput } from './units.js';

/** The parts of a loaded bundle the allocation reads. */
interface AllocationBundle {
  parameters: Record<string, unknown>;
  rules: ReadonlyMap<string, DefinedRule>;
}

/** Reads the model from the bundle, builds the org tree and scores every unit; problems by row and column. */
export function createAllocation(bundle: AllocationBundle, units: readonly AllocationUnitInput[], file = '<units>'): PrepareResult {
  const model = readAllocationModel(bundle.parameters, bundle.rules);
  if (!model.ok) return model;
  const tree = buildOrgTree(units, file);
  if (!tree.ok) return { ok: false, problems: tree.problems as Problem[] };
  return prepareAllocation(model.model, tree.tree, file);
}

