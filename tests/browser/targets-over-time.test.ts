/**
 * Targets over time in the playground, under the strict CSP: the phasing screen re-phases a unit
 * when a month weight is edited (its months and weeks still sum to its target to the 分, and
 * match the plugin run in Node on the same edited parameters), refuses a negative weight with
 * the plugin's message and keeps the last good profile, and lights each month against its phased
 * target; the board's product-line columns agree with the plugin's `trackProductLines` in Node;
 * a rep's shared deal appears on his breakdown with its share (shown as a percent) and credited amount. Also reads
 * the committed sample split data as the board does.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTracker, creditOrders, fractionToPercent, loadBundle, type LoadedBundle } from '../../plugin/index.js';
import { boardActuals, lineBoard, timelinesOf } from '../../playground/src/board/boardModel.js';
import { companyModel, dailyActuals, type CompanyModel } from '../../playground/src/company/companyModel.js';
import { money, percent } from '../../playground/src/company/format.js';
import { exactMoney } from '../../playground/src/phasing/exactMoney.js';
import { periodLights, phaseCompany, phasingFile, phasingSettings, withDated, withUnitWeight } from '../../playground/src/phasing/phasingModel.js';
import { creditData } from '../../playground/src/phasing/sampleCredit.js';
import { readBundleFiles } from './bundleOnDisk.js';
import { partScreenshot, screenshot, useBrowserSession } from './harness.js';

const files = readBundleFiles();
const loaded = (f: typeof files): LoadedBundle => {
  const r = loadBundle(f);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.bundle;
};
const bundle = loaded(files);
const modelOf = (b: LoadedBundle): CompanyModel => {
  const r = companyModel(b);
  if (!r.ok) throw new Error('company');
  return r.model;
};
const model = modelOf(bundle);
const session = useBrowserSession();

/** An antd InputNumber's input (the test id lands on the input itself). */
const numberInput = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const texts = (page: Page, prefix: string, keys: readonly string[]) => Promise.all(keys.map((k) => page.getByTestId(`${prefix}-${k}`).innerText()));

function monthsOf(b: LoadedBundle, unitId: string) {
  const m = modelOf(b);
  const byMonth = phaseCompany(b, m, 'month');
  const byWeek = phaseCompany(b, m, 'week');
  if (!byMonth.ok || !byWeek.ok) throw new Error('phase');
  return { byMonth: byMonth.result, byWeek: byWeek.result, unit: byMonth.result.units.find((u) => u.id === unitId)!, week: byWeek.result.units.find((u) => u.id === unitId)! };
}

describe('sample split data', () => {
  it('reads the committed split data into orders whose credits sum to them exactly (the files are checked against their generator in tests/sample)', () => {
    const data = creditData(bundle);
    expect(data.problems).toEqual([]);
    expect(data.orders.length).toBeGreaterThan(0);
    // every order is shared, and its credits sum to it exactly
    const { credits } = creditOrders(data.orders, data.splits);
    for (const o of data.orders) {
      const parts = credits.filter((c) => c.orderId === o.orderId);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.reduce((a, c) => a + c.amount, 0)).toBe(o.amount);
    }
  });
});

describe('phasing screen', () => {
  it('re-phases a unit when a month weight is edited, exact to the 分, and refuses a negative weight', async () => {
    const page = await session().open('/#/phasing', { width: 1280 });
    await page.getByTestId('phasing-unit').waitFor({ timeout: 15_000 });
    await page.getByTestId('phasing-unit').click();
    await page.keyboard.type('华东大区');
    await page.keyboard.press('Enter');
    const before = monthsOf(bundle, 'HD');
    const keys = before.byMonth.months.map((m) => m.key);
    await expect.poll(() => texts(page, 'month-base', keys)).toEqual(before.unit.phasedBase.months.map(exactMoney));
    expect(await page.getByTestId('month-base-total').innerText()).toBe(exactMoney(model.targets.get('HD')!.base));
    expect(await page.getByTestId('week-base-total').innerText()).toBe(exactMoney(model.targets.get('HD')!.base));
    expect(await page.getByTestId('profile-kind').getAttribute('data-kind')).toBe(before.unit.profile.kind);
    await page.getByTestId('echart-profile').locator('svg').waitFor({ timeout: 15_000 });

    // each started month lit against its own phased target, as the plugin's phased tracking says in Node
    const tracker = createTracker(bundle);
    if (!tracker.ok) throw new Error('tracker');
    const lights = periodLights(tracker.tracker, model, { month: before.byMonth, week: before.byWeek }, withDated(dailyActuals(model), boardActuals(bundle, model, {}).dated), ['HD']).get('HD')!;
    for (const m of lights.months.filter((l) => l.progress)) {
      expect(await page.getByTestId(`month-light-${m.key}`).getAttribute('data-light'), m.key).toBe(m.progress!.light);
    }
    const may = lights.weeks.find((w) => w.key === '2026-W19')!;
    expect(await page.getByTestId('week-light-2026-W19').getAttribute('data-light')).toBe(may.progress!.light);

    // April's weight edited: the plugin in Node, on the same edited parameters, gives the same months
    const file = phasingFile(bundle)!;
    const settings = phasingSettings(bundle);
    if (!settings.ok) throw new Error('settings');
    // typed as 40 (percent) on the screen, kept as the fraction 0.4
    const edit = withUnitWeight(file, settings.settings, before.byMonth, 'HD', '2026-04', 0.4);
    if (!edit.ok) throw new Error('edit');
    const after = monthsOf(loaded({ ...files, [file.path]: edit.content }), 'HD');
    expect(after.unit.phasedBase.months).not.toEqual(before.unit.phasedBase.months);
    const april = numberInput(page, 'weight-2026-04');
    await april.click();
    await april.press('Control+A');
    await april.pressSequentially('40');
    await april.press('Enter');
    await expect.poll(() => texts(page, 'month-base', keys)).toEqual(after.unit.phasedBase.months.map(exactMoney));
    expect(await texts(page, 'month-stretch', keys)).toEqual(after.unit.phasedStretch.months.map(exactMoney));
    expect(after.unit.phasedBase.months.reduce((a, b) => a + b, 0)).toBe(model.targets.get('HD')!.base);
    expect(await page.getByTestId('month-base-total').innerText()).toBe(exactMoney(model.targets.get('HD')!.base));
    expect(await page.getByTestId('week-base-total').innerText()).toBe(exactMoney(model.targets.get('HD')!.base));
    expect(await page.getByTestId('profile-kind').getAttribute('data-kind')).toBe('explicit');
    await screenshot(page, 'phasing');

    // a negative weight: the plugin's message, and the amounts stay those of the last good profile
    const may5 = numberInput(page, 'weight-2026-05');
    await may5.click();
    await may5.press('Control+A');
    await may5.pressSequentially('-5');
    await may5.press('Enter');
    const refused = page.getByTestId('phasing-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('5 月的占比 为 -0.05，应为 0 到 1 之间的小数');
    expect(await texts(page, 'month-base', keys)).toEqual(after.unit.phasedBase.months.map(exactMoney));
    await screenshot(page, 'phasing-refused', { fullPage: false });

    // kept in the build across a reload
    await page.reload();
    await page.getByTestId('phasing-unit').waitFor({ timeout: 15_000 });
    await page.getByTestId('phasing-unit').click();
    await page.keyboard.type('华东大区');
    await page.keyboard.press('Enter');
    await expect.poll(() => texts(page, 'month-base', keys)).toEqual(after.unit.phasedBase.months.map(exactMoney));
  });
});

describe('board over time', () => {
  it('shows product-line columns as the plugin computes them, and a rep\'s shared deal with its share', async () => {
    const page = await session().open('/#/board', { width: 1280 });
    await page.getByTestId('line-table').waitFor({ timeout: 15_000 });
    const tracker = createTracker(bundle);
    if (!tracker.ok) throw new Error('tracker');
    const byMonth = phaseCompany(bundle, model, 'month');
    if (!byMonth.ok) throw new Error('phase');
    const actuals = boardActuals(bundle, model, {});
    const lines = lineBoard(bundle, tracker.tracker, model, actuals.lines, timelinesOf(byMonth.result, model))!;
    for (const line of [...lines.lines.map((l) => l.id), 'total']) {
      const p = line === 'total' ? lines.progress.total.find((x) => x.id === 'HD')! : lines.byLine.get(line)!.get('HD')!;
      expect(await page.getByTestId(`line-${line}-target-HD`).innerText(), line).toBe(money(p.base));
      expect(await page.getByTestId(`line-${line}-actual-HD`).innerText(), line).toBe(money(p.actual));
      expect(await page.getByTestId(`line-${line}-gap-HD`).innerText(), line).toBe(money(p.gapBase));
      expect(await page.getByTestId(`line-${line}-light-HD`).getAttribute('data-light'), line).toBe(p.light);
      expect(await page.getByTestId(`line-${line}-light-HD`).innerText(), line).toContain(percent(p.completionBase));
    }
    // the lines of a unit add up to its total target
    const lineTargets = lines.lines.map((l) => lines.byLine.get(l.id)!.get('HD')!.base!);
    expect(lineTargets.reduce((a, b) => a + b, 0)).toBe(model.targets.get('HD')!.base);
    await page.getByTestId('echart-heatmap').locator('svg').waitFor({ timeout: 15_000 });
    await screenshot(page, 'board-lines');
    // one line next to the total
    await page.getByTestId('line-choice').getByText('云服务').click();
    await expect.poll(() => page.getByTestId('line-saas-target-HD').count()).toBe(0);
    expect(await page.getByTestId('line-cloud-target-HD').innerText()).toBe(money(lines.byLine.get('cloud')!.get('HD')!.base));
    await partScreenshot(page.getByTestId('line-card'), 'board-line-cloud');

    // the rep persona: his shared deal, his percent and the amount credited to him
    const rep = await session().open('/#/board', { width: 1280, persona: 'rep' });
    const deals = rep.getByTestId('shared-deals');
    await deals.waitFor({ timeout: 15_000 });
    const mine = actuals.credits.filter((c) => c.id === 'HD01-01' && c.shared);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      expect(await rep.getByTestId(`share-percent-${c.orderId}`).innerText()).toBe(`${fractionToPercent(c.share)}%`);
      expect(await rep.getByTestId(`share-credited-${c.orderId}`).innerText()).toBe(exactMoney(c.amount));
    }
    expect(await deals.innerText()).toContain(mine[0]!.orderId);
    await screenshot(rep, 'board-rep-shared');
  });
});
