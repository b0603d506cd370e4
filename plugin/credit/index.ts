export * from './split-credit.js';
export * from './credited-revenue.js';
export * from './orders.js';
