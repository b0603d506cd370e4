export * from './ledger.js';

