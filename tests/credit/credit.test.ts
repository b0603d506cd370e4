import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditAmount, creditBreakdown, creditOrders, parseShare, readSplits, readSplitTable, unitCredits, type Order, type SplitRowInput } from '../../plugin/index.js';
import { tree } from '../phasing/support.js';

const rows = (xs: Array<[string, string, unknown]>): SplitRowInput[] => xs.map(([orderId, id, share], i) => ({ row: i + 2, orderId, id, share }));

describe('split credit (worked examples)', () => {
  it('50/30/20 of 1,000.01 credits 500.01, 300.00, 200.00 — the odd fen to the largest remainder (.5)', () => {
    const s = readSplits(rows([['o1', 'a', '0.5'], ['o1', 'b', '0.3'], ['o1', 'c', '0.2']]));
    if (!s.ok) throw new Error();
    expect(creditAmount(100_001, s.splits.get('o1')!)).toEqual([50_001, 30_000, 20_000]);
  });

  it('a third each of 100.00: 33.34 / 33.33 / 33.33, ties broken by person id whatever the row order', () => {
    const s = readSplits(rows([['o1', 'c', '0.333334'], ['o1', 'a', '0.333333'], ['o1', 'b', '0.333333']]));
    if (!s.ok) throw new Error();
    const { credits } = creditOrders([{ orderId: 'o1', amount: 10_000 }], s.splits);
    expect(credits.map((c) => [c.id, c.amount])).toEqual([['a', 3_333], ['b', 3_333], ['c', 3_334]]);
    const even = readSplits(rows([['o2', 'b', '0.5'], ['o2', 'a', '0.5']]));
    if (!even.ok) throw new Error();
    expect(creditOrders([{ orderId: 'o2', amount: 1 }], even.splits).credits.map((c) => [c.id, c.amount])).toEqual([['a', 1], ['b', 0]]);
  });

  it('refuses every row of an order whose shares do not sum to 1, by row number, and bad cells by row and column', () => {
    const s = readSplits(rows([['o1', 'a', '0.5'], ['o1', 'b', '0.4'], ['o2', 'a', 'half'], ['o3', 'a', '1'], ['o3', 'a', '0.5'], ['', 'x', '1']]), 'splits.csv');
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(s.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'share', 'SPLIT_NOT_WHOLE'], [3, 'share', 'SPLIT_NOT_WHOLE'], [4, 'share', 'SPLIT_BAD_SHARE'], [6, 'id', 'SPLIT_DUPLICATE'], [7, 'order_id', 'SPLIT_NO_ORDER'],
    ]);
    expect(s.problems[0]!.message.en).toBe('order o1: the shares sum to 0.9, not 1 (100%)');
  });

  it('shares are exact fractions: 0.333333 is 333,333 millionths; 0, over 1, 7 decimals and percents are refused', () => {
    expect(parseShare('0.333333')).toBe(333_333);
    expect(parseShare(0.5)).toBe(500_000);
    expect(parseShare('1')).toBe(1_000_000);
    expect(parseShare('.2')).toBe(200_000);
    expect([parseShare('0'), parseShare('1.01'), parseShare('0.0000001'), parseShare('-0.5'), parseShare('20%'), parseShare('50'), parseShare('')]).toEqual([null, null, null, null, null, null, null]);
  });

  it('a share written as a percent is refused at its row and column with the hint; a table still in percents is refused at its header', () => {
    const s = readSplits(rows([['o1', 'a', '60'], ['o1', 'b', '40%']]), 'splits.csv');
    if (s.ok) throw new Error('accepted');
    expect(s.problems.map((p) => [p.row, p.column, p.message.zh])).toEqual([
      [2, 'share', '分成比例 share 为 "60"，应为 0 到 1 之间的小数（写 0.6 表示 60%）'],
      [3, 'share', '分成比例 share 为 "40%"，应为 0 到 1 之间的小数（写 0.4 表示 40%）'],
    ]);
    const old = readSplitTable([{ line: 2, record: { order_id: 'o1', id: 'a', percent: '100' } }], 'splits.csv', ['order_id', 'id', 'percent']);
    if (old.ok) throw new Error('accepted');
    expect(old.problems.map((p) => [p.code, p.row, p.column])).toEqual([['SPLIT_PERCENT_COLUMN', 1, 'percent']]);
    expect(old.problems[0]!.message.zh).toContain('写 0.6 表示 60%');
    const now = readSplitTable([{ line: 2, record: { orderId: 'o1', id: 'a', share: '1' } }], 'splits.csv', ['orderId', 'id', 'share']);
    expect(now.ok && now.splits.get('o1')!.map((x) => x.share)).toEqual([1]);
  });

  it('a team counts a deal its two reps share once; a region with reps in two teams counts it once too; each person sees the deal and the share', () => {
    const org = tree([['co', null], ['east', 'co'], ['t1', 'east'], ['t2', 'east'], ['a', 't1'], ['b', 't1'], ['c', 't2']]);
    const s = readSplits(rows([['o1', 'a', '0.6'], ['o1', 'b', '0.4'], ['o2', 'b', '0.5'], ['o2', 'c', '0.5']]));
    if (!s.ok) throw new Error();
    const { credits } = creditOrders([{ orderId: 'o1', amount: 100_000 }, { orderId: 'o2', amount: 20_000 }, { orderId: 'o3', amount: 5_000, id: 'c' }], s.splits);
    const units = unitCredits(org, credits);
    expect(units.get('a')!.amount).toBe(60_000);
    expect(units.get('b')!.amount).toBe(50_000);
    expect(units.get('t1')!.amount).toBe(110_000); // o1 once (100,000) + b's half of o2
    expect(units.get('t1')!.orders.get('o1')).toBe(100_000);
    expect(units.get('t2')!.amount).toBe(15_000);
    expect(units.get('east')!.amount).toBe(125_000);
    expect(creditBreakdown(credits, 'b').map((c) => [c.orderId, c.share, c.amount, c.shared])).toEqual([['o1', 0.4, 40_000, true], ['o2', 0.5, 10_000, true]]);
  });
});

describe('split credit properties', () => {
  it('credited amounts sum exactly to the order for random shares, each within 1 fen of its exact share', () => {
    fc.assert(fc.property(fc.integer({ min: -10_000_000_000, max: 100_000_000_000 }), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (amount, raw) => {
      // scale random weights to millionths summing to exactly 1
      const sum = raw.reduce((a, b) => a + b, 0);
      const units = raw.map((w) => Math.max(1, Math.floor((w * 1_000_000) / sum)));
      units[0]! += 1_000_000 - units.reduce((a, b) => a + b, 0);
      fc.pre(units.every((u) => u > 0));
      const s = readSplits(units.map((u, i) => ({ row: i + 2, orderId: 'o', id: `p${String(i).padStart(2, '0')}`, share: u === 1_000_000 ? '1' : `0.${String(u).padStart(6, '0')}` })));
      if (!s.ok) throw new Error(JSON.stringify(s.problems));
      const parts = creditAmount(amount, s.splits.get('o')!);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
      s.splits.get('o')!.forEach((share, i) => expect(Math.abs(parts[i]! - (amount * share.millionths) / 1_000_000)).toBeLessThan(1));
    }), { seed: 9, numRuns: 500 });
  });

  it('a team’s actual never double-counts a shared deal: it is the sum over orders of its members’ credits, at most the order, exactly the order when all sharers are inside', () => {
    const org = tree([['co', null], ['r1', 'co'], ['r2', 'co'], ['t1', 'r1'], ['t2', 'r1'], ['t3', 'r2'], ...['a', 'b', 'c'].map((x): [string, string] => [x, 't1']), ...['d', 'e'].map((x): [string, string] => [x, 't2']), ['f', 't3']]);
    const people = ['a', 'b', 'c', 'd', 'e', 'f'];
    const deal = fc.record({ amount: fc.integer({ min: 0, max: 1_000_000_000 }), sharers: fc.subarray(people, { minLength: 1 }), weights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 6, maxLength: 6 }) });
    fc.assert(fc.property(fc.array(deal, { minLength: 1, maxLength: 20 }), (deals) => {
      const splitRows: SplitRowInput[] = [];
      const orders: Order[] = [];
      deals.forEach((d, k) => {
        const w = d.sharers.map((_, i) => d.weights[i]!);
        const sum = w.reduce((a, b) => a + b, 0);
        const units = w.map((x) => Math.max(1, Math.floor((x * 1_000_000) / sum)));
        units[units.length - 1]! += 1_000_000 - units.reduce((a, b) => a + b, 0);
        d.sharers.forEach((p, i) => splitRows.push({ row: splitRows.length + 2, orderId: `o${k}`, id: p, share: units[i]! / 1_000_000 }));
        orders.push({ orderId: `o${k}`, amount: d.amount });
      });
      const s = readSplits(splitRows);
      if (!s.ok) throw new Error(JSON.stringify(s.problems));
      const units = unitCredits(org, creditOrders(orders, s.splits).credits);
      expect(units.get('co')!.amount).toBe(orders.reduce((a, o) => a + o.amount, 0));
      for (const id of org.topDown) {
        const members = new Set(org.subtree(id).map((u) => u.id));
        for (const [k, d] of deals.entries()) {
          const got = units.get(id)!.orders.get(`o${k}`) ?? 0;
          expect(got).toBeLessThanOrEqual(d.amount);
          if (d.sharers.every((p) => members.has(p))) expect(got).toBe(d.amount);
          if (!d.sharers.some((p) => members.has(p))) expect(got).toBe(0);
        }
        expect(units.get(id)!.amount).toBe([...units.get(id)!.orders.values()].reduce((a, b) => a + b, 0));
      }
    }), { seed: 42, numRuns: 300 });
  });
});
