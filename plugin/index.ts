/**
 * target-kit runtime: the public entry every host (CLI, playground, NocoBase) uses.
 * Pure TypeScript: no Node-only or DOM-only imports, so it runs in browsers and in Node.
 */
export * from './problems.js';
export * from './rules/index.js';
export * from './bundle/index.js';
export { loadBundle, loadSingleFileBundle, parameterCheckRegistry } from './domains.js';
export * from './data/index.js';
export { PLUGIN_VERSION } from './version.js';
export * from './money/index.js';
export * from './org/index.js';
export * from './allocation/index.js';
export * from './filing/index.js';
export * from './forecast/index.js';
export * from './sample/index.js';
export * from './flow/index.js';
export * from './letters/index.js';
export * from './calendar/index.js';
export * from './ranking/index.js';
export { median } from './stats.js';
export * from './tracking/index.js';
export * from './scoring/index.js';
export * from './points/index.js';
export * from './bonus/index.js';
export * from './review/index.js';
export * from './pipeline/index.js';
export * from './indicators/index.js';
export * from './phasing/index.js';
export * from './lines/index.js';
export * from './credit/index.js';
