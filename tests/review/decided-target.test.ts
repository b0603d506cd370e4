/** A decided appeal on a stored targets table: the unit gets its Base, siblings and subtrees follow, every total holds to the 分. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideTargetBase, parseCsv, parseYuan, type TargetRow } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { loadBundle } from '../../plugin/index.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const csv = parseCsv(loaded.bundle.datasets.get('sample-targets')!.content as string, 'targets.csv');
if (!csv.ok) throw new Error('csv');
const sample: TargetRow[] = csv.records.map(({ record }) => ({ id: record.id!, parentId: record.parent_id || null, base: parseYuan(record.base)!, locked: false }));

/** Every parent's Base equals the sum of its children's. */
function consistent(rows: readonly TargetRow[], bases: ReadonlyMap<string, number>): string[] {
  const sums = new Map<string, number>();
  for (const r of rows) if (r.parentId) sums.set(r.parentId, (sums.get(r.parentId) ?? 0) + bases.get(r.id)!);
  return [...sums].filter(([id, sum]) => bases.get(id) !== sum).map(([id]) => id);
}

describe('decideTargetBase', () => {
  it('华东 −6%: its Base exactly, the other regions absorb it, the company total and every parent = Σ children hold', () => {
    const hd = sample.find((r) => r.id === 'HD')!;
    const decided = Math.round(hd.base * 0.94);
    const r = decideTargetBase(sample, 'HD', decided);
    if (!r.ok) throw new Error(r.message.en);
    expect(r.bases.get('HD')).toBe(decided);
    expect(r.bases.get('YQ')).toBe(sample.find((x) => x.id === 'YQ')!.base);
    expect(r.changed[0]).toBe('HD');
    expect(r.changed).toContain('HN');
    expect(r.changed.some((id) => id.startsWith('HD0'))).toBe(true);
    expect(consistent(sample, r.bases)).toEqual([]);
  });

  it('a locked sibling keeps its Base; all siblings locked or the root is refused', () => {
    const locked = sample.map((r) => (r.id === 'HN' ? { ...r, locked: true } : r));
    const r = decideTargetBase(locked, 'HD', 2_500_000_000);
    if (!r.ok) throw new Error(r.message.en);
    expect(r.bases.get('HN')).toBe(sample.find((x) => x.id === 'HN')!.base);
    const regions = sample.filter((x) => x.parentId === 'YQ').map((x) => x.id);
    const allLocked = sample.map((x) => (regions.includes(x.id) && x.id !== 'HD' ? { ...x, locked: true } : x));
    expect(decideTargetBase(allLocked, 'HD', 1)).toMatchObject({ ok: false, code: 'TARGET_NO_SIBLINGS' });
    expect(decideTargetBase(sample, 'YQ', 1)).toMatchObject({ ok: false, code: 'TARGET_ROOT' });
    expect(decideTargetBase(sample, 'NOPE', 1)).toMatchObject({ ok: false, code: 'TARGET_UNKNOWN_UNIT' });
    expect(decideTargetBase(sample, 'HD', sample.find((x) => x.id === 'YQ')!.base + 1)).toMatchObject({ ok: false, code: 'TARGET_BELOW_ZERO' });
  });

  it('property: on any consistent tree, a decision keeps the root, gives the unit its Base, keeps locked units and every parent = Σ children', () => {
    // a root with 2-4 children, each with 0-3 children of their own, Bases in fen
    const tree = fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.boolean(), fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000_000 }), fc.boolean()), { maxLength: 3 })), { minLength: 2, maxLength: 4 });
    fc.assert(fc.property(tree, fc.nat(), fc.integer({ min: 0, max: 30_000_000 }), (spec, pick, decided) => {
      const rows: TargetRow[] = [];
      let rootBase = 0;
      spec.forEach(([own, locked, kids], i) => {
        const kidRows = kids.map(([b, l], j) => ({ id: `R${i}-${j}`, parentId: `R${i}`, base: b, locked: l }));
        const base = kidRows.length ? kidRows.reduce((s, k) => s + k.base, 0) : own;
        rows.push({ id: `R${i}`, parentId: 'ROOT', base, locked }, ...kidRows);
        rootBase += base;
      });
      rows.push({ id: 'ROOT', parentId: null, base: rootBase, locked: false });
      const target = rows[pick % (rows.length - 1)]!;
      const r = decideTargetBase(rows, target.id, decided);
      if (!r.ok) return;
      expect(r.bases.get(target.id)).toBe(decided);
      expect(r.bases.get('ROOT')).toBe(rootBase);
      expect(consistent(rows, r.bases)).toEqual([]);
      for (const row of rows) if (row.locked && row.id !== target.id) expect(r.bases.get(row.id)).toBe(row.base);
      for (const row of rows) expect(r.bases.get(row.id)!).toBeGreaterThanOrEqual(0);
      expect(new Set(r.changed)).toEqual(new Set(rows.filter((x) => r.bases.get(x.id) !== x.base).map((x) => x.id)));
    }), { numRuns: 300 });
  });
});
