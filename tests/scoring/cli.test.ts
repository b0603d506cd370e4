import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const data = `id,name,revenue,revenue_target,margin,margin_target,new_customers,new_customers_target,satisfaction,compliance,previous_score
r1,王磊,420000,500000,126000,150000,4,5,88,100,80
r2,李娜,500000,500000,150000,150000,5,5,100,100,99
r3,张伟,500000,500000,150000,150000,5,5,100,100,
r4,刘洋,100000,500000,50000,150000,1,5,70,100,20
`;
const units = `id,parent_id,name
co,,公司
t1,co,一组
t2,co,二组
r1,t1,王磊
r2,t1,李娜
r3,t2,张伟
r4,t2,刘洋
`;

describe('target-kit score', () => {
  const d = mkdtempSync(join(tmpdir(), 'tk-score-'));
  writeFileSync(join(d, 'data.csv'), data);
  writeFileSync(join(d, 'units.csv'), units);

  it('scores, breaks down and ranks competition style', async () => {
    const r = await runCli(['score', '--data', 'data.csv', '--out', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rows.map((x) => [x.id, x.score, x.rank, x.gap_to_next])).toEqual([
      ['r2', 100, 1, null], ['r3', 100, 1, null], ['r1', 85.4, 3, 14.6], ['r4', 36.33, 4, 49.07],
    ]);
    expect(rows[2]!.revenue_points).toBe(33.6);
    expect(rows[2]!.dimensions[0]).toEqual({ dimension: 'revenue', rule: 'score-revenue', raw: { revenue: '420000', revenueTarget: '500000' }, normalised: 0.84, weight: 0.4, points: 33.6 });
    expect(rows.find((x) => x.id === 'r4')!.awards).toEqual([
      { award: 'mostImproved', place: 1, value: 16.33, rule: 'award-most-improved' },
      { award: 'highMargin', place: 1, value: 0.5, rule: 'award-high-margin' },
    ]);
    expect(rows.find((x) => x.id === 'r2')!.awards.map((a: { award: string; place: number }) => [a.award, a.place])).toEqual([['highMargin', 2], ['monthlyTop', 1]]);
  });

  it('ranks within a unit of the org tree', async () => {
    const r = await runCli(['score', '--data', 'data.csv', '--units', 'units.csv', '--within', 't2'], { cwd: d });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id,name,score,rank,gap_to_next,revenue_normalised,revenue_weight,revenue_points,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['r3,张伟,100,1', 'r4,刘洋,36.33,2']);
  });

  it('refuses a row with missing data by row, never full marks', async () => {
    writeFileSync(join(d, 'bad.csv'), data.replace('r4,刘洋,100000,500000,50000,150000,1,5,70,100,20', 'r4,刘洋,100000,500000,50000,150000,1,5,,100,20'));
    const r = await runCli(['score', '--data', 'bad.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv:5:satisfaction .*\[RULE_INPUT_MISSING\]/); // by row and column
  });
});
