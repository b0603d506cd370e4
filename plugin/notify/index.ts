export * from './settings.js';
export * from './plan.js';
export * from './day.js';
export * from './flows.js';
export * from './digest.js';
export * from './payloads.js';
