/**
 * Branch editing on the rule editor's formula view in a real browser (issue 16 item 8): the
 * traffic light's branches as controls; a threshold typed, an operator chosen, an else-if added
 * and removed, the last edit undone — each applied only after the bundle loads with it, the JSON
 * change shown, and the rule's result on a record following. Expectations come from the same
 * edits made with the plugin in Node; the test waits for rendered states, never for a time.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadBundle, type RulesFile } from '../../plugin/index.js';
import { messages } from '../../playground/src/i18n/messages.js';
import { ifChain, setOperator, setThreshold } from '../../playground/src/editor/branchEdit.js';
import { editorStatus, resetToSample, setNumber } from './buildHelpers.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const light = bundle.rules.get('traffic-light')!;
const rulesPath = light.file;
const board = bundle.templates.find((t) => t.def.id === 'progress-board')!.def;
const binding = board.bindings!.find((b) => b.rule === 'traffic-light' && b.target === 'light')!;
const sample = board.sampleData!['main']! as Record<string, number>;
const record = { actual: sample[binding.inputs['actual']!], target: sample[binding.inputs['target']!] };

/** The sample record's light under the traffic light with `logic`, loaded as the whole bundle. */
function lightWith(logic: unknown): string {
  const file = structuredClone(bundle.files[rulesPath]) as RulesFile;
  file.rules.find((r) => r.id === 'traffic-light')!.logic = logic;
  const loaded = loadBundle({ ...bundle.files, [rulesPath]: file });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 2)));
  const r = loaded.bundle.rules.get('traffic-light')!.evaluate(record);
  return r.ok ? String(r.value) : r.problem.code;
}
const chain = ifChain(light.def.logic, bundle.parameters)!;
const completion = Math.round((record.actual! / record.target!) * 100);
const before = lightWith(light.def.logic);
// green from just under the sample's completion: the sample turns green
const greenFrom = completion - 5;
const lowerGreen = lightWith(setThreshold(light.def.logic, chain.branches[1]!, { kind: 'number', value: greenFrom / 100 })!.logic);
// the yellow branch asking "below" instead of "from": the sample is no longer yellow
const yellowBelow = lightWith(setOperator(light.def.logic, chain.branches[2]!, '<')!.logic);

const session = useBrowserSession();
const FIRST_LOAD = { timeout: 30_000 };
const branches = (page: Page) => page.locator('[data-testid="branch-editor"][data-rule="traffic-light"]');
const branchRow = (page: Page, i: number) => branches(page).locator(`[data-testid="branch"][data-index="${i}"]`);

async function tryResult(page: Page) {
  return expect.poll(() => page.getByTestId('try-result').innerText());
}

describe('rule editor: branches on the formula view', () => {
  it('changes a threshold and an operator of the traffic light, adds and removes an else-if, undoes, and the result follows', async () => {
    expect(new Set([before, lowerGreen, yellowBelow]).size).toBe(3);

    const page = await session().open(`/#/editor/${encodeURIComponent(rulesPath)}`);
    await page.getByTestId('formula-panel').waitFor(FIRST_LOAD);
    await expect.poll(() => editorStatus(page)).toBe('applied');
    await page.locator('[data-testid="branch-toggle"][data-rule="traffic-light"]').click();
    await expect.poll(() => branches(page).locator('[data-testid="branch"]').count()).toBe(chain.branches.length);

    // the record in "try it", on the traffic light
    await page.getByTestId('try-rule').click();
    await page.keyboard.type('traffic-light');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByTestId('try-record').fill(JSON.stringify(record));
    await (await tryResult(page)).toContain(JSON.stringify(before));

    // green from (completion − 5)%: a number replaces the parameter in both switched comparisons
    const threshold = branchRow(page, 1).getByTestId('branch-threshold');
    await threshold.fill(String(greenFrom));
    await threshold.press('Enter');
    await (await tryResult(page)).toContain(JSON.stringify(lowerGreen));
    await expect.poll(() => branches(page).getByTestId('branch-after').innerText()).toContain(String(greenFrom / 100));
    expect(await branches(page).getByTestId('branch-before').innerText()).toContain('lights.green.from');
    await expect.poll(() => editorStatus(page)).toBe('applied');
    await branches(page).scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await screenshot(page, 'editor-branches', { fullPage: false });

    // undone: the parameter again, and the record's light as before
    await branches(page).getByTestId('branch-undo').click();
    await (await tryResult(page)).toContain(JSON.stringify(before));
    await expect.poll(() => branchRow(page, 1).getByTestId('branch-threshold').inputValue()).toBe('lights.green.from');
    expect(await branches(page).getByTestId('branch-change').count()).toBe(0);

    // a threshold that is neither a number nor a number parameter: said so, nothing applied
    await threshold.fill('lights.green');
    await threshold.press('Enter');
    await expect.poll(() => branches(page).getByTestId('branch-error').innerText())
      .toContain(messages.zh['editor.branchBadThreshold'].replace('{text}', 'lights.green'));

    // the yellow branch's ≥ becomes <
    await branchRow(page, 2).getByTestId('branch-op').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="<"]').click();
    await (await tryResult(page)).toContain(JSON.stringify(yellowBelow));
    await expect.poll(() => branches(page).getByTestId('branch-after').innerText()).toContain('{"<":');
    expect(await branches(page).getByTestId('branch-error').count()).toBe(0);
    // the refused text is gone from the box: it shows the threshold in use
    expect(await branchRow(page, 1).getByTestId('branch-threshold').inputValue()).toBe('lights.green.from');

    // an else-if added after it, then removed: the chain and the result as they were
    await branchRow(page, 2).getByTestId('branch-add').click();
    await expect.poll(() => branches(page).locator('[data-testid="branch"]').count()).toBe(chain.branches.length + 1);
    await branchRow(page, 3).getByTestId('branch-remove').click();
    await expect.poll(() => branches(page).locator('[data-testid="branch"]').count()).toBe(chain.branches.length);
    await (await tryResult(page)).toContain(JSON.stringify(yellowBelow));
    await expect.poll(() => branches(page).getByTestId('branch-examples').getAttribute('data-failing')).not.toBeNull();
    await branches(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'editor-branches-op', { fullPage: false });

    // the build took it: the progress board shows the sample's new light
    await page.evaluate((hash) => { window.location.hash = hash; }, `#/templates/${board.id}`);
    await page.getByTestId('results-panel').waitFor();
    await expect.poll(() => page.locator('[data-testid="binding-result"][data-target="light"] [data-testid="binding-value"]').innerText())
      .toBe(yellowBelow);
  });

  it('a parameter group\'s docs quote the value in use, and follow it when it changes (issue 16 item 4)', async () => {
    const page = await session().open('/#/build');
    // the composer's first render on a busy machine: wait for it, not for a time
    await page.getByTestId('reset-to-sample').first().waitFor(FIRST_LOAD);
    await resetToSample(page);
    const header = page.locator('.ant-collapse-header', { hasText: 'parameters/review.json' }).first();
    await header.waitFor(FIRST_LOAD);
    const doc = page.locator('[data-testid="param-group"][data-group="review"] .param-doc');
    if (!(await doc.isVisible())) await header.click();
    await expect.poll(() => doc.innerText()).toContain('±10%');
    expect(await doc.innerText()).not.toContain('{param:');
    await setNumber(page, 'review.appealLimit', 15);
    await expect.poll(() => doc.innerText()).toContain('±15%');
    await doc.scrollIntoViewIfNeeded();
    await screenshot(page, 'composer-param-doc', { fullPage: false });
  });
});
