import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-track-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const targets = `id,parent_id,name,base,stretch
co,,公司,1000,1200
east,co,华东,600,700
t1,east,一组,600,700
r1,t1,王磊,300,350
r2,t1,李娜,300,350
south,co,华南,400,500
r3,south,张伟,0,0
`;
const actuals = `id,date,amount
r1,2026-04-01,100
r1,2026-04-30T17:00:00Z,999
r1,2026-05-06T10:00:00+08:00,190
r2,2026-04,95.50
east,2026-05-07,10
r3,2026-05-07,5
`;

function parseCsvOut(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.replace(/^\ufeff/, '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

describe('target-kit track', () => {
  const d = dir({ 'targets.csv': targets, 'actuals.csv': actuals });

  it('without a level column takes levels from the org\'s shape: a unit without children is a rep, its parent a team', async () => {
    const small = dir({ 'targets.csv': 'id,parent_id,name,base,stretch\nco,,公司,1000,1200\nt1,co,一组,1000,1200\nr1,t1,王磊,500,600\nr2,t1,李娜,500,600\n', 'actuals.csv': 'id,date,amount\nr1,2026-04-01,450\n' });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--out', 'csv'], { cwd: small });
    expect(r.code, r.stderr).toBe(0);
    expect(parseCsvOut(r.stdout).map((x) => [x.id, x.level])).toEqual([['co', 'company'], ['t1', 'team'], ['r1', 'rep'], ['r2', 'rep']]);
    // a level column, where given, is taken as it is
    const given = dir({ 'targets.csv': 'id,parent_id,name,level,base,stretch\nco,,公司,company,1000,1200\nt1,co,一组,region,1000,1200\nr1,t1,王磊,rep,1000,1200\n', 'actuals.csv': 'id,date,amount\nr1,2026-04-01,450\n' });
    const g = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--out', 'csv'], { cwd: given });
    expect(parseCsvOut(g.stdout).map((x) => [x.id, x.level])).toEqual([['co', 'company'], ['t1', 'region'], ['r1', 'rep']]);
  });

  it('prints lights, gaps and run rates per unit with id and light columns; units without actuals count as zero', async () => {
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-05-08', '--lang', 'en'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = parseCsvOut(r.stdout);
    const by = new Map(rows.map((x) => [x.id, x]));
    expect(Object.keys(rows[0]!).slice(0, 3)).toEqual(['id', 'parent_id', 'name']);
    // r1: 100 + 190 (the 999 falls on 1 May in Shanghai, still Q2) = 1289
    expect(by.get('r1')).toMatchObject({ actual: '1289', light: 'green', gap_base: '0' });
    expect(by.get('r2')).toMatchObject({ actual: '95.5', completion_base: '0.3183', light: 'red', gap_base: '204.5' });
    expect(by.get('east')).toMatchObject({ actual: '1394.5', level: 'region' });
    expect(by.get('r3')).toMatchObject({ light: 'grey', light_stretch: 'grey' });
    expect(r.stdout).toContain('"no Base target (missing, zero or negative): grey"');
    expect(by.get('co')).toMatchObject({ actual: '1399.5', light: 'green' });
    // Q2 2026: 61 working days; by Friday 8 May 21 (April) + 3 (6-8 May) are gone
    expect(by.get('r2')!.working_days_left).toBe(String(61 - 21 - 3));
    expect(by.get('r2')!.run_rate_base).toBe(String(Math.round((204.5 / 37) * 100) / 100));
  });

  it('follows --preset and refuses an unknown one', async () => {
    const base = ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-05-08', '--out', 'json'];
    const a = JSON.parse((await runCli([...base, '--preset', 'red60-yellow80'], { cwd: d })).stdout);
    const b = JSON.parse((await runCli([...base, '--preset', 'green90-yellow70'], { cwd: d })).stdout);
    const lightOf = (rows: Array<{ id: string; light: string; light_stretch: string }>, id: string) => rows.find((x) => x.id === id)!;
    // r1 against Stretch 350: 1289/350 > 1; t1 against base 600: 1384.5... all green; check the explanation carries the preset
    expect(a.find((x: { id: string }) => x.id === 'r2').explanation.base.boundaries.green).toEqual({ from: 0.8, inclusive: false });
    expect(b.find((x: { id: string }) => x.id === 'r2').explanation.base.boundaries.green).toEqual({ from: 0.9, inclusive: true });
    expect(lightOf(a, 'r2').light).toBe('red');
    const bad = await runCli([...base, '--preset', 'nope', '--lang', 'en'], { cwd: d });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('TRACK_UNKNOWN_PRESET');
  });

  it('reports bad rows by row and column and writes nothing', async () => {
    const e = dir({ 'targets.csv': targets, 'actuals.csv': 'id,date,amount\nr1,2026-04-01,"1,00"\nghost,2026-04-01,5\nr2,next week,5\n' });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--out', 'out.csv', '--lang', 'en'], { cwd: e });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/actuals\.csv:3:id .*ghost.*\[ACTUALS_UNKNOWN_UNIT\]/);
    expect(r.stderr).toMatch(/actuals\.csv:4:date .*\[ACTUALS_BAD_DATE\]/);
    expect(r.stderr).toMatch(/actuals\.csv:2:amount .*"1,00".*\[TABLE_NOT_AMOUNT\]/);
    expect(() => readFileSync(join(e, 'out.csv'))).toThrow();
  });

  it('reads the allocation output as targets (pick a plan), writes XLSX, and reports alerts on the sample company', async () => {
    const sample = join(TEMPLATES_DIR, 'data/sample-actuals');
    const out = dir({});
    const r = await runCli(['track', '--targets', join(sample, 'targets.csv'), '--actuals', join(sample, 'actuals.csv'), '--activity', join(sample, 'activity.csv'),
      '--period', '2026-04', '--targets-period', '2026-H1', '--as-of', '2026-05-15', '--out', join(out, 'board.json'), '--alerts', join(out, 'alerts.csv'), '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^547 units \(2026-04, as of 2026-05-15\): green \d+, yellow \d+, red \d+, grey 0/);
    expect(r.stdout).toMatch(/volatility across regions \d+\.\d points\n$/);
    const board = JSON.parse(readFileSync(join(out, 'board.json'), 'utf8')) as Array<{ id: string; light: string; alerts: unknown[] }>;
    expect(new Set(board.map((u) => u.light))).toEqual(new Set(['green', 'yellow', 'red']));
    const alerts = readFileSync(join(out, 'alerts.csv'), 'utf8');
    expect(alerts).toContain('coaching-plan');
    expect(alerts).toContain('reminder');
    const alloc = await runCli(['allocate', '--total', '1000000', '--plan', 'all', '--out', join(out, 'plans.csv')]);
    expect(alloc.code).toBe(0);
    writeFileSync(join(out, 'none.csv'), 'id,date,amount\n');
    const ambiguous = await runCli(['track', '--targets', join(out, 'plans.csv'), '--actuals', join(out, 'none.csv'), '--lang', 'en']);
    expect(ambiguous.code).toBe(2);
    const one = await runCli(['track', '--targets', join(out, 'plans.csv'), '--actuals', join(out, 'none.csv'), '--plan', 'balanced', '--as-of', '2026-04-10', '--out', join(out, 'b.xlsx'), '--lang', 'en']);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/green 0, yellow 0, red \d+, grey \d+/);
    expect(readFileSync(join(out, 'b.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('has --help in both languages', async () => {
    expect((await runCli(['track', '--help'])).stdout).toContain('缺口');
    expect((await runCli(['track', '--help', '--lang', 'en'])).stdout).toContain('Units without actuals count as zero');
  });
});
