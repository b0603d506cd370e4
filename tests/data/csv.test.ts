import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, JsonArraySplitter, SniffingDecoder, decodeText, parseCsv, restoreCellText } from '../../plugin/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, CRLF and newlines inside quotes', () => {
    const r = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"two\nlines",z\r\n');
    expect(r).toEqual({ ok: true, columns: ['a', 'b'], records: [
      { line: 2, record: { a: 'x, y', b: 'say "hi"' } },
      { line: 3, record: { a: 'two\nlines', b: 'z' } },
    ] });
  });

  it('names the row and column of a bad row', () => {
    const r = parseCsv('id,amount\n1,5\n2,6,7\n');
    expect(r).toMatchObject({ ok: false, problem: { code: 'CSV_FIELD_COUNT', row: 3, column: 3 } });
    const q = parseCsv('id,name\n1,ab"c"\n');
    expect(q).toMatchObject({ ok: false, problem: { code: 'CSV_QUOTE', row: 2, column: 2 } });
    const u = parseCsv('id,name\n1,"open\n');
    expect(u).toMatchObject({ ok: false, problem: { code: 'CSV_UNCLOSED_QUOTE', row: 2 } });
    const h = parseCsv('id,id\n1,2\n');
    expect(h).toMatchObject({ ok: false, problem: { code: 'CSV_DUPLICATE_HEADER', row: 1, column: 2 } });
  });

  it('gives the same records however the text is cut into chunks', () => {
    const cell = fc.oneof(fc.constantFrom('', '"', '""', ',', '\n', '\r\n', '华东', 'a b'), fc.string({ maxLength: 6 }));
    const quote = (s: string) => (/[",\r\n]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(fc.property(
      fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (rows, cuts) => {
        const text = ['h1,h2,h3', ...rows.map((r) => r.map(quote).join(','))].join('\r\n') + '\r\n';
        const whole = parseCsv(text);
        expect(whole.ok).toBe(true);
        if (!whole.ok) return;
        // records restore what our writers neutralise (restoreCellText); the parser's fields are raw
        expect(whole.records.map((r) => Object.values(r.record))).toEqual(rows.map((r) => r.map(restoreCellText)));
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const parser = new CsvParser();
        const got: string[][] = [];
        let from = 0;
        for (const p of [...points, text.length]) {
          got.push(...parser.push(text.slice(from, p)).map((r) => r.fields));
          from = p;
        }
        got.push(...parser.end().map((r) => r.fields));
        expect(got.slice(1)).toEqual(rows);
      }), { seed: 20261123, numRuns: 300 });
  });

  it('decodes GBK from Chinese Excel and UTF-8 with a BOM to the same text', () => {
    const gbk = decodeText(readFileSync(join(fixtures, 'regions-gbk.csv')));
    const utf8 = decodeText(readFileSync(join(fixtures, 'regions-utf8-bom.csv')));
    expect(gbk.encoding).toBe('gb18030');
    expect(utf8.encoding).toBe('utf-8');
    expect(gbk.text).toBe(utf8.text);
    expect(gbk.text).toContain('华东大区');
  });

  it('decodes a stream whose first chunk ends inside a UTF-8 character', () => {
    const bytes = new TextEncoder().encode('名称\n' + '华东'.repeat(10));
    const decoder = new SniffingDecoder(4);
    const text = decoder.push(bytes.subarray(0, 5)) + decoder.push(bytes.subarray(5)) + decoder.end();
    expect(decoder.encoding).toBe('utf-8');
    expect(text).toBe('名称\n' + '华东'.repeat(10));
  });
});

describe('JSON array splitter', () => {
  it('splits elements across chunk boundaries, strings with brackets included', () => {
    const text = ' [ {"a": "]", "b": [1, {"c": "\\"}"}]}, 2 , "x,y" , null ] ';
    for (let cut = 0; cut <= text.length; cut++) {
      const s = new JsonArraySplitter();
      const parts = [...s.push(text.slice(0, cut)), ...s.push(text.slice(cut))];
      s.end();
      expect(parts.map((p) => JSON.parse(p.text))).toEqual(JSON.parse(text));
    }
  });

  it('refuses what is not an array, and an array left open', () => {
    expect(() => new JsonArraySplitter().push('{"a":1}')).toThrow(SyntaxError);
    const s = new JsonArraySplitter();
    s.push('[1, 2');
    expect(() => s.end()).toThrow(/not closed/);
  });
});
