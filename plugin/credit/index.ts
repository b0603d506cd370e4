export * from './split-credit.js';
