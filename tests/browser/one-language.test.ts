/**
 * One language at a time (issue 19 item 8): every screen, as the persona who works on it, in
 * zh and in en; an en screen may show Chinese only inside data values (the names of people,
 * units, customers, and other text cells of the sample data), a zh screen English only inside
 * data values and the allow list of product names and codes (languageLeaks.ts). The code editor's content
 * (rule JSON, which carries both languages by design) and the language switch are left out.
 */
import { describe, expect, it } from 'vitest';
import { SCREEN_LOAD, useBrowserSession } from './harness.js';
import { leaks, settledText } from './languageLeaks.js';
import { switchRole } from './personaHelpers.js';

const session = useBrowserSession();

/**
 * The live screens as each persona works on them, and the configurer's library and build, as
 * [persona, address, the test id of the screen's page]. The rule editor and the template
 * previews are not walked yet: their rule examples' notes are single-language strings in the
 * bundle (`note` in rules/*.rules.json) and the previews show Formily's raw option values; both
 * need the bundle's schema to carry {zh, en} first.
 *
 * One page per language, moved by the address and the role switch (a load per screen cost this
 * walk two thirds of its time): a persona's first screen is never the one the page is on, so
 * waiting for its test id waits for the new screen, never the old one still up.
 */
const WALK: Array<['hq-admin' | 'rep' | 'engineer' | 'implementer', string, string]> = [
  ['hq-admin', '#/workspace', 'workspace'], ['hq-admin', '#/simulator', 'simulator'], ['hq-admin', '#/board', 'board'],
  ['hq-admin', '#/phasing', 'phasing'], ['hq-admin', '#/pipeline', 'pipeline'], ['hq-admin', '#/process', 'process'],
  ['hq-admin', '#/data', 'data-screen'], ['hq-admin', '#/notify', 'notify'],
  ['engineer', '#/workspace', 'workspace'],
  ['rep', '#/board', 'board'], ['rep', '#/visits', 'visits'], ['rep', '#/workspace', 'workspace'],
  ['implementer', '#/', 'gallery'], ['implementer', '#/build', 'composer'],
];

describe('one language at a time', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`every screen in ${lang} shows no text of the other language`, async () => {
      const found: string[] = [];
      const page = await session().open('/#/workspace', { lang, persona: 'hq-admin' });
      let who: string = 'hq-admin';
      for (const [persona, address, testId] of WALK) {
        if (persona !== who) {
          await switchRole(page, persona);
          who = persona;
        }
        await page.evaluate((hash) => { window.location.hash = hash; }, address);
        await page.getByTestId(testId).waitFor({ timeout: SCREEN_LOAD });
        const text = await settledText(page);
        for (const l of leaks(text, lang)) found.push(`${persona} ${address}: ${l}`);
      }
      expect([...new Set(found)]).toEqual([]);
    }, 600_000);
  }
});
