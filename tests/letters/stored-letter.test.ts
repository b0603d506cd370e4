/**
 * A host's stored letter record reads as the same letter the plan composes: NocoBase's letter
 * page shows the text the playground and the CLI show, amounts exact to the fen.
 */
import { describe, expect, it } from 'vitest';
import { letterOfStored, loadBundle, planLetters, type LettersParameters } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const params = (() => {
  const r = loadBundle(defaultBundleFiles());
  if (!r.ok) throw new Error('bundle');
  return r.bundle.parameters.letters as LettersParameters;
})();

describe('letterOfStored', () => {
  it('gives a rep\'s stored letter the plan\'s text and hash, in both languages, from a stored number', () => {
    for (const lang of ['zh', 'en'] as const) {
      const planned = planLetters([{ line: 1, record: { id: 'HD01-01', name: '毛睿', level: 'rep', base: '104156.75', stretch: '120000' } }], params, { period: '2026-H1', lang, file: 'plan.csv' });
      if (!planned.ok) throw new Error('plan');
      const stored = letterOfStored(params, { unitId: 'HD01-01', unitName: '毛睿', headName: '毛睿', headId: 'HD01-01', period: '2026-H1', base: 104156.75, stretch: 120000, personal: true }, lang);
      if (!stored.ok) throw new Error(stored.message.en);
      expect(stored.letter).toEqual(planned.letters[0]?.letter);
      expect(stored.letter.content.paragraphs.join('\n')).toContain(lang === 'zh' ? '104,156.75' : '104,156.75');
    }
  });

  it('writes a rep\'s letter in his own words when the host\'s user id is not his unit id', () => {
    const fields = { unitId: 'HD01-01', unitName: '毛睿', headName: '毛睿', headId: '2', period: '2026-H1', base: 1, stretch: 2 };
    const own = letterOfStored(params, { ...fields, personal: true }, 'zh');
    const head = letterOfStored(params, { ...fields, personal: false }, 'zh');
    if (!own.ok || !head.ok) throw new Error('letters');
    expect(own.letter.content.paragraphs[1]).toContain('本人毛睿（HD01-01）');
    expect(own.letter.content.paragraphs.join('')).not.toContain('负责人');
    expect(head.letter.content.paragraphs[1]).toContain('负责人');
  });

  it('refuses an amount that is not yuan, naming the field', () => {
    const r = letterOfStored(params, { unitId: 'HD', unitName: '华东大区', headName: 'x', headId: '7', period: 'p', base: '12,5', stretch: 1, personal: false }, 'zh');
    expect(r).toMatchObject({ ok: false, field: 'base' });
    expect(letterOfStored(params, { unitId: 'HD', unitName: '', headName: 'x', headId: '7', period: 'p', base: 1, stretch: null, personal: false }, 'en')).toMatchObject({ ok: false, field: 'stretch' });
  });
});
