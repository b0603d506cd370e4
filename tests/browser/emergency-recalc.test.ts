/**
 * Emergency recalculation (应急重算) walked in 我的待办 as the personas: on a frozen review, HQ
 * requests a rerun without 无锡 (refused first without a reason, with the plugin's message), the
 * sales director authorises (refused first when rejecting without a comment), HQ recalculates and
 * the changed units show old → new to the 分, exactly as the plugin's `recalculate` computes them
 * in Node, with every parent still the sum of its children; the HRBP approves and the review
 * takes the new numbers, kept across a reload.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createPlanReview, unitsInCities, type Actor, type PlanReview } from '../../plugin/index.js';
import { companyModel } from '../../playground/src/company/companyModel.js';
import { money } from '../../playground/src/company/format.js';
import { messages } from '../../playground/src/i18n/messages.js';
import { yuanExact } from '../../playground/src/recalc/recalcModel.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';
import { confirmLoss } from './buildHelpers.js';

const session = useBrowserSession();

/** What the plugin computes in Node: the balanced plan accepted by every region, then recalculated without 无锡. */
function expected() {
  const bundle = loadDefaultBundle();
  const company = companyModel(bundle);
  if (!company.ok) throw new Error('sample company');
  const model = company.model;
  const runtime = createPlanReview({
    bundle, prepared: model.prepared, planId: 'balanced', period: model.period.key, totals: { base: model.suggestedBase, stretch: model.suggestedStretch },
  });
  const now = '2026-05-15T10:00:00+08:00';
  const published = runtime.publish({ id: 'r', now });
  if (!published.ok) throw new Error('publish');
  let review: PlanReview = published.review;
  for (const id of Object.keys(review.instances)) {
    const head: Actor = { id: `head:${id}`, roles: ['region-head'], unitId: id };
    const step = runtime.act(review, id, 'accept', head, {}, now, review.instances[id]!.version);
    if (!step.ok) throw new Error(step.refusal.message.en);
    review = step.review;
  }
  const excluded = unitsInCities(model.prepared, ['无锡']);
  const recalc = runtime.recalculate(review, { excluded, now });
  if (!recalc.ok) throw new Error('recalculate');
  return { before: review.plan, after: recalc.review.plan, changed: recalc.changed, excluded, tree: model.tree };
}

async function switchRole(page: Page, persona: string) {
  await page.getByTestId('role-switch').click();
  await page.locator(`.ant-dropdown [data-testid="role-option-${persona}"]`).click();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('target-kit.playground.persona'))).toContain(persona);
  await expect.poll(() => page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count()).toBe(0);
}

const field = (scope: Locator, title: string) =>
  scope.locator('.ant-formily-item').filter({ has: scope.page().locator('.ant-formily-item-label label', { hasText: new RegExp(`^${title}$`) }) });

describe('emergency recalculation', () => {
  it('is requested, authorised, recalculated to the 分 and approved by separate people', async () => {
    const want = expected();
    const page = await session().open('/#/workspace', { persona: 'hq-admin', width: 1280 });
    // a frozen review: HQ publishes, the other heads accept, then the 华东 head
    await page.getByTestId('publish-review').click({ timeout: 15_000 });
    await confirmLoss(page);
    await page.getByTestId('others-accept').click();
    await switchRole(page, 'region-head');
    await page.getByTestId('review-accept-HD').click();
    await page.getByTestId('review-frozen').waitFor();

    await switchRole(page, 'hq-admin');
    const card = page.getByTestId('recalc-card');
    const state = () => card.getByTestId('recalc-state').getAttribute('data-state');
    const refusal = card.getByTestId('recalc-refusal');
    await card.getByTestId('recalc-new').click();
    await field(card, '排除的城市或单位').locator('.ant-select-selector').click();
    await page.keyboard.type('无锡');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    // no reason: the flow refuses with its own message, and nothing is stored
    await card.getByTestId('recalc-request').click();
    await expect.poll(() => refusal.innerText()).toContain('“提交重算申请”需要填写 reason');
    expect(await card.getByTestId('recalc-state').count()).toBe(0);
    await field(card, '理由').locator('textarea').fill('地方政策调整，无锡部分客户冻结采购');
    await card.getByTestId('recalc-request').click();
    await expect.poll(state).toBe('requested');
    expect(await card.getByTestId('recalc-excluded').innerText()).toContain(`无锡（${want.excluded.length} 个单位）`);
    // the director authorises; he or the HRBP may reject
    expect(await card.getByTestId('recalc-next').getAttribute('data-next')).toBe('sales-director,hrbp');
    expect(await card.getByTestId('recalc-authorise').count()).toBe(0);

    await switchRole(page, 'sales-director');
    await card.getByTestId('recalc-reject').click();
    await expect.poll(() => refusal.innerText()).toContain('“驳回”需要填写 comment');
    await card.getByTestId('recalc-authorise').click();
    await expect.poll(state).toBe('authorised');
    await screenshot(page, 'recalc-director');

    await switchRole(page, 'hq-admin');
    await card.getByTestId('recalc-recalculate').click();
    await expect.poll(state).toBe('recalculated');
    const level = (id: string) => want.tree.get(id)!.level;
    const count = (l: string) => want.changed.filter((id) => level(id) === l).length;
    expect(await card.getByTestId('recalc-summary').innerText())
      .toBe(`目标变化的单位：${want.changed.length} 个（大区 ${count('region')} · 团队 ${count('team')} · 销售 ${count('rep')}），金额精确到分`);
    expect(await card.getByTestId('recalc-sums').innerText()).toContain(`公司基础目标 ${yuanExact(want.after.base)} 元（重算前 ${yuanExact(want.before.base)} 元）`);
    expect(await card.getByTestId('recalc-sums').innerText()).toContain('都等于下级之和');
    // the changed units by level, old → new to the 分 as the plugin computed them (10 a page)
    const arrow = (id: string, track: 'base' | 'stretch') => `${yuanExact(want.before.byId.get(id)![track])} → ${yuanExact(want.after.byId.get(id)![track])}`;
    for (const l of ['team', 'rep'] as const) {
      await card.getByTestId('recalc-level').getByText(messages.zh[`level.${l}`]).click();
      const ids = await card.getByTestId('recalc-changes').locator('tr[data-row-key]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')!));
      expect(ids).toEqual(want.changed.filter((id) => level(id) === l).slice(0, 10));
      for (const id of ids) {
        expect(await card.getByTestId(`recalc-base-${id}`).innerText()).toBe(arrow(id, 'base'));
        expect(await card.getByTestId(`recalc-stretch-${id}`).innerText()).toBe(arrow(id, 'stretch'));
      }
    }
    // the excluded team goes to zero
    await card.getByTestId('recalc-level').getByText(messages.zh['level.team']).click();
    const team = want.excluded[0]!;
    expect(want.after.byId.get(team)!.base).toBe(0);
    expect(await card.getByTestId(`recalc-base-${team}`).innerText()).toBe(arrow(team, 'base'));
    // HQ recalculated, so HQ cannot approve
    expect(await card.getByTestId('recalc-approve').count()).toBe(0);
    await screenshot(page, 'recalc-hq');

    await switchRole(page, 'hrbp');
    await card.getByTestId('recalc-approve').click();
    await expect.poll(state).toBe('approved');
    await card.getByTestId('recalc-applied').waitFor();
    await expect.poll(() => page.getByTestId('review-base-HD').innerText()).toBe(money(want.after.byId.get('HD')!.base));
    await screenshot(page, 'recalc-approved');

    await page.reload();
    await expect.poll(state, { timeout: 15_000 }).toBe('approved');
    expect(await page.getByTestId('review-base-HD').innerText()).toBe(money(want.after.byId.get('HD')!.base));
  });
});
