/** Exports safe to open in Excel/WPS: formula-like text neutralised, numbers kept, our import restores it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../hosts/cli/tables.js';
import { runCli } from '../support/run-cli.js';

const root = join(import.meta.dirname, '..', '..');
const HOSTILE: Record<string, string> = {
  'HD01-01': '=HYPERLINK("http://x","点我")',
  'HD01-02': "+cmd|' /C calc'!A0",
  'HD01-03': '@SUM(A1)',
  'HD01-04': "'=already quoted",
};

/**
 * The sample company's units with four reps renamed; the name that begins with `'=` is written
 * `''=` in the CSV, as the read rule asks (a first quote before quotes and a trigger is dropped).
 */
function hostileUnits(dir: string): string {
  const lines = readFileSync(join(root, 'templates', 'data', 'sample-company', 'units.csv'), 'utf8').split('\n');
  const out = lines.map((line) => {
    const cells = line.split(',');
    const name = HOSTILE[cells[0] ?? ''];
    if (name === undefined) return line;
    cells[2] = `"${(name.startsWith("'") ? `'${name}` : name).replace(/"/g, '""')}"`;
    return cells.join(',');
  });
  const path = join(dir, 'units.csv');
  writeFileSync(path, out.join('\n'));
  return path;
}

async function excel(): Promise<typeof import('exceljs')> {
  const mod = await import('exceljs');
  return (mod as unknown as { default?: typeof import('exceljs') }).default ?? mod;
}

describe('exports neutralise formula-like text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tk-inject-'));
  const units = hostileUnits(dir);
  const args = ['allocate', '--units', units, '--total', '120250000', '--lang', 'en'];

  it('allocate --out x.csv: names quoted, numbers as they were, our import gives the names back', async () => {
    const csv = join(dir, 'x.csv');
    const r = await runCli([...args, '--out', csv]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://x"",""点我"")",`);
    expect(text).toContain(`,'+cmd|' /C calc'!A0,`);
    expect(text).toContain(`,'@SUM(A1),`);
    expect(text).toContain(`,''=already quoted,`);
    // no cell begins with a trigger unless it is a plain number
    for (const line of text.split('\r\n')) {
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) {
        const v = cell.replace(/,$/, '').replace(/^"|"$/g, '');
        if (/^[=+\-@\t\r]/.test(v)) expect(v).toMatch(/^-\d+(\.\d+)?$/);
      }
    }
    // negative growth stays a plain number
    expect(text).toMatch(/,-\d+(\.\d+)?,/);

    const t = await readTable(csv);
    if (!t.ok) throw new Error(JSON.stringify(t.problems));
    for (const [id, name] of Object.entries(HOSTILE)) expect(t.rows.find((x) => x.record.id === id)?.record.name).toBe(name);

    // the same bytes on standard output (no BOM, LF) as in the file
    const s = await runCli([...args, '--out', 'csv']);
    expect(s.stdout.split('\n')).toEqual(text.replace(/^\ufeff/, '').split('\r\n'));
  });

  it('allocate --out x.xlsx: names quoted as text, numbers as numbers, our import gives the names back', async () => {
    const xlsx = join(dir, 'x.xlsx');
    const r = await runCli([...args, '--out', xlsx]);
    expect(r.code, r.stderr).toBe(0);
    const ExcelJS = await excel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const names = new Map<string, unknown>();
    let negatives = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      names.set(String(row.getCell(col('id')).value), row.getCell(col('name')).value);
      expect(typeof row.getCell(col('base')).value).toBe('number');
      const growth = row.getCell(col('growth')).value;
      if (typeof growth === 'number' && growth < 0) negatives++;
      for (const v of (row.values as unknown[]).slice(1)) if (typeof v === 'string') expect(v).not.toMatch(/^[=+\-@\t\r]/);
    });
    expect(negatives).toBeGreaterThan(0);
    for (const [id, name] of Object.entries(HOSTILE)) expect(names.get(id)).toBe(`'${name}`);

    const t = await readTable(xlsx);
    if (!t.ok) throw new Error(JSON.stringify(t.problems));
    for (const [id, name] of Object.entries(HOSTILE)) expect(t.rows.find((x) => x.record.id === id)?.record.name).toBe(name);
  });

  it('JSON is written as it is', async () => {
    const r = await runCli([...args, '--out', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ id: string; name: string }>;
    for (const [id, name] of Object.entries(HOSTILE)) expect(rows.find((x) => x.id === id)?.name).toBe(name);
  });

  it("letters' HR export: names quoted in the CSV, the plan file read back with its names", async () => {
    const plan = join(dir, 'plan.csv');
    expect((await runCli([...args, '--out', plan])).code).toBe(0);
    const out = join(dir, 'letters');
    const r = await runCli(['letters', '--plan', plan, '--out', out, '--no-pdf', '--level', 'rep', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(0);
    const hr = readFileSync(join(out, 'hr-export.csv'), 'utf8');
    expect(hr).toContain(`,'@SUM(A1),`);
    expect(hr).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    const json = JSON.parse(readFileSync(join(out, 'hr-export.json'), 'utf8')) as Array<{ unit_id: string; unit_name: string }>;
    expect(json.find((x) => x.unit_id === 'HD01-03')?.unit_name).toBe('@SUM(A1)');
  });
});
