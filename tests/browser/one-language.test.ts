/**
 * One language at a time (issue 19 item 8): every screen, as the persona who works on it, in
 * zh and in en; an en screen may show Chinese only inside data values (the names of people,
 * units, customers, and other text cells of the sample data), a zh screen English only inside
 * data values and the allow list of product names and codes (languageLeaks.ts). The code editor's content
 * (rule JSON, which carries both languages by design) and the language switch are left out.
 */
import { describe, expect, it } from 'vitest';
import { SCREEN_LOAD, useBrowserSession } from './harness.js';
import { AUTHOR_TEXT_VISITS_EN, leaks, settledText } from './languageLeaks.js';
import { switchRole } from './personaHelpers.js';

const session = useBrowserSession();

/**
 * The live screens as each persona works on them, and the configurer's library and build, as
 * [persona, address, a selector that only the screen asked for matches]; in English also the rule
 * editor and the template previews (languageLeaks.ts AUTHOR_TEXT_VISITS_EN).
 *
 * One page per language, moved by the address and the role switch (a load per screen cost this
 * walk two thirds of its time): a screen's selector never matches the screen the page is on, so
 * waiting for it waits for the new screen, never the old one still up.
 */
const WALK: Array<['hq-admin' | 'rep' | 'engineer' | 'implementer', string, string]> = [
  ['hq-admin', '#/workspace', '[data-testid="workspace"]'], ['hq-admin', '#/simulator', '[data-testid="simulator"]'], ['hq-admin', '#/board', '[data-testid="board"]'],
  ['hq-admin', '#/phasing', '[data-testid="phasing"]'], ['hq-admin', '#/pipeline', '[data-testid="pipeline"]'], ['hq-admin', '#/process', '[data-testid="process"]'],
  ['hq-admin', '#/data', '[data-testid="data-screen"]'], ['hq-admin', '#/notify', '[data-testid="notify"]'],
  ['engineer', '#/workspace', '[data-testid="workspace"]'],
  ['rep', '#/board', '[data-testid="board"]'], ['rep', '#/visits', '[data-testid="visits"]'], ['rep', '#/workspace', '[data-testid="workspace"]'],
  ['implementer', '#/', '[data-testid="gallery"]'], ['implementer', '#/build', '[data-testid="composer"]'],
];

describe('one language at a time', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`every screen in ${lang} shows no text of the other language`, async () => {
      const found: string[] = [];
      const page = await session().open('/#/workspace', { lang, persona: 'hq-admin' });
      let who: string = 'hq-admin';
      for (const [persona, address, screen] of lang === 'en' ? [...WALK, ...AUTHOR_TEXT_VISITS_EN] : WALK) {
        if (persona !== who) {
          await switchRole(page, persona);
          who = persona;
        }
        await page.evaluate((hash) => { window.location.hash = hash; }, address);
        await page.locator(screen).first().waitFor({ timeout: SCREEN_LOAD });
        const text = await settledText(page);
        for (const l of leaks(text, lang)) found.push(`${persona} ${address}: ${l}`);
      }
      expect([...new Set(found)]).toEqual([]);
    }, 600_000);
  }
});
