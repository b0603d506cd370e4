/**
 * Roles (issue 19 item 9): the implementer (实施顾问) has the template library, the build
 * composer and the rule editor and no work screen; a rep and a region head see none of them in
 * the menu and are refused at their addresses with the screens' one refusal; the menu tells a
 * live screen from a template preview (目标看板 twice, one of them marked as a sample).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messages } from '../../playground/src/i18n/messages.js';
import { screenshot, useBrowserSession } from './harness.js';

const session = useBrowserSession();
const zh = messages.zh;


const menuText = (page: Page) => page.locator('.app-menu').innerText();
/** The menu's entries, key → text (antd's data-menu-id is rc-menu-uuid-<n>-<n>-<key>). */
const menuEntries = async (page: Page) => new Map(await page.locator('.app-menu li[data-menu-id]').evaluateAll((items) =>
  items.map((li) => [/^rc-menu-uuid-\d+-\d+-(.+)$/.exec(li.getAttribute('data-menu-id') ?? '')?.[1] ?? '', (li as HTMLElement).innerText] as [string, string])));
const hasItem = async (page: Page, key: string) => (await menuEntries(page)).has(key);

async function refused(page: Page, path: string) {
  await page.goto(`${session().url}/${path}`);
  await page.getByTestId('not-for-role').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('not-for-role').innerText()).toContain(zh['role.notAllowed']);
}

describe('roles', () => {
  it('the implementer configures: library, build and rule editor, no work screens', async () => {
    const page = await session().open('/#/editor', { persona: 'implementer' });
    await page.getByTestId('rule-editor').waitFor({ timeout: 30_000 });
    for (const key of ['gallery', 'build', 'editor', 'template:progress-board']) expect(await hasItem(page, key), key).toBe(true);
    for (const key of ['workspace', 'board', 'simulator']) expect(await hasItem(page, key), key).toBe(false);
    expect(await menuText(page)).toContain(zh['nav.config']);
    expect(await menuText(page)).not.toContain(zh['nav.work']);
    await screenshot(page, 'roles-implementer');
    await refused(page, '#/workspace');
  });

  it('a rep and a region head never see rule editing, and its addresses refuse them', async () => {
    for (const persona of ['rep', 'region-head'] as const) {
      const page = await session().open('/#/workspace', { persona });
      await page.getByTestId('workspace').waitFor({ timeout: 30_000 });
      for (const key of ['gallery', 'build', 'editor', 'template:progress-board']) expect(await hasItem(page, key), `${persona} ${key}`).toBe(false);
      const text = await menuText(page);
      for (const word of [zh['nav.editor'], zh['nav.build'], zh['nav.gallery'], zh['nav.config']]) expect(text, persona).not.toContain(word);
      if (persona === 'rep') await screenshot(page, 'roles-rep-menu');
      await refused(page, '#/editor');
      await refused(page, '#/editor/rules%2Ftracking.rules.json');
      await refused(page, '#/build');
      await refused(page, '#/templates/progress-board');
      // the home address is his work, not the library
      await page.goto(`${session().url}/#/`);
      await page.getByTestId('workspace').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('gallery').count()).toBe(0);
    }
  });

  it('HQ sees the live board and the board template apart', async () => {
    const page = await session().open('/#/board', { persona: 'hq-admin' });
    await page.locator('.app-menu').waitFor({ timeout: 30_000 });
    await expect.poll(() => hasItem(page, 'template:progress-board')).toBe(true);
    const entries = await menuEntries(page);
    expect(entries.get('board')).toBe(zh['nav.board']);
    expect(entries.get('template:progress-board')).toContain(zh['nav.previewTag']);
    expect(entries.get('template:progress-board')).toContain(zh['nav.board']);
    expect(await menuText(page)).toContain(zh['nav.previewGroup'].replace(' · {category}', ''));
    await screenshot(page, 'roles-hq-menu');
  });
});
