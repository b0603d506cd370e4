/**
 * The process-indicator screen under the strict CSP: as HQ, the first anomaly the plugin's
 * indicator collector finds in Node over the seeded activities (with the bundle's working-day
 * calendar) appears in the anomaly table with its person, indicator and date, and so do the
 * anomalies of the two people the sample seeds with a falling and a rising series; as the 华东 rep
 * persona, the table holds exactly his own anomalies and no one else's, his growth curve is his
 * own weekly curve beside the team median (as a table too), and the playbook card names his
 * weakest dimension's training. For the other roles (customer success, project manager: their own
 * sample files, their people in the sample's staff table): as HQ, picking customer success shows
 * exactly the anomalies the plugin computes in Node for that role (the seeded person's collapse
 * among them) and a person's values on the last day as the plugin gives them; as the 华东 head,
 * project managers are scoped to his region.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createIndicatorCollector, createIndicatorModel, parseCalendar, parseCsv, parseInstant, weakestTraining } from '../../plugin/index.js';
import { generateSamplePipeline } from '../../plugin/sample/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const session = useBrowserSession();

function expected() {
  const compiled = createIndicatorModel(bundle);
  if (!compiled.ok) throw new Error('indicator model');
  const calendar = parseCalendar(bundle.datasets.get('calendar-cn-2026')!.content);
  if (!calendar.ok) throw new Error('calendar');
  const rows = (id: string) => {
    const csv = parseCsv(bundle.datasets.get(id)!.content as string);
    if (!csv.ok) throw new Error(id);
    return csv.records.map((r) => r.record);
  };
  const collector = createIndicatorCollector(compiled.model, { role: 'rep' });
  for (const r of rows('sample-pipeline-activities')) collector.add(r.owner_id!, parseInstant(r.at!)!, r);
  const units = rows('sample-company-units');
  const tree = buildOrgTree(units.map((u) => ({ id: u.id!, parentId: u.parent_id || null, name: u.name! })));
  if (!tree.ok) throw new Error('org tree');
  const results = collector.finish({ isWorkingDay: (day) => calendar.calendar.isWorkingDay(day), tree: tree.tree });
  const names = new Map(units.map((u) => [u.id!, u.name!]));
  const reps = units.filter((u) => u.level === 'rep').map((u) => ({ id: u.id!, name: u.name! }));
  const indicatorName = new Map(results.indicators.map((d) => [d.id, d.name.zh]));
  // the people the sample seeds with a falling and a rising daily-touch series
  const seeded = generateSamplePipeline({ isWorkingDay: (day) => calendar.calendar.isWorkingDay(day) }).anomalies;
  return { anomalies: results.anomalies, names, reps, indicatorName, results, model: compiled.model, seeded, rows, units, calendar: calendar.calendar, compiled: compiled.model };
}

/** Another role's results in Node: its own sample file, its people added under their teams. */
function expectedForRole(role: 'customer-success' | 'project-manager') {
  const { rows, units, calendar, compiled } = expected();
  const staff = rows('sample-pipeline-staff').filter((p) => p.role === role);
  const tree = buildOrgTree([...units, ...staff].map((u) => ({ id: u.id!, parentId: u.parent_id || null, name: u.name! })));
  if (!tree.ok) throw new Error('org tree with staff');
  const collector = createIndicatorCollector(compiled, { role });
  for (const r of rows(`sample-pipeline-activities-${role}`)) collector.add(r.owner_id!, parseInstant(r.at!)!, r);
  const results = collector.finish({ isWorkingDay: (day) => calendar.isWorkingDay(day), tree: tree.tree });
  const seeded = generateSamplePipeline({ isWorkingDay: (day) => calendar.isWorkingDay(day) }).roles[role].anomaly;
  return { results, tree: tree.tree, names: new Map(staff.map((p) => [p.id!, p.name!])), seeded, roleName: compiled.settings.roles[role]!.zh };
}

const tableRows = (page: Page, id: string) =>
  page.getByTestId(id).locator('tbody tr.ant-table-row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));

describe('process indicators', () => {
  const { anomalies, names, reps, indicatorName, results, model, seeded } = expected();
  const row = (a: (typeof anomalies)[number]) => [names.get(a.personId) ?? a.personId, indicatorName.get(a.indicator)!, a.date];

  it('has anomalies in the seeded data (the test needs one)', () => {
    expect(anomalies.length).toBeGreaterThan(0);
  });

  it('shows the first anomaly the plugin computes to HQ, with the health index and the playbook', async () => {
    const page = await session().shared('/#/process');
    await expect.poll(() => page.getByTestId('anomaly-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(anomalies.length);
    const shown = (await tableRows(page, 'anomaly-table')).map((r) => r.slice(0, 3));
    expect(shown).toContainEqual(row(anomalies[0]!));
    // the seeded people's anomalies, in the direction the sample gave them
    const falling = anomalies.find((a) => a.personId === seeded.falling && a.direction === 'down');
    const rising = anomalies.find((a) => a.personId === seeded.rising && a.direction === 'up');
    expect(falling && rising, 'the seeded falling and rising series raise anomalies').toBeTruthy();
    expect(shown).toContainEqual(row(falling!));
    expect(shown).toContainEqual(row(rising!));
    expect(await page.getByTestId('health-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('playbook').count()).toBe(1);
    await screenshot(page, 'process-indicators');
  });

  it('shows the 华东 rep only his own anomalies', async () => {
    const page = await session().open('/#/process', { persona: 'rep', width: 1440 });
    await expect.poll(() => page.getByTestId('anomaly-table').count(), { timeout: 15_000 }).toBe(1);
    const me = await page.getByTestId('acting-as').innerText();
    const named = reps.filter((u) => me.includes(u.name));
    expect(named).toHaveLength(1);
    const repId = named[0]!.id;
    const mine = anomalies.filter((a) => a.personId === repId).map(row);
    await expect.poll(async () => (await tableRows(page, 'anomaly-table')).length).toBe(mine.length);
    expect((await tableRows(page, 'anomaly-table')).map((r) => r.slice(0, 3))).toEqual(mine);

    // his growth curve only (no one else to pick), the first indicator's weeks as a table
    expect(await page.getByTestId('growth-curve').getAttribute('data-person')).toBe(repId);
    const first = results.indicators[0]!;
    const points = results.weekly.filter((w) => w.personId === repId && w.indicator === first.id);
    const fmt = (x: number | null) => (x === null ? '—' : String(Number(x.toFixed(2))));
    await page.getByTestId(`chart-toggle-curve-${first.id}`).getByText('数据表').click();
    await expect.poll(async () => (await tableRows(page, `chart-table-curve-${first.id}`)).length).toBe(points.length);
    expect(await tableRows(page, `chart-table-curve-${first.id}`)).toEqual(points.map((p) => [p.week, fmt(p.value), fmt(p.teamMedian)]));

    // the playbook card says what applies to him: his weakest dimension's training
    const lastWeek = results.health.reduce((w, h) => (h.week > w ? h.week : w), '');
    const scores = results.health.find((h) => h.personId === repId && h.week === lastWeek)!.scores;
    const training = weakestTraining(model, scores)!;
    expect(training).not.toBeNull();
    const text = await page.getByTestId('playbook-training').innerText();
    expect(text).toContain(training.name.zh);
    expect(text).toContain(indicatorName.get(training.dimension) ?? training.dimension);
    await screenshot(page, 'process-indicators-rep');
  });

  const fmt = (x: number | null) => (x === null ? '—' : String(Number(x.toFixed(2))));

  // HQ's page of the first test (it only reads it), at the default 1440 px: a load of its own cost more than this check
  it('shows HQ the customer-success anomalies and a person\'s values as the plugin computes them', async () => {
    const cs = expectedForRole('customer-success');
    const indicatorZh = new Map(cs.results.indicators.map((d) => [d.id, d.name.zh]));
    const seededAnomaly = cs.results.anomalies.find((a) => a.personId === cs.seeded.person && a.indicator === cs.seeded.indicator && a.direction === cs.seeded.direction);
    expect(seededAnomaly, 'the seeded customer-success person raises the seeded anomaly').toBeTruthy();
    const page = await session().shared('/#/process');
    await expect.poll(() => page.getByTestId('anomaly-table').locator('tbody tr.ant-table-row').count(), { timeout: 15_000 }).toBe(anomalies.length);
    await page.getByTestId('process-role-customer-success').click();
    await expect.poll(() => page.getByTestId('process').innerText()).toContain(cs.roleName);
    const want = cs.results.anomalies.map((a) => [cs.names.get(a.personId)!, indicatorZh.get(a.indicator)!, a.date, fmt(a.value), fmt(a.baseline)]);
    await expect.poll(async () => (await tableRows(page, 'anomaly-table')).map((r) => r.slice(0, 5)), { timeout: 10_000 }).toEqual(want);
    // what is collected about customer-success people, from the bundle
    const collected = await page.getByTestId('process-collected').innerText();
    for (const d of cs.results.indicators) expect(collected).toContain(d.name.zh);
    // the seeded person's values on the last day, and his health this week
    await page.getByTestId('curve-person').click();
    await page.keyboard.type(cs.names.get(cs.seeded.person)!);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('growth-curve').getAttribute('data-person')).toBe(cs.seeded.person);
    await page.getByTestId('process-collected').click();
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    const day = cs.results.daily.find((d) => d.personId === cs.seeded.person && d.date === cs.results.to)!;
    expect(day).toBeTruthy();
    for (const d of cs.results.indicators) expect(await page.getByTestId(`day-value-${d.id}`).getAttribute('data-value')).toBe(String(day.values[d.id] ?? ''));
    const lastWeek = cs.results.health.reduce((w, h) => (h.week > w ? h.week : w), '');
    const health = cs.results.health.filter((h) => h.week === lastWeek).map((h) => [cs.names.get(h.personId)!, fmt(h.index)]);
    expect((await tableRows(page, 'health-table')).map((r) => r.slice(0, 2))).toEqual(health);
    await screenshot(page, 'process-indicators-customer-success');
  });

  it('scopes the project managers to the 华东 head\'s region', async () => {
    const pm = expectedForRole('project-manager');
    const page = await session().open('/#/process', { persona: 'region-head', width: 1440 });
    await expect.poll(() => page.getByTestId('process-role-project-manager').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('process-role-project-manager').click();
    await expect.poll(() => page.getByTestId('process').innerText()).toContain(pm.roleName);
    const acting = await page.getByTestId('acting-as').innerText();
    const region = [...pm.tree.units.values()].find((u) => u.level === 'region' && acting.includes(u.name))!;
    expect(region).toBeTruthy();
    const mine = pm.results.anomalies.filter((a) => pm.tree.isWithin(a.personId, region.id)).map((a) => [pm.names.get(a.personId)!, a.date]);
    await expect.poll(async () => (await tableRows(page, 'anomaly-table')).map((r) => [r[0], r[2]]), { timeout: 10_000 }).toEqual(mine);
    const lastWeek = pm.results.health.reduce((w, h) => (h.week > w ? h.week : w), '');
    const visible = pm.results.health.filter((h) => h.week === lastWeek && pm.tree.isWithin(h.personId, region.id)).map((h) => pm.names.get(h.personId)!);
    expect(visible.length).toBeGreaterThan(0);
    expect((await tableRows(page, 'health-table')).map((r) => r[0])).toEqual(visible);
    await screenshot(page, 'process-indicators-project-manager-head');
  });
});
