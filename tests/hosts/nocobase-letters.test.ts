/**
 * The NocoBase letter page without a NocoBase (the real one is `npm run test:nocobase`): the page
 * opens with the letter block, and the HR export of stored letters says which signatures still
 * hold, with amounts as numbers and no cell that a spreadsheet would run as a formula.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { letterFlowOf, loadBundle, signLetter } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { exportRow, exportXlsx, EXPORT_COLUMNS } from '../../hosts/nocobase/plugin/src/server/letters.js';
import { hashedLetterOfRecord, letterFieldsOf } from '../../hosts/nocobase/plugin/src/server/signing.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const bundle = (() => {
  const r = loadBundle(defaultBundleFiles());
  if (!r.ok) throw new Error('bundle');
  return r.bundle;
})();
const template = bundle.templates.find((t) => t.def.id === 'commitment-letter')?.def;
const flow = bundle.flows.find((f) => f.def.id === template?.flow)?.def;
const letters = template && flow ? letterFlowOf(template, flow) : null;
if (!letters) throw new Error('no letter flow');
const fields = letterFieldsOf(letters);
const KEY = 'k'.repeat(64);

/** A letter record as NocoBase stores it, signed by its rep under the plugin's key. */
function signedRecord(values: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = { unit: '=HYPERLINK("x")', period: '2026-Q2', base: 104156.75, stretch: 120000, headName: '毛睿', headId: '5', tk_unit: 'HD01-01', ...values };
  const letter = hashedLetterOfRecord(record, fields);
  const signed = signLetter(letter, { id: '5' }, '2026-04-01T08:00:00.000Z', KEY);
  if (!signed.ok) throw new Error('sign');
  const s = signed.signature;
  return { ...record, hash: letter.hash, signedHash: s.hash, signerId: s.signerId, signedBy: s.name, signedAt: s.at, signedMac: s.mac };
}

describe('the NocoBase letter page', () => {
  it('opens the letter page with the letter block, its issuers allowed to export', () => {
    const page = nocobaseTarget(bundle).pages.find((p) => p.key.endsWith('page:commitment-letter'));
    const grid = Object.values((page?.schema.properties ?? {}) as Record<string, { properties?: Record<string, unknown> }>)[0]?.properties ?? {};
    expect(Object.keys(grid)[0]).toBe('row_letter');
    expect(JSON.stringify(grid.row_letter)).toContain('"x-component":"TargetKitLetter"');
    expect(JSON.stringify(grid.row_letter)).toContain('"exporters":["tk_hrbp","tk_hq_admin"]');
    const filing = nocobaseTarget(bundle).pages.find((p) => p.key.endsWith('page:target-filing'));
    expect(JSON.stringify(filing?.schema)).not.toContain('TargetKitLetter');
  });

  it('exports a signed letter as signed, with its amounts as numbers; a letter changed after signing as void', async () => {
    const good = exportRow(signedRecord({}), fields, KEY);
    expect(good).toMatchObject({ unit_id: 'HD01-01', status: 'signed', base: 104156.75, stretch: 120000, signer_id: '5', keyed: true });
    const changed = exportRow({ ...signedRecord({}), base: 1 }, fields, KEY);
    expect(changed.status).toBe('void');
    expect(exportRow({ unit: 'x', base: 1, stretch: 2 }, fields, KEY).status).toBe('unsigned');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exportXlsx([good, changed], '承诺书') as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('承诺书');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const first = sheet?.getRow(2);
    expect(first?.getCell(EXPORT_COLUMNS.indexOf('base') + 1).value).toBe(104156.75);
    expect(first?.getCell(EXPORT_COLUMNS.indexOf('keyed') + 1).value).toBe(true);
    expect(sheet?.getRow(3).getCell(EXPORT_COLUMNS.indexOf('status') + 1).value).toBe('void');
    // a unit name that would run as a formula is kept as text
    expect(first?.getCell(EXPORT_COLUMNS.indexOf('unit_name') + 1).value).toBe('\'=HYPERLINK("x")');
  });
});
