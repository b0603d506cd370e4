import { describe, expect, it } from 'vitest';
import { parseAllocationUnits } from '../../plugin/index.js';

const row = (line: number, record: Record<string, string>) => ({ line, record });

describe('parseAllocationUnits', () => {
  it('reads yuan into fen, the growth correction as a fraction, is_new and level; parents may leave money empty', () => {
    const r = parseAllocationUnits([
      row(2, { id: 'C', parent_id: '', name: '公司', revenue_12m: '', last_revenue: '' }),
      row(3, { id: 'R', parent_id: 'C', name: '华东', level: 'region', revenue_12m: '1200.5', last_revenue: '600', capacity: '900.05', growth_correction: '0.03', correction_reason: '消费补贴', is_new: '是' }),
    ], 'units.csv');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.units[1]).toMatchObject({ id: 'R', parentId: 'C', level: 'region', revenue12m: 120050, lastRevenue: 60000, capacity: 90005, correction: 0.03, correctionReason: '消费补贴', isNew: true, row: 3 });
    expect(r.units[0]).toMatchObject({ revenue12m: -1, lastRevenue: -1, parentId: null });
  });

  it('reports every bad cell by row and column', () => {
    const r = parseAllocationUnits([
      row(2, { id: 'C', parent_id: '', name: '公司' }),
      row(3, { id: 'A', parent_id: 'C', name: 'a', revenue_12m: '1,00', last_revenue: '-5', growth_correction: 'abc', is_new: 'maybe', level: 'city' }),
      row(4, { id: 'B', parent_id: 'C', name: 'b', revenue_12m: '10.123', last_revenue: '' }),
    ], 'units.csv');
    expect(r.ok ? [] : r.problems.map((p) => `${p.row}:${p.column}`)).toEqual(['3:revenue_12m', '3:last_revenue', '3:growth_correction', '3:level', '3:is_new', '4:revenue_12m']);
    const leaf = parseAllocationUnits([row(2, { id: 'C', parent_id: '', name: '公司' }), row(3, { id: 'A', parent_id: 'C', name: 'a', revenue_12m: '10' })], 'units.csv');
    expect(leaf.ok ? [] : leaf.problems.map((p) => [p.code, p.row, p.column])).toEqual([['UNIT_MISSING_CELL', 3, 'last_revenue']]);
  });

  it('refuses a correction in points (the old correction column, or growth_correction written as 3) by row and column with the hint', () => {
    const r = parseAllocationUnits([
      row(2, { id: 'C', parent_id: '', name: '公司', revenue_12m: '10', last_revenue: '10', correction: '' }),
      row(3, { id: 'R', parent_id: 'C', name: 'r', revenue_12m: '10', last_revenue: '10', correction: '3' }),
      row(4, { id: 'S', parent_id: 'C', name: 's', revenue_12m: '10', last_revenue: '10', growth_correction: '-2' }),
    ], 'units.csv');
    if (r.ok) throw new Error('accepted');
    expect(r.problems.map((p) => [p.code, p.row, p.column, p.message.zh])).toEqual([
      ['UNIT_CORRECTION_POINTS', 3, 'correction', 'correction 列（百分点）已改为 growth_correction 列（小数）：写 growth_correction = 0.03 表示 3 个百分点'],
      ['UNIT_BAD_CELL', 4, 'growth_correction', '外部修正 growth_correction 为 "-2"，应为 -1 到 1 之间的小数（写 -0.02 表示 -2%）'],
    ]);
  });
});
