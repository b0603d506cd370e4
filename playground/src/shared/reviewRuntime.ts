/**
 * The plan review runtime of the build (the plugin's createPlanReview), shared by the review,
 * the letters and the emergency recalculation so all three act on the same review; the totals
 * the simulator stands at, which a publication publishes; and who signs each letter, shared by
 * the letters card and the HR export so both check signatures against the same heads.
 */
import { useMemo } from 'react';
import {
  confirmedFilings, createPlanReview, letterSignerOf, parseYuan,
  type AllocationTotals, type Fen, type FlowInstance, type LoadedBundle, type PlanReviewRuntime, type Signature,
} from '../../../plugin/index.js';
import { useBuildStore, type SimulationInputs } from '../build/buildStore.js';
import type { CompanyModel } from '../company/companyModel.js';
import { personas } from '../roles/personas.js';
import { rolesMay } from '../roles/scope.js';

/**
 * Who signs each letter, as the runtime says (letterSignerOf: a rep himself, an org unit the
 * head the org names); where the sample org names no head, a persona who may sign stands for
 * his unit's head under his own id.
 */
export function letterHeads(bundle: LoadedBundle, model: CompanyModel): Record<string, { id: string; name: string }> {
  const heads: Record<string, { id: string; name: string }> = {};
  for (const p of Object.values(personas(model.tree))) {
    // a persona standing for his unit's head under the runtime's own head id (head:<unit>) is left to the
    // runtime, which names him in the letter's language ("华东大区负责人" / "Head of 华东大区"), not in zh only
    if (p.actor.id === `head:${p.actor.unitId}`) continue;
    if (rolesMay(bundle, p.actor.roles, 'commitment-letter', 'sign')) heads[p.actor.unitId] = { id: p.actor.id, name: p.name };
  }
  for (const u of model.tree.units.values()) {
    const signer = letterSignerOf(u);
    // a rep's letter is his own: named by his name, not as "head of" himself
    if (signer) heads[u.id] = { id: signer, name: signer === u.id ? u.name : heads[u.id]?.name ?? signer };
  }
  return heads;
}

/** The signature a signed commitment-letter instance recorded. */
export function recordedSignature(instance: FlowInstance): Signature {
  const d = instance.data;
  return {
    signerId: String(d.signerId ?? ''), name: String(d.signedBy ?? ''), at: String(d.signedAt ?? ''), hash: String(d.signedHash ?? ''),
    ...(typeof d.signedMac === 'string' ? { mac: d.signedMac } : {}),
  };
}

/** The confirmed filings of the build (unit → confirmed Base, fen), as a publication and a confirmation hand them to the review. */
export function confirmedOf(filings: Readonly<Record<string, FlowInstance>>): Record<string, Fen> {
  return confirmedFilings(Object.values(filings).filter((i) => i.state === 'confirmed').map((i) => ({ unitId: i.unitId, confirmedBase: parseYuan(i.data.confirmedBase) })));
}

/** The company totals the simulator stands at: what it typed, else the company's suggestion. */
export function simulatedTotals(model: CompanyModel, simulation: SimulationInputs | null): AllocationTotals {
  const stretch = simulation?.stretch ?? (model.suggestedStretch > 0 ? model.suggestedStretch : undefined);
  return { base: simulation?.base ?? model.suggestedBase, ...(stretch !== undefined ? { stretch } : {}) };
}

export const simulatedPlanId = (simulation: SimulationInputs | null) => simulation?.planId ?? 'balanced';

/**
 * The runtime of the published review's plan, or, before one, of the plan the simulator has
 * chosen. Its own totals are the suggestion: a review records the totals it was published at
 * and allocates with those; only a review stored before they were recorded falls back on these.
 */
export function useReview(bundle: LoadedBundle, model: CompanyModel): PlanReviewRuntime {
  const planId = useBuildStore((s) => s.flows.review?.planId ?? simulatedPlanId(s.simulation));
  return useMemo(() => createPlanReview({
    bundle, prepared: model.prepared, planId, period: model.period.key,
    totals: { base: model.suggestedBase, ...(model.suggestedStretch ? { stretch: model.suggestedStretch } : {}) },
  }), [bundle, model, planId]);
}
