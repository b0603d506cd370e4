export * from './ledger.js';
export { activityPoints, type ActivityPoints, type ActivityPointsInput } from './activity-points.js';
