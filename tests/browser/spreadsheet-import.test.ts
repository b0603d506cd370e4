/**
 * The data screen with spreadsheets from real offices, under the strict CSP: the import template
 * downloads with Chinese headers and an example row (amounts as numbers), a filled-in file with
 * Excel's Chinese dates, an XLSX serial day, thousands separators and full-width digits is read
 * into plain rows (the preview shows them), an ambiguous date is refused by row and column; a
 * large file is checked in a Web Worker: the page answers a click while it runs, and cancel stops it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { confirmLoss } from './buildHelpers.js';
import { screenshot, SCREEN_LOAD, useBrowserSession } from './harness.js';

const session = useBrowserSession();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function choose(page: Page, name: string, mimeType: string, buffer: Buffer, timeout = SCREEN_LOAD) {
  // a large file takes its time to cross into the page and to be parsed there
  await page.getByTestId('import-card').locator('input[type="file"]').setInputFiles({ name, mimeType, buffer }, { timeout });
  await page.getByTestId('import-mapping').waitFor({ timeout });
}

async function download(page: Page, testId: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

describe('spreadsheets from real offices', () => {
  it('downloads the import template and reads a filled-in one with Excel\'s habits into plain rows; an ambiguous date is refused', async () => {
    const page = await session().open('/#/data', { persona: 'hq-admin', width: 1280 });
    await page.getByTestId('import-card').waitFor({ timeout: SCREEN_LOAD });

    // the templates: Chinese headers, one example row from the build, the amount a number in the XLSX
    const xlsx = await download(page, 'import-template-xlsx');
    expect(xlsx.name).toBe('导入模板-实际回款.xlsx');
    const [sheet] = await readXlsxFile(xlsx.bytes);
    expect(sheet!.data[0]).toEqual(['单位编号', '日期', '金额']);
    expect(typeof sheet!.data[1]![2]).toBe('number');
    const csv = await download(page, 'import-template-csv');
    expect(csv.name).toBe('导入模板-实际回款.csv');
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\ufeff单位编号,日期,金额\n')).toBe(true);
    const sample = parseCsv(loadDefaultBundle().datasets.get('sample-actuals')!.content as string, 'actuals.csv');
    if (!sample.ok) throw new Error('sample actuals');
    expect(text.split('\n')[1]).toBe(Object.values(sample.records[0]!.record).join(','));

    // filled in the way an office does: 2026/5/14, 2026年5月15日, a serial day, 1,200 and full-width digits
    const filled = await writeXlsxFile([
      [{ value: '单位编号' }, { value: '日期' }, { value: '金额' }],
      [{ value: 'HD01-01' }, { value: '2026/5/14' }, { value: '1,200' }],
      [{ value: 'HD01-02' }, { value: '2026年5月15日' }, { value: '１２００．５' }],
      [{ value: 'HD01-03' }, { value: 46156 }, { value: 1_234_567.8 }],
    ]).toBuffer();
    await choose(page, '实际回款.xlsx', XLSX, filled);
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-ok').waitFor({ timeout: SCREEN_LOAD });
    const preview = await page.getByTestId('import-preview').innerText();
    for (const plain of ['2026-05-14', '1200.00', '2026-05-15', '1200.50', '1234567.8']) expect(preview).toContain(plain);
    expect(preview).not.toContain('2026/5/14');
    await screenshot(page, 'spreadsheet-habits-preview');
    // added beside the 12,188 rows, not replacing them; 2026/5/14 and the serial day found the rows of 2026-05-14
    await page.getByTestId('import-apply').click();
    await expect.poll(() => page.getByTestId('confirm-what').innerText()).toContain('12,186');
    expect(await page.getByTestId('confirm-what').innerText()).toContain('更新 2 行');
    await confirmLoss(page);
    await page.getByTestId('bundle-edited').waitFor();

    // a day-month order that cannot be told apart: refused by row and column, nothing changes
    const ambiguous = Buffer.from('单位编号,日期,金额\nHD01-01,2026-05-16,100\nHD01-01,5/14/2026,100\n');
    await choose(page, 'ambiguous.csv', 'text/csv', ambiguous);
    await page.getByTestId('import-check').click();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor({ timeout: SCREEN_LOAD });
    const said = await errors.innerText();
    expect(said).toContain('\t日期\t');
    expect(said).not.toContain('→ date');
    expect(said).toContain('年、月、日顺序不明确');
    expect(said).toMatch(/^3\b/m);
  });

  it('checks a large file in a worker: a click is answered while it runs, cancel stops it, a second run finishes', async () => {
    // large enough that the check outlasts a click on a quiet machine (~1 s of work); the test allows a busy one minutes
    const rows = 300_000;
    const ids = ['HD01-01', 'HD01-02', 'HN01-01', 'HB01-01'];
    const lines = ['编号,日期,金额'];
    for (let i = 0; i < rows; i++) lines.push(`${ids[i % ids.length]},2026/${(i % 5) + 1}/${(i % 28) + 1},"1,${String(i % 1000).padStart(3, '0')}.50"`);
    const page = await session().open('/#/data', { persona: 'hq-admin', width: 1280 });
    await page.getByTestId('import-card').waitFor({ timeout: SCREEN_LOAD });
    await choose(page, 'large.csv', 'text/csv', Buffer.from(lines.join('\n')), 120_000);
    console.info(`read ${rows} rows on the page`);

    await page.getByTestId('import-check').click();
    const progress = page.getByTestId('import-progress');
    await progress.waitFor({ timeout: SCREEN_LOAD });
    // the page answers while the worker checks: the role menu opens, and the check is still going
    await page.getByTestId('role-switch').click();
    await page.locator('.ant-dropdown [data-testid="role-option-rep"]').waitFor();
    expect(Number(await progress.getAttribute('data-done'))).toBeLessThan(rows);
    await screenshot(page, 'import-check-progress', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.getByTestId('import-cancel').click();
    await page.getByTestId('import-cancelled').waitFor();
    expect(await progress.count()).toBe(0);
    expect(await page.getByTestId('import-ok').count()).toBe(0);
    expect(await page.getByTestId('import-errors').count()).toBe(0);

    // run again to the end: every row read (the worker's result reaches the page)
    const started = Date.now();
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-ok').waitFor({ timeout: 120_000 });
    console.info(`checked ${rows} rows in the worker in ${Date.now() - started} ms`);
    expect(await page.getByTestId('import-ok').innerText()).toContain(String(rows));
    expect(await page.getByTestId('import-preview').innerText()).toContain('1000.50');
  }, 240_000);
});
