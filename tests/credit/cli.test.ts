import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-credit-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}
const parse = (text: string) => {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head!.replace(/^\ufeff/, '').split(',');
  return new Map(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v]))).map((r) => [r.id, r]));
};

const targets = `id,parent_id,name,level,base,stretch
co,,公司,company,3000,3600
t1,co,一组,region,2000,2400
t2,co,二组,region,1000,1200
`;
const units = `${targets.trim()}
a,t1,甲,team,1000,1200
b,t1,乙,team,1000,1200
c,t2,丙,team,1000,1200
`;
const actuals = `id,date,amount,order_id
a,2026-04-10,1000.01,o1
c,2026-04-11,300,o2
b,2026-04-12,50,
`;

describe('target-kit track --splits', () => {
  it('credits shared deals by share to the fen; the team counts a deal its two people share once', async () => {
    const d = dir({ 'targets.csv': units, 'actuals.csv': actuals, 'splits.csv': 'order_id,id,share\no1,a,0.5\no1,b,0.3\no1,c,0.2\no2,c,1\n' });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--splits', 'splits.csv', '--period', '2026-04', '--as-of', '2026-04-30'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const by = parse(r.stdout);
    // o1 1,000.01 → a 500.01 (largest remainder), b 300.00, c 200.00
    expect(by.get('a')!.actual).toBe('500.01');
    expect(by.get('b')!.actual).toBe('350');
    expect(by.get('c')!.actual).toBe('500');
    expect(by.get('t1')!.actual).toBe('850.01');
    expect(by.get('co')!.actual).toBe('1350.01');
  });

  it('refuses an order whose shares do not sum to 1 by its rows, and writes nothing', async () => {
    const d = dir({ 'targets.csv': units, 'actuals.csv': actuals, 'splits.csv': 'order_id,id,share\no1,a,0.5\no1,b,0.3\no2,c,1\n' });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--splits', 'splits.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--out', 'board.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/splits\.csv:2:share/);
    expect(r.stderr).toMatch(/splits\.csv:3:share/);
    expect(r.stderr).toContain('the shares sum to 0.8, not 1 (100%)');
    expect(existsSync(join(d, 'board.csv'))).toBe(false);
  });

  it('refuses a split table still in percents at its header, with the hint, and a percent cell by row and column', async () => {
    const d = dir({ 'targets.csv': units, 'actuals.csv': actuals, 'old.csv': 'order_id,id,percent\no1,a,50\no1,b,50\n', 'cell.csv': 'order_id,id,share\no1,a,50\no1,b,0.5\n' });
    const args = (file: string) => ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--splits', file, '--period', '2026-04', '--as-of', '2026-04-30', '--out', 'board.csv'];
    const old = await runCli(args('old.csv'), { cwd: d });
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/old\.csv:1:percent .*percent 列（百分数）已改为 share 列（小数，写 0\.6 表示 60%）/);
    const cell = await runCli(args('cell.csv'), { cwd: d });
    expect(cell.code).toBe(1);
    expect(cell.stderr).toMatch(/cell\.csv:2:share .*写 0\.5 表示 50%/);
    expect(existsSync(join(d, 'board.csv'))).toBe(false);
  });
});
