/**
 * Encodings decided per file, not per prefix: UTF-8 only if all of it is, else GB18030, else
 * refused at the first bad byte's line and column; the stream decoder (eval --each) refuses a
 * UTF-8 stream that turns into GBK past its sample instead of handing out U+FFFD.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTextStrict, SniffingDecoder, TextDecodeError } from '../../plugin/index.js';
import { runCli } from '../support/run-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');
const gbkRow = readFileSync(join(fixtures, 'regions-gbk.csv')).subarray(0, 200);
const bytes = (...parts: Array<string | Uint8Array | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

function streamed(data: Uint8Array, sniff: number, chunk: number): string {
  const decoder = new SniffingDecoder(sniff, 'x.csv');
  let text = '';
  for (let i = 0; i < data.length; i += chunk) text += decoder.push(data.subarray(i, i + chunk));
  return text + decoder.end();
}

describe('decodeTextStrict', () => {
  it('reads UTF-8, and GBK as GB18030', () => {
    expect(decodeTextStrict(bytes('名称\n华东'), 'x')).toMatchObject({ ok: true, encoding: 'utf-8', text: '名称\n华东' });
    const gbk = decodeTextStrict(gbkRow, 'x');
    expect(gbk).toMatchObject({ ok: true, encoding: 'gb18030' });
    if (gbk.ok) expect(gbk.text).toContain('华东大区');
  });

  it('refuses bytes valid in neither, at the first bad byte of the encoding that reads further', () => {
    const r = decodeTextStrict(bytes('id,name\n1,华东\n22,', [0xff], '\n'), 'x.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ code: 'DATA_ENCODING', file: 'x.csv', row: 3, column: 4 });
  });
});

describe('SniffingDecoder', () => {
  const utf8Then = (bad: Uint8Array) => bytes('id,name\n', '1,华东\n'.repeat(50), '2,', bad, '\n3,华南\n');

  it('refuses a UTF-8 stream with a GBK row past the sample, at the row and column, however it is cut', () => {
    const data = utf8Then(Buffer.from([0xc4, 0xe3]));
    // (a sample that holds the bad row decides GB18030 for the whole, as decodeTextStrict would)
    for (const chunk of [1, 3, 7, 64]) {
      try {
        streamed(data, 16, chunk);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(TextDecodeError);
        expect((e as TextDecodeError).problem).toMatchObject({ code: 'DATA_ENCODING', file: 'x.csv', row: 52, column: 3 });
      }
    }
  });

  it('refuses a GBK stream whose sample was all ASCII, instead of reading it as UTF-8', () => {
    expect(() => streamed(gbkRow, 16, 5)).toThrow(TextDecodeError);
  });

  it('gives the same text as the whole-file decoder for good input, however it is cut', () => {
    const utf8 = bytes([0xef, 0xbb, 0xbf], 'id,name\n', '1,华东\n'.repeat(50));
    for (const chunk of [1, 2, 5, 1000]) {
      expect(streamed(utf8, 16, chunk)).toBe('id,name\n' + '1,华东\n'.repeat(50));
      expect(streamed(gbkRow, 64 * 1024, chunk)).toBe((decodeTextStrict(gbkRow, 'x') as { text: string }).text);
    }
  });
});

describe('the CLI readers', () => {
  it('eval --each refuses a UTF-8 CSV with one GBK row, at its row and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-decode-'));
    const file = join(dir, 'rows.csv');
    writeFileSync(file, bytes('x,name\n', '1,华东\n'.repeat(20_000), '2,', [0xc4, 0xe3], '\n'));
    const r = await runCli(['eval', '--rule', '{"var":"x"}', '--data', file, '--each', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rows\.csv:20002:3 .*\[DATA_ENCODING\]/);
  });

  it('eval refuses a data file valid in neither encoding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-decode-'));
    const file = join(dir, 'one.json');
    writeFileSync(file, bytes('{"x": "', [0xff], '"}'));
    const r = await runCli(['eval', '--rule', '{"var":"x"}', '--data', file, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/one\.json:1:8 .*\[DATA_ENCODING\]/);
  });
});
