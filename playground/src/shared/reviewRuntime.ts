/**
 * The plan review runtime of the build (the plugin's createPlanReview over the balanced plan of
 * the company's suggested totals), shared by the review, the letters and the emergency
 * recalculation so all three act on the same review; and who signs each letter, shared by the
 * letters card and the HR export so both check signatures against the same heads.
 */
import { useMemo } from 'react';
import { createPlanReview, type FlowInstance, type LoadedBundle, type PlanReviewRuntime, type Signature } from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { personas } from '../roles/personas.js';
import { rolesMay } from '../roles/scope.js';

/** A letter's head: a persona who may sign signs his unit's letter under his own id; a rep signs for himself. */
export function letterHeads(bundle: LoadedBundle, model: CompanyModel): Record<string, { id: string; name: string }> {
  const heads: Record<string, { id: string; name: string }> = {};
  for (const p of Object.values(personas(model.tree))) if (rolesMay(bundle, p.actor.roles, 'commitment-letter', 'sign')) heads[p.actor.unitId] = { id: p.actor.id, name: p.name };
  for (const u of model.tree.units.values()) if (u.level === 'rep') heads[u.id] = { id: u.id, name: u.name };
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

function reviewRuntime(bundle: LoadedBundle, model: CompanyModel): PlanReviewRuntime {
  return createPlanReview({
    bundle, prepared: model.prepared, planId: 'balanced', period: model.period.key,
    totals: { base: model.suggestedBase, ...(model.suggestedStretch ? { stretch: model.suggestedStretch } : {}) },
  });
}

export function useReview(bundle: LoadedBundle, model: CompanyModel): PlanReviewRuntime {
  return useMemo(() => reviewRuntime(bundle, model), [bundle, model]);
}
