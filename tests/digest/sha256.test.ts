import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex, sha256Hex } from '../../plugin/digest/sha256.js';

describe('sha256Hex', () => {
  it('matches node:crypto on known and random text, across block boundaries', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 50; n < 130; n++) {
      const text = '目'.repeat(n % 7) + 'x'.repeat(n);
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }), { seed: 5, numRuns: 300 });
  });
});

describe('hmacSha256Hex', () => {
  it('matches node:crypto for short, block-sized and long keys', () => {
    fc.assert(fc.property(fc.string({ maxLength: 150 }), fc.string({ unit: 'grapheme', maxLength: 200 }), (key, text) => {
      expect(hmacSha256Hex(key, text)).toBe(createHmac('sha256', Buffer.from(key, 'utf8')).update(text, 'utf8').digest('hex'));
    }), { seed: 7, numRuns: 300 });
    // RFC 4231 test case 2
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});
