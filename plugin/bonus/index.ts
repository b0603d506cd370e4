export * from './simulator.js';

