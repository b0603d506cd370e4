export * from './simulator.js';
export { bonusParameterChecks } from './parameter-checks.js';
