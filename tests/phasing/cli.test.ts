import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { calendar2026 } from './support.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-phase-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

function parseCsvOut(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head!.replace(/^\ufeff/, '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

const targets = `id,parent_id,name,level,base,stretch
co,,公司,company,6100,7320
east,co,华东,region,6100,7320
t1,east,一组,team,6100,7320
r1,t1,王磊,rep,3050,3660
r2,t1,李娜,rep,3050,3660
`;
// both reps sold 1 : 1 : 2 in Q2 2025, so the team (and everything above it) learns 25 / 25 / 50
const history = `id,month,amount
r1,2025-04,100
r1,2025-05,100
r1,2025-06,200
r2,2025-04,300
r2,2025-05,300
r2,2025-06,600
`;
// month shares of their quarter; the quarters other than Q2 split evenly
const thirds = [1 / 3, 1 / 3, 1 / 3];
const explicit = JSON.stringify({ profile: 'explicit', explicit: { months: [...thirds, 0.3, 0.3, 0.4, ...thirds, ...thirds] } });

describe('target-kit phase', () => {
  it('phases a quarter into months by the history profile: id, period, base, stretch, share; every level adds up', async () => {
    const d = dir({ 'targets.csv': targets, 'history.csv': history });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--history', 'history.csv', '--period', '2026-Q2', '--by', 'month', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(0);
    const rows = parseCsvOut(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'period', 'base', 'stretch', 'share']);
    expect(rows.filter((x) => x.id === 'co')).toEqual([
      { id: 'co', period: '2026-04', base: '1525', stretch: '1830', share: '0.25' },
      { id: 'co', period: '2026-05', base: '1525', stretch: '1830', share: '0.25' },
      { id: 'co', period: '2026-06', base: '3050', stretch: '3660', share: '0.5' },
    ]);
    expect(rows.filter((x) => x.id === 'r1').map((x) => x.base)).toEqual(['762.5', '762.5', '1525']);
    expect(r.stderr).toContain('Every level adds up exactly in every slot.');
    expect(r.stderr).toContain('Reference level: team');
  });

  it('phases into ISO weeks; the weeks of each unit sum to its quarter target to the fen', async () => {
    const d = dir({ 'targets.csv': targets, 'history.csv': history });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--history', 'history.csv', '--period', '2026-Q2', '--by', 'week', '--out', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; period: string; base: number; stretch: number; parts?: unknown[]; profile: { kind: string } }>;
    const r1 = rows.filter((x) => x.id === 'r1');
    expect(r1).toHaveLength(14);
    expect(Math.round(r1.reduce((a, x) => a + x.base * 100, 0))).toBe(305_000);
    expect(Math.round(r1.reduce((a, x) => a + x.stretch * 100, 0))).toBe(366_000);
    expect(r1.find((x) => x.period === '2026-W18')!.parts).toHaveLength(2);
    expect(r1[0]!.profile.kind).toBe('history');
  });

  it('--profile replaces the bundle default (30/30/40), and a unit given its own profile makes a reported difference', async () => {
    const d = dir({ 'targets.csv': targets, 'p.json': explicit, 'q.json': JSON.stringify({ profile: 'explicit', explicit: { months: [...thirds, 0.3, 0.3, 0.4, ...thirds, ...thirds] }, units: { east: { profile: 'working-days' } } }) });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'p.json'], { cwd: d });
    expect(r.code).toBe(0);
    expect(parseCsvOut(r.stdout).filter((x) => x.id === 't1').map((x) => x.base)).toEqual(['1830', '1830', '2440']);
    const q = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'q.json', '--differences', 'diff.csv', '--out', 'out.csv', '--lang', 'en'], { cwd: d });
    expect(q.code).toBe(0);
    // east (working days) differs from co above it and from t1 (30/30/40, its own at the team reference level) below it
    expect(q.stdout).toContain('2 parent(s) differ');
    const diff = parseCsvOut(readFileSync(join(d, 'diff.csv'), 'utf8'));
    // co at 30/30/40: 1830 / 1830 / 2440; east by working days (21/19/21 of 61): 2100 / 1900 / 2100
    expect(diff.filter((x) => x.track === 'base' && x.parent_id === 'co')).toEqual([
      { parent_id: 'co', level: 'company', period: '2026-04', track: 'base', parent: '1830', children: '2100', difference: '270' },
      { parent_id: 'co', level: 'company', period: '2026-05', track: 'base', parent: '1830', children: '1900', difference: '70' },
      { parent_id: 'co', level: 'company', period: '2026-06', track: 'base', parent: '2440', children: '2100', difference: '-340' },
    ]);
  });

  it('refuses bad rows by row and column and writes nothing', async () => {
    const d = dir({
      'targets.csv': targets.replace('r2,t1,李娜,rep,3050,3660', 'r2,t1,李娜,rep,abc,-1'),
      'history.csv': `${history}r9,2025-13,5\n`,
      'bad.json': JSON.stringify({ profile: 'explicit', explicit: { months: [1, 2] } }),
    });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--history', 'history.csv', '--period', '2026-Q2', '--by', 'month', '--out', 'out.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/targets\.csv:6.*base/);
    expect(r.stderr).toMatch(/targets\.csv:6.*stretch/);
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(join(d, 'out.csv'))).toBe(false);
    const h = await runCli(['phase', '--targets', 'targets.csv'.replace('targets', 'targets'), '--history', 'history.csv', '--period', '2026-Q2', '--by', 'month', '--out', 'out.csv', '--lang', 'en'], { cwd: dir({ 'targets.csv': targets, 'history.csv': `${history}r9,2025-13,5\n` }) });
    expect(h.code).toBe(1);
    expect(h.stderr).toMatch(/history\.csv:8.*month/);
    expect(h.stderr).toMatch(/history\.csv:8.*id/);
    const p = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'bad.json', '--lang', 'en'], { cwd: d });
    expect(p.code).toBe(1);
    expect(p.stderr).toContain('/explicit/months');
    const u = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-W14', '--by', 'month'], { cwd: d });
    expect(u.code).toBe(2);
    const by = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'day'], { cwd: d });
    expect(by.code).toBe(2);
  });

  it('a year into months: without complete history the profile falls back to working days', async () => {
    const d = dir({ 'targets.csv': targets, 'history.csv': history });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--history', 'history.csv', '--period', '2026', '--by', 'month', '--out', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const co = (JSON.parse(r.stdout) as Array<{ id: string; base: number; profile: { kind: string; source: string } }>).filter((x) => x.id === 'co');
    expect(co).toHaveLength(12);
    expect(co[0]!.profile).toMatchObject({ kind: 'working-days', source: 'fallback' });
    expect(Math.round(co.reduce((a, x) => a + x.base * 100, 0))).toBe(610_000);
  });
});

describe('target-kit track with phased targets', () => {
  const actuals = `id,date,amount
r1,2026-04-10,700
r2,2026-04-20,500
`;
  it('April’s light compares April’s actuals with April’s phased target (25% of the quarter), not the working-day spread', async () => {
    const d = dir({ 'targets.csv': targets, 'history.csv': history, 'actuals.csv': actuals });
    const plain = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--targets-period', '2026-Q2', '--as-of', '2026-04-30'], { cwd: d });
    const phased = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--targets-period', '2026-Q2', '--as-of', '2026-04-30', '--history', 'history.csv'], { cwd: d });
    expect(plain.code).toBe(0);
    expect(phased.code).toBe(0);
    const p = new Map(parseCsvOut(plain.stdout).map((x) => [x.id, x]));
    const q = new Map(parseCsvOut(phased.stdout).map((x) => [x.id, x]));
    // even: 3050 × 21/61 = 1050; phased: 762.50
    expect(p.get('r1')).toMatchObject({ base: '1050', light: 'yellow' });
    expect(q.get('r1')).toMatchObject({ base: '762.5', completion_base: '0.918', light: 'green' });
    expect(q.get('r2')).toMatchObject({ base: '762.5', light: 'yellow' }); // 500 / 762.50 = 65.6%
    expect(q.get('t1')).toMatchObject({ base: '1525', actual: '1200' });
  });

  it('over the whole quarter, time progress follows the profile (--phase with the bundle default and --profile)', async () => {
    const d = dir({ 'targets.csv': targets, 'actuals.csv': actuals, 'p.json': explicit });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-04-30', '--profile', 'p.json'], { cwd: d });
    expect(r.code).toBe(0);
    const co = parseCsvOut(r.stdout).find((x) => x.id === 'co')!;
    expect(co.time_elapsed).toBe('0.3');
    const w = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-04-30', '--phase'], { cwd: d });
    expect(w.code).toBe(0);
    // no history: the default history profile falls back to working days: 21 of 61 days
    expect(parseCsvOut(w.stdout).find((x) => x.id === 'co')!.time_elapsed).toBe(String(Math.round((21 / 61) * 10000) / 10000));
  });
});

describe('target-kit track --by-line', () => {
  const lineTargets = `id,parent_id,name,level,base,stretch
co,,公司,company,1000,1000
a,co,甲,region,1000,1000
`;
  it('gives each unit a total row and one row per product line (55 / 35 / 10 of the target); actuals without a line count in the total only', async () => {
    const d = dir({ 'targets.csv': lineTargets, 'actuals.csv': 'id,date,amount,line\na,2026-04-10,550,cloud\na,2026-04-11,100,saas\na,2026-04-12,50,\n' });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--by-line'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = parseCsvOut(r.stdout).filter((x) => x.id === 'a');
    expect(rows.map((x) => [x.line, x.base, x.actual, x.light, x.gap_base])).toEqual([
      ['', '1000', '700', 'yellow', '300'],
      ['cloud', '550', '550', 'green', '0'],
      ['saas', '350', '100', 'red', '250'],
      ['ai', '100', '0', 'red', '100'],
    ]);
  });

  it('refuses an actual naming an unknown line by row and column', async () => {
    const d = dir({ 'targets.csv': lineTargets, 'actuals.csv': 'id,date,amount,line\na,2026-04-10,550,mobile\n' });
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--by-line', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/actuals\.csv:2.*line/);
  });
});

describe('target-kit phase: --history is required unless the profile needs none', () => {
  it('the bundle default learns from history: without --history a usage error says what to do, nothing written', async () => {
    const d = dir({ 'targets.csv': targets });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--out', 'out.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--history is required');
    expect(r.stderr).toContain('--profile <file>');
    expect(existsSync(join(d, 'out.csv'))).toBe(false);
    const zh = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month'], { cwd: d });
    expect(zh.stderr).toContain('缺少 --history');
  });

  it('a --profile that sets a unit to history still needs it; explicit or working-days for all does not', async () => {
    const d = dir({ 'targets.csv': targets, 'h.json': JSON.stringify({ profile: 'working-days', units: { t1: { profile: 'history' } } }), 'w.json': JSON.stringify({ profile: 'working-days' }) });
    const h = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'h.json', '--lang', 'en'], { cwd: d });
    expect(h.code).toBe(2);
    expect(h.stderr).toContain('(h.json) learns from history');
    const w = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'w.json'], { cwd: d });
    expect(w.code).toBe(0);
  });
});

describe('target-kit phase --by-line', () => {
  it('per unit: the total’s months, then each product line’s (55 / 35 / 10 of the bundle); every line’s months sum to its target', async () => {
    const d = dir({ 'targets.csv': targets, 'p.json': explicit });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'p.json', '--by-line', '--lang', 'en'], { cwd: d });
    expect(r.stderr).not.toContain('problem');
    expect(r.code).toBe(0);
    const rows = parseCsvOut(r.stdout);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'line', 'period', 'base', 'stretch', 'share']);
    const t1 = rows.filter((x) => x.id === 't1');
    expect(t1.map((x) => `${x.line}:${x.period}:${x.base}`)).toEqual([
      ':2026-04:1830', ':2026-05:1830', ':2026-06:2440',
      'cloud:2026-04:1006.5', 'cloud:2026-05:1006.5', 'cloud:2026-06:1342',
      'saas:2026-04:640.5', 'saas:2026-05:640.5', 'saas:2026-06:854',
      'ai:2026-04:183', 'ai:2026-05:183', 'ai:2026-06:244',
    ]);
  });

  it('takes the line rows of allocate --by-line as the line targets; lines that do not add up are refused by row', async () => {
    const byLine = `${targets.trim().split('\n')[0]},line
co,,公司,company,6100,7320,
co,,公司,company,3000,3600,cloud
co,,公司,company,3000,3600,saas
co,,公司,company,100,120,ai
east,co,华东,region,6100,7320,
t1,east,一组,team,6100,7320,
r1,t1,王磊,rep,3050,3660,
r2,t1,李娜,rep,3050,3660,
`;
    const d = dir({ 'targets.csv': byLine, 'p.json': explicit, 'bad.csv': byLine.replace('co,,公司,company,100,120,ai', 'co,,公司,company,99,120,ai').replace('3600,saas', '3600,mobile') });
    const r = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'p.json', '--by-line', '--out', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const co = (JSON.parse(r.stdout) as Array<{ id: string; line: string; base: number }>).filter((x) => x.id === 'co' && x.line === 'ai');
    expect(co.map((x) => x.base)).toEqual([30, 30, 40]);
    // without --by-line the line rows are left out and the totals phase as before
    const plain = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'p.json'], { cwd: d });
    expect(plain.code).toBe(0);
    expect(parseCsvOut(plain.stdout).filter((x) => x.id === 'co')).toHaveLength(3);
    const bad = await runCli(['phase', '--targets', 'bad.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'p.json', '--by-line', '--out', 'out.csv', '--lang', 'en'], { cwd: d });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv:4.*line.*no product line mobile/);
    expect(bad.stderr).toMatch(/bad\.csv:3.*base.*sums to 3099 yuan, not its target of 6100 yuan/);
    expect(existsSync(join(d, 'out.csv'))).toBe(false);
  });
});

describe('target-kit track: weekly alerts follow the phased target', () => {
  it('a team selling on its 20 / 20 / 60 profile raises coaching and reviews when spread evenly, none when phased', async () => {
    const lines = ['id,date,amount'];
    // each rep: April 610 over 21 working days, May 610 over its 19 (both 20% of 3050)
    const cal = calendar2026();
    for (const rep of ['r1', 'r2']) {
      for (const [start, end] of [['2026-04-01', '2026-04-30'], ['2026-05-01', '2026-05-31']] as const) {
        const days = cal.workingDays(start, end);
        for (const day of days) lines.push(`${rep},${day},${(610 / days.length).toFixed(2)}`);
      }
    }
    const profile = JSON.stringify({ profile: 'explicit', explicit: { months: [...thirds, 0.2, 0.2, 0.6, ...thirds, ...thirds] } });
    const d = dir({ 'targets.csv': targets, 'actuals.csv': `${lines.join('\n')}\n`, 'p.json': profile });
    const args = ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-05-31', '--alerts', 'alerts.csv', '--out', 'board.csv', '--lang', 'en'];
    const even = await runCli(args, { cwd: d });
    expect(even.code).toBe(0);
    const evenAlerts = parseCsvOut(readFileSync(join(d, 'alerts.csv'), 'utf8'));
    expect(evenAlerts.filter((a) => a.kind === 'coaching-plan').map((a) => `${a.unit} since ${a.since}`).sort()).toEqual(['r1 since 2026-W14', 'r2 since 2026-W14']);
    expect(evenAlerts.some((a) => a.kind === 'adjustment-review' && a.unit === 't1')).toBe(true);
    const phased = await runCli([...args, '--profile', 'p.json'], { cwd: d });
    expect(phased.code).toBe(0);
    const phasedAlerts = parseCsvOut(readFileSync(join(d, 'alerts.csv'), 'utf8'));
    expect(phasedAlerts.filter((a) => a.kind === 'coaching-plan' || a.kind === 'manager-notice' || a.kind === 'adjustment-review')).toEqual([]);
  });
});
