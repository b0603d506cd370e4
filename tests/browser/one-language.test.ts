/**
 * One language at a time (issue 19 item 8): every screen, as the persona who works on it, in
 * zh and in en; an en screen may show Chinese only inside data values (the names of people,
 * units, customers, and other text cells of the sample data), a zh screen English only inside
 * data values and the allow list of product names and codes (languageLeaks.ts). The code editor's content
 * (rule JSON, which carries both languages by design) and the language switch are left out.
 */
import { describe, expect, it } from 'vitest';
import { useBrowserSession } from './harness.js';
import { AUTHOR_TEXT_VISITS_EN, leaks, settledText } from './languageLeaks.js';

const session = useBrowserSession();

/**
 * The live screens as each persona works on them, and the configurer's library and build; in
 * English also the rule editor and the template previews (languageLeaks.ts AUTHOR_TEXT_VISITS_EN).
 */
const VISITS: Array<[string, 'hq-admin' | 'rep' | 'engineer' | 'implementer']> = [
  ['#/workspace', 'hq-admin'], ['#/simulator', 'hq-admin'], ['#/board', 'hq-admin'], ['#/phasing', 'hq-admin'],
  ['#/pipeline', 'hq-admin'], ['#/process', 'hq-admin'], ['#/data', 'hq-admin'],
  ['#/workspace', 'rep'], ['#/board', 'rep'], ['#/visits', 'rep'], ['#/workspace', 'engineer'],
  ['#/', 'implementer'], ['#/build', 'implementer'], ['#/notify', 'hq-admin'],
];

describe('one language at a time', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`every screen in ${lang} shows no text of the other language`, async () => {
      const found: string[] = [];
      for (const [path, who] of lang === 'en' ? [...VISITS, ...AUTHOR_TEXT_VISITS_EN] : VISITS) {
        // a page of its own for each screen: a new hash alone keeps the old screen up for a moment
        const page = await session().open(`/${path}`, { lang, persona: who });
        const text = await settledText(page);
        for (const l of leaks(text, lang)) found.push(`${who} ${path}: ${l}`);
        await page.context().close();
      }
      expect([...new Set(found)]).toEqual([]);
    }, 600_000);
  }
});
