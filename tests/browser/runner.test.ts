/**
 * The runner renders the progress-board template with Formily on its sample data, and its
 * bound rules follow the form: the expected results are computed with the plugin in Node from
 * the same bundle files, so the test checks the wiring, not a copy of the rules.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';
import { formItem } from './locators.js';

const bundle = loadDefaultBundle();
const board = bundle.templates.find((t) => t.def.id === 'progress-board')!.def;
const fields = board.forms['main']!.properties!['grid']!.properties!;
const sample = board.sampleData!['main']! as Record<string, number>;
const lightBinding = board.bindings!.find((b) => b.rule === 'traffic-light' && b.target === 'light')!;
const actualField = lightBinding.inputs['actual']!;
const targetField = lightBinding.inputs['target']!;

function expectedLight(actual: number | undefined) {
  const data: Record<string, unknown> = { target: sample[targetField] };
  if (actual !== undefined) data['actual'] = actual;
  return bundle.rules.get('traffic-light')!.evaluate(data);
}

/** The enum label the template gives a light value, as the read-pretty Select shows it. */
function lightLabel(value: unknown): string {
  const options = fields[lightBinding.target]!.enum as Array<{ label: string; value: string }>;
  return options.find((o) => o.value === value)!.label;
}

const session = useBrowserSession();

const panelValue = (page: Page, target: string) =>
  page.locator(`[data-testid="binding-result"][data-target="${target}"] [data-testid="binding-value"]`);

// One page for the file, moved by the address (a load per test was most of the file's time); the
// test that changes the board's form puts it back with the form's reset.
describe('template runner', () => {
  it('renders the progress board form on its sample data with every bound result', async () => {
    const page = await session().shared(`/#/templates/${board.id}`);
    await expect.poll(() => page.getByTestId('runner-title').innerText()).toBe(board.title.zh);
    for (const node of Object.values(fields)) {
      await expect.poll(() => formItem(page, node.title!).count(), { message: node.title }).toBeGreaterThan(0);
    }
    expect(await formItem(page, fields[actualField]!.title!).locator('input').inputValue()).toMatch(/\d/);
    await expect.poll(() => page.locator('[data-testid="binding-result"]').count()).toBe(board.bindings!.length);

    const before = expectedLight(sample[actualField]);
    expect(before.ok).toBe(true);
    await expect.poll(() => panelValue(page, 'light').innerText()).toBe(String(before.ok && before.value));
    await expect.poll(() => formItem(page, fields['light']!.title!).innerText()).toContain(lightLabel(before.ok && before.value));
    for (const id of board.rules) expect(await page.getByTestId('rules-used').innerText()).toContain(id);
    await screenshot(page, 'runner');
  });

  it('recomputes the traffic light when the actual amount changes, and reports missing input', async () => {
    const page = await session().shared(`/#/templates/${board.id}`);
    const actualInput = formItem(page, fields[actualField]!.title!).locator('input');
    await expect.poll(() => actualInput.inputValue()).toMatch(/\d/);
    const before = expectedLight(sample[actualField]);

    // Reaching the whole target is green under any light preset, and the sample is not there.
    const reached = sample[targetField]!;
    const after = expectedLight(reached);
    expect(after.ok && before.ok && after.value !== before.value).toBe(true);
    await actualInput.fill(String(reached));
    await expect.poll(() => panelValue(page, 'light').innerText()).toBe(String(after.ok && after.value));
    await expect.poll(() => formItem(page, fields['light']!.title!).innerText()).toContain(lightLabel(after.ok && after.value));

    await actualInput.fill('');
    const missing = expectedLight(undefined);
    expect(missing.ok).toBe(false);
    const error = page.locator('[data-testid="binding-result"][data-target="light"] [data-testid="binding-error"]');
    await expect.poll(() => error.innerText()).toContain(!missing.ok ? missing.problem.code : '');
    await expect.poll(() => formItem(page, fields['light']!.title!).locator('.ant-formily-item-error-help').count()).toBe(1);
    await screenshot(page, 'runner-missing-input');

    await page.getByTestId('runner-reset').click();
    await expect.poll(() => panelValue(page, 'light').innerText()).toBe(String(before.ok && before.value));
  });

  it('shows the allocation form\'s weights in percent while the form keeps the fractions its rules read', async () => {
    const allocation = bundle.templates.find((t) => t.def.id === 'target-allocation')!.def;
    const page = await session().shared(`/#/templates/${allocation.id}`);
    await expect.poll(() => page.getByTestId('runner-title').innerText()).toBe(allocation.title.zh);
    // 0.3 in the sample data reads as 30 (%), the total 1 as 100%
    const firstWeight = page.locator('.ant-formily-array-table input').first();
    await expect.poll(() => firstWeight.inputValue()).toBe('30.00');
    await expect.poll(() => formItem(page, '权重合计').innerText()).toContain('100%');
    await expect.poll(() => panelValue(page, 'weightsTotal').innerText()).toBe('1');
    // typing 35 stores 0.35: the rule sums fractions to 1.05 and the form shows 105%
    await firstWeight.fill('35');
    await firstWeight.press('Tab');
    await expect.poll(() => panelValue(page, 'weightsTotal').innerText()).toBe('1.05');
    await expect.poll(() => formItem(page, '权重合计').innerText()).toContain('105%');
  });

  it('shows a not-found page for an unknown template id', async () => {
    const page = await session().shared('/#/templates/no-such-template');
    await expect.poll(() => page.locator('.ant-result-404').count()).toBe(1);
  });
});
