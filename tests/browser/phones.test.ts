/**
 * Phones (issue 19 item 7): every screen a rep or a head works on, the simulator and the
 * allocation template, at 390 × 844 in zh and in en: the page never scrolls sideways (a wide
 * table scrolls inside its own box) and no input clips its value; and, as on the desktop
 * (one-language.test.ts), no screen but the template preview shows text of the other language
 * (the whole loop's zh walk at 390 px checked that for the rep's and head's screens before it went).
 * One page per language, moved between screens by the menu's addresses and the role switch; the
 * zh screens are kept as pictures.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREEN_LOAD, screenshot, useBrowserSession } from './harness.js';
import { leaks, settledText } from './languageLeaks.js';
import { switchRole } from './personaHelpers.js';

const session = useBrowserSession();
const WIDTH = 390;

/** [persona, address, the test id the screen's page carries] */
const WALK: Array<[string, string, string]> = [
  ['rep', '#/workspace', 'workspace'], ['rep', '#/board', 'board'], ['rep', '#/pipeline', 'pipeline'], ['rep', '#/process', 'process'], ['rep', '#/visits', 'visits'],
  ['region-head', '#/workspace', 'workspace'], ['region-head', '#/board', 'board'], ['region-head', '#/phasing', 'phasing'], ['region-head', '#/pipeline', 'pipeline'], ['region-head', '#/process', 'process'],
  ['hq-admin', '#/simulator', 'simulator'], ['hq-admin', '#/templates/target-allocation', 'runner'],
];

/** What does not fit: the page's width, and every visible input whose value is wider than its box. */
const misfits = (page: Page) => page.evaluate((width) => {
  const out: string[] = [];
  const page = document.documentElement.scrollWidth;
  if (page > width) out.push(`the page is ${page} px wide`);
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('.app-content input:not([type=checkbox]):not([type=radio]):not([type=file])'))) {
    if (input.offsetParent === null || input.readOnly && !input.value) continue;
    if (input.scrollWidth > input.clientWidth) out.push(`an input clips "${input.value}" (${input.scrollWidth} > ${input.clientWidth} px, ${input.closest('[data-testid]')?.getAttribute('data-testid') ?? ''})`);
  }
  return out;
}, WIDTH);

describe('phones at 390 px', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`every screen of a rep, a head, the simulator and the allocation template fits in ${lang}`, async () => {
      const page = await session().open('/#/workspace', { persona: 'rep', lang, width: WIDTH });
      const found: string[] = [];
      let who = 'rep';
      for (const [persona, address, testId] of WALK) {
        if (persona !== who) {
          await page.evaluate(() => { window.location.hash = '#/workspace'; });
          await page.getByTestId('workspace').waitFor({ timeout: SCREEN_LOAD });
          await switchRole(page, persona);
          who = persona;
        }
        await page.evaluate((hash) => { window.location.hash = hash; }, address);
        await page.getByTestId(testId).waitFor({ timeout: SCREEN_LOAD });
        const text = await settledText(page);
        // the template preview shows Formily's raw option values (one-language.test.ts leaves it out too)
        if (testId !== 'runner') for (const l of leaks(text, lang)) found.push(`${persona} ${address}: ${l}`);
        for (const m of await misfits(page)) found.push(`${persona} ${address}: ${m}`);
        if (lang === 'zh') await screenshot(page, `phone-390-${persona}-${testId}`);
      }
      expect(found).toEqual([]);
    }, 300_000);
  }
});
