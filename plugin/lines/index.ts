/**
 * Product lines (产品线): lines as data in the bundle, a unit's target split over them by weight,
 * the allocation by line with each line's own factor weights, and the exact two-way fit both
 * rest on. Tracking per line lives with the tracker (tracking/lines.ts).
 */
export * from './product-lines.js';
export * from './fit.js';
export * from './allocate-lines.js';
export * from './line-targets.js';
