export * from './ledger.js';
export { activityPoints, type ActivityPoints } from './activity-points.js';
