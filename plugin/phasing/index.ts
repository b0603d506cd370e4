export * from './settings.js';
export * from './profile.js';
export * from './cascade.js';
export * from './phase.js';
export * from './tracking.js';
export * from './progress.js';
