/**
 * The rep's phone view under the strict CSP, at 390 px: as the 华东 rep, the overdue follow-ups
 * listed are exactly the open alerts `analyzePipeline` computes in Node for him at the sample's
 * now; a visit form left incomplete is refused field by field; logging a feedback through the
 * visit form clears his overdue feedback-48h alert, the list then agrees with Node given the same
 * feedback, and the logged visit survives a reload (IndexedDB). A touch logged on the phone counts
 * on `#/process`: his daily touches that day, his weekly curve and his anomalies are what the
 * indicator collector computes in Node over the sample activities plus that touch.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  analyzePipeline, buildOrgTree, createIndicatorCollector, createIndicatorModel, createPipelineModel, parseCalendar, parseInstant,
  type Activity, type ActivityRecord,
} from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { datasetRows, samplePipeline } from './samplePipeline.js';
import { screenshot, useBrowserSession } from './harness.js';
import { chooseOption, formItem } from './locators.js';

const bundle = loadDefaultBundle();
const session = useBrowserSession();
const PHONE = 390;

const rows = (id: string) => datasetRows(bundle, id);

function pipeline() {
  const compiled = createPipelineModel(bundle);
  if (!compiled.ok) throw new Error('pipeline model');
  const { opportunities, activities, now } = samplePipeline(bundle);
  /** The open alerts of one owner as [opportunity, rule], given extra activities. */
  const overdue = (owner: string, extra: Activity[] = []) =>
    analyzePipeline(compiled.model, { opportunities, activities: [...activities, ...extra], now }).overdue
      .filter((a) => a.ownerId === owner).map((a) => [a.opportunityId, a.rule]).sort();
  return { opportunities, now, overdue };
}

/** The rep indicators as the process screen computes them, over the sample activities plus `extra` rows. */
function indicators(extra: ActivityRecord[] = []) {
  const compiled = createIndicatorModel(bundle);
  if (!compiled.ok) throw new Error('indicator model');
  const calendar = parseCalendar(bundle.datasets.get('calendar-cn-2026')!.content);
  if (!calendar.ok) throw new Error('calendar');
  const tree = buildOrgTree(rows('sample-company-units').map((u) => ({ id: u.id!, parentId: u.parent_id || null, name: u.name! })));
  if (!tree.ok) throw new Error('org tree');
  const collector = createIndicatorCollector(compiled.model, { role: 'rep' });
  for (const r of [...rows('sample-pipeline-activities'), ...extra]) collector.add(String(r.owner_id), parseInstant(String(r.at))!, r);
  return collector.finish({ isWorkingDay: (day) => calendar.calendar.isWorkingDay(day), tree: tree.tree });
}

const shownOverdue = async (page: Page) => (await page.getByTestId('overdue-item').evaluateAll((els) =>
  els.map((e) => [e.getAttribute('data-opp') ?? '', e.getAttribute('data-rule') ?? '']))).sort();

describe('visit log on a phone', () => {
  const { opportunities, now, overdue } = pipeline();
  const reps = rows('sample-company-units').filter((u) => u.level === 'rep');

  it('logging feedback clears an overdue alert', async () => {
    const page = await session().open('/#/visits', { persona: 'rep', width: PHONE });
    await expect.poll(() => page.getByTestId('overdue-list').count(), { timeout: 15_000 }).toBe(1);
    const me = await page.getByTestId('acting-as').innerText();
    const rep = reps.filter((u) => me.includes(u.name!));
    expect(rep).toHaveLength(1);
    const repId = rep[0]!.id!;

    // what is overdue for him is what the plugin says in Node, and a feedback-48h is among it
    const before = overdue(repId);
    await expect.poll(() => shownOverdue(page)).toEqual(before);
    const target = before.find(([, rule]) => rule === 'feedback-48h');
    expect(target, 'the 华东 rep has an overdue feedback-48h in the sample').toBeDefined();
    const [oppId] = target!;
    const customer = opportunities.find((o) => o.id === oppId)!.customer!;
    // the page fits the phone: nothing wider than the viewport
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
    await screenshot(page, 'visits-phone-overdue', { fullPage: false });

    // the alert's button fills the opportunity and the type that meets it
    await page.getByTestId(`log-${oppId}-feedback-48h`).click();
    await expect.poll(() => formItem(page, '商机').innerText()).toContain(customer);
    await expect.poll(() => formItem(page, '类型').innerText()).toContain('反馈');
    // six required fields at most; the rest folded away
    expect(await page.locator('[data-testid="form-visit"] .ant-formily-item-asterisk').count()).toBeLessThanOrEqual(6);
    expect(await formItem(page, '联系人').isVisible()).toBe(false);

    // saving without the feedback and the next step is refused on those fields
    await page.getByTestId('visit-save').click();
    await expect.poll(() => formItem(page, '客户反馈').locator('.ant-formily-item-error-help').count()).toBe(1);
    expect(await formItem(page, '下一步').locator('.ant-formily-item-error-help').count()).toBe(1);
    expect(await page.getByTestId('logged-item').count()).toBe(0);

    await formItem(page, '客户反馈').locator('textarea').fill('客户认可方案，希望下周再看一次演示');
    await formItem(page, '下一步').locator('input').fill('约下周演示');
    await screenshot(page, 'visits-phone-form');
    await page.getByTestId('visit-save').click();

    // the alert is gone, and the list agrees with the plugin given the same feedback at now
    const after = overdue(repId, [{ id: 'V1', opportunityId: oppId!, ownerId: repId, type: 'feedback', at: now }]);
    expect(after).not.toContainEqual([oppId, 'feedback-48h']);
    expect(after.length).toBe(before.length - 1);
    await expect.poll(() => shownOverdue(page)).toEqual(after);
    expect(await page.getByTestId('logged-item').count()).toBe(1);
    expect(await page.getByTestId('logged-item').getAttribute('data-opp')).toBe(oppId);
    await screenshot(page, 'visits-phone-after');

    // kept with the build (IndexedDB): still logged, still cleared after a reload
    await page.reload();
    await expect.poll(() => page.getByTestId('logged-item').count(), { timeout: 15_000 }).toBe(1);
    expect(await shownOverdue(page)).toEqual(after);
  });

  it('reads in English, and is the rep\'s alone', async () => {
    const page = await session().open('/#/visits', { persona: 'rep', width: PHONE, lang: 'en' });
    await expect.poll(() => page.getByTestId('overdue-list').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('.page-heading').innerText()).toContain('My follow-ups');
    expect(await formItem(page, 'Customer feedback').count()).toBe(1);
    expect(await page.getByTestId('overdue-list').innerText()).toContain('Feedback within 48 hours of a first visit');
    await screenshot(page, 'visits-phone-en', { fullPage: false });
    // HQ has no phone view of its own
    const hq = await session().open('/#/visits', { persona: 'hq-admin', width: PHONE });
    await expect.poll(() => hq.getByText('当前角色无权查看此页面').count(), { timeout: 15_000 }).toBe(1);
    expect(await hq.getByTestId('visits').count()).toBe(0);
  });

  it('a touch logged on the phone counts in his process indicators', async () => {
    const page = await session().open('/#/visits', { persona: 'rep', width: PHONE });
    await expect.poll(() => page.getByTestId('overdue-list').count(), { timeout: 15_000 }).toBe(1);
    const me = await page.getByTestId('acting-as').innerText();
    const repId = reps.find((u) => me.includes(u.name!))!.id!;
    const opp = opportunities.filter((o) => o.ownerId === repId).sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    const customer = opp.customer!;

    // the form's defaults: a touch (接触) at now
    await chooseOption(page, formItem(page, '商机'), customer, `.ant-select-item-option[title^="${customer} · "]`, customer);
    expect(await formItem(page, '类型').innerText()).toContain('接触');
    await formItem(page, '客户反馈').locator('textarea').fill('电话沟通了交付计划');
    await formItem(page, '下一步').locator('input').fill('发送报价');
    await page.getByTestId('visit-save').click();
    await expect.poll(() => page.getByTestId('logged-item').count()).toBe(1);
    expect(await page.getByTestId('logged-item').getAttribute('data-type')).toBe('touch');
    // the undo button sits on the row, beside the text, not on a line of its own
    const row = (await page.getByTestId('logged-item').boundingBox())!;
    const undo = (await page.getByTestId('logged-undo').boundingBox())!;
    expect(undo.y + undo.height).toBeLessThanOrEqual(row.y + row.height / 2 + undo.height);
    expect(undo.x).toBeGreaterThan(row.x + row.width / 2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
    await page.getByTestId('logged-item').scrollIntoViewIfNeeded();
    await screenshot(page, 'visits-phone-logged', { fullPage: false });

    const touch: ActivityRecord = { id: 'V1', opportunity_id: opp.id, owner_id: repId, type: 'touch', at: '2026-05-15T18:00:00+08:00' };
    const before = indicators();
    const after = indicators([touch]);
    const day = after.to!;
    expect(day).toBe('2026-05-15');
    const valueOn = (r: typeof after, id: string) => r.daily.find((d) => d.personId === repId && d.date === day)?.values[id] ?? null;
    const touches = 'rep-customer-touches';
    expect(valueOn(after, touches)).toBe((valueOn(before, touches) ?? 0) + 1);

    // on #/process (the same build, so the logged touch is there): the day's value, the weekly curve and the anomalies are Node's with the touch
    await page.evaluate(() => { window.location.hash = '#/process'; });
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => page.getByTestId('day-values').getAttribute('data-date'), { timeout: 15_000 }).toBe(day);
    expect(await page.getByTestId('growth-curve').getAttribute('data-person')).toBe(repId);
    for (const d of after.indicators) {
      expect(await page.getByTestId(`day-value-${d.id}`).getAttribute('data-value'), d.id).toBe(String(valueOn(after, d.id) ?? ''));
    }
    const fmt = (x: number | null) => (x === null ? '—' : String(Number(x.toFixed(2))));
    const points = after.weekly.filter((w) => w.personId === repId && w.indicator === touches);
    expect(points).not.toEqual(before.weekly.filter((w) => w.personId === repId && w.indicator === touches));
    await page.getByTestId(`chart-toggle-curve-${touches}`).getByText('数据表').click();
    const curve = () => page.getByTestId(`chart-table-curve-${touches}`).locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    await expect.poll(curve).toEqual(points.map((p) => [p.week, fmt(p.value), fmt(p.teamMedian)]));
    const shownAnomalies = await page.getByTestId('anomaly-table').locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent?.trim() ?? ''));
    expect(shownAnomalies).toEqual(after.anomalies.filter((a) => a.personId === repId).map((a) => a.date));
    await screenshot(page, 'process-rep-after-touch', { fullPage: false });
  });
});
