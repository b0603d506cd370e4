import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS, neutraliseCell, neutraliseCellText, parseCsv, restoreCellText } from '../../plugin/index.js';

describe('formula-safe cells (CSV injection)', () => {
  it('puts a quote before text that begins with = + - @ tab or carriage return', () => {
    expect(neutraliseCellText('=HYPERLINK("http://x","点我")')).toBe(`'=HYPERLINK("http://x","点我")`);
    expect(neutraliseCellText("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(neutraliseCellText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCellText('-2+3+cmd')).toBe("'-2+3+cmd");
    expect(neutraliseCellText('\t=1')).toBe("'\t=1");
    expect(neutraliseCellText('\r=1')).toBe("'\r=1");
    for (const c of FORMULA_TRIGGERS) expect(neutraliseCellText(`${c}x`)).toBe(`'${c}x`);
  });

  it('leaves other text, plain numbers written as text, and non-text values alone', () => {
    for (const s of ['', '华东大区', 'a=b', ' =x', "it's", "'", "'x", '2026-01-01', '-12.5', '+3', '-1,200.00', '-5%', '1e-3', '-.5']) {
      expect(neutraliseCellText(s)).toBe(s);
    }
    expect(neutraliseCell(-12.5)).toBe(-12.5);
    expect(neutraliseCell(true)).toBe(true);
    expect(neutraliseCell(null)).toBe(null);
    expect(neutraliseCell('=1')).toBe("'=1");
  });

  it('quotes text that already begins with quotes before a trigger once more, so the rule is unambiguous', () => {
    expect(neutraliseCellText("'=x")).toBe("''=x");
    expect(restoreCellText("''=x")).toBe("'=x");
    expect(restoreCellText("'=x")).toBe('=x');
    expect(restoreCellText("'x")).toBe("'x");
    expect(restoreCellText("'-12.5")).toBe('-12.5');
  });

  it('gives every string back after a round trip', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.tuple(fc.nat({ max: 3 }).map((n) => "'".repeat(n)), fc.constantFrom(...FORMULA_TRIGGERS, '1', '-1', 'a'), fc.string({ maxLength: 5 })).map((p) => p.join('')),
    );
    fc.assert(fc.property(text, (s) => {
      const written = neutraliseCellText(s);
      expect(restoreCellText(written)).toBe(s);
      if (written !== s) expect(written).toBe(`'${s}`);
      // what is written never begins with a trigger unless it is a plain number
      if (FORMULA_TRIGGERS.includes(written[0] ?? '')) expect(written).toMatch(/^[+-][\d.]/);
    }), { numRuns: 2000 });
  });

  it('the CSV reader restores every cell, header included', () => {
    const r = parseCsv(`'=h,b\r\n"'=HYPERLINK(""http://x"",""点我"")",'-12.5\r\n''@x,-3\r\n`);
    expect(r).toEqual({ ok: true, columns: ['=h', 'b'], records: [
      { line: 2, record: { '=h': '=HYPERLINK("http://x","点我")', b: '-12.5' } },
      { line: 3, record: { '=h': "'@x", b: '-3' } },
    ] });
  });
});
