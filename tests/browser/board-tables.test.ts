/**
 * Issue 19 items 5 and 6 in Chromium. The board is coherent: for the sample's as-of day, the
 * table's light, the pace and the heat map's as-of cell of sampled regions are one judgement,
 * and every figure equals the runtime's in Node (the tracker's to-date basis over the board's
 * actuals). The shared table sorts, filters, searches, totals exactly and prints, on the board
 * and on the simulator's unit rows (its risks filtered by kind). Screenshots zh and en.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { activityPoints, formatYuanGrouped, lightPercent, type UnitProgress } from '../../plugin/index.js';
import { boardProgress, chartWeeks, trackerOf } from '../../playground/src/board/boardModel.js';
import { mergedActivities } from '../../playground/src/shared/pipeline/activities.js';
import { companyModel } from '../../playground/src/company/companyModel.js';
import { messages } from '../../playground/src/i18n/messages.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';

const session = useBrowserSession();
const bundle = loadDefaultBundle();

/** The board in Node: the regions' progress and their to-date weeks. */
function expected() {
  const company = companyModel(bundle);
  const tracker = trackerOf(bundle);
  if (!company.ok || !tracker) throw new Error('board');
  const model = company.model;
  const board = boardProgress(bundle, tracker, model, {});
  const regions = model.tree.children(model.tree.root.id).map((u) => u.id);
  return { model, progress: board.progress, weeks: chartWeeks(bundle, tracker, model, board.actuals.byDay, regions), regions };
}

/** The points of `unitIds` in Node: the runtime's `activityPoints` over the sample's pipeline activities. */
function expectedPoints(unitIds: string[]) {
  const company = companyModel(bundle);
  const activities = mergedActivities(bundle);
  if (!company.ok || !activities.ok) throw new Error('points');
  const made = activityPoints(bundle, { activities: activities.rows, tree: company.model.tree, asOf: company.model.asOf, unitIds });
  if (!made.ok) throw new Error('points');
  return made.points;
}

/** A unit's name in the sample. */
const e19Name = (id: string) => { const c = companyModel(bundle); return c.ok ? c.model.tree.get(id)?.name ?? id : id; };

const input = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();
const money = (f: number | null) => (f === null ? '—' : new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(f / 100));

/** Picks values in an antd column filter and confirms. */
async function filterColumn(page: Page, table: string, column: string, values: string[]) {
  const head = page.getByTestId(table).locator('th').filter({ hasText: column }).first();
  await head.locator('.ant-table-filter-trigger').click();
  const menu = page.locator('.ant-table-filter-dropdown:visible');
  for (const v of values) await menu.locator('.ant-dropdown-menu-item').filter({ hasText: v }).first().click();
  await menu.locator('.ant-btn-primary').click();
  // the dropdown has closed (its fade-out would take the next one's clicks)
  await expect.poll(() => page.locator('.ant-table-filter-dropdown:visible').count()).toBe(0);
}

describe('the board is coherent (issue 19 item 5)', () => {
  it('table light, pace and heat map agree for the regions and equal the runtime; aggregates are read-only; alerts, forecast and bonus shown', async () => {
    const e = expected();
    const page = await session().open('/#/board', { width: 1440 });
    await page.getByTestId('light-HD').waitFor({ timeout: 15_000 });
    await page.getByTestId('chart-toggle-heatmap').getByText('数据表').click();
    await page.getByTestId('chart-table-heatmap').waitFor();
    let paces = 0;
    for (const id of e.regions) {
      const p = e.progress.get(id)! as UnitProgress;
      const last = e.weeks.get(id)!.at(-1)!;
      // the heat map's as-of column is the table's row: same actual, same due target, same light
      expect(last.progress.actual).toBe(p.actual);
      expect(last.progress.due).toEqual(p.due);
      expect(last.progress.light).toBe(p.light);
      expect(await page.getByTestId(`light-${id}`).getAttribute('data-light'), id).toBe(p.light);
      expect(await page.getByTestId(`completion-${id}`).innerText()).toBe(lightPercent(p.explanation.base));
      expect(await page.getByTestId(`due-${id}`).innerText()).toBe(money(p.due!.base));
      expect(await page.getByTestId(`pace-${id}`).getAttribute('data-pace')).toBe(p.pace ?? '');
      const cells = await page.getByTestId('chart-table-heatmap').locator(`tr[data-row-key="${id}"] td`).allInnerTexts();
      expect(cells.at(-1), id).toBe(messages.zh[`light.${p.light}`]);
      // one judgement: ahead is never below green, red is never on pace or ahead (the bundle's boundaries are below 100%)
      if (p.pace === 'ahead') expect(p.light).toBe('green');
      if (p.light === 'red') expect(p.pace).toBe('behind');
      if (p.pace) paces++;
      // the due target is the phased share of the Base, to the fen
      expect(p.due!.base).toBe(Math.round(p.base! * p.timeElapsed));
    }
    expect(paces).toBe(e.regions.length);
    // a region's actual is a sum: no input on it
    expect(await page.locator('[data-testid="actual-HD"]').count()).toBe(0);
    expect(await page.getByTestId('actual-text-HD').innerText()).toBe(money(e.progress.get('HD')!.actual));
    // where HQ works: escalations and reviews, the regions' forecast and bonus
    await page.getByTestId('role-work').waitFor();
    expect(await page.getByTestId('forecast-table').locator('tbody tr.ant-table-row').count()).toBe(e.regions.length);
    expect(await page.getByTestId('bonus-table').locator('tbody tr.ant-table-row').count()).toBe(e.regions.length);
    // and the points (issue 19 item 5): each region's, and the month's top places, as the runtime's ledger gives them
    const points = expectedPoints(e.regions);
    for (const u of points.units) {
      expect(await page.getByTestId(`points-balance-${u.unitId}`).innerText(), u.unitId).toBe(String(u.balance));
      expect(await page.getByTestId(`points-month-${u.unitId}`).innerText(), u.unitId).toBe(String(u.monthPoints));
    }
    expect(points.units.some((u) => u.balance > 0)).toBe(true);
    // the card names the bundle's mapping and how many activities it posted
    expect(points.mapped).toBe(true);
    expect(await page.getByTestId('points-note').innerText()).toContain(`points.fromActivities`);
    expect(await page.getByTestId('points-note').innerText()).toContain(`已记 ${points.posted} 条`);
    const top = page.getByTestId('points-top-person');
    expect(await top.evaluateAll((els) => els.map((el) => [el.getAttribute('data-person'), Number(el.getAttribute('data-points'))])))
      .toEqual(points.top.map((t) => [t.person, t.points]));
    await screenshot(page, 'board19-board-zh');
  });

  it('a rep sees his own row with an input, his own alerts, forecast and bonus (en)', async () => {
    const page = await session().open('/#/board', { width: 1440, persona: 'rep', lang: 'en' });
    // the role card is worked out in the worker after the board's own figures
    await page.getByTestId('role-work').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bonus-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('forecast-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('board-basis-note').innerText()).toContain('due by');
    // his own points
    const rep = await page.getByTestId('acting-as').innerText();
    const own = (await page.getByTestId('points-table').locator('[data-testid^="points-balance-"]').first().getAttribute('data-testid'))!.slice('points-balance-'.length);
    const mine = expectedPoints([own]).units[0]!;
    expect(rep).toContain(e19Name(own));
    expect(await page.getByTestId(`points-balance-${own}`).innerText()).toBe(String(mine.balance));
    expect(mine.balance).toBeGreaterThan(0);
    await screenshot(page, 'board19-board-rep-en');
  });
});

describe('one table for the work screens (issue 19 item 6)', () => {
  it('sorts, filters, searches, totals exactly and prints on the board', async () => {
    const e = expected();
    const page = await session().open('/#/board', { width: 1440 });
    await page.getByTestId('light-HD').waitFor({ timeout: 15_000 });
    const rows = page.getByTestId('board-table').locator('tbody tr.ant-table-row');
    const regions = e.regions.map((id) => e.progress.get(id)!);
    // totals: the regions' Base and actual, added in fen
    const sum = (f: (p: UnitProgress) => number | null) => regions.reduce((s, p) => s + (f(p) ?? 0), 0);
    expect(await page.getByTestId('board-table-total-base').innerText()).toBe(formatYuanGrouped(sum((p) => p.base)));
    expect(await page.getByTestId('board-table-total-actual').innerText()).toBe(formatYuanGrouped(sum((p) => p.actual)));
    // sort by completion, descending: the regions in the runtime's order
    const head = page.getByTestId('board-table').locator('th').filter({ hasText: '完成率' }).first();
    await head.click();
    await head.click();
    const order = [...regions].sort((a, b) => (b.completionBase ?? -1) - (a.completionBase ?? -1)).map((p) => p.id);
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')))).toEqual(order);
    // filter by light: only the regions of that light, and the totals follow
    const light = regions[0]!.light;
    await filterColumn(page, 'board-table', '信号灯', [messages.zh[`light.${light}`]]);
    const kept = regions.filter((p) => p.light === light);
    await expect.poll(() => rows.count()).toBe(kept.length);
    expect(await page.getByTestId('board-table-total-base').innerText()).toBe(formatYuanGrouped(kept.reduce((s, p) => s + p.base!, 0)));
    await filterColumn(page, 'board-table', '信号灯', [messages.zh[`light.${light}`]]);
    await expect.poll(() => rows.count()).toBe(regions.length);
    // search a rep: his region opens on him
    await input(page, 'board-table-search').fill('HD01-01');
    await page.getByTestId('light-HD01-01').waitFor();
    expect(await page.getByTestId('board-table-count').innerText()).toBe('共 1 行');
    // print: every row kept, with the totals, in a sheet of its own
    await page.getByTestId('board-table-print').click();
    const sheet = page.getByTestId('board-table-print-view');
    await sheet.waitFor();
    expect(await sheet.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')))).toEqual(['HD', 'HD01', 'HD01-01']);
    expect(await sheet.locator('tfoot').innerText()).toContain(formatYuanGrouped(e.progress.get('HD')!.base!));
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('board-table').isVisible()).toBe(false);
    expect(await sheet.isVisible()).toBe(true);
    await screenshot(page, 'board19-board-print', { fullPage: false });
    await page.emulateMedia({ media: 'screen' });
  });

  it('filters the simulator\'s unit rows by risk kind and level, searches, totals and prints (en)', async () => {
    const page = await session().open('/#/simulator', { width: 1440, lang: 'en' });
    await expect.poll(() => page.getByTestId('plan-card').count(), { timeout: 15_000 }).toBe(3);
    const count = page.getByTestId('unit-rows-count');
    const all = Number((await count.innerText()).replace(/\D/g, ''));
    expect(all).toBeGreaterThan(400);
    // all levels in one list: the total is the company's, never a parent and its children added twice
    const meta = bundle.datasets.get('sample-company')!.content as { suggestedBase: number };
    expect(await page.getByTestId('unit-rows-total-base').innerText()).toBe(formatYuanGrouped(meta.suggestedBase * 100));
    await filterColumn(page, 'unit-rows', 'Level', ['Region']);
    await expect.poll(() => count.innerText()).toBe('6 rows');
    // six regions' Base adds up to the company's total (the allocation is exact), printed to the fen
    expect(await page.getByTestId('unit-rows-total-base').innerText()).toBe(formatYuanGrouped(meta.suggestedBase * 100));
    await filterColumn(page, 'unit-rows', 'Level', ['Region']);
    await expect.poll(() => count.innerText()).toBe(`${all} rows`);
    const riskHead = page.getByTestId('unit-rows').locator('th').filter({ hasText: 'Risks' }).first();
    await riskHead.locator('.ant-table-filter-trigger').click();
    const first = (await page.locator('.ant-table-filter-dropdown:visible .ant-dropdown-menu-item').first().innerText()).trim();
    await riskHead.locator('.ant-table-filter-trigger').click();
    await expect.poll(() => page.locator('.ant-table-filter-dropdown:visible').count()).toBe(0);
    await filterColumn(page, 'unit-rows', 'Risks', [first]);
    await expect.poll(() => count.innerText()).not.toBe(`${all} rows`);
    const risky = page.getByTestId('unit-rows').locator('tbody tr.ant-table-row');
    for (let i = 0; i < Math.min(3, await risky.count()); i++) expect(await risky.nth(i).innerText()).toContain(first);
    // the risk filter off again, then a search by code: 华东一组 and its reps
    await filterColumn(page, 'unit-rows', 'Risks', [first]);
    await expect.poll(() => count.innerText()).toBe(`${all} rows`);
    await input(page, 'unit-rows-search').fill('HD01');
    await expect.poll(async () => Number((await count.innerText()).replace(/\D/g, ''))).toBeGreaterThan(3);
    await page.getByTestId('unit-rows-print').click();
    await page.getByTestId('unit-rows-print-view').waitFor();
    const printed = await page.getByTestId('unit-rows-print-view').locator('tbody tr').count();
    expect(printed).toBe(Number((await count.innerText()).replace(/\D/g, '')));
    await screenshot(page, 'board19-simulator-print-en', { fullPage: false });
  });
});
