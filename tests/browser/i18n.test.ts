/** The zh/en switch relabels the app, the bundle texts and the template forms, and is kept. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messages } from '../../playground/src/i18n/messages.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';
import { cardTitles, formItem } from './locators.js';

const bundle = loadDefaultBundle();
const templates = bundle.templates.map((t) => t.def);
const board = templates.find((t) => t.id === 'progress-board')!;
const actualNode = board.forms['main']!.properties!['grid']!.properties!['actual']!;
const actualEn = (actualNode['x-i18n'] as { en: { title: string } }).en.title;

const session = useBrowserSession();

const brand = (page: Page) => page.locator('.app-brand-name');
const switchTo = (page: Page, label: string) => page.getByTestId('lang-switch').getByText(label, { exact: true }).click();

describe('language switch', () => {
  it('is Chinese by default and switches the gallery to English, kept across a reload', async () => {
    const page = await session().open('/');
    await expect.poll(() => brand(page).innerText()).toBe(messages.zh['app.product']);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

    await switchTo(page, 'English');
    await expect.poll(() => brand(page).innerText()).toBe(messages.en['app.product']);
    expect(await cardTitles(page)).toEqual(templates.map((t) => t.title.en));
    expect(await page.getByTestId('bundle-info').innerText()).toContain(bundle.manifest.name.en);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, 'gallery-en');

    await page.reload();
    await expect.poll(() => brand(page).innerText()).toBe(messages.en['app.product']);
  });

  it('relabels a running form in place and keeps what was typed', async () => {
    const page = await session().open(`/#/templates/${board.id}`, { lang: 'en' });
    const item = formItem(page, actualEn);
    await expect.poll(() => item.count()).toBe(1);
    await item.locator('input').fill('1234');
    await screenshot(page, 'runner-en');

    await switchTo(page, '中文');
    const zhItem = formItem(page, actualNode.title!);
    await expect.poll(() => zhItem.count()).toBe(1);
    expect(await zhItem.locator('input').inputValue()).toMatch(/^1,?234/);
    expect(await page.getByTestId('results-panel').innerText()).toContain(messages.zh['runner.results']);
  });
});
