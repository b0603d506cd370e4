/**
 * The phasing card's hint quotes month weights as the bundle keeps them, fractions (0.3 = 30%),
 * never in the percent form the convention refuses (issue 16, one unit convention).
 */
import { describe, expect, it } from 'vitest';
import { timeEn, timeZh } from '../../playground/src/phasing/messages.js';

describe('the phasing card\'s edit hint', () => {
  it('quotes fractions, in both languages', () => {
    for (const hint of [timeZh['phasing.editHint'], timeEn['phasing.editHint']]) {
      expect(hint).toContain('0.3/0.3/0.4');
      // a weight set written in whole numbers reads as percents, the form validate refuses
      expect(hint).not.toMatch(/(?<![.\d])\d+\/\d+\/\d+/);
    }
  });
});
