/**
 * A factor added in JSON flows into the 目标拆解模拟器 template (issue 16, item 5): a bundle with a
 * 跨境服务能力 factor (one parameter entry, one rule, one sample column) is imported in the build
 * composer, and the template's weight table lists the bundle's factors by name, the new one
 * included, with no Formily bookkeeping (`__DO_NOT_USE_THIS_PROPERTY_index__`) in the panel.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadSingleFileBundle } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { useBrowserSession } from './harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits

const session = useBrowserSession();

/** The units CSV with a cross_border column. */
function withColumn(csv: string, value: (i: number) => string): string {
  const [head, ...rows] = csv.trimEnd().split('\n');
  return [`${head},cross_border`, ...rows.map((r, i) => `${r},${value(i)}`)].join('\n') + '\n';
}

async function importBundle(page: Page, single: Json): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'target-kit-factor-'));
  writeFileSync(join(dir, 'cross-border.json'), JSON.stringify(single));
  await page.getByTestId('build-item').first().waitFor();
  await page.getByTestId('import-build').click();
  await page.locator('.ant-modal input[type="file"]').setInputFiles(join(dir, 'cross-border.json'));
  await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
}

function withCrossBorder(): Json {
  const files = structuredClone(loadDefaultBundle().files) as Json;
  const factors = files['parameters/allocation.json'].parameters.allocationFactors;
  factors.history.weight = 0.2;
  factors.crossBorder = { name: { zh: '跨境服务能力', en: 'Cross-border service' }, weight: 0.1, rule: 'factor-cross-border' };
  files['rules/allocation.rules.json'].rules.push({
    id: 'factor-cross-border',
    description: { zh: '跨境服务能力（0–1）', en: 'Cross-border service (0-1)' },
    inputs: [{ name: 'cross_border', type: 'number', required: true }],
    output: { type: 'number' },
    logic: { clamp: [{ '/': [{ var: 'cross_border' }, 100] }, 0, 1] },
    examples: [{ data: { cross_border: 40 }, expect: 0.4 }],
  });
  for (const line of files['parameters/phasing.json'].parameters.productLines.lines) if (line.factors) line.factors.crossBorder = 0;
  const units = 'data/sample-company/units.csv';
  files[units] = withColumn(files[units] as string, (i) => String(i % 100));
  const { 'bundle.json': manifest, ...rest } = files;
  return { ...manifest, files: rest };
}

describe('a factor added in JSON', () => {
  it('appears by name in the 目标拆解模拟器 template, and the weight table leaks no Formily key', async () => {
    const single = withCrossBorder();
    const loaded = loadSingleFileBundle(single, 'cross-border.json');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.map((p) => p.code)));
    const page = await session().open('/#/build');
    await importBundle(page, single);

    await page.evaluate(() => { location.hash = '#/templates/target-allocation'; });
    await expect.poll(() => page.getByTestId('runner-title').innerText()).toBe('目标拆解模拟器');
    const names = Object.values(loaded.bundle.parameters['allocationFactors'] as Record<string, { name: { zh: string } }>).map((f) => f.name.zh);
    for (const name of names) await expect.poll(() => page.locator('body').innerText(), { message: name }).toContain(name);
    const weights = page.locator('[data-testid="binding-result"][data-target="weightsTotal"] [data-testid="binding-value"]');
    // the new weights still make the sample's whole (100 in percents)
    const whole = (loaded.bundle.templates.find((t) => t.def.id === 'target-allocation')!.def.sampleData!['main'] as { weightsTotal: number }).weightsTotal;
    await expect.poll(() => weights.innerText()).toBe(String(whole));
    expect(await page.locator('body').innerText()).not.toContain('__DO_NOT_USE_THIS_PROPERTY_index__');
  });

  it('the data screen imports a units file with the new factor\'s column, offered by the bundle\'s factor rules', async () => {
    const single = withCrossBorder();
    const page = await session().open('/#/build', { persona: 'hq-admin' });
    await importBundle(page, single);
    await page.evaluate(() => { location.hash = '#/data'; });
    await page.getByTestId('import-card').waitFor({ timeout: 15_000 });
    await page.getByTestId('import-kind').getByText('组织与因子').click();
    const csv = withColumn(loadDefaultBundle().files['data/sample-company/units.csv'] as string, (i) => String((i * 7) % 100));
    await page.getByTestId('import-card').locator('input[type="file"]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-mapping').waitFor();
    expect(await page.getByTestId('import-mapping').innerText()).toContain('cross_border');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-ok').waitFor();
  });
});
