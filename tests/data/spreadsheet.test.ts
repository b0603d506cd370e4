/** Spreadsheet habits: amounts and dates as Chinese offices type and save them, read by the runtime's table readers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiDigits, formatYuan, formatYuanGrouped, MAX_FEN, parseAllocationUnits, readActuals, readAmountCell, readDateCell,
} from '../../plugin/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const fullWidth = (text: string) => text.replace(/[0-9+\-.,/:]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
/** Day numbers (since 1970-01-01) from 1900-03-01 to 9999-12-31. */
const dayNumbers = fc.integer({ min: -25_508, max: 2_932_896 });

describe('amount cells', () => {
  it('reads thousands separators (ASCII and full-width commas) and full-width digits as the same fen', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_FEN }), fc.boolean(), (fen, negative) => {
      const signed = negative && fen > 0 ? -fen : fen;
      const grouped = (signed < 0 && fen > 0 ? '-' : '') + formatYuanGrouped(fen);
      for (const text of [formatYuan(signed), grouped, grouped.replace(/,/g, '，'), fullWidth(grouped), ` ${grouped}\u3000`]) {
        expect(readAmountCell(text, { negative: true })).toEqual({ ok: true, fen: signed });
      }
    }), { numRuns: 500 });
  });

  it('refuses commas that are not every three digits (a decimal comma would move money)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 99 }), (whole, decimals) => {
      const decimalComma = `${whole},${String(decimals).padStart(2, '0')}`;
      expect(readAmountCell(decimalComma).ok).toBe(false);
    }), { numRuns: 300 });
    for (const bad of ['12,00,000', '1,2345', ',100', '1,,200', '1.200,50', '1,200.505']) expect(readAmountCell(bad).ok, bad).toBe(false);
    expect(readAmountCell('1,2345')).toMatchObject({ ok: false, reason: { zh: expect.stringContaining('千分位'), en: expect.stringContaining('thousands') } });
  });

  it('leaves numbers and plain amounts to readAmount, negatives refused unless allowed', () => {
    expect(readAmountCell(1200.5)).toEqual({ ok: true, fen: 120050 });
    expect(readAmountCell('-1,200').ok).toBe(false);
    expect(readAmountCell('－１，２００', { negative: true })).toEqual({ ok: true, fen: -120000 });
    expect(asciiDigits('２０２６／５／１４')).toBe('2026/5/14');
  });

  it('reads zeros past the second decimal as the column\'s scale (NUMERIC(22,3) gives 10.5 back as 10.500), and nothing else past it', () => {
    expect(['10.500', '10.5000', '1,200.500', '-0.100'].map((t) => readAmountCell(t, { negative: true }))).toEqual([1050, 1050, 120050, -10].map((fen) => ({ ok: true, fen })));
    for (const bad of ['10.505', '10.5001', '10.0050', '1.00.0']) expect(readAmountCell(bad).ok, bad).toBe(false);
  });
});

describe('date cells', () => {
  it('reads Excel\'s Chinese forms, with or without padding and a wall-clock time, as the ISO day', () => {
    fc.assert(fc.property(dayNumbers, fc.boolean(), (n, withTime) => {
      const iso = day(n);
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      const time = withTime ? ' 9:30' : '';
      for (const text of [iso, `${y}/${m}/${d}${time}`, `${y}-${m}-${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日${time}`, fullWidth(`${y}/${m}/${d}`)]) {
        expect(readDateCell(text)).toEqual({ ok: true, text: iso });
      }
    }), { numRuns: 400 });
  });

  it('reads a number (an XLSX cell) as an Excel serial day, the fraction a time of that day', () => {
    expect(readDateCell(46156)).toEqual({ ok: true, text: '2026-05-14' });
    expect(readDateCell(46156.75)).toEqual({ ok: true, text: '2026-05-14' });
    expect(readDateCell(1)).toEqual({ ok: true, text: '1900-01-01' });
    expect(readDateCell(61)).toEqual({ ok: true, text: '1900-03-01' });
    fc.assert(fc.property(dayNumbers, (n) => {
      expect(readDateCell(n + 25_569)).toEqual({ ok: true, text: day(n) });
    }), { numRuns: 400 });
    for (const bad of [0, -3, 60, 2_958_466, Number.NaN]) expect(readDateCell(bad).ok, String(bad)).toBe(false);
  });

  it('refuses orders that cannot be told apart, serials saved as text and days that do not exist', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom('/', '-', '.'), fc.constantFrom('2026', '26'), (m, d, sep, y) => {
      expect(readDateCell(`${m}${sep}${d}${sep}${y}`).ok).toBe(false);
      expect(readDateCell(`${d}${sep}${m}${sep}${y}`).ok).toBe(false);
    }), { numRuns: 200 });
    expect(readDateCell('5/14/2026')).toMatchObject({ ok: false, reason: { zh: expect.stringContaining('2026/5/14'), en: expect.stringContaining('year first') } });
    expect(readDateCell('46156')).toMatchObject({ ok: false, reason: { en: expect.stringContaining('serial') } });
    expect(readDateCell('2026/2/30').ok).toBe(false);
    expect(readDateCell('2026年13月').ok).toBe(false);
  });

  it('gives months in Chinese as periods and passes the runtime\'s own forms through', () => {
    expect(readDateCell('2026年5月')).toEqual({ ok: true, text: '2026-05' });
    for (const own of ['2026-05', '2026-W16', '2026-Q2', '2026-04-15T23:30:00+00:00']) expect(readDateCell(own)).toEqual({ ok: true, text: own });
  });
});

describe('the table readers every host uses', () => {
  it('readActuals (the board, `target-kit track`) books 2026/5/14 and 1,200 and names the row and column of an ambiguous date', () => {
    const ok = readActuals([
      { line: 2, record: { id: 'u1', date: '2026/5/14', amount: '1,200' } },
      { line: 3, record: { id: 'u1', date: '2026年5月15日', amount: '１２００．５' } },
      { line: 4, record: { id: 'u1', date: 46157, amount: 30 } },
    ], 'actuals.csv');
    expect(ok).toEqual({ ok: true, rows: [
      { row: 2, id: 'u1', day: '2026-05-14', amount: 120000 },
      { row: 3, id: 'u1', day: '2026-05-15', amount: 120050 },
      { row: 4, id: 'u1', day: '2026-05-15', amount: 3000 },
    ] });
    const bad = readActuals([
      { line: 2, record: { id: 'u1', date: '5/14/2026', amount: '1' } },
      { line: 3, record: { id: 'u1', date: '2026-05-14', amount: '1,20' } },
    ], 'actuals.csv');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'date', 'ACTUALS_BAD_DATE'], [3, 'amount', 'TABLE_NOT_AMOUNT']]);
    expect(bad.problems[0]!.message.zh).toContain('年、月、日顺序不明确');
  });

  it('parseAllocationUnits (the simulator, `target-kit allocate`) reads money with thousands separators', () => {
    const read = parseAllocationUnits([
      { line: 2, record: { id: 'c', parent_id: '', name: 'C', level: 'company', revenue_12m: '', last_revenue: '' } },
      { line: 3, record: { id: 'r', parent_id: 'c', name: 'R', level: 'region', revenue_12m: '1,234,567.89', last_revenue: '１，０００' } },
    ], 'units.csv');
    expect(read.ok && read.units[1]).toMatchObject({ revenue12m: 123456789, lastRevenue: 100000 });
    const bad = parseAllocationUnits([{ line: 2, record: { id: 'r', parent_id: '', name: 'R', level: 'region', revenue_12m: '12,34', last_revenue: '1' } }], 'units.csv');
    expect(bad.ok ? [] : bad.problems.map((p) => [p.row, p.column])).toEqual([[2, 'revenue_12m']]);
  });

  it('`target-kit track` reads the office\'s file as it reads the plain one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-habits-'));
    writeFileSync(join(dir, 'plain.csv'), 'id,date,amount\nHD01-01,2026-05-14,1200\nHD01-02,2026-05-15,1234567.80\n');
    writeFileSync(join(dir, 'office.csv'), '\ufeffid,date,amount\nHD01-01,2026/5/14,"1,200"\nHD01-02,2026年5月15日,"１，２３４，５６７．８"\n');
    const track = (file: string) => runCli(['track', '--targets', join(TEMPLATES_DIR, 'data/sample-actuals/targets.csv'), '--actuals', join(dir, file),
      '--period', '2026-05', '--targets-period', '2026-H1', '--as-of', '2026-05-15', '--out', 'json']);
    const [plain, office] = [await track('plain.csv'), await track('office.csv')];
    expect(plain.code).toBe(0);
    expect(office.stdout).toBe(plain.stdout);
    writeFileSync(join(dir, 'ambiguous.csv'), 'id,date,amount\nHD01-01,5/14/2026,1200\n');
    const refused = await track('ambiguous.csv');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/ambiguous\.csv:2:date/);
  });
});
