/**
 * A letter a host stores as one flat record (NocoBase's letter collection: unit, period, Base,
 * Stretch, head) read back as the runtime's letter, so the host shows the same text the
 * playground and the CLI compose (composeLetter), with the bundle's letter template.
 */
import { parseYuan } from '../money/money.js';
import type { Lang, Localized } from '../problems.js';
import { composeLetter, type Letter } from './letter.js';
import type { LettersParameters } from './plan-letters.js';

/** The stored letter's values under the runtime's names; amounts in yuan, as stored (number or text). */
interface StoredLetter {
  unitId: unknown;
  unitName: unknown;
  headName: unknown;
  headId: unknown;
  period: unknown;
  base: unknown;
  stretch: unknown;
  /** Whether the unit is a person (a rep): he signs his own letter, in the first person. */
  personal: boolean;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * The letter a stored record stands for in `lang`, or why it has none: an amount that is not
 * yuan with at most two decimals, named by its field. A stored number is read through its
 * shortest text (104156.75 stays 104156.75), so no float error reaches the fen.
 */
export function letterOfStored(params: LettersParameters, stored: StoredLetter, lang: Lang): { ok: true; letter: Letter } | { ok: false; field: 'base' | 'stretch'; message: Localized } {
  const fen = { base: parseYuan(text(stored.base)), stretch: parseYuan(text(stored.stretch)) };
  for (const field of ['base', 'stretch'] as const) {
    if (fen[field] === null) {
      return { ok: false, field, message: { zh: `字段 ${field}：${text(stored[field]) || '（空）'} 不是金额（元，最多两位小数）`, en: `field ${field}: ${text(stored[field]) || '(empty)'} is not an amount (yuan, at most two decimals)` } };
    }
  }
  const unitId = text(stored.unitId);
  return {
    ok: true,
    letter: composeLetter(params.commitment, {
      unitId, unitName: text(stored.unitName) || unitId, headName: text(stored.headName), headId: text(stored.headId), period: text(stored.period),
      base: fen.base as number, stretch: fen.stretch as number, bonusTerms: params.bonusTerms[lang], company: params.company[lang],
    }, lang, stored.personal),
  };
}
