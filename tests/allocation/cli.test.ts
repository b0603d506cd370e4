import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../../hosts/cli/tables.js';
import { runCli } from '../support/run-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');
const tmp = () => mkdtempSync(join(tmpdir(), 'tk-alloc-'));

function parseCsvOut(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => {
    // risk_notes may be quoted; the columns before it are plain
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

describe('target-kit allocate', () => {
  it('splits the sample company when no units are given, with the documented columns and exact sums', async () => {
    const r = await runCli(['allocate', '--total', '120250000', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsvOut(r.stdout);
    // after score, one column per factor headed by its name, as in the JSON explanation
    const factors = ['Historical performance', 'Regional potential', 'Team maturity', 'Product fit', 'Competitor coverage'];
    expect(Object.keys(rows[0]!)).toEqual(['plan', 'id', 'parent_id', 'name', 'level', 'tier', 'last_revenue', 'base', 'stretch', 'growth', 'band_low', 'band_high', 'score', ...factors, 'clamped', 'risks', 'risk_notes']);
    const json = await runCli(['allocate', '--total', '120250000', '--lang', 'en', '--out', 'json']);
    const hd = (JSON.parse(json.stdout) as Array<{ id: string; explanation: { factors: Array<{ name: string; score: number }> } }>).find((u) => u.id === 'HD')!;
    const hdCsv = rows.find((x) => x.id === 'HD')!;
    expect(hd.explanation.factors.map((f) => [f.name, Math.round(f.score * 1e4) / 1e4])).toEqual(factors.map((f) => [f, Number(hdCsv[f])]));
    expect(factors.map((f) => rows[0]![f])).toEqual(['', '', '', '', '']); // the company is not scored
    const zh = parseCsvOut((await runCli(['allocate', '--total', '120250000'])).stdout);
    expect(Object.keys(zh[0]!).slice(13, 18)).toEqual(['历史业绩', '区域潜力', '团队成熟度', '产品适配度', '竞品覆盖']);
    expect(rows).toHaveLength(547);
    expect(rows[0]).toMatchObject({ plan: 'balanced', id: 'YQ', base: '120250000', stretch: '134680000' });
    const fen = (s: string) => Math.round(Number(s) * 100);
    for (const parent of rows.filter((x) => x.level !== 'rep')) {
      const kids = rows.filter((x) => x.parent_id === parent.id);
      expect(kids.reduce((s, k) => s + fen(k.base!), 0)).toBe(fen(parent.base!));
      expect(kids.reduce((s, k) => s + fen(k.stretch!), 0)).toBe(fen(parent.stretch!));
    }
    expect(r.stderr).toContain('Balanced: Base 120250000 yuan');
  });

  it('--plan all writes the three plans to XLSX, and JSON with explanations', async () => {
    const dir = tmp();
    const xlsx = join(dir, 'plans.xlsx');
    const r = await runCli(['allocate', '--total', '120250000', '--plan', 'all', '--out', xlsx]);
    expect(r.code, r.stderr).toBe(0);
    const t = await readTable(xlsx);
    if (!t.ok) throw new Error('unreadable');
    expect(new Set(t.rows.map((x) => x.record.plan))).toEqual(new Set(['aggressive', 'balanced', 'conservative']));
    expect(r.stdout).toContain('保守型');
    const json = join(dir, 'plan.json');
    const j = await runCli(['allocate', '--total', '120250000', '--out', json]);
    expect(j.code).toBe(0);
    const t2 = await readTable(json);
    if (!t2.ok) throw new Error('unreadable');
    const hd = t2.rows.find((x) => x.record.id === 'HD')!.record as { explanation: { factors: unknown[]; band: { low: number } } };
    expect(hd.explanation.factors).toHaveLength(5);
    expect(hd.explanation.band.low).toBeCloseTo(0.08, 12);
  });

  it('reads a GBK CSV from Chinese Excel, rolling parents up from their reps', async () => {
    const r = await runCli(['allocate', '--units', join(fixtures, 'units-gbk.csv'), '--total', '2500000', '--stretch', '2800000', '--out', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((x) => x.id === 'HD01-01')).toMatchObject({ name: '王磊', level: 'rep' });
    expect(rows.find((x) => x.id === 'YQ')).toMatchObject({ base: 2500000, stretch: 2800000, last_revenue: 1430000 });
  });

  it('reads units from XLSX', async () => {
    const dir = tmp();
    const csv = await readTable(join(fixtures, 'units-gbk.csv'));
    if (!csv.ok) throw new Error('fixture');
    const xlsx = join(dir, 'units.xlsx');
    await writeTable(xlsx, csv.columns, csv.rows.map((r) => r.record));
    const r = await runCli(['allocate', '--units', xlsx, '--total', '2500000', '--out', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((x) => x.id === 'XB01-02')).toMatchObject({ name: '刘洋', level: 'rep' });
  });

  it('reports bad rows by row and column and writes nothing', async () => {
    const dir = tmp();
    const units = join(dir, 'units.csv');
    writeFileSync(units, [
      'id,parent_id,name,revenue_12m,last_revenue,revenue_prev_12m,market_index,tenure_months,product_fit,competitor_share',
      'C,,公司,,,,70,30,70,40',
      'R1,C,华东,1000,500,900,80,20,70,30',
      'R2,C,华南,"1,20",600,900,80,20,70,30',
      'R1,C,重复,1000,500,900,80,20,70,30',
      'R3,X,孤儿,1000,500,900,80,20,70,30',
    ].join('\n'));
    const out = join(dir, 'plan.csv');
    const money = await runCli(['allocate', '--units', units, '--total', '1000', '--out', out, '--lang', 'en']);
    expect(money.code).toBe(1);
    expect(money.stderr).toContain('units.csv:4:revenue_12m');
    const fixed = join(dir, 'units2.csv');
    writeFileSync(fixed, [
      'id,parent_id,name,revenue_12m,last_revenue,revenue_prev_12m,market_index,tenure_months,product_fit,competitor_share',
      'C,,公司,,,,70,30,70,40',
      'R1,C,华东,1000,500,900,80,20,70,30',
      'R1,C,重复,1000,500,900,80,20,70,30',
      'R3,X,孤儿,1000,500,900,80,20,70,30',
      'R4,C,文字,1000,500,900,很高,20,70,30',
    ].join('\n'));
    const tree = await runCli(['allocate', '--units', fixed, '--total', '1000', '--out', out, '--lang', 'en']);
    expect(tree.code).toBe(1);
    expect(tree.stderr).toContain('units2.csv:4:id');
    expect(tree.stderr).toContain('units2.csv:5:parent_id');
    expect(tree.stderr).toContain('nothing was written');
    const cycle = join(dir, 'units3.csv');
    writeFileSync(cycle, [
      'id,parent_id,name,revenue_12m,last_revenue,revenue_prev_12m,market_index,tenure_months,product_fit,competitor_share',
      'C,,公司,,,,70,30,70,40',
      'A,B,甲,1000,500,900,80,20,70,30',
      'B,A,乙,1000,500,900,80,20,70,30',
      'R4,C,文字,1000,500,900,很高,20,70,30',
    ].join('\n'));
    const c = await runCli(['allocate', '--units', cycle, '--total', '1000', '--out', out, '--lang', 'en']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/units3\.csv:3:parent_id .*ORG_CYCLE/);
    const text = join(dir, 'units4.csv');
    writeFileSync(text, [
      'id,parent_id,name,revenue_12m,last_revenue,revenue_prev_12m,market_index,tenure_months,product_fit,competitor_share',
      'C,,公司,,,,70,30,70,40',
      'R4,C,文字,1000,500,900,很高,20,70,30',
    ].join('\n'));
    const t = await runCli(['allocate', '--units', text, '--total', '1000', '--out', out, '--lang', 'en']);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain('units4.csv:3:market_index');
    expect(readdirSync(dir).filter((f) => f.startsWith('plan'))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('excludes units for an emergency recalculation, and refuses usage errors with exit 2', async () => {
    const r = await runCli(['allocate', '--total', '120250000', '--exclude', 'XB', '--out', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.filter((x) => x.id === 'XB' || String(x.id).startsWith('XB0')).every((x) => x.base === 0 && x.clamped === 'excluded')).toBe(true);
    const city = await runCli(['allocate', '--total', '120250000', '--exclude-city', '温州', '--out', 'json']);
    expect(city.code, city.stderr).toBe(0);
    const cityRows = JSON.parse(city.stdout) as Array<Record<string, unknown>>;
    const wenzhou = cityRows.filter((x) => x.clamped === 'excluded');
    expect(wenzhou.length).toBeGreaterThan(1);
    expect(wenzhou.every((x) => x.base === 0 && x.level !== 'region')).toBe(true);
    // 温州 is a team of 华东: the region keeps its amount, its other teams absorb the share
    const plain = JSON.parse((await runCli(['allocate', '--total', '120250000', '--out', 'json'])).stdout) as Array<Record<string, unknown>>;
    expect(cityRows.find((x) => x.id === 'HD')!.base).toBe(plain.find((x) => x.id === 'HD')!.base);
    expect(cityRows.find((x) => x.id === 'HD01')!.base as number).toBeGreaterThan(plain.find((x) => x.id === 'HD01')!.base as number);
    expect((await runCli(['allocate', '--total', '100', '--exclude-city', '火星'])).code).toBe(2);
    expect((await runCli(['allocate'])).code).toBe(2);
    expect((await runCli(['allocate', '--total', '1,000'])).code).toBe(2);
    expect((await runCli(['allocate', '--total', '100', '--stretch', '90'])).code).toBe(2);
    expect((await runCli(['allocate', '--total', '100', '--plan', 'wild'])).code).toBe(2);
    expect((await runCli(['allocate', '--total', '100', '--out', 'xlsx'])).code).toBe(2);
    const help = await runCli(['allocate', '--help', '--lang', 'en']);
    expect(help.stdout).toContain('Output columns: plan, id, parent_id');
    expect((await runCli(['allocate', '--help'])).stdout).toContain('输出列');
  });
});

describe('target-kit forecast', () => {
  it('forecasts the sample company 6 months ahead, one row per rep', async () => {
    const r = await runCli(['forecast']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,2026-01,2026-02,2026-03,2026-04,2026-05,2026-06');
    expect(lines).toHaveLength(481);
  });

  it('reads long history with targets and gives the volatility; bad cells by row and column', async () => {
    const dir = tmp();
    const file = join(dir, 'history.csv');
    writeFileSync(file, 'id,month,amount,target\na,2026-01,100,100\na,2026-02,80,100\na,2026-03,120,100\nb,2026-01,50,\n');
    const r = await runCli(['forecast', '--history', file, '--out', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, number | string>>;
    // weights 4:5:6 on the three months: (400 + 400 + 720) / 15 = 101.33
    expect(rows[0]).toMatchObject({ id: 'a', '2026-04': 101.33, volatility: 16.33 });
    expect(rows[1]).toMatchObject({ id: 'b', volatility: '' });
    writeFileSync(file, 'id,month,amount\na,2026-01,100\na,2026-13,80\na,2026-03,abc\n');
    const bad = await runCli(['forecast', '--history', file, '--lang', 'en']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('history.csv:3:month');
    expect(bad.stderr).toContain('history.csv:4:amount');
  });
});

describe('target-kit allocate --by-line', () => {
  it('after each unit’s total row, one row per product line; lines sum to the unit and every line’s children to the parent, to the fen', async () => {
    const dir = tmp();
    const r = await runCli(['allocate', '--total', '120250000', '--by-line', '--out', join(dir, 'targets.csv'), '--lang', 'en'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const table = await readTable(join(dir, 'targets.csv'));
    if (!table.ok) throw new Error(JSON.stringify(table.problems));
    const rows = table.rows.map((x) => x.record as Record<string, string>);
    expect(Object.keys(rows[0]!).slice(0, 7)).toEqual(['plan', 'id', 'parent_id', 'name', 'level', 'line', 'tier']);
    expect(rows).toHaveLength(547 * 4);
    const fen = (s: unknown) => Math.round(Number(s) * 100);
    const totals = rows.filter((x) => String(x.line ?? '') === '');
    const lineRows = rows.filter((x) => String(x.line ?? '') !== '');
    expect(lineRows.slice(0, 3).map((x) => [x.id, x.line, String(x.base)])).toEqual([['YQ', 'cloud', '66137500'], ['YQ', 'saas', '42087500'], ['YQ', 'ai', '12025000']]);
    for (const t of totals) {
      const mine = lineRows.filter((x) => x.id === t.id);
      expect(mine.map((x) => x.line)).toEqual(['cloud', 'saas', 'ai']);
      for (const k of ['base', 'stretch'] as const) expect(mine.reduce((a, x) => a + fen(x[k]), 0)).toBe(fen(t[k]));
      const kids = totals.filter((x) => x.parent_id === t.id);
      if (!kids.length) continue;
      for (const l of mine) {
        const kidLines = lineRows.filter((x) => x.line === l.line && kids.some((k) => k.id === x.id));
        for (const k of ['base', 'stretch'] as const) expect(kidLines.reduce((a, x) => a + fen(x[k]), 0)).toBe(fen(l[k]));
      }
    }
    // the AI line weighs regional potential and product fit: its share differs from region to region
    const aiShare = (id: string) => fen(lineRows.find((x) => x.id === id && x.line === 'ai')!.base) / fen(totals.find((x) => x.id === id)!.base);
    const regions = totals.filter((x) => x.level === 'region').map((x) => aiShare(String(x.id)));
    expect(Math.max(...regions) - Math.min(...regions)).toBeGreaterThan(0.005);

    // the output feeds phase --by-line and track as is (track reads the total rows)
    writeFileSync(join(dir, 'p.json'), '{"profile": "working-days"}');
    const phase = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--by-line', '--profile', 'p.json', '--out', 'json'], { cwd: dir });
    expect(phase.code, phase.stderr).toBe(0);
    const hd = (JSON.parse(phase.stdout) as Array<{ id: string; line: string; base: number }>).filter((x) => x.id === 'HD' && x.line === 'ai');
    expect(Math.round(hd.reduce((a, x) => a + x.base * 100, 0))).toBe(fen(lineRows.find((x) => x.id === 'HD' && x.line === 'ai')!.base));
    writeFileSync(join(dir, 'actuals.csv'), 'id,date,amount,line\nHD,2026-04-10,1000,ai\n');
    const track = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-04-30', '--by-line', '--out', 'json'], { cwd: dir });
    expect(track.code, track.stderr).toBe(0);
    const hdAi = (JSON.parse(track.stdout) as Array<{ id: string; line: string; base: number; actual: number }>).find((x) => x.id === 'HD' && x.line === 'ai')!;
    // the tracked line target keeps the allocated line's proportion of the unit (to the fen)
    expect(Math.abs(Math.round(hdAi.base * 100) - fen(lineRows.find((x) => x.id === 'HD' && x.line === 'ai')!.base))).toBeLessThanOrEqual(1);
    expect(hdAi.actual).toBe(1000);
  });

  it('refuses without product lines in the bundle, writing nothing', async () => {
    const dir = tmp();
    const bundle = join(dir, 'b');
    cpSync(join(import.meta.dirname, '..', '..', 'templates'), bundle, { recursive: true });
    const p = join(bundle, 'parameters', 'phasing.json');
    const json = JSON.parse(readFileSync(p, 'utf8')) as { parameters: Record<string, unknown>; docs: Record<string, unknown> };
    delete json.parameters.productLines;
    delete json.docs.productLines;
    writeFileSync(p, JSON.stringify(json));
    const r = await runCli(['allocate', '--total', '1000000', '--bundle', bundle, '--by-line', '--out', join(dir, 'out.csv'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no productLines parameter group');
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });
});
