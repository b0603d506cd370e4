export * from './simulator.js';

export * from './board-bonus.js';
