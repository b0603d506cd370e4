import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger, type LedgerEntry } from '../../plugin/index.js';
import { createDayBalances } from '../../plugin/points/day-balances.js';
import { defaultBundle } from '../tracking/support.js';

/** The ledger's balances before they were kept incrementally: every query re-reads (and sorts) the whole history. */
type Posted = Pick<LedgerEntry, 'seq' | 'day' | 'points'>;
const oldBalanceAt = (list: readonly Posted[], asOf?: string): number => {
  let sum = 0;
  for (const e of list) if (asOf === undefined || e.day <= asOf) sum += e.points;
  return sum;
};
const oldLowestFrom = (history: readonly Posted[], day: string): number => {
  const list = [...history].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.seq - b.seq));
  let running = 0;
  let i = 0;
  for (; i < list.length && list[i]!.day <= day; i++) running += list[i]!.points;
  let lowest = running;
  for (; i < list.length; i++) {
    running += list[i]!.points;
    const next = list[i + 1];
    if (!next || next.day !== list[i]!.day) lowest = Math.min(lowest, running);
  }
  return lowest;
};

const day = fc.integer({ min: 1, max: 40 }).map((d) => `2026-${d > 30 ? '05' : '04'}-${String(d > 30 ? d - 30 : d).padStart(2, '0')}`);

describe('balances by day, kept incrementally', () => {
  it('give the same balance at every day and the same lowest balance from every day as the full recomputation', () => {
    const step = fc.record({ day, points: fc.integer({ min: -500, max: 500 }) });
    fc.assert(fc.property(fc.array(step, { maxLength: 120 }), fc.array(day, { minLength: 1, maxLength: 10 }), (steps, probes) => {
      const kept = createDayBalances();
      const history: Posted[] = [];
      steps.forEach((s, i) => {
        kept.add(s.day, s.points);
        history.push({ seq: i + 1, day: s.day, points: s.points });
        for (const p of probes) {
          expect(kept.at(p)).toBe(oldBalanceAt(history, p));
          expect(kept.lowestFrom(p)).toBe(oldLowestFrom(history, p));
        }
        expect(kept.at()).toBe(oldBalanceAt(history));
      });
      // days outside anything posted, and an empty history
      expect(kept.lowestFrom('2025-01-01')).toBe(oldLowestFrom(history, '2025-01-01'));
      expect(kept.lowestFrom('2027-01-01')).toBe(oldLowestFrom(history, '2027-01-01'));
      expect(createDayBalances().lowestFrom('2026-04-01')).toBe(0);
    }), { seed: 21, numRuns: 300 });
  });

  it('the ledger decides every random event sequence as the full recomputation does', () => {
    // cheap items, so that redemptions often pass and often fall short of a later day's balance
    const COSTS = { gift: 20, leave: 50, training: 30 };
    const bundle = defaultBundle((f) => { f['parameters/points.json'].parameters.points.redemptions = COSTS; });
    const person = fc.constantFrom('a', 'b');
    const key = fc.integer({ min: 0, max: 30 }).map((k) => `k${k}`);
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('earn' as const), key, person, type: fc.constantFrom('deal-signed', 'customer-revisit', 'new-customer'), at: day }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('redeem' as const), key, person, item: fc.constantFrom('gift', 'leave', 'training'), at: day }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), key, reverses: key, at: day }) },
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const made = createLedger(bundle);
      if (!made.ok) throw new Error('ledger');
      const l: Ledger = made.ledger;
      for (const o of ops) {
        const before = [...l.entries];
        const costOf = (p: string, d: string, cost: number) => {
          const history = before.filter((e) => e.person === p);
          return { covered: oldLowestFrom(history, d) - cost >= 0, now: oldBalanceAt(history, d), lowest: oldLowestFrom(history, d) };
        };
        if (o.kind === 'earn') { l.earn(o); continue; }
        if (o.kind === 'redeem') {
          const r = l.redeem(o);
          if (r.status === 'posted') expect(costOf(o.person, o.at, -r.entry.points).covered).toBe(true);
          if (r.status === 'refused' && r.problem.code === 'POINTS_SHORT') {
            const cost = COSTS[o.item];
            const old = costOf(o.person, o.at, cost);
            expect(old.covered).toBe(false);
            expect(r.problem.message.en).toContain(old.lowest === old.now ? `has ${old.now} points on ${o.at}` : `falls to ${old.lowest} points after ${o.at}`);
          }
          continue;
        }
        const original = before.find((e) => e.key === o.reverses);
        const r = l.reverse(o);
        if (original && original.points > 0 && r.status === 'posted') expect(costOf(original.person, o.at, original.points).covered).toBe(true);
        if (original && r.status === 'refused' && r.problem.code === 'POINTS_SHORT') expect(costOf(original.person, o.at, original.points).covered).toBe(false);
      }
      for (const p of ['a', 'b']) {
        const history = l.entries.filter((e) => e.person === p);
        expect(l.balance(p)).toBe(oldBalanceAt(history));
        for (let d = 1; d <= 40; d++) {
          const at = `2026-${d > 30 ? '05' : '04'}-${String(d > 30 ? d - 30 : d).padStart(2, '0')}`;
          expect(l.balance(p, at)).toBe(oldBalanceAt(history, at));
        }
      }
    }), { seed: 22, numRuns: 500 });
  });
});
