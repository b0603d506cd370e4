import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProductLines, createTracker, loadBundle, parsePeriod, readProductLines, splitByProductLine, trackProductLines, type Fen } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { calendar2026, tree } from './support.js';

const lines = [
  { id: 'cloud', name: { zh: '云', en: 'Cloud' }, weight: 0.55 },
  { id: 'saas', name: { zh: 'SaaS', en: 'SaaS' }, weight: 0.35 },
  { id: 'ai', name: { zh: 'AI', en: 'AI' }, weight: 0.1, stage: 'new' as const },
];

describe('product-line targets', () => {
  it('the bundle declares the lines; a bad group is refused by pointer when the bundle loads', () => {
    const ok = loadBundle(defaultBundleFiles());
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(readProductLines(ok.bundle.parameters)!.lines.map((l) => l.id)).toEqual(['cloud', 'saas', 'ai']);
    const files = clone(defaultBundleFiles());
    (files['parameters/phasing.json'] as { parameters: { productLines: { lines: Array<{ weight: unknown }> } } }).parameters.productLines.lines[2]!.weight = -1;
    const bad = loadBundle(files);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.pointer)).toContain('/parameters/productLines/lines/2/weight');
    expect(checkProductLines({ lines, units: { HD: { ai: 1, mobile: 2 } } }, 'f', '/p').map((p) => p.pointer)).toEqual(['/p/units/HD/mobile']);
  });

  it('a unit’s lines sum exactly to its target: 1,000.01 at 55/35/10 → 550.01 / 350.00 / 100.00; a unit mix of its own (a new line weighs more) is honoured', () => {
    const org = tree([['co', null], ['a', 'co'], ['b', 'co']]);
    const targets = new Map([['co', { base: 200_001, stretch: 240_000 }], ['a', { base: 100_001, stretch: 120_000 }], ['b', { base: 100_000, stretch: 120_000 }]]);
    const split = splitByProductLine(org, targets, { lines, units: {} });
    expect([...split.get('co')!.values()].map((t) => t.base)).toEqual([110_001, 70_000, 20_000]);
    expect([...split.get('a')!.values()].map((t) => t.base)).toEqual([55_001, 35_000, 10_000]);
    // cascaded: a + b = co per line
    for (const l of ['cloud', 'saas', 'ai']) expect(split.get('a')!.get(l)!.base + split.get('b')!.get(l)!.base).toBe(split.get('co')!.get(l)!.base);
    const own = splitByProductLine(org, targets, { lines, units: { b: { cloud: 0.5, ai: 0.5 } } });
    expect([...own.get('b')!.values()].map((t) => t.base)).toEqual([50_000, 0, 50_000]);
  });

  it('property: lines sum exactly to the unit in both tracks for random weights and amounts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0)), fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 3, maxLength: 3 }), (w, [x, y, up]) => {
      const org = tree([['co', null], ['a', 'co'], ['b', 'co']]);
      const targets = new Map([['co', { base: x! + y!, stretch: x! + y! + up! }], ['a', { base: x!, stretch: x! + up! }], ['b', { base: y!, stretch: y! }]]);
      const split = splitByProductLine(org, targets, { lines: w.map((weight, i) => ({ id: `l${i}`, name: { zh: '', en: '' }, weight })), units: {} });
      for (const [id, t] of targets) {
        const parts = [...split.get(id)!.values()];
        expect(parts.reduce((s, p) => s + p.base, 0)).toBe(t.base);
        expect(parts.reduce((s, p) => s + p.stretch, 0)).toBe(t.stretch);
      }
    }), { seed: 3, numRuns: 300 });
  });

  it('lights and gaps per line and in total; actuals without a line count in the total only', () => {
    const loaded = loadBundle(defaultBundleFiles());
    if (!loaded.ok) throw new Error();
    const tracker = createTracker(loaded.bundle);
    if (!tracker.ok) throw new Error();
    const org = tree([['co', null], ['a', 'co']]);
    const targets = new Map([['co', { base: 100_000, stretch: 100_000 }], ['a', { base: 100_000, stretch: 100_000 }]]);
    const split = splitByProductLine(org, targets, { lines, units: {} });
    const r = trackProductLines(tracker.tracker, { tree: org, targets, period: parsePeriod('2026-04')!, asOf: '2026-04-30', calendar: calendar2026() }, split, ['cloud', 'saas', 'ai'],
      [{ id: 'a', amount: 55_000, line: 'cloud' }, { id: 'a', amount: 10_000, line: 'saas' }, { id: 'a', amount: 1_000 }]);
    const light = (us: typeof r.total, id: string) => us.find((u) => u.id === id)!;
    expect(light(r.total, 'a')).toMatchObject({ actual: 66_000, light: 'yellow' });
    expect(light(r.lines.get('cloud')!, 'a')).toMatchObject({ base: 55_000, actual: 55_000, light: 'green', gapBase: 0 });
    expect(light(r.lines.get('saas')!, 'a')).toMatchObject({ base: 35_000, actual: 10_000, light: 'red', gapBase: 25_000 });
    expect(light(r.lines.get('ai')!, 'a')).toMatchObject({ base: 10_000, actual: 0, light: 'red' });
    expect(r.unassigned).toBe(1_000 as Fen);
  });
});
