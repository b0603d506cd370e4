/**
 * The sample entry (`target-kit/sample`): seeded generators of the sample company, its actuals,
 * its pipeline and its shared deals. They make the committed sample files under
 * templates/data/, the tests' fixtures and the benchmarks' large companies; hosts do not need
 * them, so the runtime's entry (`target-kit/plugin`) leaves them out.
 */
export { seededRandom } from '../random.js';
export * from './company.js';
export * from './credit.js';
export * from './actuals.js';
export * from './pipeline.js';
