/**
 * The targets every screen tracks: the targets file's, until a plan review is frozen; then the
 * frozen plan's (with its decided appeals and the confirmed filings it took), so the board, the
 * filing's suggestion and the letters read one current state instead of the sample's file.
 */
import type { PlanReview, TrackTarget } from '../../../plugin/index.js';
import type { CompanyModel, CompanyResult } from './companyModel.js';

const cache = new WeakMap<CompanyModel, WeakMap<PlanReview, CompanyModel>>();

export function withReviewTargets(result: CompanyResult, review: PlanReview | null): CompanyResult {
  if (!result.ok || !review?.frozen) return result;
  const byReview = cache.get(result.model) ?? new WeakMap<PlanReview, CompanyModel>();
  cache.set(result.model, byReview);
  let model = byReview.get(review);
  if (!model) {
    const targets = new Map<string, TrackTarget>(result.model.targets);
    // an excluded unit (emergency recalculation) has no plan to track: it keeps the file's target
    for (const u of review.plan.units) if (!u.excluded) targets.set(u.id, { base: u.base, stretch: u.stretch });
    model = { ...result.model, targets };
    byReview.set(review, model);
  }
  return { ok: true, model };
}
