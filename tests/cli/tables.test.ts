import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../../hosts/cli/tables.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');

describe('tables', () => {
  it('reads a GBK CSV with row numbers', async () => {
    const t = await readTable(join(fixtures, 'regions-gbk.csv'));
    expect(t).toMatchObject({ ok: true, columns: ['id', 'name', 'actual', 'target'] });
    if (t.ok) expect(t.rows[1]).toEqual({ line: 3, record: { id: 'hn', name: '华南大区', actual: '1,200', target: '1000' } });
  });

  it.each(['csv', 'xlsx', 'json'])('writes and reads back %s', async (ext) => {
    const path = join(mkdtempSync(join(tmpdir(), 'tk-table-')), `out.${ext}`);
    const rows = [{ id: 'a', name: '华东, "一区"', base: 1234.56 }, { id: 'b', name: '西北', base: 0 }];
    await writeTable(path, ['id', 'name', 'base'], rows);
    const t = await readTable(path);
    if (!t.ok) throw new Error(JSON.stringify(t.problems));
    expect(t.columns).toEqual(['id', 'name', 'base']);
    expect(t.rows.map((r) => ({ ...r.record, base: Number(r.record.base) }))).toEqual(rows);
    expect(t.rows[0]?.line).toBe(ext === 'json' ? 1 : 2);
    if (ext === 'csv') expect(readFileSync(path).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});
