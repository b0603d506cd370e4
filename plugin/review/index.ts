export { createPlanReview, type PlanReview, type PlanReviewRuntime, type ReviewStep } from './plan-review.js';
