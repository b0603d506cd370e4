/**
 * One period of targets out of a table holding several (targetsOfPeriod): what every reader
 * (board, scores, alerts, appeals, the CLI's track, score and notify) reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestTableDay, targetsOfPeriod } from '../../plugin/index.js';
import { runCli } from '../support/run-cli.js';

type Row = { line: number; record: Record<string, string> };
const table = (rows: Array<Record<string, string>>, columns = ['id', 'parent_id', 'name', 'base', 'stretch', 'period']) =>
  ({ file: 'targets.csv', columns, records: rows.map((record, i): Row => ({ line: i + 2, record })) });
const unit = (id: string, period: string, base = '100'): Record<string, string> => ({ id, parent_id: id === 'co' ? '' : 'co', name: id, base, stretch: base, period });

describe('targetsOfPeriod', () => {
  const rows = [unit('co', ''), unit('r1', ''), unit('co', '2026-H2', '200'), unit('r1', '2026-H2', '200')];

  it('defaults to the period holding the as-of day, else the latest actual day, else the newest, and says so', () => {
    const t = table(rows);
    const asOf = targetsOfPeriod(t, { asOf: '2026-05-15', defaultPeriod: '2026-H1' });
    expect(asOf.ok && [asOf.pick.key, asOf.pick.why, asOf.table.records.map((r) => r.line)]).toEqual(['2026-H1', 'as-of', [2, 3]]);
    expect(asOf.ok && asOf.pick.message.en).toBe("targets' period: 2026-H1 (holds the as-of day 2026-05-15; the table holds: 2026-H1, 2026-H2)");
    const latest = targetsOfPeriod(t, { asOf: '2025-12-01', latestActual: '2026-08-03', defaultPeriod: '2026-H1' });
    expect(latest.ok && [latest.pick.key, latest.pick.why]).toEqual(['2026-H2', 'latest-actual']);
    const newest = targetsOfPeriod(t, { asOf: '2027-03-01', defaultPeriod: '2026-H1' });
    expect(newest.ok && [newest.pick.key, newest.pick.why]).toEqual(['2026-H2', 'newest']);
    // without a stated period the empty rows are the unnamed default period, the oldest
    const unnamed = targetsOfPeriod(t, {});
    expect(unnamed.ok && [unnamed.pick.key, unnamed.pick.message.zh]).toEqual(['2026-H2', '目标期间：2026-H2（表中最新的期间；表中共有：默认期间（期间为空的行）、2026-H2）']);
  });

  it('takes the period asked for, or the one period holding it; refuses one not there, in zh and en', () => {
    const t = table(rows);
    const h2 = targetsOfPeriod(t, { asked: '2026-H2', asOf: '2026-05-15', defaultPeriod: '2026-H1' });
    expect(h2.ok && [h2.pick.key, h2.pick.why, h2.table.records.map((r) => r.record.base)]).toEqual(['2026-H2', 'asked', ['200', '200']]);
    const month = targetsOfPeriod(t, { asked: '2026-04', defaultPeriod: '2026-H1' });
    expect(month.ok && month.pick.key).toBe('2026-H1');
    const missing = targetsOfPeriod(t, { asked: '2027-Q1', defaultPeriod: '2026-H1' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.problems[0]).toMatchObject({ code: 'TARGETS_PERIOD_MISSING', file: 'targets.csv', column: 'period' });
      expect(missing.problems[0]!.message.zh).toBe('目标表中没有期间 2027-Q1 的目标（表中有：2026-H1、2026-H2）');
      expect(missing.problems[0]!.message.en).toBe('the targets hold no targets for period 2027-Q1 (they hold: 2026-H1, 2026-H2)');
    }
  });

  it('refuses a unit twice in the chosen period, and a period cell that is no period, by row', () => {
    const twice = targetsOfPeriod(table([...rows, unit('r1', '2026-H2', '5')]), { asked: '2026-H2' });
    expect(twice.ok).toBe(false);
    if (!twice.ok) {
      expect(twice.problems).toMatchObject([{ code: 'TARGETS_UNIT_TWICE', row: 6, column: 'id' }]);
      expect(twice.problems[0]!.message.en).toBe('unit r1 has two target rows in period 2026-H2 (lines 5 and 6)');
    }
    // the other period is not read, so its rows stand
    expect(targetsOfPeriod(table([...rows, unit('r1', '2026-H2', '5')]), { asked: '2026-H1', defaultPeriod: '2026-H1' }).ok).toBe(true);
    const bad = targetsOfPeriod(table([unit('co', 'quarter')]), {});
    expect(!bad.ok && bad.problems[0]).toMatchObject({ code: 'TARGETS_PERIOD_INVALID', row: 2, column: 'period' });
    // a product line's row is apart from the unit's total
    const lines = targetsOfPeriod(table([unit('co', ''), { ...unit('co', ''), line: 'saas' }], ['id', 'parent_id', 'name', 'base', 'stretch', 'period', 'line']), {});
    expect(lines.ok).toBe(true);
  });

  it('leaves a table without a period column as it is, naming the stated period', () => {
    const t = table([unit('co', ''), unit('r1', '')], ['id', 'parent_id', 'name', 'base', 'stretch']);
    const r = targetsOfPeriod(t, { asked: '2026-04', defaultPeriod: '2026-H1' });
    expect(r.ok && [r.table, r.pick.key, r.pick.why]).toEqual([t, '2026-H1', 'only']);
  });

  it('whatever periods a table holds, a reader gets exactly the rows of one of them, in file order', () => {
    const PERIODS = ['', '2026-H1', '2026-H2', '2026-Q3', '2026-05', '2027'];
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...PERIODS), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 40 }),
      fc.option(fc.constantFrom('2026-01-10', '2026-05-15', '2026-08-01', '2027-06-30'), { nil: undefined }),
      fc.option(fc.constantFrom(...PERIODS.filter(Boolean), '2026-07'), { nil: undefined }),
      fc.boolean(),
      (cells, asOf, asked, stated) => {
        // one row per unit and period: unit i of period p
        const seen = new Set<string>();
        const rows = cells.filter(([p, u]) => !seen.has(`${p}/${u}`) && seen.add(`${p}/${u}`)).map(([p, u]) => unit(`u${u}`, p));
        const t = table(rows);
        const r = targetsOfPeriod(t, { asOf, asked, ...(stated ? { defaultPeriod: '2026-H1' } : {}) });
        const keyOf = (p: string) => (p === '' && stated ? '2026-H1' : p);
        if (!r.ok) {
          // only an asked period the table cannot give, or the stated period meeting its own name twice
          expect(r.problems.every((p) => p.code === 'TARGETS_PERIOD_MISSING' || p.code === 'TARGETS_UNIT_TWICE')).toBe(true);
          return;
        }
        const want = t.records.filter((x) => keyOf(x.record.period!) === r.pick.key);
        expect(r.table.records).toEqual(want);
        expect(want.length).toBeGreaterThan(0);
        expect(r.pick.periods).toContain(r.pick.key);
        if (asked !== undefined) expect(r.pick.why).toBe('asked');
      },
    ), { numRuns: 300 });
  });

  it('reads the latest day of an actuals table from its date cells: days, times, periods', () => {
    const a = { file: 'a.csv', columns: ['id', 'date', 'amount'], records: [
      { line: 2, record: { id: 'r1', date: '2026-04-01', amount: '1' } },
      { line: 3, record: { id: 'r1', date: '2026-05-06T23:30:00+08:00', amount: '1' } },
      { line: 4, record: { id: 'r1', date: '2026-W19', amount: '1' } },
      { line: 5, record: { id: 'r1', date: 'soon', amount: '1' } },
    ] };
    expect(latestTableDay(a)).toBe('2026-05-10');
    expect(latestTableDay({ ...a, records: [] })).toBeUndefined();
  });
});

describe('target-kit track, score and notify over a targets file holding two periods', () => {
  const d = mkdtempSync(join(tmpdir(), 'tk-period-'));
  const targets = `id,parent_id,name,level,base,stretch,period
co,,公司,company,1000,1200,2026-Q2
r1,co,王磊,rep,1000,1200,2026-Q2
co,,公司,company,5000,6000,2026-Q3
r1,co,王磊,rep,5000,6000,2026-Q3
`;
  writeFileSync(join(d, 'targets.csv'), targets);
  writeFileSync(join(d, 'actuals.csv'), 'id,date,amount\nr1,2026-05-06,500\n');
  writeFileSync(join(d, 'twice.csv'), `${targets}r1,co,王磊,rep,1,1,2026-Q3\n`);
  const track = (...args: string[]) => runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--out', 'json', '--lang', 'en', ...args], { cwd: d });
  const baseOf = (stdout: string) => (JSON.parse(stdout) as Array<{ id: string; base: number }>).find((u) => u.id === 'r1')?.base;

  it('track reads the as-of day\'s period by default, --period picks another, and says which on stderr', async () => {
    const byDefault = await track();
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(baseOf(byDefault.stdout)).toBe(1000);
    expect(byDefault.stderr).toBe("targets' period: 2026-Q2 (holds the latest actual day 2026-05-06; the table holds: 2026-Q2, 2026-Q3)\n");
    const q3 = await track('--period', '2026-Q3');
    expect(q3.code, q3.stderr).toBe(0);
    expect(baseOf(q3.stdout)).toBe(5000);
    // a month of the third quarter: the quarter's targets, spread over its working days
    const july = await track('--period', '2026-07');
    expect(july.code, july.stderr).toBe(0);
    expect(baseOf(july.stdout)).toBeLessThan(5000);
    const missing = await track('--period', '2026-Q4');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the targets hold no targets for period 2026-Q4 (they hold: 2026-Q2, 2026-Q3)');
    const twice = await runCli(['track', '--targets', 'twice.csv', '--actuals', 'actuals.csv', '--period', '2026-Q3', '--lang', 'en'], { cwd: d });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('unit r1 has two target rows in period 2026-Q3 (lines 5 and 6)');
  });

  it('score and notify pick the same way', async () => {
    const q2 = await runCli(['score', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--out', 'json', '--lang', 'en'], { cwd: d });
    expect(q2.code, q2.stderr).toBe(0);
    expect(q2.stderr).toBe("targets' period: 2026-Q2 (as asked; the table holds: 2026-Q2, 2026-Q3)\n");
    const q3 = await runCli(['score', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q3', '--lang', 'en'], { cwd: d });
    expect(q3.code, q3.stderr).toBe(0);
    expect(q3.stderr).toContain("targets' period: 2026-Q3 (as asked");
    writeFileSync(join(d, 'channels.json'), JSON.stringify({ channels: [{ id: 'w', type: 'wecom', tokenEnv: 'TK_WECOM_KEY' }] }));
    const notify = (...args: string[]) => runCli(['notify', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--channels', 'channels.json', '--now', '2026-05-06T10:00:00+08:00', '--dry-run', '--lang', 'en', ...args], { cwd: d });
    const byDefault = await notify();
    expect(byDefault.stderr).toContain("targets' period: 2026-Q2 (holds the latest actual day 2026-05-06");
    const asked = await notify('--period', '2026-Q3');
    expect(asked.stderr).toContain("targets' period: 2026-Q3 (as asked");
    const missing = await notify('--period', '2027');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('the targets hold no targets for period 2027');
  });
});
