export { createPlanReview, type PlanReview, type PlanReviewRuntime, type ReviewStep } from './plan-review.js';
export { appealEvidence, EVIDENCE_LIMITS, evidenceParts, partialApprovalRange, type EvidenceFile } from './appeal-decision.js';
export { decideTargetBase, type DecidedTarget, type TargetRow } from './decided-target.js';
