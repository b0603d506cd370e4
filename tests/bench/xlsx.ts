/**
 * Output bench: the balanced plan of a 60,757-unit company (54,000 reps) written by the CLI's
 * table writer as XLSX (the streaming writer, hosts/cli/xlsx-writer.ts) beside the same rows as
 * CSV, its floor. The XLSX's sheet is inflated back and must hold a row per unit with the CSV's
 * ids in order (exceljs, which the node tests read it back with, cannot load under the bench's
 * --disallow-code-generation-from-strings: its promise library generates code).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, writeTable } from '../../hosts/cli/tables.js';
import { allocatePlan, createAllocation, fenToYuan, loadBundle, parseAllocationUnits } from '../../plugin/index.js';
import { generateSampleCompany, sampleUnitRows } from '../../plugin/sample/index.js';
import { readDefaultBundle } from './default-bundle.js';
import type { BenchContext, BenchSection } from './section.js';

const REPS = 54_000;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const COLUMNS = ['plan', 'id', 'parent_id', 'name', 'level', 'tier', 'base', 'stretch', 'last_revenue', 'growth', 'score', 'weight', 'share', 'band_low', 'band_high', 'outside_band', 'risks'];

export const xlsxBench: BenchSection = {
  name: `xlsx output: the plan of a ${REPS.toLocaleString('en')}-rep company as XLSX vs CSV`,
  async run({ log, ratio }: BenchContext): Promise<boolean> {
    const loaded = loadBundle(readDefaultBundle());
    if (!loaded.ok) throw new Error('the default bundle does not load');
    const company = generateSampleCompany({ reps: REPS, history: false });
    const units = parseAllocationUnits(sampleUnitRows(company), 'bench');
    if (!units.ok) throw new Error('units refused');
    const prepared = createAllocation(loaded.bundle, units.units, 'bench');
    if (!prepared.ok) throw new Error('allocation refused');
    const planned = allocatePlan(prepared.prepared, 'balanced', { base: company.suggestedBase * 100 });
    if (!planned.ok) throw new Error('plan refused');
    const rows = planned.plan.units.map((u) => ({
      plan: 'balanced', id: u.id, parent_id: u.parentId ?? '', name: u.name, level: u.level, tier: u.tier ?? '', base: fenToYuan(u.base), stretch: fenToYuan(u.stretch),
      last_revenue: fenToYuan(u.lastRevenue), growth: u.growth, score: u.score, weight: u.weight, share: u.share, band_low: u.band?.low ?? null, band_high: u.band?.high ?? null,
      outside_band: fenToYuan(u.outsideBand), risks: u.risks.map((r) => r.message.zh).join('; '),
    }));
    const dir = mkdtempSync(join(tmpdir(), 'target-kit-xlsx-bench-'));
    try {
      const write = async (file: string) => { const t = process.hrtime.bigint(); await writeTable(join(dir, file), COLUMNS, rows); return ms(t); };
      await write('warm.csv');
      const before = process.resourceUsage().maxRSS;
      let csvMs = Infinity, xlsxMs = Infinity;
      for (let pass = 0; pass < 3; pass++) {
        csvMs = Math.min(csvMs, await write('plan.csv'));
        xlsxMs = Math.min(xlsxMs, await write('plan.xlsx'));
      }
      const after = process.resourceUsage().maxRSS;
      ratio(`${rows.length.toLocaleString('en')} units`, xlsxMs, 'CSV', csvMs);
      const csv = await readTable(join(dir, 'plan.csv'));
      const ids = sheetColumn(readFileSync(join(dir, 'plan.xlsx')), 'B');
      const same = csv.ok && csv.rows.length === rows.length && ids.length === rows.length + 1
        && csv.rows.every((r, i) => String(r.record.id) === ids[i + 1]);
      log(`${rows.length.toLocaleString('en')} rows × ${COLUMNS.length} columns: CSV ${csvMs.toFixed(0)} ms (${(statSync(join(dir, 'plan.csv')).size / 1e6).toFixed(1)} MB), XLSX ${xlsxMs.toFixed(0)} ms (${(statSync(join(dir, 'plan.xlsx')).size / 1e6).toFixed(1)} MB), ${(xlsxMs / csvMs).toFixed(1)}x; peak ${mb(before)} before writing, ${mb(after)} after six writes; read back alike: ${same ? 'yes' : 'NO'}`);
      return same;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The inline-string cells of one column of the sheet, top down: the sheet entry found by its local header, inflated. */
function sheetColumn(zip: Buffer, column: string): string[] {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  for (let at = 0; at + 30 < zip.length;) {
    if (zip.readUInt32LE(at) !== 0x04034b50) break;
    const size = zip.readUInt32LE(at + 18), nameLength = zip.readUInt16LE(at + 26), extra = zip.readUInt16LE(at + 28);
    const start = at + 30 + nameLength + extra;
    if (zip.subarray(at + 30, at + 30 + nameLength).equals(name)) {
      const xml = inflateRawSync(zip.subarray(start, start + size)).toString('utf8');
      return [...xml.matchAll(new RegExp(`<c r="${column}\\d+" t="inlineStr"><is><t xml:space="preserve">([^<]*)</t>`, 'g'))].map((m) => m[1]!);
    }
    at = start + size;
  }
  return [];
}
