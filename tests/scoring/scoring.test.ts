import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { competitionRank, createScorer, loadBundle, type ScoreCard } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { defaultBundle, smallOrg } from '../tracking/support.js';

const bundle = defaultBundle();
const s = createScorer(bundle);
if (!s.ok) throw new Error(JSON.stringify(s.problems));
const scorer = s.scorer;

const values = (revenue: number, margin: number, newCustomers: number, satisfaction: number, compliance: number) => ({
  revenue, revenueTarget: 500000, margin, marginTarget: 150000, newCustomers, newCustomersTarget: 5, satisfaction, compliance,
});

function card(id: string, v: Record<string, unknown>, previousScore?: number): ScoreCard {
  const o = scorer.score({ id, name: id, values: v, ...(previousScore !== undefined ? { previousScore } : {}) });
  if (!o.ok) throw new Error(o.problem.message.en);
  return o.card;
}

describe('composite score with its breakdown', () => {
  it('gives each dimension raw, normalised, weight and points (the scorecard sample: 王磊)', () => {
    const c = card('wl', values(420000, 126000, 4, 88, 100));
    expect(c.dimensions).toEqual([
      { dimension: 'revenue', rule: 'score-revenue', raw: { revenue: 420000, revenueTarget: 500000 }, normalised: 0.84, weight: 0.4, points: 33.6 },
      { dimension: 'margin', rule: 'score-margin', raw: { margin: 126000, marginTarget: 150000 }, normalised: 0.84, weight: 0.25, points: 21 },
      { dimension: 'newCustomers', rule: 'score-new-customers', raw: { newCustomers: 4, newCustomersTarget: 5 }, normalised: 0.8, weight: 0.15, points: 12 },
      { dimension: 'satisfaction', rule: 'score-satisfaction', raw: { satisfaction: 88 }, normalised: 0.88, weight: 0.1, points: 8.8 },
      { dimension: 'compliance', rule: 'score-compliance', raw: { compliance: 100 }, normalised: 1, weight: 0.1, points: 10 },
    ]);
    expect(c.score).toBe(85.4);
  });

  it('agrees with the score-composite rule the scorecard form uses', () => {
    const composite = bundle.rules.get('score-composite')!;
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }),
      (rev, mar, nc, sat, comp) => {
        const v = values(rev, mar, nc, sat, comp);
        const r = composite.evaluate(v);
        expect(r.ok && r.value).toBeCloseTo(card('x', v).score, 6);
      },
    ), { seed: 4, numRuns: 300 });
  });

  it('caps over-achievement and refuses missing data', () => {
    expect(card('a', values(5_000_000, 150000, 5, 100, 100)).dimensions[0]!.normalised).toBe(1.2);
    const o = scorer.score({ id: 'b', values: { ...values(1, 1, 1, 1, 1), satisfaction: null } });
    expect(o).toMatchObject({ ok: false, problem: { code: 'RULE_INPUT_MISSING' } });
  });

  it('refuses weights that do not sum to 100%', () => {
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    files['parameters/scoring.json'].parameters.score.weights.revenue = 0.45;
    const r = loadBundle(files);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]).toMatchObject({ code: 'PARAM_WEIGHTS_SUM', file: 'parameters/scoring.json', pointer: '/parameters/score/weights' });
      expect(r.problems[0]!.message.en).toContain('105%');
    }
  });
});

describe('rankings: competition style with a JSON tie-break', () => {
  it('ranks 1, 2, 2, 4 with the gap to the next rank', () => {
    const cards = [
      card('r1', values(500000, 150000, 5, 100, 100)), // 100
      card('r2', values(400000, 150000, 5, 100, 100)), // 92
      card('r3', values(500000, 120000, 5, 100, 100)), // 95
      card('r4', values(500000, 120000, 5, 100, 100)), // 95
    ];
    const ranked = scorer.rank(cards);
    expect(ranked.map((c) => [c.id, c.score, c.rank, c.gapToNext])).toEqual([
      ['r1', 100, 1, null], ['r3', 95, 2, 5], ['r4', 95, 2, 5], ['r2', 92, 4, 3],
    ]);
  });

  it('orders a shared rank by the tie-break rule (revenue attainment first), then by id', () => {
    const a = card('a', values(450000, 150000, 5, 100, 100));
    const tieA = card('z', values(500000, 130000, 5, 90, 100));
    const tieB = card('y', values(500000, 130000, 5, 90, 100));
    const ranked = scorer.rank([a, tieA, tieB]);
    expect(ranked.find((c) => c.id === 'z')!.rank).toBe(ranked.find((c) => c.id === 'y')!.rank);
    const order = ranked.map((c) => c.id);
    expect(order.indexOf('y')).toBeLessThan(order.indexOf('z'));
    const sameScore = [card('m', values(400000, 150000, 5, 100, 100)), card('n', values(500000, 150000, 5, 100, 20))];
    expect(sameScore[0]!.score).toBe(sameScore[1]!.score);
    // n has the higher revenue attainment: listed first although m sorts first by id
    expect(scorer.rank(sameScore).map((c) => [c.id, c.rank])).toEqual([['n', 1], ['m', 1]]);
  });

  it('ranks within any unit of the org tree', () => {
    const tree = smallOrg();
    const cards = [card('r1', values(100000, 0, 0, 0, 0)), card('r2', values(200000, 0, 0, 0, 0)), card('r3', values(500000, 0, 0, 0, 0))];
    expect(scorer.rank(cards, { tree, within: 'east' }).map((c) => [c.id, c.rank])).toEqual([['r2', 1], ['r1', 2]]);
    expect(scorer.rank(cards, { tree, within: 'co' }).map((c) => c.id)).toEqual(['r3', 'r2', 'r1']);
  });

  it('property: ranks are competition ranks, deterministic whatever the input order', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), fc.integer(), (vals, shuffleSeed) => {
      const items = vals.map((value, i) => ({ id: `p${String(i).padStart(2, '0')}`, value }));
      const ranked = competitionRank(items);
      const shuffled = [...items].sort((a, b) => ((a.id.charCodeAt(2) * shuffleSeed) % 7) - ((b.id.charCodeAt(2) * shuffleSeed) % 7));
      expect(competitionRank(shuffled).map((r) => [r.item.id, r.rank])).toEqual(ranked.map((r) => [r.item.id, r.rank]));
      for (const r of ranked) {
        expect(r.rank).toBe(1 + items.filter((x) => x.value > r.item.value).length);
      }
    }), { seed: 7, numRuns: 200 });
  });
});

describe('awards are rules', () => {
  it('most improved, high-margin board and monthly top 3 (ties share a place)', () => {
    const cards = [
      card('a', values(500000, 150000, 5, 100, 100), 90), // 100, +10
      card('b', values(400000, 150000, 5, 100, 100), 70), // 92, +22
      card('c', values(500000, 120000, 5, 100, 100), 99), // 95, -4
      card('d', values(500000, 120000, 5, 100, 100)), // 95, new
      card('e', values(50000, 45000, 1, 50, 100)),
    ];
    const winners = scorer.awards(cards);
    const of = (award: string) => winners.filter((w) => w.award === award).map((w) => [w.id, w.place, w.value]);
    expect(of('mostImproved')).toEqual([['b', 1, 22]]);
    expect(of('monthlyTop')).toEqual([['a', 1, 100], ['c', 2, 95], ['d', 2, 95]]);
    // margin / revenue: e has too little revenue (50,000 < 100,000) to be listed
    expect(of('highMargin').map((w) => w[0])).toEqual(['b', 'a', 'c', 'd']);
  });
});
