/**
 * Target allocation (目标拆解): the factor model, tiers and bands, three plans with their risks,
 * and the four-level cascade with exact money. Hosts call `createAllocation` once with the
 * bundle and the units, then `allocatePlans` (or `allocatePlan`) as often as the inputs change.
 */
import type { PreparedAllocation } from './prepare.js';

export * from './model.js';
export * from './units.js';
export * from './split.js';
export * from './prepare.js';
export * from './plan.js';
export { SAMPLE_UNITS_DATASET } from './bundle-checks.js';
export { factorColumns } from './columns.js';
export { simulatePlans } from './simulate.js';
export { createAllocation } from './create.js';
export { publishedTargets, readSimulationRequest, simulateStoredUnits, type PublishedTarget, type SimulationRequest, type StoredSimulation } from './publication.js';

/**
 * Emergency recalculation (应急重算) names cities: the teams and reps whose `city` column is one
 * of them, topmost only (a team's reps go with it). Company and region rows are never matched:
 * their city is where the office sits, not the market they cover.
 */
export function unitsInCities(prepared: PreparedAllocation, cities: Iterable<string>): string[] {
  const wanted = new Set([...cities].map((c) => c.trim()).filter(Boolean));
  const taken = new Set<string>();
  for (const id of prepared.order) {
    const u = prepared.tree.get(id)!;
    if (u.level !== 'team' && u.level !== 'rep') continue;
    if (!wanted.has(String(u.input.record.city ?? '').trim())) continue;
    if (u.parentId && taken.has(u.parentId)) continue;
    taken.add(id);
  }
  return [...taken];
}
