/**
 * A factor added in JSON flows into the 目标拆解模拟器 template (issue 16, item 5): a bundle with a
 * 跨境服务能力 factor (one parameter entry, one rule, one sample column) is imported in the build
 * composer, and the template's weight table lists the bundle's factors by name, the new one
 * included, with no Formily bookkeeping (`__DO_NOT_USE_THIS_PROPERTY_index__`) in the panel;
 * the simulator shows it by name with its weight and each unit's score for it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allocatePlans, createAllocation, loadSingleFileBundle, parseAllocationUnits, parseCsv, type LoadedBundle } from '../../plugin/index.js';
import { withCrossBorder as addCrossBorder, withCrossBorderColumn } from '../support/cross-border.js';
import { confirmLoss } from './buildHelpers.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { SCREEN_LOAD, screenshot, useBrowserSession } from './harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits

const session = useBrowserSession();

async function importBundle(page: Page, single: Json): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'target-kit-factor-'));
  writeFileSync(join(dir, 'cross-border.json'), JSON.stringify(single));
  await page.getByTestId('build-item').first().waitFor({ timeout: SCREEN_LOAD });
  await page.getByTestId('import-build').click();
  await page.locator('.ant-modal input[type="file"]').setInputFiles(join(dir, 'cross-border.json'));
  await confirmLoss(page);
  await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
}

/** The README's 跨境服务能力 factor (tests/support/cross-border.ts), as one single-file bundle to import. */
function withCrossBorder(): Json {
  const files = addCrossBorder(structuredClone(loadDefaultBundle().files)) as Json;
  const { 'bundle.json': manifest, ...rest } = files;
  return { ...manifest, files: rest };
}

/** The balanced plan of the bundle's sample company, allocated in Node: the simulator's expected factor scores. */
function balancedPlan(bundle: LoadedBundle) {
  const csv = parseCsv(bundle.datasets.get('sample-company-units')!.content as string);
  if (!csv.ok) throw new Error('units');
  const units = parseAllocationUnits(csv.records, 'units.csv');
  if (!units.ok) throw new Error('units');
  const prepared = createAllocation(bundle, units.units);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems.map((p) => p.code)));
  const meta = bundle.datasets.get('sample-company')!.content as { suggestedBase: number };
  const plans = allocatePlans(prepared.prepared, { base: meta.suggestedBase * 100 });
  if (!plans.ok) throw new Error('plans');
  return plans.plans.find((p) => p.plan.id === 'balanced')!;
}

describe('a factor added in JSON', () => {
  it('appears by name in the simulator, with its weight and each unit\'s score from the runtime', async () => {
    const single = withCrossBorder();
    const loaded = loadSingleFileBundle(single, 'cross-border.json');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.map((p) => p.code)));
    const page = await session().open('/#/build', { persona: 'hq-admin', width: 1280 });
    await importBundle(page, single);
    await page.evaluate(() => { location.hash = '#/simulator'; });
    await expect.poll(() => page.getByTestId('plan-card').count(), { timeout: 15_000 }).toBe(3);

    const legend = page.getByTestId('factor-legend');
    await expect.poll(() => legend.innerText()).toContain('跨境服务能力 10%');
    const head = page.locator('[data-testid="factor-head"][data-factor="crossBorder"]');
    expect(await head.innerText()).toContain('跨境服务能力');
    // the scores the runtime gave, not figures the playground made up: the first rows of the unit table
    const plan = balancedPlan(loaded.bundle);
    const rows = page.getByTestId('unit-table').locator('.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    let checked = 0;
    for (let i = 0; i < 4; i++) {
      const id = await rows.nth(i).getAttribute('data-row-key');
      const unit = plan.byId.get(id!)!;
      const own = unit.factors.find((f) => f.id === 'crossBorder');
      if (!own) continue;
      expect(await rows.nth(i).locator('[data-testid="factor-score"][data-factor="crossBorder"]').innerText()).toBe(own.score.toFixed(2));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // the virtual table scrolls sideways by the wheel over its body (header and body together)
    await rows.nth(1).hover();
    await page.mouse.wheel(900, 0);
    await screenshot(page, 'simulator-new-factor');
  });


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
    const csv = withCrossBorderColumn(loadDefaultBundle().files['data/sample-company/units.csv'] as string, (i) => String((i * 7) % 100));
    await page.getByTestId('import-card').locator('input[type="file"]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-mapping').waitFor();
    expect(await page.getByTestId('import-mapping').innerText()).toContain('cross_border');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-ok').waitFor();
  });
});
