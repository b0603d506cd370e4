/** The gallery lists the bundle's templates and filters them, with no error under the CSP. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messages } from '../../playground/src/i18n/messages.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { builtPlayground, CSP, SCREEN_LOAD, screenshot, useBrowserSession } from './harness.js';
import { cardTitles } from './locators.js';

const bundle = loadDefaultBundle();
const templates = bundle.templates.map((t) => t.def);
const session = useBrowserSession();

const cards = (page: Page) => page.getByTestId('template-card');

describe('gallery', () => {
  it('serves the app with the strict CSP header', async () => {
    const response = await fetch(session().url + '/');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
  });

  it('keeps the first download small: the gallery loads no Formily or runner code', async () => {
    const scripts: string[] = [];
    const page = await session().open('/');
    // let the first load finish: a reload in the middle would abort its requests
    await cards(page).first().waitFor({ timeout: SCREEN_LOAD });
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.reload();
    await expect.poll(() => cards(page).count()).toBe(templates.length);
    // neither the runner's Formily nor the composer's dnd-kit nor the editor's CodeMirror
    expect(scripts.filter((url) => /Runner|formily|antd-forms|Composer|dnd-kit|RuleEditor|codemirror/.test(url))).toEqual([]);

    const dir = await builtPlayground();
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const gzipKb = initial.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file))).length, 0) / 1024;
    console.info(`initial JS: ${initial.length} files, ${gzipKb.toFixed(1)} KB gzip`);
    // Measured 238 KB once the bundle loader (schema validators, reference and rule checks) came
    // after the first download with the sample bundle, and the problem and not-for-role screens
    // (antd's Result) on demand; was 298 KB. 250 leaves a small margin: a feature that needs more
    // must move something else out of the first download, not raise this.
    expect(gzipKb).toBeLessThan(250);
  });

  it('shows every template of templates/bundle.json, in bundle order, with the bundle name and version', async () => {
    const page = await session().open('/');
    await expect.poll(() => cards(page).count()).toBe(templates.length);
    expect(await cardTitles(page)).toEqual(templates.map((t) => t.title.zh));
    const header = page.getByTestId('bundle-info');
    await expect.poll(() => header.innerText()).toContain(bundle.manifest.name.zh);
    expect(await header.innerText()).toContain(bundle.manifest.version);
    const first = cards(page).first();
    for (const roleId of templates[0]!.roles) {
      const role = bundle.manifest.roles.find((r) => r.id === roleId)!;
      expect(await first.innerText()).toContain(role.name.zh);
    }
    await screenshot(page, 'gallery');
  });

  it('filters cards by search text in either language and shows an empty state', async () => {
    const page = await session().open('/');
    await expect.poll(() => cards(page).count()).toBe(templates.length);
    const search = page.getByPlaceholder(messages.zh['gallery.search']);
    const target = templates[templates.length - 1]!;

    await search.fill(target.title.en);
    await expect.poll(() => cardTitles(page)).toEqual(
      templates.filter((t) => [t.title.zh, t.title.en, t.description.zh, t.description.en].join('\n').toLowerCase().includes(target.title.en.toLowerCase())).map((t) => t.title.zh),
    );
    expect(await cardTitles(page)).toContain(target.title.zh);

    await search.fill('no template is called this 没有这个模板');
    await expect.poll(() => cards(page).count()).toBe(0);
    await screenshot(page, 'gallery-empty');
    await page.getByTestId('gallery-empty').getByRole('button', { name: messages.zh['gallery.clearFilters'] }).click();
    await expect.poll(() => cards(page).count()).toBe(templates.length);
    expect(await search.inputValue()).toBe('');
  });

  it('filters cards by category', async () => {
    const page = await session().open('/');
    await expect.poll(() => cards(page).count()).toBe(templates.length);
    const category = templates[0]!.category;
    const label = messages.zh[`category.${category}` as keyof typeof messages.zh];
    await page.getByTestId('gallery-category').getByText(label, { exact: true }).click();
    await expect.poll(() => cardTitles(page)).toEqual(templates.filter((t) => t.category === category).map((t) => t.title.zh));
    await page.getByTestId('gallery-category').getByText(messages.zh['gallery.allCategories'], { exact: true }).click();
    await expect.poll(() => cards(page).count()).toBe(templates.length);
  });

  it('opens a template from its card', async () => {
    const page = await session().open('/');
    const target = templates[0]!;
    await page.locator(`[data-template-id="${target.id}"]`).getByRole('link', { name: target.title.zh }).click();
    await expect.poll(() => page.getByTestId('runner-title').innerText()).toBe(target.title.zh);
    expect(page.url()).toContain(`#/templates/${target.id}`);
  });
});
