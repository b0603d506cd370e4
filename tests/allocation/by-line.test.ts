/** Allocation by product line with each line's own factor weights: exact sums both ways, checks by pointer. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateByLine, allocatePlan, createAllocation, fitTable, loadBundle, readProductLines,
  type AllocationUnitInput, type Fen, type LineAllocation, type PlanResult, type ProductLineSettings,
} from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { bundleWith, companyArb, unit } from './support.js';

const linesOf = (files: Record<string, unknown>) => (files['parameters/phasing.json'] as { parameters: { productLines: { lines: Array<Record<string, unknown>> } } }).parameters.productLines;

// Loaded once for the file: the property tests allocate hundreds of companies, and loading the
// bundle (schemas, rules, the sample datasets) per company was most of their time. Allocation only reads it.
const defaultBundle = bundleWith();

function allocate(units: AllocationUnitInput[], total: Fen, settings?: ProductLineSettings, planId = 'balanced'): { plan: PlanResult; lines: LineAllocation } {
  const bundle = defaultBundle;
  const prepared = createAllocation(bundle, units);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  const plan = allocatePlan(prepared.prepared, planId, { base: total });
  if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
  const lines = allocateByLine(prepared.prepared, plan.plan, settings ?? readProductLines(bundle.parameters)!);
  if (!lines.ok) throw new Error(JSON.stringify(lines.problems));
  return { plan: plan.plan, lines: lines.allocation };
}

/** Every unit's lines sum to its target, every line's children to the parent's line amount, both tracks, nothing negative, Stretch ≥ Base. */
function expectExact(plan: PlanResult, lines: LineAllocation): void {
  for (const u of plan.units) {
    const ls = lines.units.get(u.id)!;
    expect(ls.reduce((a, l) => a + l.base, 0)).toBe(u.base);
    expect(ls.reduce((a, l) => a + l.stretch, 0)).toBe(u.stretch);
    for (const l of ls) {
      expect(l.base).toBeGreaterThanOrEqual(0);
      expect(l.stretch).toBeGreaterThanOrEqual(l.base);
      expect(Number.isSafeInteger(l.base) && Number.isSafeInteger(l.stretch)).toBe(true);
    }
    const kids = plan.units.filter((c) => c.parentId === u.id);
    if (!kids.length) continue;
    ls.forEach((l, j) => {
      expect(kids.reduce((a, c) => a + lines.units.get(c.id)![j]!.base, 0)).toBe(l.base);
      expect(kids.reduce((a, c) => a + lines.units.get(c.id)![j]!.stretch, 0)).toBe(l.stretch);
    });
  }
}

describe('allocation by product line', () => {
  it('the default bundle gives the new AI line its own factor weights; a bad weight or an unknown factor is refused by pointer, zh and en', () => {
    const ok = loadBundle(defaultBundleFiles());
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(readProductLines(ok.bundle.parameters)!.lines.find((l) => l.id === 'ai')!.factors).toMatchObject({ potential: 0.4, productFit: 0.4 });

    const sum = clone(defaultBundleFiles());
    linesOf(sum).lines[2]!.factors = { history: 0.5, potential: 0.4 };
    const a = loadBundle(sum);
    expect(a.ok).toBe(false);
    if (!a.ok) {
      const p = a.problems.find((x) => x.code === 'LINE_FACTOR_WEIGHTS')!;
      expect(p).toMatchObject({ file: 'parameters/phasing.json', pointer: '/parameters/productLines/lines/2/factors' });
      expect(p.message.zh).toContain('90%');
      expect(p.message.en).toContain('they must sum to 100%');
    }

    const range = clone(defaultBundleFiles());
    linesOf(range).lines[0]!.factors = { history: 1.5 };
    const b = loadBundle(range);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.problems.map((p) => p.pointer)).toContain('/parameters/productLines/lines/0/factors/history');

    const unknown = clone(defaultBundleFiles());
    linesOf(unknown).lines[2]!.factors = { history: 0.5, crossBorder: 0.5 };
    const c = loadBundle(unknown);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      const p = c.problems.find((x) => x.code === 'LINE_UNKNOWN_FACTOR')!;
      expect(p.pointer).toBe('/parameters/productLines/lines/2/factors/crossBorder');
      expect(p.message.en).toContain('crossBorder is not in allocationFactors');
    }

    const empty = clone(defaultBundleFiles());
    linesOf(empty).lines[1]!.factors = {};
    const d = loadBundle(empty);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.problems.map((p) => p.pointer)).toContain('/parameters/productLines/lines/1/factors');
  });

  it('a new line weighted on regional potential goes more to the high-potential region than the mature line does; both totals stay exact', () => {
    // two regions of the same size: N has a mature market, S a high-potential new one
    const units = [
      unit('C', null),
      unit('N', 'C', { market: 20, fit: 40, tenure: 60, rev12: 200_000_00 }),
      unit('S', 'C', { market: 95, fit: 95, tenure: 3, rev12: 200_000_00 }),
    ];
    units[0]!.lastRevenue = 200_000_00;
    units[0]!.revenue12m = 400_000_00;
    const settings: ProductLineSettings = {
      lines: [
        { id: 'mature', name: { zh: '成熟', en: 'Mature' }, weight: 80, factors: { history: 0.5, potential: 0, maturity: 0.5, productFit: 0, competition: 0 } },
        { id: 'new', name: { zh: '新品', en: 'New' }, weight: 20, factors: { history: 0, potential: 0.5, maturity: 0, productFit: 0.5, competition: 0 } },
      ],
      units: {},
    };
    const { plan, lines } = allocate(units, 230_000_00, settings);
    expectExact(plan, lines);
    const share = (id: string, line: number) => lines.units.get(id)![line]!.base / plan.byId.get(id)!.base;
    expect(share('S', 1)).toBeGreaterThan(0.2);
    expect(share('N', 1)).toBeLessThan(0.2);
    expect(lines.units.get('S')![1]!).toMatchObject({ weights: 'line' });
    expect(lines.units.get('S')![1]!.score).toBeGreaterThan(lines.units.get('N')![1]!.score);
    // the company's lines follow the line weights exactly: 80 / 20 of 2,300,000.00
    expect(lines.units.get('C')!.map((l) => l.base)).toEqual([184_000_00, 46_000_00]);

    // the same lines without their own factor weights split every unit 80 / 20
    const plain = allocate(units, 230_000_00, { lines: settings.lines.map(({ factors: _f, ...l }) => l), units: {} });
    for (const id of ['N', 'S']) expect(Math.abs(plain.lines.units.get(id)![1]!.base - Math.round(plain.plan.byId.get(id)!.base * 0.2))).toBeLessThanOrEqual(1);
  });

  it('a unit with its own mix gets nothing on a line it does not sell, and the others make up the line', () => {
    const units = [unit('C', null), unit('A', 'C'), unit('B', 'C'), unit('D', 'C')];
    units[0]!.lastRevenue = 300_000_00;
    const bundle = bundleWith();
    const settings = { ...readProductLines(bundle.parameters)!, units: { A: { cloud: 1, saas: 1 } } };
    const { plan, lines } = allocate(units, 345_000_00, settings);
    expectExact(plan, lines);
    expect(lines.units.get('A')!.find((l) => l.line === 'ai')!.base).toBe(0);
  });

  it('the default bundle on the sample-like random companies: exact in every plan (property)', () => {
    fc.assert(fc.property(companyArb, fc.integer({ min: 0, max: 5_000_000_000_00 }), fc.constantFrom('aggressive', 'balanced', 'conservative'), (units, total, planId) => {
      const { plan, lines } = allocate(units, total, undefined, planId);
      expectExact(plan, lines);
    }), { seed: 9, numRuns: 60 });
  });

  it('random line weights, factor weights and unit mixes: still exact to the fen (property)', () => {
    const factorIds = ['history', 'potential', 'maturity', 'productFit', 'competition'];
    const factorWeights = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 5, maxLength: 5 }).filter((w) => w.some((x) => x > 0))
      .map((w) => { const s = w.reduce((a, b) => a + b, 0); return Object.fromEntries(w.map((x, i) => [factorIds[i]!, x / s])); });
    const lineArb = fc.array(fc.record({ weight: fc.integer({ min: 0, max: 100 }), factors: fc.option(factorWeights, { nil: undefined }) }), { minLength: 1, maxLength: 5 })
      .filter((ls) => ls.some((l) => l.weight > 0));
    fc.assert(fc.property(companyArb, fc.integer({ min: 0, max: 900_000_000_00 }), lineArb, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 5, maxLength: 5 }), (units, total, ls, mix) => {
      const lines = ls.map((l, i) => ({ id: `l${i}`, name: { zh: `线${i}`, en: `line ${i}` }, weight: l.weight, ...(l.factors ? { factors: l.factors } : {}) }));
      // the first region sells only some lines, when its mix has any weight on them
      const own = Object.fromEntries(lines.map((l, i) => [l.id, mix[i]!]));
      const settings: ProductLineSettings = { lines, units: Object.values(own).some((w) => w > 0) ? { R0: own } : {} };
      const { plan, lines: got } = allocate(units, total, settings);
      expectExact(plan, got);
    }), { seed: 17, numRuns: 120 });
  });

  it('fitTable: rows and columns exact for any prior, cells ≥ 0 (property)', () => {
    const arb = fc.record({
      rows: fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 8 }),
      cuts: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }),
      prior: fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 10, noNaN: true })), { minLength: 6, maxLength: 6 }), { minLength: 8, maxLength: 8 }),
    });
    fc.assert(fc.property(arb, ({ rows, cuts, prior }) => {
      const total = rows.reduce((a, b) => a + b, 0);
      const cols = cuts.some((c) => c > 0) ? splitEven(total, cuts) : cuts.map((_, i) => (i === 0 ? total : 0));
      const t = fitTable(rows, cols, prior.slice(0, rows.length).map((r) => r.slice(0, cols.length)));
      rows.forEach((r, i) => expect(t[i]!.reduce((a, b) => a + b, 0)).toBe(r));
      cols.forEach((c, j) => expect(t.reduce((a, row) => a + row[j]!, 0)).toBe(c));
      for (const row of t) for (const x of row) expect(x >= 0 && Number.isSafeInteger(x)).toBe(true);
    }), { seed: 5, numRuns: 400 });
  });

  it('fitTable follows the prior when the totals allow: 2 × 2 with a strong diagonal', () => {
    const t = fitTable([100_00, 100_00], [100_00, 100_00], [[9, 1], [1, 9]]);
    expect(t).toEqual([[90_00, 10_00], [10_00, 90_00]]);
  });
});

function splitEven(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((w) => Math.floor((total * w) / sum));
  out[weights.findIndex((w) => w > 0)]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}
