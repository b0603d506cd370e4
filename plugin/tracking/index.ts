export * from './progress.js';
export * from './percent.js';
export * from './escalation.js';
export * from './health.js';
export * from './streaks.js';
export * from './rollup.js';
export * from './weekly.js';
export * from './volatility.js';

export * from './lines.js';
export * from './actuals.js';
export * from './booking.js';
export * from './alerts.js';
export * from './company.js';
export * from './targets-table.js';
export * from './board.js';
export * from './targets-period.js';
export * from './to-date.js';
