export * from './model.js';
export * from './analysis.js';
export * from './work-orders.js';
