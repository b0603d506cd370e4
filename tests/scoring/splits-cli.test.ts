import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-score-splits-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}
// revenue here is what each rep booked himself: a booked the shared 100,000.01 deal
const data = `id,name,revenue,revenue_target,margin,margin_target,new_customers,new_customers_target,satisfaction,compliance
a,甲,130000.01,500000,120000,150000,4,5,90,100
b,乙,70000,500000,120000,150000,4,5,90,100
`;
const orders = `order_id,id,amount,date
o1,a,100000.01,2026-04-10
o2,b,70000,2026-04-12
o3,a,30000,2026-04-15
`;
const splits = 'order_id,id,share\no1,a,0.6\no1,b,0.4\n';
type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('target-kit score --splits', () => {
  it('scores the credited revenue: a 60/40 shared deal turns the ranking, and the breakdown lists the deal and share', async () => {
    const d = dir({ 'data.csv': data, 'orders.csv': orders, 'splits.csv': splits });
    const before = await runCli(['score', '--data', 'data.csv', '--out', 'json'], { cwd: d });
    expect((JSON.parse(before.stdout) as Row[]).map((x) => [x.id, x.rank])).toEqual([['a', 1], ['b', 2]]);

    const r = await runCli(['score', '--data', 'data.csv', '--orders', 'orders.csv', '--splits', 'splits.csv', '--out', 'json'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.map((x) => [x.id, x.rank, x.score, x.credited_revenue])).toEqual([['b', 1, 59.8, 110000], ['a', 2, 58.2, 90000.01]]);
    expect(rows[0]!.dimensions[0].raw).toEqual({ revenue: 110000, revenueTarget: '500000' });
    expect(rows[0]!.shared_deals).toEqual([{ order_id: 'o1', share: 0.4, amount: 40000, order_amount: 100000.01 }]);
    expect(rows[1]!.shared_deals).toEqual([{ order_id: 'o1', share: 0.6, amount: 60000.01, order_amount: 100000.01 }]);

    const csv = await runCli(['score', '--data', 'data.csv', '--orders', 'orders.csv', '--splits', 'splits.csv'], { cwd: d });
    const [head, ...lines] = csv.stdout.trim().split(/\r?\n/);
    expect(head).toMatch(/,awards,credited_revenue,shared_deals$/);
    expect(lines.map((l) => l.split(',').slice(0, 4).concat(l.split(',').slice(-2)).join(','))).toEqual(['b,乙,59.8,1,110000,o1 40% 40000', 'a,甲,58.2,2,90000.01,o1 60% 60000.01']);
  });

  it('without --orders the split table carries the shared amount and --data revenue is each rep\'s own', async () => {
    const own = data.replace('a,甲,130000.01', 'a,甲,30000').replace('b,乙,70000', 'b,乙,70000');
    const d = dir({ 'data.csv': own, 'splits.csv': 'order_id,id,share,amount\no1,a,0.6,100000.01\no1,b,0.4,100000.01\n' });
    const r = await runCli(['score', '--data', 'data.csv', '--splits', 'splits.csv', '--out', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Row[]).map((x) => [x.id, x.rank, x.credited_revenue])).toEqual([['b', 1, 110000], ['a', 2, 90000.01]]);
  });

  it('refuses a split table whose shares do not sum to 1, or with a person not in --data, by row, and writes nothing', async () => {
    const d = dir({ 'data.csv': data, 'orders.csv': orders, 'splits.csv': 'order_id,id,share\no1,a,0.6\no1,b,0.3\n', 'who.csv': 'order_id,id,share\no1,a,0.6\no1,z,0.4\n' });
    const r = await runCli(['score', '--data', 'data.csv', '--orders', 'orders.csv', '--splits', 'splits.csv', '--out', 'board.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/splits\.csv:2:share/);
    expect(r.stderr).toMatch(/splits\.csv:3:share/);
    expect(r.stderr).toContain('order o1: the shares sum to 0.9, not 1 (100%)');
    const w = await runCli(['score', '--data', 'data.csv', '--orders', 'orders.csv', '--splits', 'who.csv', '--out', 'board.csv', '--lang', 'en'], { cwd: d });
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/who\.csv:3:id .*z is not in --data.*\[SCORE_UNKNOWN_PERSON\]/);
    expect(existsSync(join(d, 'board.csv'))).toBe(false);
  });
});
