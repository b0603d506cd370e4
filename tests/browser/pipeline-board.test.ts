/**
 * The pipeline board under the strict CSP: a move that lacks a criterion is refused with the
 * criterion named (zh and en) and the card stays in its column, by button and by a real drag;
 * an allowed move moves the card; the funnel (with median days per stage and the win cycle, for
 * the company and for a region picked as its level), the timeliness ranking, each card's days in stage and the stalled marks show what
 * `analyzePipeline` computes in Node over the same sample at its last day.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  analyzePipeline, buildOrgTree, checkMove, countsOf, createPipelineModel, parseInstant, rollUpPipeline,
} from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { datasetRows, samplePipeline } from './samplePipeline.js';
import { dragTo } from './buildHelpers.js';
import { screenshot, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const session = useBrowserSession();

function expected() {
  const compiled = createPipelineModel(bundle);
  if (!compiled.ok) throw new Error('pipeline model');
  const model = compiled.model;
  const rows = (id: string) => datasetRows(bundle, id);
  const { opportunities, activities, now } = samplePipeline(bundle);
  const analysis = analyzePipeline(model, { opportunities, activities, now });
  const stages = model.settings.stages;
  // every open opportunity's move to the next stage, checked in Node
  const moves = analysis.opportunities.flatMap((o) => {
    const i = model.stageIndex.get(o.stage);
    if (i === undefined || i + 1 >= stages.length) return [];
    const opp = opportunities.find((x) => x.id === o.id)!;
    const counts = countsOf(activities.filter((a) => a.opportunityId === o.id), now);
    const failed = checkMove(model, { from: o.stage, to: stages[i + 1]!.id, counts, amount: opp.amount });
    return [{ id: o.id, from: o.stage, to: stages[i + 1]!.id, failed }];
  });
  const units = rows('sample-company-units');
  const tree = buildOrgTree(units.map((u) => ({ id: u.id!, parentId: u.parent_id || null, name: u.name! })));
  if (!tree.ok) throw new Error('org tree');
  const region = units.find((u) => u.level === 'region')!;
  const inRegion = opportunities.filter((o) => tree.tree.isWithin(o.ownerId, region.id!));
  const regional = {
    id: region.id!, name: region.name!,
    funnel: rollUpPipeline(analysis, tree.tree).funnel.get(region.id!)!,
    // days in stage and the win cycle of the region: the plugin over its opportunities alone
    analysis: analyzePipeline(model, { opportunities: inRegion, activities: activities.filter((a) => inRegion.some((o) => o.id === a.opportunityId)), now }),
  };
  return { model, analysis, moves, now, regional };
}

const card = (page: Page, stage: string, id: string) => page.locator(`[data-testid="stage-${stage}"] [data-testid="opp-${id}"]`);
const tableRows = (page: Page, id: string) =>
  page.getByTestId(id).locator('tbody tr.ant-table-row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

describe('pipeline board', () => {
  const { model, analysis, moves, now, regional } = expected();
  const refused = moves.filter((m) => m.failed.length > 0);
  const allowed = moves.filter((m) => m.failed.length === 0);

  it('has refused and allowed moves in the sample (the test needs both)', () => {
    expect(refused.length).toBeGreaterThan(0);
    expect(allowed.length).toBeGreaterThan(0);
  });

  it('refuses a move that lacks a criterion, by button and by drag, and keeps the card; moves an allowed one', async () => {
    const page = await session().open('/#/pipeline', { width: 1440 });
    await expect.poll(() => page.getByTestId('pipeline-columns').count(), { timeout: 15_000 }).toBe(1);
    // a column per stage of the bundle, in order, then lost
    const columns = await page.locator('[data-testid^="stage-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    expect(columns).toEqual([...model.settings.stages.map((s) => s.id), model.lostId]);

    const bad = refused[0]!;
    await page.getByTestId(`next-${bad.id}`).click();
    const reason = page.getByTestId('move-refused');
    await expect.poll(() => reason.count()).toBe(1);
    for (const f of bad.failed) expect(await reason.innerText()).toContain(f.message.zh);
    expect(await card(page, bad.from, bad.id).count()).toBe(1);
    expect(await card(page, bad.to, bad.id).count()).toBe(0);
    await screenshot(page, 'pipeline-refused');

    // a real drag of another refused card onto the next column
    const other = refused.find((m) => m.id !== bad.id) ?? bad;
    await reason.locator('.ant-alert-close-icon').click();
    await expect.poll(() => reason.count()).toBe(0);
    await dragTo(page, card(page, other.from, other.id), page.getByTestId(`stage-${other.to}`));
    await expect.poll(() => reason.count()).toBe(1);
    expect(await reason.getAttribute('data-opp')).toBe(other.id);
    for (const f of other.failed) expect(await reason.innerText()).toContain(f.message.zh);
    expect(await card(page, other.from, other.id).count()).toBe(1);

    // an allowed move moves the card
    const good = allowed[0]!;
    await page.getByTestId(`next-${good.id}`).click();
    await expect.poll(() => card(page, good.to, good.id).count()).toBe(1);
    expect(await card(page, good.from, good.id).count()).toBe(0);
    expect(await page.getByTestId('move-accepted').count()).toBe(1);
    // kept with the build: after a reload the card is where it was moved
    await page.reload();
    await expect.poll(() => card(page, good.to, good.id).count(), { timeout: 15_000 }).toBe(1);
    expect(await card(page, good.from, good.id).count()).toBe(0);
  });

  it('shows the funnel, days in stage, the win cycle, stalled cards and the timeliness ranking analyzePipeline computes', async () => {
    const page = await session().open('/#/pipeline', { width: 1440 });
    await expect.poll(() => page.getByTestId('funnel-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(analysis.funnel.length);
    const name = (id: string) => model.settings.stages[model.stageIndex.get(id)!]!.name.zh;
    const medianDays = new Map(analysis.daysInStage.map((d) => [d.stage, d.medianDays]));
    expect(await tableRows(page, 'funnel-table')).toEqual(
      analysis.funnel.map((r) => [name(r.stage), String(r.reached), r.converted === null ? '—' : String(r.converted), pct(r.rate), String(medianDays.get(r.stage) ?? '—')]));
    expect(await page.getByTestId('win-cycle').innerText()).toContain(`${analysis.winCycle.medianDays} 天（${analysis.winCycle.won} 单成交）`);
    // every card whose stalled-in-stage alert is open is marked, and no other
    const stalled = analysis.overdue.filter((a) => a.rule === 'stalled-in-stage').map((a) => a.opportunityId).sort();
    expect(stalled.length).toBeGreaterThan(0);
    const marked = await page.locator('[data-testid^="stalled-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('stalled-'.length)));
    expect(marked.sort()).toEqual(stalled);
    // a stalled card's days in stage, against its stage's limit
    const one = analysis.opportunities.find((o) => o.id === stalled[0])!;
    const limit = model.settings.stages[model.stageIndex.get(one.stage)!]!.stalledDays!;
    const inStage = Math.floor((now - parseInstant(one.enteredAt)!) / 86_400_000);
    expect(inStage).toBeGreaterThan(limit);
    expect(await page.getByTestId(`days-${one.id}`).innerText()).toContain(`本阶段 ${inStage} / ${limit} 天`);
    const timely = await tableRows(page, 'timeliness-table');
    expect(timely.map((r) => [r[0], r[2], r[3], r[4]])).toEqual(
      analysis.timeliness.map((r) => [r.rank === null ? '—' : String(r.rank), String(r.onTime), String(r.late), pct(r.rate)]));
    await screenshot(page, 'pipeline-board');

    // the funnel of a region picked as its level: the rolled-up funnel, the region's days in stage and win cycle
    await page.getByTestId('funnel-unit').click();
    await page.keyboard.type(regional.name);
    await page.locator(`.ant-select-item-option[title="${regional.name}"]`).click();
    await expect.poll(() => page.getByTestId('funnel-table').getAttribute('data-unit')).toBe(regional.id);
    const regionDays = new Map(regional.analysis.daysInStage.map((d) => [d.stage, d.medianDays]));
    expect(await tableRows(page, 'funnel-table')).toEqual(
      regional.funnel.map((r) => [name(r.stage), String(r.reached), r.converted === null ? '—' : String(r.converted), pct(r.rate), String(regionDays.get(r.stage) ?? '—')]));
    expect(regional.funnel[0]!.reached).toBeLessThan(analysis.funnel[0]!.reached);
    const cycle = regional.analysis.winCycle;
    expect(await page.getByTestId('win-cycle').getAttribute('data-days')).toBe(cycle.medianDays === null ? '' : String(cycle.medianDays));
  });

  it('names the failed criterion in English, and a rep sees only his own opportunities', async () => {
    const page = await session().open('/#/pipeline', { lang: 'en', persona: 'rep' });
    await expect.poll(() => page.getByTestId('pipeline-columns').count(), { timeout: 15_000 }).toBe(1);
    const ids = await page.locator('[data-testid^="opp-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
    const owners = new Set(analysis.opportunities.filter((o) => ids.includes(o.id)).map((o) => o.ownerId));
    expect(ids.length).toBeGreaterThan(0);
    expect(owners.size).toBe(1);
    const owner = [...owners][0]!;
    expect(ids.sort()).toEqual(analysis.opportunities.filter((o) => o.ownerId === owner).map((o) => o.id).sort());
    const mine = refused.find((m) => ids.includes(m.id));
    if (mine) {
      await page.getByTestId(`next-${mine.id}`).click();
      await expect.poll(() => page.getByTestId('move-refused').count()).toBe(1);
      for (const f of mine.failed) expect(await page.getByTestId('move-refused').innerText()).toContain(f.message.en);
      expect(await card(page, mine.from, mine.id).count()).toBe(1);
    }
    await screenshot(page, 'pipeline-rep-en');
  });
});
