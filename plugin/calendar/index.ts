export * from './days.js';
export * from './periods.js';
export * from './working-calendar.js';
export * from './instants.js';
