export * from './scorer.js';
export { scoringParameterChecks } from './parameter-checks.js';
