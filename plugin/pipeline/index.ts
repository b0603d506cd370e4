export * from './model.js';
export * from './analysis.js';
export * from './work-orders.js';
export * from './tables.js';
export * from './move.js';
