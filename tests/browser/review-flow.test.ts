/**
 * The flows walked in the browser as the personas of the role switch: HQ publishes the balanced
 * plan, the 华东 head appeals with evidence, HQ approves, the other heads accept, and the 华东
 * letter carries the new numbers and is signed; a rep files on a phone and his head confirms.
 * Everything persists with the build across a reload.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fenToYuan, parseCsv } from '../../plugin/index.js';
import { companyModel } from '../../playground/src/company/companyModel.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { SCREEN_LOAD, screenshot, useBrowserSession } from './harness.js';
import { switchRole } from './personaHelpers.js';
import { confirmLoss } from './buildHelpers.js';
import { expectedFilingRange, submitFiling } from './filingHelpers.js';

/** The rep persona is the first rep of 华东's first team, by his name in the sample company. */
const bundle = loadDefaultBundle();
const units = parseCsv(bundle.datasets.get('sample-company-units')!.content as string);
const repName = units.ok ? units.records.find((r) => r.record.id === 'HD01-01')!.record.name! : '';

const session = useBrowserSession();

const numberInput = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const stateOf = (page: Page, scope: string) => page.getByTestId(scope).getByTestId('flow-state').first().getAttribute('data-state');
const REQUESTED = 28_800_000;

describe('review and appeal', () => {
  it('a region head appeals with evidence, HQ approves, and the letter shows the new numbers', async () => {
    const page = await session().open('/#/workspace', { persona: 'hq-admin', width: 1280 });
    await page.getByTestId('publish-review').click({ timeout: 15_000 });
    await confirmLoss(page);
    const review = page.getByTestId('review-card');
    await expect.poll(() => review.locator('tbody tr.ant-table-row').count()).toBe(6);

    await switchRole(page, 'region-head');
    await expect.poll(() => review.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await review.innerText()).not.toContain('华南');
    const before = await page.getByTestId('review-base-HD').innerText();
    await page.getByTestId('review-appeal-HD').click();
    const amount = numberInput(page, 'appeal-amount');
    await amount.click();
    await amount.press('Control+A');
    await amount.pressSequentially(String(REQUESTED));
    await page.getByTestId('appeal-reason').fill('新园区入驻，两家大客户签约');
    await page.getByTestId('appeal-evidence').fill('客户框架协议编号 HT-2026-031、HT-2026-044');
    await page.getByTestId('appeal-submit').click();
    await expect.poll(() => stateOf(page, 'review-card')).toBe('appealed');
    // the head cannot decide his own appeal
    expect(await page.getByTestId('review-approve-HD').count()).toBe(0);
    await screenshot(page, 'workspace-appeal');

    await switchRole(page, 'hq-admin');
    await expect.poll(() => review.innerText()).toContain('HT-2026-031');
    await page.getByTestId('review-approve-HD').click();
    // approving needs no reason; the decision is still taken through its form
    await page.getByTestId('decision-submit').click();
    await expect.poll(() => page.getByTestId('review-base-HD').innerText()).toBe('28,800,000');
    expect(before).not.toBe('28,800,000');
    await page.getByTestId('others-accept').click();
    await page.getByTestId('review-frozen').waitFor();
    await screenshot(page, 'workspace-hq');

    await switchRole(page, 'region-head');
    const letter = page.getByTestId('letter');
    await expect.poll(() => page.getByTestId('letter-base').innerText()).toBe('28,800,000.00');
    expect(await letter.innerText()).toContain('28,800,000.00');
    // no name to type: the letter is signed as the persona, with the build's key
    expect(await page.getByTestId('sign-name').count()).toBe(0);
    await page.getByTestId('sign-letter').click();
    await page.getByTestId('letter-signed').waitFor();
    expect(await page.getByTestId('letter-signed').innerText()).toContain('签名与当前内容一致，有效');
    await screenshot(page, 'workspace-letter');

    // kept in IndexedDB with the build
    await page.reload();
    await page.getByTestId('letter-signed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('letter-signed').innerText()).toContain('签名与当前内容一致，有效');
    expect(await page.getByTestId('letter-base').innerText()).toBe('28,800,000.00');

    // the board's follow-up of appeals, as a table
    await page.goto(`${session().url}/#/board`);
    await page.getByTestId('chart-toggle-appeals').waitFor({ timeout: SCREEN_LOAD });
    await page.getByTestId('chart-toggle-appeals').getByText('数据表').click();
    await expect.poll(() => page.getByTestId('chart-table-appeals').innerText()).toContain('批准申诉');
  });
});

describe('rep views on a phone', () => {
  it('files a target, sees his progress and his letter at 390 px; his head confirms', async () => {
    const page = await session().open('/#/workspace', { persona: 'rep', width: 390 });
    await page.getByTestId('filing-card').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('review-card').count()).toBe(0);
    await screenshot(page, 'rep-filing-390', { fullPage: false });
    // the form starts at his plan's target, which the half year's suggested range may not hold: then it asks once
    const built = companyModel(bundle);
    if (!built.ok) throw new Error('sample company');
    const target = built.model.targets.get('HD01-01')!;
    await submitFiling(page, { base: fenToYuan(target.base), stretch: fenToYuan(target.stretch) }, expectedFilingRange(bundle, built.model, 'HD01-01'), 'zh');
    await expect.poll(() => stateOf(page, 'filing-card')).toBe('submitted');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);

    await page.goto(`${session().url}/#/board`);
    await page.getByTestId('my-light-HD01-01').waitFor({ timeout: 15_000 });
    await page.getByTestId('echart-radar').locator('svg').waitFor({ timeout: 15_000 });
    await screenshot(page, 'rep-progress-390', { fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.goto(`${session().url}/#/workspace`);
    await switchRole(page, 'region-head');
    await page.getByTestId('filing-confirm').click();
    await expect.poll(() => stateOf(page, 'filings-card')).toBe('confirmed');
    await switchRole(page, 'rep');
    await expect.poll(() => stateOf(page, 'filing-card')).toBe('confirmed');

    // the plan is published and settled: the rep reads his own letter
    await switchRole(page, 'hq-admin');
    await page.getByTestId('publish-review').click();
    await confirmLoss(page);
    await page.getByTestId('others-accept').click();
    await switchRole(page, 'region-head');
    await page.getByTestId('review-accept-HD').click();
    await switchRole(page, 'rep');
    const letter = page.getByTestId('letter');
    await letter.waitFor();
    expect(await letter.innerText()).toContain(`本人${repName}（HD01-01）`);
    await letter.scrollIntoViewIfNeeded();
    await screenshot(page, 'rep-letter-390', { fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
