/**
 * Booking actuals into periods (plugin/tracking/booking.ts): one number in every host for the
 * sample's straddling week, no fen lost or duplicated whatever the periods, a straddling row
 * refused when the bundle does not allow the split, and a bad row failing the playground's model.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, bookActuals, loadBundle, parsePeriod, readActuals, type ActualRow, type Period } from '../../plugin/index.js';
import { boardActuals, boardAlerts, timelinesOf, trackerOf } from '../../playground/src/board/boardModel.js';
import { companyModel, dailyActuals, type CompanyModel } from '../../playground/src/company/companyModel.js';
import { periodLights, phaseCompany } from '../../playground/src/phasing/phasingModel.js';
import { clone, defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';
import { calendar2026 } from './support.js';

const SAMPLE = join(TEMPLATES_DIR, 'data/sample-actuals');

/**
 * HD01-01's April 2026 by hand, from templates/data/sample-actuals/actuals.csv:
 * - 2026-W14 (Mon 30 March to Sun 5 April) 4,189.00: working days 30, 31 March, 1, 2, 3 April
 *   (4-6 April is Qingming), so April gets 3/5 = 2,513.40 (418,900 fen / 5 = 83,780 a day);
 * - 2026-W15 4,079.00 and 2026-W16 5,569.00, wholly in April;
 * - days: 20 April 1,208.00, 21st 927.00, 24th 1,011.00, 28th 1,891.00, 30th 1,846.00.
 * 2,513.40 + 4,079 + 5,569 + 1,208 + 927 + 1,011 + 1,891 + 1,846 = 19,044.40
 * (the old CLI left W14 out: 16,531; the old board booked it whole on 5 April: 20,720).
 */
const HD01_01_APRIL_FEN = 1_904_440;

function sampleBundle(mutate?: (files: Record<string, unknown>) => void) {
  const files = clone(defaultBundleFiles()) as Record<string, unknown>;
  mutate?.(files);
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.bundle;
}

function modelOf(bundle: ReturnType<typeof sampleBundle>): CompanyModel {
  const r = companyModel(bundle);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.model;
}

describe('HD01-01 in April: one number in the CLI and the playground', () => {
  it('the CLI books 19,044.40 (the working-day share of 2026-W14 included)', async () => {
    const r = await runCli(['track', '--targets', join(SAMPLE, 'targets.csv'), '--actuals', join(SAMPLE, 'actuals.csv'),
      '--period', '2026-04', '--targets-period', '2026-H1', '--as-of', '2026-05-15', '--out', 'json', '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; actual: number }>;
    expect(rows.find((x) => x.id === 'HD01-01')!.actual).toBe(HD01_01_APRIL_FEN / 100);
  });

  it('the playground models book the same 19,044.40: the company model by day, the phasing lights and the board', () => {
    const bundle = sampleBundle();
    const model = modelOf(bundle);
    let april = 0;
    for (const [day, fen] of dailyActuals(model).get('HD01-01')!) if (day >= '2026-04-01' && day <= '2026-04-30') april += fen;
    expect(april).toBe(HD01_01_APRIL_FEN);
    // the 2 March working days of W14 stay in March
    expect(dailyActuals(model).get('HD01-01')!.get('2026-03-31')).toBe(83_780);

    const tracker = trackerOf(bundle)!;
    const month = phaseCompany(bundle, model, 'month');
    const week = phaseCompany(bundle, model, 'week');
    if (!month.ok || !week.ok) throw new Error('phasing');
    const lights = periodLights(tracker, model, { month: month.result, week: week.result }, dailyActuals(model), ['HD01-01'], ['month']).get('HD01-01')!;
    expect(lights.months.find((m) => m.key === '2026-04')!.actual).toBe(HD01_01_APRIL_FEN);

    // the board adds the shared deals credited to HD01-01 in April, on top of the same booking
    const board = boardActuals(bundle, model, {});
    const credited = board.dated.filter((c) => c.id === 'HD01-01' && c.day >= '2026-04-01' && c.day <= '2026-04-30').reduce((s, c) => s + c.amount, 0);
    const boardLights = periodLights(tracker, model, { month: month.result, week: week.result }, board.byDay, ['HD01-01'], ['month']).get('HD01-01')!;
    expect(boardLights.months.find((m) => m.key === '2026-04')!.actual).toBe(HD01_01_APRIL_FEN + credited);
  });

  it('the board raises its alerts through the runtime use case over the same daily booking', () => {
    const bundle = sampleBundle();
    const model = modelOf(bundle);
    const month = phaseCompany(bundle, model, 'month');
    const alerts = boardAlerts(bundle, model, dailyActuals(model), month.ok ? timelinesOf(month.result, model) : undefined);
    if (!alerts.ok) throw new Error(JSON.stringify(alerts.problems));
    expect(alerts.alerts.some((a) => a.level === 3)).toBe(true);
    // the weekly series read the same daily booking as the table: the completed weeks (to Sunday 10 May) add up to it
    const weeks = alerts.weekly.get('HD01-01')!;
    expect(weeks.at(-1)!.week).toBe('2026-W19');
    let toWeek19 = 0;
    for (const [day, fen] of dailyActuals(model).get('HD01-01')!) if (day <= '2026-05-10') toWeek19 += fen;
    expect(Math.round(weeks.reduce((s, w) => s + w.actual, 0) * 100)).toBe(toWeek19);
  });
});

describe('bookActuals', () => {
  const calendar = calendar2026();
  const row = (id: string, date: string, amount: number, n = 2): ActualRow => {
    const p = parsePeriod(date)!;
    return p.grain === 'day' ? { row: n, id, day: date, amount } : { row: n, id, period: p, amount };
  };

  it('spreads a period row over its working days, to the fen, and counts only days up to as-of', () => {
    const april = parsePeriod('2026-04')!;
    const r = bookActuals({ rows: [row('a', '2026-W14', 100)], period: april, asOf: '2026-04-30', calendar, settings: { periodRows: 'working-days' }, file: 'a.csv' });
    if (!r.ok) throw new Error('refused');
    // 100 fen over 5 working days = 20 each; April has 1, 2, 3 April
    expect(r.booking.own.get('a')).toBe(60);
    expect([...r.booking.daily.get('a')!]).toEqual([['2026-04-01', 20], ['2026-04-02', 20], ['2026-04-03', 20]]);
    const early = bookActuals({ rows: [row('a', '2026-W14', 101)], period: april, asOf: '2026-04-01', calendar, settings: { periodRows: 'working-days' }, file: 'a.csv' });
    if (!early.ok) throw new Error('refused');
    // 101 = 21 + 20 * 4: the leftover fen goes to the earliest working day (30 March, in March)
    expect(early.booking.own.get('a')).toBe(20);
  });

  it('spreads a period without working days over its calendar days', () => {
    const r = bookActuals({ rows: [row('a', '2026-W08', -700)], period: parsePeriod('2026-02')!, asOf: '2026-02-28', calendar, settings: { periodRows: 'working-days' }, file: 'a.csv' });
    if (!r.ok) throw new Error('refused');
    // 2026-W08 is the Spring Festival week (16-22 February): no working day; -700 over 7 days
    expect(r.booking.daily.get('a')!.size).toBe(7);
    expect(r.booking.own.get('a')).toBe(-700);
  });

  it('property: for any period rows and tracked periods tiling the year, each row is booked exactly once, to the fen', () => {
    const keys = [
      ...Array.from({ length: 53 }, (_, i) => `2026-W${String(i + 1).padStart(2, '0')}`),
      ...Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
      '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026-H1', '2026-H2', '2026',
    ];
    // the ISO weeks of 2026 run from 29 December 2025 (W01) to 3 January 2027 (W53): 371 days
    const first = '2025-12-29';
    const last = '2027-01-03';
    const span = 371;
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...keys), fc.integer({ min: -5_000_000_00, max: 5_000_000_00 })), { minLength: 1, maxLength: 30 }),
      fc.uniqueArray(fc.integer({ min: 1, max: span - 1 }), { maxLength: 40 }),
      (given, cuts) => {
        const rows = given.map(([key, amount], i) => row(`u${i}`, key, amount, i + 2));
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), span];
        const tiles: Period[] = bounds.slice(1).map((b, i) => {
          const start = addDays(first, bounds[i]!);
          const end = addDays(first, b - 1);
          return { key: `${start}..${end}`, grain: 'day', start, end };
        });
        expect(tiles.at(-1)!.end).toBe(last);
        const sums = new Map<string, number>();
        for (const period of tiles) {
          const r = bookActuals({ rows, period, asOf: last, calendar, settings: { periodRows: 'working-days' }, file: 'a.csv' });
          if (!r.ok) throw new Error('refused');
          for (const [id, fen] of r.booking.own) {
            expect(Number.isInteger(fen)).toBe(true);
            sums.set(id, (sums.get(id) ?? 0) + fen);
          }
        }
        rows.forEach((r) => expect(sums.get(r.id)).toBe(r.amount));
      },
    ), { numRuns: 150 });
  });

  it('without booking.periodRows refuses a row straddling the period or the as-of day, naming the row, date and the parameter; books whole rows', () => {
    const april = parsePeriod('2026-04')!;
    const rows = [row('a', '2026-W14', 100, 2), row('b', '2026-W15', 100, 3), row('c', '2026-W18', 100, 4), row('d', '2026-W10', 100, 5)];
    const r = bookActuals({ rows, period: april, asOf: '2026-04-30', calendar, settings: {}, file: 'a.csv' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // W14 straddles 1 April, W18 (27 April to 3 May) the end of April; W15 is inside, W10 outside
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'date', 'ACTUALS_PERIOD_STRADDLES'], [4, 'date', 'ACTUALS_PERIOD_STRADDLES']]);
    expect(r.problems[0]!.message.en).toContain('booking.periodRows');
    expect(r.problems[0]!.message.zh).toContain('booking.periodRows');
    const asOf = bookActuals({ rows: [row('b', '2026-W15', 100)], period: april, asOf: '2026-04-08', calendar, settings: {}, file: 'a.csv' });
    expect(asOf.ok ? 'booked' : asOf.problems[0]!.code).toBe('ACTUALS_PERIOD_STRADDLES');
    const whole = bookActuals({ rows: [row('b', '2026-W15', 100), row('d', '2026-W10', 100)], period: april, asOf: '2026-04-30', calendar, settings: {}, file: 'a.csv' });
    expect(whole.ok && [...whole.booking.own]).toEqual([['b', 100]]);
  });

  it('the loader checks the parameter: periodRows is "working-days" or absent', () => {
    const files = clone(defaultBundleFiles()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    files['parameters/tracking.json'].parameters.booking.periodRows = 'calendar-days';
    const r = loadBundle(files);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'PARAM_INVALID', file: 'parameters/tracking.json', pointer: '/parameters/booking/periodRows' });
  });

  it('the CLI refuses the straddling week when the bundle does not set booking.periodRows, and writes nothing', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tk-booking-'));
    cpSync(TEMPLATES_DIR, join(d, 'bundle'), { recursive: true });
    const params = join(d, 'bundle/parameters/tracking.json');
    const json = JSON.parse(readFileSync(params, 'utf8'));
    delete json.parameters.booking;
    delete json.docs.booking;
    writeFileSync(params, JSON.stringify(json));
    writeFileSync(join(d, 'targets.csv'), 'id,parent_id,name,base,stretch\nco,,公司,1000,1200\nr1,co,王磊,1000,1200\n');
    writeFileSync(join(d, 'actuals.csv'), 'id,date,amount\nr1,2026-W14,41.89\nr1,2026-04-08,10\n');
    const args = ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--bundle', 'bundle', '--lang', 'en'];
    const refused = await runCli([...args, '--out', 'out.csv'], { cwd: d });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/actuals\.csv:2:date .*2026-W14.*booking\.periodRows.*\[ACTUALS_PERIOD_STRADDLES\]/);
    expect(() => readFileSync(join(d, 'out.csv'))).toThrow();
    // the default bundle sets it: 3 of the 5 working days of W14 are April's
    const booked = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--out', 'json'], { cwd: d });
    expect(booked.code).toBe(0);
    expect((JSON.parse(booked.stdout) as Array<{ id: string; actual: number }>).find((x) => x.id === 'r1')!.actual).toBe(35.13);
  });
});

describe('bad actual rows', () => {
  it('readActuals refuses by row and column with the CLI codes', () => {
    const r = readActuals([
      { line: 2, record: { id: 'r1', date: '2026-04-01', amount: '1,00' } },
      { line: 3, record: { id: 'ghost', date: '2026-04-01', amount: '5' } },
      { line: 4, record: { id: 'r1', date: 'next week', amount: '5' } },
      { line: 5, record: { id: 'r1', date: '2026-04-30T17:00:00Z', amount: '5', line: 'nope' } },
      { line: 6, record: { id: 'r1', date: '2026-Q2', amount: '-5.5' } },
    ], 'actuals.csv', { isUnit: (id) => id === 'r1', lines: ['hw'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'amount', 'TABLE_NOT_AMOUNT'], [3, 'id', 'ACTUALS_UNKNOWN_UNIT'], [4, 'date', 'ACTUALS_BAD_DATE'], [5, 'line', 'ACTUALS_UNKNOWN_LINE'],
    ]);
  });

  it('a bad amount in the sample actuals fails the playground model with the row and column, never drops the row', () => {
    const bundle = sampleBundle((files) => {
      const csv = files['data/sample-actuals/actuals.csv'] as string;
      files['data/sample-actuals/actuals.csv'] = csv.replace('HD01-01,2026-W03,6875.00', 'HD01-01,2026-W03,6 875');
    });
    const r = companyModel(bundle);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'TABLE_NOT_AMOUNT', file: 'data/sample-actuals/actuals.csv', row: 3, column: 'amount' });
  });
});
