export * from './scorer.js';
export * from './ranking.js';
export { scoringParameterChecks } from './parameter-checks.js';
