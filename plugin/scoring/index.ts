export * from './scorer.js';

