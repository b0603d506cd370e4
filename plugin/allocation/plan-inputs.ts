/**
 * What every plan reads of the prepared units, read once into flat arrays (issue 21, item 3:
 * the three plans share their common work): the children of each unit in the order of their
 * ids as one index list, the last period, the band ends with the correction, the factor
 * multiplier, and whether a parent's children take relative bands. A plan then walks numbers
 * by place instead of 56,000 unit objects of several shapes, three times over.
 * Built by prepareAllocation (so its cost is the preparation's), kept beside the prepared
 * allocation, never changed.
 */
import type { OrgLevel } from '../org/index.js';
import type { AllocationModel } from './model.js';

/** What is read of a prepared unit (a PreparedUnit; named here so that prepare.ts, which builds these inputs, is not imported back). */
interface UnitFigures {
  readonly level: OrgLevel;
  readonly childIndexes: readonly number[];
  readonly lastRevenue: number;
  readonly score: number;
  readonly tierBand: { readonly low: number; readonly high: number } | null;
  readonly correction: number;
}

interface PlanInputs {
  /** Unit k's children, in the order of their ids, are kids[kidStart[k] .. kidStart[k + 1]). */
  readonly kidStart: Int32Array;
  readonly kids: Int32Array;
  readonly lastRevenue: Float64Array;
  /** The tier's band ends plus the capped correction (0 without a tier: the company). */
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** 1 when the unit has a tier band (every unit but the company). */
  readonly hasTier: Uint8Array;
  /** (1 − s) + s × score, s the model's scoreSensitivity. */
  readonly multiplier: Float64Array;
  /** 1 when unit k's children take bands shifted to meet k's growth (bandMode of their level). */
  readonly relative: Uint8Array;
}

const built = new WeakMap<readonly UnitFigures[], PlanInputs>();

/** The flat inputs of a prepared allocation's units (built on the first call, then shared). */
export function planInputsOf(prepared: { readonly list: readonly UnitFigures[]; readonly model: AllocationModel }): PlanInputs {
  let inputs = built.get(prepared.list);
  if (!inputs) {
    inputs = readPlanInputs(prepared.list, prepared.model);
    built.set(prepared.list, inputs);
  }
  return inputs;
}

function readPlanInputs(list: readonly UnitFigures[], model: AllocationModel): PlanInputs {
  const n = list.length;
  const kidStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) kidStart[i + 1] = kidStart[i]! + list[i]!.childIndexes.length;
  const kids = new Int32Array(kidStart[n]!);
  const lastRevenue = new Float64Array(n);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const hasTier = new Uint8Array(n);
  const multiplier = new Float64Array(n);
  const relative = new Uint8Array(n);
  const sigma = model.settings.scoreSensitivity;
  const mode = model.tiers.bandMode;
  // a parent's level names the bandMode of its children's level
  const childMode = { company: mode.region, region: mode.team, team: mode.rep, rep: mode.rep };
  for (let i = 0; i < n; i++) {
    const u = list[i]!;
    const childIndexes = u.childIndexes;
    const start = kidStart[i]!;
    for (let k = 0; k < childIndexes.length; k++) kids[start + k] = childIndexes[k]!;
    lastRevenue[i] = u.lastRevenue;
    multiplier[i] = (1 - sigma) + sigma * u.score;
    relative[i] = childMode[u.level] === 'relative' ? 1 : 0;
    if (!u.tierBand) continue;
    hasTier[i] = 1;
    low[i] = u.tierBand.low + u.correction;
    high[i] = u.tierBand.high + u.correction;
  }
  return { kidStart, kids, lastRevenue, low, high, hasTier, multiplier, relative };
}
