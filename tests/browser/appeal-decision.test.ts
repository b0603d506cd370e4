/**
 * Approvals with a reason and evidence (issue 19 item 4), in the browser: the 华东 head appeals
 * with a file (a file above the runtime's limit is refused by name), HQ cannot reject without a
 * reason, partly approves within the bounds the flow accepts, and the decision with its reason
 * shows in the appeal's history and in the rep's view. The numbers are the runtime's, in node.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  createAllocation, createPlanReview, EVIDENCE_LIMITS, fenToYuan, parseAllocationUnits, parseCsv, parseYuan,
} from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { confirmLoss } from './buildHelpers.js';
import { screenshot, useBrowserSession } from './harness.js';
import { switchRole } from './personaHelpers.js';

const bundle = loadDefaultBundle();
const company = bundle.datasets.get('sample-company')!.content as { suggestedBase: number; period: string };
/** The published plan's 华东 Base, as the runtime computes it in node (no simulation: the suggested total). */
const publishedHD = (() => {
  const csv = parseCsv(bundle.datasets.get('sample-company-units')!.content as string, 'units.csv');
  if (!csv.ok) throw new Error('units.csv');
  const units = parseAllocationUnits(csv.records, 'units.csv');
  if (!units.ok) throw new Error('units');
  const prep = createAllocation(bundle, units.units, 'units.csv');
  if (!prep.ok) throw new Error('prepare');
  const r = createPlanReview({ bundle, prepared: prep.prepared, planId: 'balanced', totals: { base: parseYuan(company.suggestedBase)! }, period: company.period })
    .publish({ id: 'r', now: '2026-01-05T09:00:00+08:00' });
  if (!r.ok) throw new Error('publish');
  return r.review.plan.byId.get('HD')!.base;
})();
const money = (fen: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(fenToYuan(fen));

const session = useBrowserSession();

const numberInput = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const stateOf = (page: Page, scope: string) => page.getByTestId(scope).getByTestId('flow-state').first().getAttribute('data-state');

async function typeNumber(page: Page, id: string, value: string) {
  const input = numberInput(page, id);
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(value);
}

describe('appeal decisions', () => {
  it('appeal with a file, reject needs a reason, partial approval within the bounds, shown to the rep', async () => {
    const page = await session().open('/#/workspace', { persona: 'hq-admin', width: 1280 });
    await page.getByTestId('publish-review').click({ timeout: 15_000 });
    await confirmLoss(page);
    await expect.poll(() => page.getByTestId('review-base-HD').innerText()).toBe(money(publishedHD));

    await switchRole(page, 'region-head');
    await page.getByTestId('review-appeal-HD').click();
    const requested = Math.round(fenToYuan(publishedHD) * 1.08);
    await typeNumber(page, 'appeal-amount', String(requested));
    await page.getByTestId('appeal-reason').fill('新园区入驻，两家大客户签约');
    const files = page.getByTestId('appeal-files');
    await files.setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(EVIDENCE_LIMITS.maxFileBytes + 1, 1) });
    await expect.poll(() => page.getByTestId('evidence-problems').innerText()).toContain('扫描件.pdf');
    expect(await page.getByTestId('evidence-problems').innerText()).toContain('1.0 MB');
    expect(await page.getByTestId('evidence-file').count()).toBe(0);
    await files.setInputFiles({ name: '框架协议.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 框架协议 HT-2026-031') });
    await expect.poll(() => page.getByTestId('evidence-file').count()).toBe(1);
    expect(await page.getByTestId('evidence-problems').count()).toBe(0);
    await screenshot(page, 'appeal-with-file');
    await page.getByTestId('appeal-submit').click();
    await expect.poll(() => stateOf(page, 'review-card')).toBe('appealed');
    const download = page.getByTestId('evidence-HD').getByTestId('evidence-download');
    expect(await download.innerText()).toBe('框架协议.pdf');
    expect(await download.getAttribute('href')).toMatch(/^data:application\/pdf;base64,/);

    await switchRole(page, 'hq-admin');
    await page.getByTestId('review-reject-HD').click();
    const form = page.getByTestId('decision-form');
    await page.getByTestId('decision-submit').click();
    await form.locator('.ant-form-item-explain-error').first().waitFor();
    expect(await stateOf(page, 'review-card')).toBe('appealed');

    await form.getByTestId('decision-action').getByText('部分批准').click();
    const low = publishedHD;
    const high = parseYuan(requested)!;
    expect(await form.innerText()).toContain(`${money(low)} 至 ${money(high)}`);
    const approved = Math.round((fenToYuan(low) + requested) / 2);
    await typeNumber(page, 'decision-amount', String(approved));
    await page.getByTestId('decision-reason').fill('认可一家客户，另一家尚未签约');
    await screenshot(page, 'appeal-decision-form');
    await page.getByTestId('decision-submit').click();
    await expect.poll(() => stateOf(page, 'review-card')).toBe('decided');
    expect(await page.getByTestId('review-base-HD').innerText()).toBe(money(parseYuan(approved)!));
    const history = page.getByTestId('appeal-history-HD');
    // the decided Base re-balances the plan, which the system records on the instance too
    expect(await history.getByTestId('history-entry').evaluateAll((es) => es.map((e) => e.getAttribute('data-action')))).toEqual(['appeal', 'approve-partly', 'rebalance']);
    const text = await history.innerText();
    expect(text).toContain('部分批准');
    expect(text).toContain('认可一家客户，另一家尚未签约');
    expect(text).toContain(money(parseYuan(approved)!));
    expect(text).toContain(`申请基础目标 ${money(high)} 元`);
    await screenshot(page, 'appeal-history');

    // kept with the build: the file and the decision survive a reload; the rep reads the outcome
    await page.reload();
    await page.getByTestId('appeal-history-HD').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('evidence-HD').getByTestId('evidence-download').getAttribute('download')).toBe('框架协议.pdf');
    await switchRole(page, 'rep');
    const outcome = page.getByTestId('appeal-outcome');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('认可一家客户，另一家尚未签约');
    expect(await outcome.innerText()).toContain('部分批准');
    await screenshot(page, 'appeal-rep-view');
  });
});
