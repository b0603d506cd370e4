export * from './scorer.js';

export * from './company.js';
