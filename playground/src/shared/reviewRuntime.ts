/**
 * The plan review runtime of the build (the plugin's createPlanReview over the balanced plan of
 * the company's suggested totals), shared by the review, the letters and the emergency
 * recalculation so all three act on the same review.
 */
import { useMemo } from 'react';
import { createPlanReview, type LoadedBundle, type PlanReviewRuntime } from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';

function reviewRuntime(bundle: LoadedBundle, model: CompanyModel): PlanReviewRuntime {
  return createPlanReview({
    bundle, prepared: model.prepared, planId: 'balanced', period: model.period.key,
    totals: { base: model.suggestedBase, ...(model.suggestedStretch ? { stretch: model.suggestedStretch } : {}) },
  });
}

export function useReview(bundle: LoadedBundle, model: CompanyModel): PlanReviewRuntime {
  return useMemo(() => reviewRuntime(bundle, model), [bundle, model]);
}
