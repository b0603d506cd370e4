import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, formatYuan, MAX_FEN, parseYuan, readAmount, splitByLargestRemainder } from '../../plugin/index.js';
import { plainAmountFen, splitByLargestRemainderInto } from '../../plugin/money/index.js';

describe('yuan and fen', () => {
  it.each([
    ['1200', 120000], ['1200.5', 120050], ['1200.05', 120005], [' -3.1 ', -310], [0.1, 10], [8000000, 800000000], ['+7', 700],
  ])('parses %j', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it.each(['1,200', '1.234', '1e3', '', 'abc', null, NaN, Infinity, 1e21, '¥5'])('refuses %j', (input) => {
    expect(parseYuan(input)).toBeNull();
  });

  it('refuses amounts past the largest one, which is the largest that prints exactly as a yuan number', () => {
    expect(MAX_FEN).toBe(999_999_999_999_999);
    expect(parseYuan('9999999999999.99')).toBe(MAX_FEN);
    expect(fenToYuan(MAX_FEN)).toBe(9999999999999.99);
    // one fen more, and 2^53 fen: a double cannot hold these yuan with two exact decimals
    for (const input of ['10000000000000.00', '90071992547409.91', 90071992547409.91, 1e300, '1' + '0'.repeat(400)]) {
      expect(parseYuan(input)).toBeNull();
      expect(readAmount(input)).toMatchObject({ ok: false, reason: { en: expect.stringContaining('largest amount') } });
    }
  });

  it('gives the reason: decimals, sign, not a number', () => {
    expect(readAmount(1200.005)).toMatchObject({ ok: false, reason: { en: 'has more than 2 decimals' } });
    expect(readAmount('0.001')).toMatchObject({ ok: false, reason: { en: 'has more than 2 decimals' } });
    expect(readAmount(1e-7)).toMatchObject({ ok: false, reason: { en: 'has more than 2 decimals' } });
    expect(readAmount(-5)).toMatchObject({ ok: false, reason: { zh: '不能为负' } });
    expect(readAmount(-5, { negative: true })).toEqual({ ok: true, fen: -500 });
    expect(readAmount('-0')).toEqual({ ok: true, fen: 0 });
    expect(readAmount(true)).toMatchObject({ ok: false, reason: { en: 'is not an amount in yuan' } });
    expect(readAmount(NaN)).toMatchObject({ ok: false, reason: { en: 'is not a finite number' } });
  });

  it('prints fen back as yuan exactly, up to the largest amount', () => {
    fc.assert(fc.property(fc.integer({ min: -MAX_FEN, max: MAX_FEN }), (fen) => {
      expect(parseYuan(formatYuan(fen))).toBe(fen);
      expect(parseYuan(fenToYuan(fen))).toBe(fen);
    }), { seed: 7, numRuns: 2000 });
  });

  it('prints fen back as yuan exactly', () => {
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
      expect(parseYuan(formatYuan(fen))).toBe(fen);
      expect(parseYuan(fenToYuan(fen))).toBe(fen);
    }), { seed: 7, numRuns: 2000 });
  });
});

describe('largest-remainder split', () => {
  it('gives the leftover fen to the largest remainders, ties to the lower index', () => {
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByLargestRemainder(10, [0.3, 0.3, 0.4])).toEqual([3, 3, 4]);
    expect(splitByLargestRemainder(5, [0, 0])).toEqual([3, 2]);
    expect(splitByLargestRemainder(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('always sums exactly to the total, with no negative part, deterministically', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 9e14 }),
      fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 40 }),
      (total, weights) => {
        const parts = splitByLargestRemainder(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
        expect(splitByLargestRemainder(total, weights)).toEqual(parts);
        const sum = weights.reduce((a, b) => a + b, 0);
        if (sum > 0) weights.forEach((w, i) => expect(Math.abs((parts[i] as number) - (total * w) / sum)).toBeLessThanOrEqual(1 + total * 1e-12));
      }), { seed: 11, numRuns: 1000 });
  });

  it('returns, exactly and promptly, whatever the weights: huge, tiny, subnormal, mixed', () => {
    const extreme = fc.oneof(
      fc.constantFrom(0, Number.MIN_VALUE, 1e-300, 1e-200, 1, 1e200, 1e300, Number.MAX_VALUE),
      fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
    );
    const started = Date.now();
    fc.assert(fc.property(
      fc.integer({ min: 0, max: MAX_FEN }),
      fc.array(extreme, { minLength: 1, maxLength: 30 }),
      (total, weights) => {
        const parts = splitByLargestRemainder(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
        const max = Math.max(...weights);
        // a weight of 0 beside a positive one gets nothing; the largest weight gets its share
        weights.forEach((w, i) => { if (w === 0 && max > 0) expect(parts[i]).toBe(0); });
      }), { seed: 23, numRuns: 3000 });
    // three weights of 1e300 once handed out 10^15 fen one at a time
    expect(splitByLargestRemainder(MAX_FEN, [1e300, 1e300, 1e300])).toEqual([333_333_333_333_333, 333_333_333_333_333, 333_333_333_333_333]);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 20_000);

  it('refuses negative or non-finite weights', () => {
    expect(() => splitByLargestRemainder(10, [1, -1])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(10, [NaN])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(10, [])).toThrow(RangeError);
  });
});

describe('plainAmountFen: the reader of a million rows takes the plain form without an outcome object', () => {
  it('gives what readAmount with negatives gives, or leaves the text to it', () => {
    const digit = fc.constantFrom(...'0123456789');
    const plainish = fc.tuple(
      fc.constantFrom('', '-', '+', ' '), fc.array(digit, { minLength: 0, maxLength: 15 }), fc.constantFrom('', '.', '.5', '.05', '.123', '.x', ' '),
    ).map(([sign, ds, tail]) => `${sign}${ds.join('')}${tail}`);
    fc.assert(fc.property(fc.oneof(plainish, fc.string({ maxLength: 8 })), (text) => {
      const fast = plainAmountFen(text);
      const read = readAmount(text, { negative: true });
      if (fast !== undefined) expect(read).toEqual({ ok: true, fen: fast });
      // what it leaves is only ever a form readAmount refuses or reads otherwise (spaces, '+', long digits)
      else if (read.ok) expect(/^-?\d{1,13}(\.\d{1,2})?$/.test(text)).toBe(false);
    }), { numRuns: 3000 });
    expect(plainAmountFen('-0.00')).toBe(0);
    expect(plainAmountFen('9999999999999.99')).toBe(999_999_999_999_999);
    expect(plainAmountFen('1.')).toBeUndefined();
  });
});

describe('splitByLargestRemainderInto', () => {
  it('writes at any offset what splitByLargestRemainder returns, small splits and large (sorted) ones alike', () => {
    const weight = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e-250, 1e250));
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e15 }), fc.array(weight, { minLength: 1, maxLength: 80 }), fc.nat(3), (total, weights, pad) => {
      const padded = [...Array.from({ length: pad }, () => 7), ...weights];
      const out = new Float64Array(pad + weights.length).fill(-1);
      splitByLargestRemainderInto(total, padded, pad, weights.length, out, pad);
      expect(Array.from(out.subarray(pad))).toEqual(splitByLargestRemainder(total, weights));
      expect(Array.from(out.subarray(0, pad))).toEqual(Array.from({ length: pad }, () => -1));
    }), { numRuns: 500 });
  });
});
