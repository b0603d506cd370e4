/**
 * The imported filing page in headless Chromium: sign in as a user would, open the page, type
 * into the form and watch our rule component follow, submit it and see the record in the
 * page's table; any page error fails the check.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { signInTo } from './sign-in.js';

const CHROMIUM = '/usr/bin/chromium';

async function fieldInput(page: Page, label: string) {
  return page.locator('.ant-formily-item').filter({ has: page.locator('.ant-formily-item-label', { hasText: label }) }).locator('input').first();
}

export async function browserCheck(url: string, screenshots: string, rep: string): Promise<string> {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is missing: apt-get install -y chromium fonts-wqy-microhei');
  mkdirSync(screenshots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await signInTo(page, url, { account: 'admin@nocobase.com', password: 'admin123' }, '/admin/tk_target_filing_page');
    const trend = page.locator('[data-testid="tk-rule-filing-trend"]');
    await trend.waitFor({ timeout: 60_000 });
    await page.locator('.ant-formily-item-label', { hasText: '第 1 季度' }).first().waitFor({ timeout: 30_000 });
    const values: Record<string, string> = { '第 1 季度': '100000', '第 2 季度': '110000', '第 3 季度': '120000', '第 4 季度': '130000' };
    for (const [label, value] of Object.entries(values)) {
      await (await fieldInput(page, label)).fill(value);
    }
    const first = await waitForResult(page, trend, null);
    await page.screenshot({ path: join(screenshots, 'nocobase-filing-page.png'), fullPage: true });
    await (await fieldInput(page, '第 4 季度')).fill('190000');
    const second = await waitForResult(page, trend, first);
    await page.screenshot({ path: join(screenshots, 'nocobase-filing-page-changed.png'), fullPage: true });
    // fill the rest and submit: the record is created and its workflow runs (and refuses: the
    // administrator is no rep; the decisions of real users are checked through the REST API)
    const rest: Record<string, string> = { '销售代表': rep, '申报期间': '2026-Q3', '大区潜力指数': '70', '申报基础目标': '150000', '申报挑战目标': '180000' };
    for (const [label, value] of Object.entries(rest)) await (await fieldInput(page, label)).fill(value);
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.locator('.ant-message-notice, .ant-message').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
    // the records table of the page shows the new filing with its state once the workflow ran
    await page.waitForTimeout(3000);
    await page.reload({ waitUntil: 'domcontentloaded' });
    const row = page.locator('.ant-table-row').filter({ hasText: rep }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'nocobase-filing-submitted.png') });
    if (errors.length) throw new Error(errors.join('\n'));
    return `filing-trend ${first} → ${second}; screenshots nocobase-filing-*.png`;
  } finally {
    await browser.close();
  }
}

async function waitForResult(page: Page, element: ReturnType<Page['locator']>, previous: string | null): Promise<string> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const value = await element.getAttribute('data-tk-result');
    if (value && value !== 'null' && value !== previous && !Number.isNaN(Number(JSON.parse(value)))) return value;
    await page.waitForTimeout(200);
  }
  throw new Error(`the rule result did not ${previous === null ? 'appear' : `change from ${previous}`}: ${await element.innerText().catch(() => '?')}`);
}
