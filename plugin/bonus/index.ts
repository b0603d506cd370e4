export * from './simulator.js';

export * from './board-bonus.js';
export * from './pace-bonus.js';
