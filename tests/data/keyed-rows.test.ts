/** Rows merged by key: the file's rows add or update, every other existing row stays. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRowsByKey } from '../../plugin/index.js';

const existing = [
  { id: 'A', date: '2026-W01', amount: '1.00' },
  { id: 'A', date: '2026-W02', amount: '2.00' },
  { id: 'B', date: '2026-W01', amount: '3.00' },
];

describe('mergeRowsByKey', () => {
  it('updates in place, appends new keys, keeps the rest, and counts each', () => {
    const m = mergeRowsByKey(existing, [
      { id: 'A', date: '2026-W02', amount: '20.00' },
      { id: 'B', date: '2026-W01', amount: '3.00' },
      { id: 'C', date: '2026-W01', amount: '5.00' },
    ], ['id', 'date']);
    expect(m.rows).toEqual([existing[0], { id: 'A', date: '2026-W02', amount: '20.00' }, existing[2], { id: 'C', date: '2026-W01', amount: '5.00' }]);
    expect(m).toMatchObject({ added: 1, updated: 1, unchanged: 1, kept: 1 });
  });

  it('never loses an existing key, and the file\'s value wins for every key it names', () => {
    const row = fc.record({ id: fc.constantFrom('A', 'B', 'C'), date: fc.constantFrom('d1', 'd2'), amount: fc.integer({ min: 0, max: 9 }).map(String) });
    const unique = (rows: Array<{ id: string; date: string; amount: string }>) => [...new Map(rows.map((r) => [`${r.id}|${r.date}`, r])).values()];
    fc.assert(fc.property(fc.array(row).map(unique), fc.array(row), (before, file) => {
      const m = mergeRowsByKey(before, file, ['id', 'date']);
      const key = (r: Record<string, string>) => `${r['id']}|${r['date']}`;
      const after = new Map(m.rows.map((r) => [key(r), r]));
      expect(after.size).toBe(m.rows.length);
      for (const r of before) expect(after.has(key(r))).toBe(true);
      const last = new Map(file.map((r) => [key(r), r]));
      for (const [k, r] of last) expect(after.get(k)).toEqual(r);
      expect(m.rows.length).toBe(before.length + m.added);
      expect(m.kept + m.updated + m.unchanged).toBe(before.length);
    }));
  });
});
