export { createPlanReview, type PlanReview, type PlanReviewRuntime, type ReviewStep } from './plan-review.js';
export { decideTargetBase, type DecidedTarget, type TargetRow } from './decided-target.js';
