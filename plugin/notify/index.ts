export * from './settings.js';
export * from './plan.js';
export * from './day.js';
