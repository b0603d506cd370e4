import { describe, expect, it } from 'vitest';
import { createScorer, creditedRevenue, fenToYuan, readSplits, type Order, type SplitRowInput } from '../../plugin/index.js';
import { defaultBundle } from '../tracking/support.js';

const rows = (xs: Array<[string, string, unknown]>): SplitRowInput[] => xs.map(([orderId, id, share], i) => ({ row: i + 2, orderId, id, share }));
const s = createScorer(defaultBundle());
if (!s.ok) throw new Error(JSON.stringify(s.problems));
const scorer = s.scorer;
const others = { revenueTarget: 500000, margin: 120000, marginTarget: 150000, newCustomers: 4, newCustomersTarget: 5, satisfaction: 90, compliance: 100 };

// 甲 (a) booked the 100,000.01 deal but shares it 60/40 with 乙 (b); a also booked 30,000, b 70,000
const orders: Order[] = [
  { orderId: 'o1', amount: 10_000_001, id: 'a' },
  { orderId: 'o2', amount: 7_000_000, id: 'b' },
  { orderId: 'o3', amount: 3_000_000, id: 'a' },
];
const split = readSplits(rows([['o1', 'a', '0.6'], ['o1', 'b', '0.4']]));
if (!split.ok) throw new Error();

const ranking = (revenue: Map<string, number>) => scorer.rank(['a', 'b'].map((id) => {
  const o = scorer.score({ id, values: { ...others, revenue: fenToYuan(revenue.get(id)!) } });
  if (!o.ok) throw new Error(o.problem.message.en);
  return o.card;
})).map((c) => [c.id, c.rank, c.score]);

describe('credited revenue for scores and rankings', () => {
  it('a 60/40 shared deal credits each rep his share, exactly, and the ranking changes because of it', () => {
    const { people, unassigned } = creditedRevenue(orders, split.splits);
    expect(unassigned).toEqual([]);
    expect(people.get('a')!.revenue).toBe(9_000_001); // 60,000.01 of o1 (largest remainder) + 30,000
    expect(people.get('b')!.revenue).toBe(11_000_000); // 40,000.00 of o1 + 70,000
    expect(people.get('a')!.revenue + people.get('b')!.revenue).toBe(10_000_001 + 7_000_000 + 3_000_000);

    // without the split the booker keeps the whole deal: a 130,000.01 ahead of b 70,000
    const uncredited = creditedRevenue(orders, new Map()).people;
    expect(ranking(new Map([...uncredited].map(([id, p]) => [id, p.revenue])))).toEqual([['a', 1, 61.4], ['b', 2, 56.6]]);
    // with it b (110,000) overtakes a (90,000.01)
    expect(ranking(new Map([...people].map(([id, p]) => [id, p.revenue])))).toEqual([['b', 1, 59.8], ['a', 2, 58.2]]);
  });

  it("a person's breakdown shows the shared deal with his share and credited amount; own deals are not shared", () => {
    const { people } = creditedRevenue(orders, split.splits);
    expect(people.get('b')!.shared).toEqual([{ orderId: 'o1', id: 'b', amount: 4_000_000, share: 0.4, orderAmount: 10_000_001, shared: true }]);
    expect(people.get('a')!.shared.map((c) => [c.orderId, c.share, c.amount])).toEqual([['o1', 0.6, 6_000_001]]);
    expect(people.get('a')!.deals.map((c) => [c.orderId, c.shared])).toEqual([['o1', true], ['o3', false]]);
  });

  it('adds credits to a base revenue and lists everyone in the base, with or without credits', () => {
    const { people } = creditedRevenue([{ orderId: 'o1', amount: 10_000_001 }], split.splits, new Map([['a', 3_000_000], ['b', 7_000_000], ['c', 500]]));
    expect([...people].map(([id, p]) => [id, p.revenue, p.shared.length])).toEqual([['a', 9_000_001, 1], ['b', 11_000_000, 1], ['c', 500, 0]]);
    expect(creditedRevenue([{ orderId: 'x', amount: 1 }], split.splits).unassigned.map((o) => o.orderId)).toEqual(['x']);
  });
});
