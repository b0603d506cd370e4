export { createPlanReview, REVIEW_FLOW_ID, type PlanReview, type PlanReviewRuntime, type PlanReviewSetup, type ReviewLogEntry, type ReviewStep } from './plan-review.js';
