/** The simulator's run: one lock that cannot hold is set aside with its reason; the plans and the other locks stay. */
import { describe, expect, it } from 'vitest';
import { allocatePlans, createAllocation, parseAllocationUnits, parseCsv, parseYuan, simulatePlans } from '../../plugin/index.js';
import { bundleWith } from './support.js';

const bundle = bundleWith();
const csv = parseCsv(bundle.datasets.get('sample-company-units')!.content as string, 'units.csv');
if (!csv.ok) throw new Error('units.csv');
const units = parseAllocationUnits(csv.records, 'units.csv');
if (!units.ok) throw new Error('units');
const made = createAllocation(bundle, units.units, 'units.csv');
if (!made.ok) throw new Error('prepared');
const prepared = made.prepared;
const totals = { base: parseYuan(150_000_000)! };

describe('simulatePlans', () => {
  it('keeps every lock that holds, in the order entered, and says why the bad one was set aside', () => {
    const good = { XN01: parseYuan(3_000_000)! };
    const bad = { HD01: parseYuan(200_000_000)! };
    expect(allocatePlans(prepared, totals, { locks: { ...good, ...bad } }).ok).toBe(false);
    const run = simulatePlans(prepared, totals, { ...good, ...bad });
    if (!run.ok) throw new Error('simulate');
    expect(run.kept).toEqual(good);
    expect(Object.keys(run.refused)).toEqual(['HD01']);
    expect(run.refused.HD01!.zh).toContain('超过');
    const expected = allocatePlans(prepared, totals, { locks: good });
    if (!expected.ok) throw new Error('allocate');
    expect(run.plans.map((p) => p.units.map((u) => u.base))).toEqual(expected.plans.map((p) => p.units.map((u) => u.base)));
    expect(run.plans[0]!.byId.get('XN01')!.base).toBe(good.XN01);
  });

  it('passes every lock through when they all hold, and refuses bad totals whole', () => {
    const locks = { XN01: parseYuan(3_000_000)! };
    const run = simulatePlans(prepared, totals, locks);
    expect(run).toMatchObject({ ok: true, kept: locks, refused: {} });
    expect(simulatePlans(prepared, { base: -1 }, locks)).toMatchObject({ ok: false, problems: [{ code: 'ALLOC_BAD_TOTAL' }] });
  });
});
