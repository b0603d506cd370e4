/**
 * A work order (协同工单) walked through the browser by the personas of the role switch, under the
 * strict CSP: the 华东 rep raises one on his opportunity with the work-order template's raise form
 * (phone view), the 华东 head assigns the support engineer (我的待办), the engineer resolves it, the
 * rep confirms. After every step the progress shown (state, who acts next, due time, overdue) is
 * what the plugin's flow runtime gives in Node for the same actions at the sample's now; a refused
 * action (resolving without a resolution) shows the plugin's message and changes nothing.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, createWorkingClock, parseCalendar, parseCsv, type Actor, type FlowInstance, type FlowRuntime } from '../../plugin/index.js';
import { SAMPLE_PIPELINE_NOW } from '../../plugin/sample/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';
import { chooseOption } from './locators.js';

const bundle = loadDefaultBundle();
const session = useBrowserSession();
const NOW = SAMPLE_PIPELINE_NOW;

const rows = (id: string) => {
  const csv = parseCsv(bundle.datasets.get(id)!.content as string);
  if (!csv.ok) throw new Error(id);
  return csv.records.map((r) => r.record);
};

/** The personas' actors, as the playground's role switch places them in the sample company. */
const ACTORS: Record<string, Actor> = {
  'hq-admin': { id: 'p-hq-admin', roles: ['hq-admin'], unitId: 'YQ' },
  'region-head': { id: 'head:HD', roles: ['region-head'], unitId: 'HD' },
  rep: { id: 'HD01-01', roles: ['rep'], unitId: 'HD01-01' },
  hrbp: { id: 'p-hrbp', roles: ['hrbp'], unitId: 'YQ' },
  engineer: { id: 'engineer:HD', roles: ['engineer'], unitId: 'HD' },
};

/** The work-order flow in Node, on the sample company's tree and working calendar. */
function nodeFlow(): FlowRuntime {
  const tree = buildOrgTree(rows('sample-company-units').map((u) => ({ id: u.id!, parentId: u.parent_id || null, name: u.name! })));
  if (!tree.ok) throw new Error('org tree');
  const calendar = parseCalendar(bundle.datasets.get('calendar-cn-2026')!.content);
  if (!calendar.ok) throw new Error('calendar');
  const def = bundle.flows.find((f) => f.def.id === 'work-order')!.def;
  return createFlowRuntime(def, tree.tree, bundle, createWorkingClock(calendar.calendar));
}

/** What the page should show of an instance: state, version, due time in this state, overdue at now, and who may act next. */
function expected(flow: FlowRuntime, i: FlowInstance) {
  const engineer = typeof i.data.engineerId === 'string' ? i.data.engineerId : null;
  const next = Object.entries(ACTORS)
    .filter(([, a]) => flow.available(i, a).some((t) => t.action !== 'cancel' && !(engineer && t.roles.includes('engineer') && a.id !== engineer)))
    .map(([id]) => id).join(',');
  const due = i.due && i.due.state === i.state ? i.due.at : '';
  return { state: i.state, version: String(i.version), due, overdue: String(flow.overdue(i, NOW) !== null), next };
}

const shown = async (item: Locator) => ({
  state: await item.getAttribute('data-state'),
  version: await item.getAttribute('data-version'),
  due: await item.getAttribute('data-due'),
  overdue: await item.getAttribute('data-overdue'),
  next: await item.getAttribute('data-next'),
});

/** The Formily item labelled exactly `title` inside `scope`. */
const field = (scope: Locator, title: string) =>
  scope.locator('.ant-formily-item').filter({ has: scope.page().locator('.ant-formily-item-label label', { hasText: new RegExp(`^${title}$`) }) });

async function switchRole(page: Page, persona: string, hash: string) {
  await page.getByTestId('role-switch').click();
  await page.locator(`.ant-dropdown [data-testid="role-option-${persona}"]`).click();
  await expect.poll(() => page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count()).toBe(0);
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

const stepOk = (r: ReturnType<FlowRuntime['step']>) => {
  if (!r.ok) throw new Error(r.refusal.code);
  return r.instance;
};

describe('work order', () => {
  it('rep raises, head assigns, engineer resolves, rep confirms; progress agrees with Node', async () => {
    const flow = nodeFlow();
    // his first open opportunity (the raise form offers no won or lost deal)
    const opp = rows('sample-pipeline-opportunities').filter((o) => o.owner_id === 'HD01-01' && o.stage !== 'won' && o.stage !== 'lost').sort((a, b) => (a.id! < b.id! ? -1 : 1))[0]!;
    const customer = opp.customer!;
    const title = '对接客户 ERP 的订单接口';

    // the rep raises it on his phone
    const page = await session().open('/#/visits', { persona: 'rep', width: 390 });
    const card = page.getByTestId('work-orders-card');
    await card.getByTestId('wo-open-raise').click({ timeout: 15_000 });
    const raiseForm = card.getByTestId('form-work-order-raise');
    await chooseOption(page, field(raiseForm, '商机'), customer, `.ant-select-item-option[title^="${customer} · "]`, customer);
    await field(raiseForm, '需求').locator('input').fill(title);
    await field(raiseForm, '说明').locator('textarea').fill('客户希望订单自动同步到 ERP');
    await card.getByTestId('wo-raise').click();
    const item = card.getByTestId('wo-item');
    await expect.poll(() => item.count()).toBe(1);
    // the form closes once raised
    expect(await raiseForm.count()).toBe(0);
    expect(await item.getAttribute('data-opp')).toBe(opp.id);

    let node = flow.start({ id: 'WO', ownerId: 'HD01-01', unitId: 'HD01-01', data: { opportunityId: opp.id, title }, now: NOW });
    expect(await shown(item)).toEqual(expected(flow, node));
    expect(await item.getAttribute('data-next')).toBe('region-head');
    // the rep may not assign: the flow offers him no such action
    expect(await item.getByTestId('wo-assign').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'work-order-raised-phone', { fullPage: false });

    // the head assigns the engineer in 我的待办
    await page.setViewportSize({ width: 1280, height: 900 });
    await switchRole(page, 'region-head', '#/workspace');
    const desk = page.getByTestId('work-orders-card');
    const headItem = desk.getByTestId('wo-item');
    await expect.poll(() => headItem.count(), { timeout: 15_000 }).toBe(1);
    await field(headItem, '工程师').locator('.ant-select').click();
    await page.locator('.ant-select-item-option[title="华东大区技术支持工程师"]').click();
    await headItem.getByTestId('wo-assign').click();
    node = stepOk(flow.step(node, 'assign', ACTORS['region-head']!, { engineerId: ACTORS.engineer!.id }, NOW, node.version));
    await expect.poll(() => shown(headItem)).toEqual(expected(flow, node));
    expect(node.due?.at).toBeTruthy();
    await desk.scrollIntoViewIfNeeded();
    await screenshot(page, 'work-order-assigned', { fullPage: false });

    // the engineer: resolving without a resolution is refused with the plugin's message, and nothing changes
    await switchRole(page, 'engineer', '#/workspace');
    const engItem = page.getByTestId('work-orders-card').getByTestId('wo-item');
    await expect.poll(() => engItem.count(), { timeout: 15_000 }).toBe(1);
    const before = await shown(engItem);
    await engItem.getByTestId('wo-resolve').click();
    const refused = flow.step(node, 'resolve', ACTORS.engineer!, {}, NOW, node.version);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    await expect.poll(() => engItem.getByTestId('wo-refusal').innerText()).toBe(refused.refusal.message.zh);
    expect(await shown(engItem)).toEqual(before);
    await screenshot(page, 'work-order-refused', { fullPage: false });
    const resolution = '已提供 ERP 对接接口文档与测试账号';
    await field(engItem, '处理结果').locator('textarea').fill(resolution);
    await engItem.getByTestId('wo-resolve').click();
    node = stepOk(flow.step(node, 'resolve', ACTORS.engineer!, { resolution }, NOW, node.version));
    await expect.poll(() => shown(engItem)).toEqual(expected(flow, node));
    expect(await engItem.getByTestId('wo-refusal').count()).toBe(0);

    // the rep confirms on his phone view
    await switchRole(page, 'rep', '#/visits');
    await page.setViewportSize({ width: 390, height: 844 });
    const repItem = page.getByTestId('work-orders-card').getByTestId('wo-item');
    await expect.poll(() => repItem.count(), { timeout: 15_000 }).toBe(1);
    expect(await shown(repItem)).toEqual(expected(flow, node));
    expect(await repItem.getByTestId('wo-resolution').innerText()).toContain(resolution);
    await repItem.scrollIntoViewIfNeeded();
    await screenshot(page, 'work-order-resolved-phone', { fullPage: false });
    await repItem.getByTestId('wo-confirm').click();
    node = stepOk(flow.step(node, 'confirm', ACTORS.rep!, {}, NOW, node.version));
    await expect.poll(() => shown(repItem)).toEqual(expected(flow, node));
    expect(await repItem.getByTestId('wo-next').innerText()).toBe('已结束');

    // kept with the build, and shown on the opportunity's card on the board
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => { window.location.hash = '#/pipeline'; });
    await expect.poll(() => page.getByTestId(`wo-tag-${opp.id}`).getAttribute('data-state'), { timeout: 15_000 }).toBe('confirmed');
    await page.getByTestId(`opp-${opp.id}`).scrollIntoViewIfNeeded();
    await screenshot(page, 'work-order-on-board', { fullPage: false });
  });
});
