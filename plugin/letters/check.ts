/** Checks the `letters` parameter group: the commitment template and its default texts. */
import { joinPointer, problem, type Problem } from '../problems.js';
import { checkLetterTemplate } from './letter.js';

export function checkLettersParameters(value: unknown, file: string, pointer: string): Problem[] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const out = checkLetterTemplate(v.commitment, file, joinPointer(pointer, 'commitment'));
  for (const key of ['company', 'bonusTerms']) {
    const text = v[key] as { zh?: unknown; en?: unknown } | undefined;
    if (typeof text?.zh !== 'string' || typeof text?.en !== 'string') {
      out.push(problem('LETTER_TEXT', file, joinPointer(pointer, key), {
        zh: `letters.${key} 需要 zh 与 en 两种文字`, en: `letters.${key} needs a zh and an en text`,
      }));
    }
  }
  return out;
}
