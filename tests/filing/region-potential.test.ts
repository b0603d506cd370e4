import { describe, expect, it } from 'vitest';
import { buildOrgTree, loadBundle, regionPotentialOf } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

const rows = [
  { id: 'HQ', parentId: null, name: '总部', row: 2, record: { market_index: '70', potential: '' } },
  { id: 'HN', parentId: 'HQ', name: '华南', row: 3, record: { market_index: '85', potential: '40' } },
  { id: 'HN01', parentId: 'HN', name: '广州一组', row: 4, record: { market_index: '10', potential: '5' } },
  { id: 'HN01-01', parentId: 'HN01', name: '韩琪华', row: 5, record: { market_index: '1', potential: '2' } },
];
const built = buildOrgTree(rows, 'units.csv');
if (!built.ok) throw new Error('tree');
const tree = built.tree;

describe("the region's potential a filing range reads", () => {
  it("is read on the rep's region, from market_index when the bundle names no column", () => {
    expect(regionPotentialOf(tree, {}, 'HN01-01', 'units.csv')).toEqual({ ok: true, potential: 85, regionId: 'HN', column: 'market_index' });
    expect(regionPotentialOf(tree, { filing: {} }, 'HN', 'units.csv')).toMatchObject({ ok: true, potential: 85 });
  });

  it('is read from the column the bundle names (filing.potentialColumn)', () => {
    expect(regionPotentialOf(tree, { filing: { potentialColumn: 'potential' } }, 'HN01-01', 'units.csv')).toEqual({ ok: true, potential: 40, regionId: 'HN', column: 'potential' });
  });

  it('is refused by row and column when the cell is no number, and by column when the table lacks it', () => {
    const empty = regionPotentialOf(tree, { filing: { potentialColumn: 'potential' } }, 'HQ', 'units.csv');
    expect(empty.ok || [empty.problem.code, empty.problem.row, empty.problem.column]).toEqual(['FILING_NO_POTENTIAL', 2, 'potential']);
    const missing = regionPotentialOf(tree, { filing: { potentialColumn: 'region_potential' } }, 'HN01-01', 'units.csv');
    expect(missing.ok || missing.problem.message.en).toContain('no region_potential column');
    expect(missing.ok || missing.problem.message.zh).toContain('filing.potentialColumn');
    const unknown = regionPotentialOf(tree, {}, 'XX', 'units.csv');
    expect(unknown.ok || unknown.problem.code).toBe('FILING_UNKNOWN_UNIT');
  });

  it('refuses a potentialColumn that is no column name when the bundle loads', () => {
    for (const bad of ['', 42, 'a\nb']) {
      const files = clone(defaultBundleFiles());
      (files['parameters/allocation.json'] as { parameters: { filing: Record<string, unknown> } }).parameters.filing.potentialColumn = bad;
      const r = loadBundle(files);
      expect(r.ok ? [] : r.problems.map((p) => [p.code, p.pointer])).toEqual([['FILING_PARAM', '/parameters/filing/potentialColumn']]);
    }
  });
});
