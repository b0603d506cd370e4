export * from './settings.js';
export * from './plan.js';
