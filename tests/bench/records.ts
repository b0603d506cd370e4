/**
 * Seeded sales records for the benches: the same million records on every run and machine.
 * Five dimensions with actual and target (some targets 0 or missing, as real sheets have),
 * and 8-12 weekly achievement rates for escalation rules.
 */

export interface SalesRecord {
  id: number;
  sales: number; salesTarget: number;
  margin: number; marginTarget: number;
  visits: number; visitsTarget: number;
  newCustomers: number; newCustomersTarget: number;
  collection: number; collectionTarget: number;
  weeks: number[];
}

import { seededRandom as prng } from '../../plugin/random.js';

export { prng };

export function generateRecords(count: number, seed = 20261123): SalesRecord[] {
  const random = prng(seed);
  const amount = (scale: number) => Math.round(random() * scale * 100) / 100;
  // About one target in a hundred is 0: the rules must not divide it into NaN silently.
  const target = (scale: number) => (random() < 0.01 ? 0 : Math.round((0.5 + random()) * scale));
  const records = new Array<SalesRecord>(count);
  for (let i = 0; i < count; i++) {
    const weeks: number[] = [];
    for (let w = 8 + Math.floor(random() * 5); w > 0; w--) weeks.push(Math.round((0.4 + random() * 0.8) * 1000) / 1000);
    records[i] = {
      id: i,
      sales: amount(1200), salesTarget: target(1000),
      margin: amount(300), marginTarget: target(250),
      visits: Math.floor(random() * 60), visitsTarget: target(40),
      newCustomers: Math.floor(random() * 12), newCustomersTarget: target(8),
      collection: amount(1100), collectionTarget: target(1000),
      weeks,
    };
  }
  return records;
}
