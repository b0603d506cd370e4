/**
 * The build composer in a real browser: templates dragged from the palette into a build (with
 * the requirement pulled in), parameters set through the forms, the build exported as one
 * bundle file that the CLI validates, the sample restored, the export imported back to the
 * same build; a broken bundle refused with every problem listed and the build unchanged.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSingleFileBundle } from '../../plugin/index.js';
import { innerLocation } from '../../playground/src/composer/problemPlace.js';
import { messages } from '../../playground/src/i18n/messages.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { buildIds, clearBuild, confirmLoss, dragTo, paletteTile, paramInput, resetToSample, setNumber } from './buildHelpers.js';
import { REPO_ROOT, SCREEN_LOAD, screenshot, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const templates = bundle.templates.map((t) => t.def);
const needs = templates.find((t) => t.requires?.length)!;
// Two templates whose parameters have their own forms, and one that requires another.
const picked = [templates.find((t) => t.id === 'progress-board')!, templates.find((t) => t.id === 'scorecard')!, needs];
const expectedBuild = [picked[0]!.id, picked[1]!.id, ...needs.requires!.filter((id) => !picked.some((p) => p.id === id)), needs.id];

const session = useBrowserSession();
const cli = join(REPO_ROOT, 'dist', 'hosts', 'cli', 'main.js');

describe('build composer', () => {
  it('drags three templates into a build, exports it, resets, and imports the same build', async () => {
    const page = await session().open('/#/build');
    await page.getByTestId('palette-tile').first().waitFor({ timeout: SCREEN_LOAD });
    await expect.poll(() => page.getByTestId('palette-tile').count()).toBe(templates.length);
    // the untouched sample build holds every template
    await expect.poll(() => buildIds(page)).toEqual(templates.map((t) => t.id));
    await clearBuild(page);
    await screenshot(page, 'composer-empty');

    for (const template of picked) {
      const count = await page.getByTestId('build-item').count();
      await dragTo(page, paletteTile(page, template.id), page.locator('.build-drop-hint, .build-empty'));
      await expect.poll(() => page.getByTestId('build-item').count(), { message: template.id }).toBeGreaterThan(count);
    }
    expect(await buildIds(page)).toEqual(expectedBuild);
    const notice = page.locator('[data-testid="build-notice"][data-kind="pulledIn"]');
    expect(await notice.innerText()).toContain(needs.title.zh);

    // a template another one requires cannot be removed; the others can be reordered
    const required = page.locator(`[data-testid="build-item"][data-template-id="${needs.requires![0]}"] [data-testid="build-item-remove"]`);
    expect(await required.isDisabled()).toBe(true);
    const handles = page.getByTestId('build-item-handle');
    await dragTo(page, handles.nth(1), handles.nth(0));
    await expect.poll(() => buildIds(page)).toEqual([expectedBuild[1], expectedBuild[0], ...expectedBuild.slice(2)]);
    await dragTo(page, page.getByTestId('build-item-handle').nth(1), page.getByTestId('build-item-handle').nth(0));
    await expect.poll(() => buildIds(page)).toEqual(expectedBuild);

    // parameters: a boundary in percent, and weights that only apply once they sum to 100%
    await setNumber(page, 'lights.green.from', 85);
    await expect.poll(() => page.getByTestId('lights-summary').innerText()).toContain('85%');
    const weights = Object.entries((bundle.parameters['score'] as { weights: Record<string, number> }).weights);
    const [[first, w1], [second, w2]] = weights as [[string, number], [string, number]];
    await setNumber(page, `score.weights.${first}`, Math.round(w1 * 100) + 5);
    await expect.poll(() => page.getByTestId('param-problems').count()).toBe(1);
    await screenshot(page, 'composer-weights-refused');
    await setNumber(page, `score.weights.${second}`, Math.round(w2 * 100) - 5);
    await expect.poll(() => page.getByTestId('param-problems').count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'composer');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-build').click()]);
    const dir = mkdtempSync(join(tmpdir(), 'target-kit-export-'));
    const exported = join(dir, download.suggestedFilename());
    await download.saveAs(exported);
    const single = JSON.parse(readFileSync(exported, 'utf8'));
    expect(single.templates).toEqual(expectedBuild.map((id) => bundle.templates.find((t) => t.def.id === id)!.file));
    expect(single.files['parameters/tracking.json'].parameters.lights.green.from).toBe(0.85);
    expect(single.files['parameters/scoring.json'].parameters.score.weights[first]).toBeCloseTo(w1 + 0.05, 9);
    // what the CLI says of it
    expect(execFileSync(process.execPath, [cli, 'validate', exported, '--lang', 'en'], { encoding: 'utf8' })).toMatch(/\S/);

    await resetToSample(page);
    await expect.poll(() => buildIds(page)).toEqual(templates.map((t) => t.id));
    expect(await paramInput(page, 'lights.green.from').inputValue()).not.toBe('85');

    await page.getByTestId('import-build').click();
    await page.locator('.ant-modal input[type="file"]').setInputFiles(exported);
    await confirmLoss(page);
    await expect.poll(() => buildIds(page)).toEqual(expectedBuild);
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
    expect(await paramInput(page, 'lights.green.from').inputValue()).toBe('85');
    expect(await paramInput(page, `score.weights.${first}`).inputValue()).toBe(String(Math.round(w1 * 100) + 5));
    expect(await page.getByTestId('palette-tile').count()).toBe(expectedBuild.length);
  });

  it('refuses a broken bundle with every problem by file and pointer, and leaves the build as it was', async () => {
    const page = await session().open('/#/build');
    await page.getByTestId('build-item').first().waitFor({ timeout: SCREEN_LOAD });
    await expect.poll(() => buildIds(page)).toEqual(templates.map((t) => t.id));
    const before = await buildIds(page);

    // the whole sample as one file, with a rule that does not compile and a template of no category
    const files: Record<string, unknown> = structuredClone(bundle.files);
    const ruleFile = bundle.rules.get('traffic-light')!.file;
    const rules = (files[ruleFile] as { rules: Array<{ id: string; logic: unknown }> }).rules;
    rules.find((r) => r.id === 'traffic-light')!.logic = { 'no-such-op': [1] };
    (files[bundle.templates[0]!.file] as { category: string }).category = 'not-a-category';
    const { 'bundle.json': manifest, ...rest } = files;
    const broken = { ...(manifest as object), files: rest };
    const expected = loadSingleFileBundle(broken, 'broken.json');
    expect(expected.ok).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'target-kit-broken-'));
    writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));

    await page.getByTestId('import-build').click();
    await page.locator('.ant-modal input[type="file"]').setInputFiles(join(dir, 'broken.json'));
    const listed = page.getByTestId('import-problem');
    await expect.poll(() => listed.count()).toBe(expected.ok ? 0 : expected.problems.length);
    const places = await listed.evaluateAll((items) => items.map((el) => `${el.getAttribute('data-file')}#${el.getAttribute('data-pointer')}`));
    expect(places).toEqual(!expected.ok ? expected.problems.map((p) => { const at = innerLocation(p); return `${at.file}#${at.pointer}`; }) : []);
    expect(places).toContain(`${ruleFile}#${bundle.rules.get('traffic-light')!.pointer}/logic`);
    expect(await page.getByTestId('import-problems').innerText()).toContain(bundle.templates[0]!.file);
    await screenshot(page, 'composer-import-refused', { fullPage: false });

    await page.locator('.ant-modal-close').click();
    expect(await buildIds(page)).toEqual(before);
    expect(await page.getByTestId('bundle-edited').count()).toBe(0);
  });

  it('refuses a form field named __proto__ and a duplicate key at load, and stays responsive', async () => {
    const page = await session().open('/#/build');
    await page.getByTestId('build-item').first().waitFor({ timeout: SCREEN_LOAD });
    const before = await buildIds(page);
    const { 'bundle.json': manifest, ...rest } = structuredClone(bundle.files);
    const text = JSON.stringify({ ...(manifest as object), files: rest }, null, 2);
    const dir = mkdtempSync(join(tmpdir(), 'target-kit-hostile-'));
    const cases = [
      { name: 'proto.json', text: text.replace('"properties": {', '"properties": {\n "__proto__": { "type": "string" },'), code: 'JSON_PROTO_KEY' },
      { name: 'twice.json', text: text.replace('"format": 1,', '"format": 1,\n  "format": 1,'), code: 'JSON_DUPLICATE_KEY' },
    ];
    for (const c of cases) {
      expect(c.text).not.toBe(text);
      writeFileSync(join(dir, c.name), c.text);
      await page.getByTestId('import-build').click();
      await page.locator('.ant-modal input[type="file"]').setInputFiles(join(dir, c.name));
      await expect.poll(() => page.getByTestId('import-problem').count(), { timeout: 5_000 }).toBe(1);
      expect(await page.getByTestId('import-problems').innerText()).toContain(c.code);
      await page.locator('.ant-modal-close').click();
      expect(await buildIds(page)).toEqual(before);
    }
  });

  it('adds with the + button, removes, and keeps the build across a reload', async () => {
    const page = await session().open('/#/build');
    await page.getByTestId('build-item').first().waitFor({ timeout: SCREEN_LOAD });
    await expect.poll(() => buildIds(page)).toEqual(templates.map((t) => t.id));
    await clearBuild(page);
    await paletteTile(page, templates[0]!.id).getByTestId('palette-add').click();
    await expect.poll(() => buildIds(page)).toEqual([templates[0]!.id]);
    await page.getByTestId('build-item-remove').click();
    await expect.poll(() => buildIds(page)).toEqual([]);
    await paletteTile(page, templates[0]!.id).getByTestId('palette-add').click();
    await expect.poll(() => buildIds(page)).toEqual([templates[0]!.id]);
    await setNumber(page, 'lights.yellow.from', 55);
    await expect.poll(() => page.getByTestId('bundle-edited').count()).toBe(1);

    await page.reload();
    await page.getByTestId('build-item').first().waitFor({ timeout: SCREEN_LOAD });
    await expect.poll(() => buildIds(page)).toEqual([templates[0]!.id]);
    await expect.poll(() => paramInput(page, 'lights.yellow.from').inputValue()).toBe('55');
    expect(await page.getByTestId('bundle-edited').count()).toBe(1);
  });

  it('is in English after the switch, and fits a phone screen', async () => {
    const page = await session().open('/#/build', { lang: 'en' });
    await page.getByTestId('palette-tile').first().waitFor({ timeout: SCREEN_LOAD });
    await expect.poll(() => page.locator('.page-heading h3').innerText()).toBe(messages.en['composer.title']);
    expect(await page.getByTestId('parameters').innerText()).toContain(messages.en['params.title']);
    expect(await page.getByTestId('export-build').innerText()).toBe(messages.en['composer.export']);
    await screenshot(page, 'composer-en');
    await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
    await expect.poll(() => page.locator('.page-heading h3').innerText()).toBe(messages.zh['composer.title']);

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'composer-390', { fullPage: false });
    await page.getByTestId('build-list').scrollIntoViewIfNeeded();
    await screenshot(page, 'composer-390-build', { fullPage: false });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

