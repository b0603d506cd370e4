/**
 * Issue 20, item 6: amounts are checked at every door the CLI opens, by the one reader
 * (readAmount): a negative Base, three decimals, or a total past the largest amount
 * (9 999 999 999 999.99 yuan) is refused by row and column or by flag, never computed.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-amounts-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const track = ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-05-08', '--lang', 'en'];
const targets = (r1Base: string) => `id,parent_id,name,base,stretch\nco,,公司,1000,1200\nt1,co,一组,1000,1200\nr1,t1,王磊,${r1Base},1200\n`;

describe('amounts at the CLI doors', () => {
  it('track refuses a negative Base by row and column (it used to light every unit green)', async () => {
    const d = dir({ 'targets.csv': targets('-800'), 'actuals.csv': 'id,date,amount\nr1,2026-04-01,100\n' });
    const r = await runCli(track, { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/targets\.csv:4:base .*"-800": must not be negative.*\[TABLE_NOT_AMOUNT\]/);
  });

  it('track refuses a Base with three decimals and one past the largest amount', async () => {
    for (const [base, reason] of [['1000.001', 'has more than 2 decimals'], ['90071992547409.91', 'beyond the largest amount, 9999999999999.99 yuan']] as const) {
      const r = await runCli(track, { cwd: dir({ 'targets.csv': targets(base), 'actuals.csv': 'id,date,amount\nr1,2026-04-01,100\n' }) });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(reason);
    }
  });

  it('track refuses actuals whose company total would pass the largest amount', async () => {
    const d = dir({ 'targets.csv': targets('1000'), 'actuals.csv': 'id,date,amount\nr1,2026-04-01,9999999999999.99\nr1,2026-04-02,0.01\n' });
    const r = await runCli(track, { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[ACTUALS_TOTAL_RANGE]');
  });

  it('allocate refuses a total near 2^53 fen, whose printed company total no longer equalled its children', async () => {
    const r = await runCli(['allocate', '--total', '90071992547409.91', '--lang', 'en']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--total must be a non-negative amount in yuan (at most 2 decimals), got "90071992547409.91": is beyond the largest amount');
  });

  it('allocate refuses a total whose Stretch uplift passes the largest amount, and takes the largest itself with its own Stretch', async () => {
    const r = await runCli(['allocate', '--total', '9999999999999.99', '--plan', 'balanced', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[ALLOC_BAD_TOTAL]');
    const ok = await runCli(['allocate', '--total', '9999999999999.99', '--stretch', '9999999999999.99', '--plan', 'balanced', '--out', 'json']);
    expect(ok.code).toBe(0);
    const rows = JSON.parse(ok.stdout) as Array<{ id: string; parent_id: string | null; base: number }>;
    const co = rows.find((x) => !x.parent_id)!;
    expect(co.base).toBe(9999999999999.99);
    // the printed yuan of the regions add up, in exact decimal, to the printed company total
    const fen = (y: number) => BigInt(Math.round(y * 100));
    const sum = rows.filter((x) => x.parent_id === co.id).reduce((a, x) => a + BigInt(Math.round(x.base * 100)), 0n);
    expect(sum).toBe(fen(co.base));
  });

  it('validate refuses product-line weights that are not fractions (1e300 was accepted, and splitting by it never returned)', async () => {
    const bundle = mkdtempSync(join(tmpdir(), 'tk-weights-'));
    cpSync(TEMPLATES_DIR, bundle, { recursive: true });
    const file = join(bundle, 'parameters', 'phasing.json');
    const params = JSON.parse(readFileSync(file, 'utf8')) as { parameters: { productLines: { lines: Array<{ weight: number }>; units: Record<string, Record<string, number>> } } };
    params.parameters.productLines.lines[1]!.weight = 1e300;
    params.parameters.productLines.units = { HD: { cloud: 1, ai: 2_000_000 } };
    writeFileSync(file, JSON.stringify(params, null, 2));
    const r = await runCli(['validate', bundle, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/parameters\/phasing\.json:\d+:\d+ #\/parameters\/productLines\/lines\/1\/weight .*must be a fraction from 0 to 1/);
    expect(r.stderr).toMatch(/parameters\/phasing\.json:\d+:\d+ #\/parameters\/productLines\/units\/HD\/ai .*must be a fraction from 0 to 1/);
  });
});
