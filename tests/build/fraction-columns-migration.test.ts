/**
 * The store step to version 8 (playground/src/build/fractionColumnsMigration.ts): a saved build's
 * split table and units table, written in percents and points, come back as the fractions the
 * plugin reads, every other byte kept. Node environment: the step is plain data work.
 */
import { describe, expect, it } from 'vitest';
import { parseAllocationUnits, parseCsv, readSplitTable } from '../../plugin/index.js';
import { migrateFractionColumns } from '../../playground/src/build/fractionColumnsMigration.js';

const oldSplits = 'order_id,id,percent\r\nSO-1,a,33.3333\r\nSO-1,b,33.3333\r\nSO-1,c,"33.3334"\r\nSO-2,"d, the second",100\r\n';
const oldUnits = '\uFEFFid,parent_id,name,revenue_12m,last_revenue,correction,correction_reason\nC,,公司,,,,\nR,C,"华东 ""东""",10,10,7,"补贴，超上限"\nS,C,s,10,10,-2.5,\n';

const splitsOf = (text: string) => {
  const csv = parseCsv(text, 'splits.csv');
  if (!csv.ok) throw new Error(csv.problem.message.en);
  return readSplitTable(csv.records, 'splits.csv', csv.columns);
};
const unitsOf = (text: string) => {
  const csv = parseCsv(text, 'units.csv');
  if (!csv.ok) throw new Error(csv.problem.message.en);
  return parseAllocationUnits(csv.records, 'units.csv');
};

describe('store version 7 → 8: percent columns become fraction columns', () => {
  it('rewrites a split table and a units table in edits and in an imported bundle, exactly, keeping quotes and line ends', () => {
    expect(splitsOf(oldSplits).ok).toBe(false);
    expect(unitsOf(oldUnits).ok).toBe(false);
    const v7 = { base: { kind: 'imported', name: 'old.json', files: { 'data/s.csv': oldSplits, 'data/u.csv': oldUnits, 'data/x.csv': 'a,percent\n1,50\n', 'p.json': { percent: 50 } } }, edits: { 'data/sample-credit/splits.csv': oldSplits }, drafts: {} };
    const v8 = migrateFractionColumns(v7) as typeof v7;
    const splits = 'order_id,id,share\r\nSO-1,a,0.333333\r\nSO-1,b,0.333333\r\nSO-1,c,0.333334\r\nSO-2,"d, the second",1\r\n';
    expect(v8.edits['data/sample-credit/splits.csv']).toBe(splits);
    expect(v8.base.files['data/s.csv']).toBe(splits);
    expect(v8.base.files['data/u.csv']).toBe('\uFEFFid,parent_id,name,revenue_12m,last_revenue,growth_correction,correction_reason\nC,,公司,,,,\nR,C,"华东 ""东""",10,10,0.07,"补贴，超上限"\nS,C,s,10,10,-0.025,\n');
    // not a split or units table: left alone
    expect(v8.base.files['data/x.csv']).toBe('a,percent\n1,50\n');
    expect(v8.base.files['p.json']).toEqual({ percent: 50 });
    const read = splitsOf(splits);
    expect(read.ok && read.splits.get('SO-1')!.map((s) => s.share)).toEqual([0.333333, 0.333333, 0.333334]);
    const units = unitsOf(v8.base.files['data/u.csv']);
    expect(units.ok && units.units.map((u) => u.correction)).toEqual([0, 0.07, -0.025]);
  });

  it('leaves a table already in fractions, and the sample base, as they are', () => {
    const v7 = { base: { kind: 'sample' }, edits: { 's.csv': 'order_id,id,share\no1,a,1\n' } };
    expect(migrateFractionColumns(v7)).toEqual(v7);
  });
});
