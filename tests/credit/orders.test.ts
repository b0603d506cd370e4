/**
 * Orders of shared deals (plugin/credit/orders.ts): the one reader the CLI's score and the
 * playground's sample orders share; a bad row is refused by row and column, never dropped.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, readOrders, readSplitAmounts, readSplits, unknownSharers, type SplitTable } from '../../plugin/index.js';
import { creditData } from '../../playground/src/phasing/sampleCredit.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

const records = (csv: string) => {
  const [head, ...lines] = csv.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l, i) => ({ line: i + 2, record: Object.fromEntries(l.split(',').map((v, j) => [cols[j]!, v])) }));
};

function splitsOf(csv: string): SplitTable {
  const r = readSplits(records(csv).map(({ line, record }) => ({ row: line, orderId: record.order_id, id: record.id, share: record.share })), 'splits.csv');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.splits;
}

const splits = splitsOf('order_id,id,share\no1,a,0.6\no1,b,0.4\no9,zz,1');

describe('readOrders', () => {
  it('reads each order with its holder, day and line; a shared order needs no holder; orderId works as a column name', () => {
    const r = readOrders(records('order_id,id,amount,date,line\no1,,100000.01,2026-04-10T23:30:00+08:00,cloud\no2,b,70000,,\no3,a, 30000 ,2026-04-15,'), 'orders.csv', { splits, isUnit: (id) => ['a', 'b'].includes(id), lines: ['cloud', 'saas'] });
    expect(r).toEqual({ ok: true, orders: [
      { orderId: 'o1', amount: 10_000_001, date: '2026-04-10', line: 'cloud' },
      { orderId: 'o2', amount: 7_000_000, id: 'b' },
      { orderId: 'o3', amount: 3_000_000, id: 'a', date: '2026-04-15' },
    ] });
    expect(readOrders([{ line: 2, record: { orderId: 'o7', id: 'a', amount: 5 } }], 'o.xlsx')).toEqual({ ok: true, orders: [{ orderId: 'o7', amount: 500, id: 'a' }] });
  });

  it('refuses every bad row by row and column, one problem a row, in the CLI\'s order and words, and returns no order', () => {
    const csv = `order_id,id,amount,date,line
o1,a,100,2026-04-10,cloud
,b,5,,
o1,b,5,,
o4,,30000,,
o5,z,30000,,
o6,a,1.234,,
o7,z,abc,,
o8,a,10,2026-13-01,
o10,a,10,,mobile
o9,,abc,,`;
    const r = readOrders(records(csv), 'orders.csv', { splits, isUnit: (id) => ['a', 'b'].includes(id), lines: ['cloud'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
      ['orders.csv', 3, 'order_id', 'ORDER_BAD_ID'],
      ['orders.csv', 4, 'order_id', 'ORDER_BAD_ID'],
      ['orders.csv', 5, 'id', 'ORDER_NO_HOLDER'],
      ['orders.csv', 6, 'id', 'ORDER_UNKNOWN_UNIT'],
      ['orders.csv', 7, 'amount', 'TABLE_NOT_AMOUNT'],
      ['orders.csv', 8, 'id', 'ORDER_UNKNOWN_UNIT'],
      ['orders.csv', 9, 'date', 'ORDER_BAD_DATE'],
      ['orders.csv', 10, 'line', 'ORDER_UNKNOWN_LINE'],
      ['orders.csv', 11, 'amount', 'TABLE_NOT_AMOUNT'], // o9 is shared: no holder needed, but the amount is bad
    ]);
    expect(r.problems.slice(0, 3).map((p) => p.message)).toEqual([
      { zh: 'order_id 为空', en: 'order_id is empty' },
      { zh: '订单 o1 重复', en: 'order o1 appears twice' },
      { zh: '订单 o4 既无 id 也不在分成表中', en: 'order o4 has no id and no split rows' },
    ]);
    expect(r.problems[3]!.message).toEqual({ zh: '单位 z 不在目标表中', en: 'unit z is not in the targets' });
    expect(r.problems[4]!.message).toEqual({ zh: 'amount 应为金额（元，最多两位小数），实际是 "1.234"', en: 'amount must be an amount in yuan (at most 2 decimals), got "1.234"' });
  });

  it('an unknown holder gets the caller\'s code and words (the CLI\'s score names --data)', () => {
    const r = readOrders(records('order_id,id,amount\no5,z,1'), 'orders.csv', { isUnit: () => false, unknown: (id) => ({ code: 'SCORE_UNKNOWN_PERSON', message: { zh: `${id} 不在 --data 中`, en: `${id} is not in --data` } }) });
    expect(r.ok ? [] : r.problems.map((p) => [p.code, p.message.en])).toEqual([['SCORE_UNKNOWN_PERSON', 'z is not in --data']]);
  });
});

describe('readSplitAmounts', () => {
  it('takes each shared order\'s amount from its rows; an empty cell is left to the other rows', () => {
    const csv = 'order_id,id,share,amount\no1,a,0.6,100.01\no1,b,0.4,';
    expect(readSplitAmounts(records(csv), 'splits.csv', splitsOf(csv))).toEqual({ ok: true, orders: [{ orderId: 'o1', amount: 10_001 }] });
  });

  it('refuses a bad amount, an amount differing from an earlier row, and an order with none', () => {
    const csv = 'order_id,id,share,amount\no1,a,0.6,100\no1,b,0.4,101\no2,a,0.5,\no2,b,0.5,\no3,a,1,x';
    const r = readSplitAmounts(records(csv), 'splits.csv', splitsOf(csv));
    expect(r.ok ? [] : r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'amount', 'SPLIT_AMOUNT_MISMATCH'], [6, 'amount', 'TABLE_NOT_AMOUNT'], [4, 'amount', 'SPLIT_NO_AMOUNT'], [6, 'amount', 'SPLIT_NO_AMOUNT'],
    ]);
  });
});

describe('unknownSharers', () => {
  it('names each share whose person is unknown at its row and id column; the code and words are the caller\'s if given', () => {
    expect(unknownSharers(splits, 'splits.csv', (id) => id !== 'zz').map((p) => [p.row, p.column, p.code, p.message.en])).toEqual([[4, 'id', 'ACTUALS_UNKNOWN_UNIT', 'unit zz is not in the targets']]);
    expect(unknownSharers(splits, 'splits.csv', () => true)).toEqual([]);
    expect(unknownSharers(splits, 's', (id) => id === 'a', (id) => ({ code: 'X', message: { zh: id, en: id } })).map((p) => [p.row, p.code])).toEqual([[3, 'X'], [4, 'X']]);
  });
});

describe('the playground reads the sample orders through the same reader', () => {
  const ORDERS = 'data/sample-credit/orders.csv';
  const bundleWith = (mutate: (files: Record<string, unknown>) => void) => {
    const files = clone(defaultBundleFiles()) as Record<string, unknown>;
    mutate(files);
    const r = loadBundle(files);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.bundle;
  };

  it('the committed sample reads clean, every order kept', () => {
    const text = defaultBundleFiles()[ORDERS] as string;
    const data = creditData(bundleWith(() => {}));
    expect(data.problems).toEqual([]);
    expect(data.orders).toHaveLength(text.trim().split('\n').length - 1);
  });

  it('a bad amount or an order without order_id is refused by row and column, not dropped: no order is credited', () => {
    const bundle = bundleWith((files) => {
      const lines = (files[ORDERS] as string).split('\n');
      lines[2] = lines[2]!.replace(/,[\d.]+,(\w+)$/, ',12.345,$1'); // row 3: a bad amount
      lines[3] = lines[3]!.replace(/^[^,]+/, ''); // row 4: no order_id
      files[ORDERS] = lines.join('\n');
    });
    const data = creditData(bundle);
    expect(data.problems.map((p) => [p.file, p.row, p.column, p.code])).toEqual([
      [ORDERS, 3, 'amount', 'TABLE_NOT_AMOUNT'],
      [ORDERS, 4, 'order_id', 'ORDER_BAD_ID'],
    ]);
    expect(data.orders).toEqual([]);
  });

  it('a split naming someone outside the company, or a bad line-mix weight, is refused too', () => {
    const bundle = bundleWith((files) => {
      const splitsCsv = (files['data/sample-credit/splits.csv'] as string).split('\n');
      splitsCsv[1] = splitsCsv[1]!.replace(/^([^,]+),[^,]+,/, '$1,NOBODY,');
      files['data/sample-credit/splits.csv'] = splitsCsv.join('\n');
      const mix = (files['data/sample-credit/line-mix.csv'] as string).split('\n');
      mix[1] = mix[1]!.replace(/,[\d.]+,/, ',lots,');
      // a share written as a percent: shares are fractions in every file
      mix[2] = mix[2]!.replace(/,[\d.]+,/, ',68,');
      files['data/sample-credit/line-mix.csv'] = mix.join('\n');
    });
    const data = creditData(bundle);
    expect(data.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'id', 'ACTUALS_UNKNOWN_UNIT'], [2, 'cloud', 'LINE_MIX_BAD_WEIGHT'], [3, 'cloud', 'LINE_MIX_BAD_WEIGHT']]);
    expect(data.problems[2]!.message.zh).toContain('写 0.68 表示 68%');
    expect(data.orders).toEqual([]);
    expect(data.mixes.size).toBe(0);
  });
});
