export * from './ledger.js';
export { pointsParameterChecks } from './parameter-checks.js';
