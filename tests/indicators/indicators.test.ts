import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOrgTree,
  canSee,
  checkIndicatorParameters,
  collectedAbout,
  createIndicatorCollector,
  createIndicatorModel,
  loadBundle,
  parseInstant,
  recommend,
  scopeIndicatorResults,
  weakestTraining,
  type IndicatorModel,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const built = createIndicatorModel(bundle);
if (!built.ok) throw new Error(JSON.stringify(built.problems));
const model: IndicatorModel = built.model;

const H = 3_600_000;
const D = 24 * H;
/** 2026-03-02 is a Monday. */
const MON = parseInstant('2026-03-02T10:00:00+08:00')!;
/** The nth working day (Monday to Friday) from 2 March, at 10:00 Shanghai. */
const workday = (n: number) => MON + (Math.floor(n / 5) * 7 + (n % 5)) * D;

const treeResult = buildOrgTree([
  { id: 'co', parentId: null, name: '公司' },
  { id: 'east', parentId: 'co', name: '华东' },
  { id: 'south', parentId: 'co', name: '华南' },
  { id: 't1', parentId: 'east', name: '一组' },
  { id: 't2', parentId: 'south', name: '二组' },
  { id: 'wang', parentId: 't1', name: '王' },
  { id: 'li', parentId: 't1', name: '李' },
  { id: 'zhao', parentId: 't2', name: '赵' },
]);
if (!treeResult.ok) throw new Error('tree');
const tree = treeResult.tree;

/** Daily touches per working day from a list of counts. */
function touches(series: number[], person = 'wang') {
  const c = createIndicatorCollector(model);
  series.forEach((n, day) => { for (let k = 0; k < n; k++) c.add(person, workday(day) + k * 60_000, { type: 'touch', opportunity_id: 'o1' }); });
  return c;
}

describe('collection per person and day', () => {
  it('counts through the JsonLogic filter: touches count, feedback does not', () => {
    const c = createIndicatorCollector(model);
    c.add('wang', MON, { type: 'touch' });
    c.add('wang', MON + H, { type: 'first_visit' });
    c.add('wang', MON + 2 * H, { type: 'feedback' });
    c.add('wang', MON + D, { type: 'demo' });
    const r = c.finish();
    expect(r.daily.map((d) => [d.date, d.values['rep-customer-touches']])).toEqual([['2026-03-02', 2], ['2026-03-03', 1]]);
  });
  it('quote response time is the median of hours from a quote request to the quote on the same opportunity', () => {
    const c = createIndicatorCollector(model);
    c.add('wang', MON, { type: 'quote_request', opportunity_id: 'o1' });
    c.add('wang', MON + 2 * H, { type: 'quote_request', opportunity_id: 'o2' });
    c.add('wang', MON + 6 * H, { type: 'quote', opportunity_id: 'o1' }); // 6 h
    c.add('wang', MON + 12 * H, { type: 'quote', opportunity_id: 'o2' }); // 10 h, next day in Shanghai? 22:00 the same day
    const r = c.finish();
    expect(r.daily.find((d) => d.date === '2026-03-02')!.values['rep-quote-response']).toBe(8);
    expect(r.weekly.find((w) => w.indicator === 'rep-quote-response')!.value).toBe(8);
  });
  it('conversion rate is moves forward over all stage changes, by week', () => {
    const c = createIndicatorCollector(model);
    c.add('wang', MON, { type: 'stage_change', to_stage: 'intent' });
    c.add('wang', MON + H, { type: 'stage_change', to_stage: 'proposal' });
    c.add('wang', MON + 2 * H, { type: 'stage_change', to_stage: 'lost' });
    c.add('wang', MON + 3 * H, { type: 'stage_change', to_stage: 'lost' });
    expect(c.finish().weekly.find((w) => w.indicator === 'rep-conversion-rate')!.value).toBe(0.5);
  });
  it('memoized filters give the same answers as evaluating them', () => {
    const filter = model.compileFilter({ and: [{ '==': [{ var: 'type' }, 'task_closed'] }, { in: [{ var: 'on_time' }, [true, 'true']] }] });
    const direct = bundle.engine.compile({ and: [{ '==': [{ var: 'type' }, 'task_closed'] }, { in: [{ var: 'on_time' }, [true, 'true']] }] });
    fc.assert(fc.property(fc.constantFrom('task_closed', 'touch', ''), fc.constantFrom(true, false, 'true', 'false', undefined, 1), (type, onTime) => {
      const r: Record<string, unknown> = { type, ...(onTime !== undefined ? { on_time: onTime } : {}) };
      expect(filter(r)).toBe(!!direct(r));
    }), { seed: 3 });
  });
  it('memoized filters tell null, undefined and their spellings apart, in any order of calls', () => {
    const logic = { or: [{ '==': [{ var: 'to_stage' }, 'null'] }, { '==': [{ var: 'to_stage' }, 'undefined'] }] };
    const direct = bundle.engine.compile(logic);
    fc.assert(fc.property(fc.array(fc.constantFrom(null, 'null', undefined, 'undefined', ''), { minLength: 1, maxLength: 8 }), (values) => {
      const filter = model.compileFilter(logic);
      for (const v of values) {
        const r: Record<string, unknown> = { type: 'touch', to_stage: v };
        expect(filter(r)).toBe(!!direct(r));
      }
    }), { seed: 5 });
  });
  it('from/to bound the days; activities outside are skipped', () => {
    const c = createIndicatorCollector(model, { from: '2026-03-03', to: '2026-03-03' });
    c.add('wang', MON, { type: 'touch' });
    c.add('wang', MON + D, { type: 'touch' });
    const r = c.finish();
    expect(r.daily.map((d) => d.date)).toEqual(['2026-03-03']);
  });
});

describe('anomalies against the trailing 14-working-day median', () => {
  it('a flat series raises nothing', () => {
    expect(touches(Array(40).fill(4)).finish().anomalies).toEqual([]);
  });
  it('a falling series: one alert when the value drops more than 50% below the baseline, not one a day', () => {
    const r = touches([...Array(20).fill(4), 1, 1, 1, 1]).finish();
    expect(r.anomalies).toEqual([{ personId: 'wang', indicator: 'rep-customer-touches', date: '2026-03-30', value: 1, baseline: 4, direction: 'down', through: '2026-04-02', days: 4 }]);
  });
  it('a rising series: one alert upwards', () => {
    const r = touches([...Array(20).fill(4), 9]).finish();
    expect(r.anomalies).toEqual([expect.objectContaining({ date: '2026-03-30', value: 9, baseline: 4, direction: 'up' })]);
  });
  it('exactly 50% away is no anomaly; just over is', () => {
    expect(touches([...Array(20).fill(4), 2]).finish().anomalies).toEqual([]);
    expect(touches([...Array(20).fill(4), 6]).finish().anomalies).toEqual([]);
    expect(touches([...Array(20).fill(4), 7]).finish().anomalies).toHaveLength(1);
  });
  it('a tiny baseline is no alarm: 1 → 0', () => {
    expect(touches([...Array(20).fill(1), 0, 0, 0]).finish().anomalies).toEqual([]);
  });
  it('no baseline before 14 working days of history', () => {
    expect(touches([...Array(13).fill(4), 0]).finish().anomalies).toEqual([]);
  });
  it('property: at most one open alert per person, indicator and direction at a time (runs never overlap)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 60 }), (series) => {
      const a = touches(series).finish().anomalies;
      for (let i = 1; i < a.length; i++) expect(a[i]!.date > a[i - 1]!.through).toBe(true);
      for (const x of a) expect(x.baseline).toBeGreaterThanOrEqual(2);
    }), { seed: 5, numRuns: 150 });
  });
});

describe('growth curve, health index, coaching and playbook', () => {
  const build = (wang: number[], li: number[], zhao: number[]) => {
    const c = createIndicatorCollector(model);
    for (const [p, s] of [['wang', wang], ['li', li], ['zhao', zhao]] as const) s.forEach((n, day) => { for (let k = 0; k < n; k++) c.add(p, workday(day) + k * 60_000, { type: 'touch' }); });
    return c.finish({ tree });
  };
  it('the weekly curve is the mean per working day, with the team median beside it', () => {
    const r = build(Array(10).fill(4), Array(10).fill(2), Array(10).fill(6));
    const w = r.weekly.filter((x) => x.personId === 'wang' && x.indicator === 'rep-customer-touches');
    expect(w.map((x) => [x.week, x.value, x.teamMedian])).toEqual([['2026-W10', 4, 3], ['2026-W11', 4, 3]]);
  });
  it('health is the weighted composite of the scored indicators; below the threshold coaching opens once per streak', () => {
    // only touches are present: score = 2 / 4 = 0.5 → index 50 < 60
    const r = build(Array(15).fill(2), Array(15).fill(4), Array(15).fill(4));
    expect(r.health.filter((h) => h.personId === 'wang').map((h) => h.index)).toEqual([50, 50, 50]);
    expect(r.coaching.filter((c) => c.personId === 'wang')).toEqual([expect.objectContaining({ since: '2026-W10', weeks: 3, open: true, level: 3 })]);
    expect(r.coaching.filter((c) => c.personId === 'li')).toEqual([]);
    expect(r.coaching[0]!.training!.dimension).toBe('rep-customer-touches');
  });
  it('the health points, made when first read, travel like written ones: JSON, spread, structuredClone (the worker), and can be replaced', () => {
    const r = build(Array(15).fill(2), Array(15).fill(4), Array(15).fill(4));
    const first = { personId: 'wang', week: '2026-W10', index: 50, scores: { 'rep-customer-touches': 0.5 } };
    expect(JSON.parse(JSON.stringify(r)).health[0]).toEqual(first);
    expect({ ...r }.health[0]).toEqual(first);
    expect(structuredClone(r).health).toEqual(r.health);
    expect(Object.keys(r)).toContain('health');
    r.health = r.health.filter((h) => h.personId === 'li');
    expect(r.health.map((h) => h.personId)).toEqual(['li', 'li', 'li']);
  });
  it('a team below the red line two weeks running gets three strategies, ordered by their rules, with reasons', () => {
    const r = build(Array(15).fill(1), Array(15).fill(2), Array(15).fill(4));
    const t1 = r.recommendations.filter((x) => x.teamId === 't1');
    expect(t1).toHaveLength(1);
    expect(t1[0]).toMatchObject({ week: '2026-W11', weeksBelow: 2 });
    expect(t1[0]!.strategies.map((s) => s.id)).toEqual(['coach-weakest', 'pair-selling', 'special-incentive']);
    expect(t1[0]!.strategies[0]!.reason.zh).toContain('每日客户接触');
    expect(r.recommendations.filter((x) => x.teamId === 't2')).toEqual([]);
  });
  it('recommend and weakestTraining are plain functions of the playbook', () => {
    const s = recommend(model, model.settings.list, { health: 58, weeksBelow: 3, size: 3, weakest: 'rep-quote-response', weakestScore: 0.9 });
    expect(s.map((x) => x.id)).toEqual(['daily-standup', 'coach-weakest', 'special-incentive']);
    expect(weakestTraining(model, { completion: 0.9, collection: 0.4, growth: 0.7 })!.name.en).toContain('Negotiation');
    expect(weakestTraining(model, { nothing: 0.1 })!.name.en).toBe('One-to-one coaching');
  });
});

describe('scope and transparency', () => {
  it('a rep sees only his own, a manager his subtree, HQ everything', () => {
    expect(canSee(tree, { unitId: 'wang' }, 'wang')).toBe(true);
    expect(canSee(tree, { unitId: 'wang' }, 'li')).toBe(false);
    expect(canSee(tree, { unitId: 't1' }, 'li')).toBe(true);
    expect(canSee(tree, { unitId: 't1' }, 'zhao')).toBe(false);
    expect(canSee(tree, { unitId: 'co' }, 'zhao')).toBe(true);
  });
  it('property: scoped results never hold another team\'s figures', () => {
    const people = ['wang', 'li', 'zhao'];
    fc.assert(fc.property(fc.array(fc.record({ p: fc.constantFrom(...people), day: fc.integer({ min: 0, max: 30 }), n: fc.integer({ min: 0, max: 6 }) }), { maxLength: 80 }), fc.constantFrom('wang', 'li', 'zhao', 't1', 't2', 'east', 'south', 'co'), (rows, viewer) => {
      const c = createIndicatorCollector(model);
      for (const r of rows) for (let k = 0; k < r.n; k++) c.add(r.p, workday(r.day) + k * 60_000, { type: 'touch' });
      const scoped = scopeIndicatorResults(c.finish({ tree }), tree, { unitId: viewer });
      const ids = [...scoped.daily, ...scoped.weekly, ...scoped.anomalies, ...scoped.health, ...scoped.coaching].map((x) => x.personId);
      for (const id of ids) expect(canSee(tree, { unitId: viewer }, id)).toBe(true);
      for (const t of [...scoped.teamHealth, ...scoped.recommendations]) expect(canSee(tree, { unitId: viewer }, t.teamId) && tree.get(viewer)!.level !== 'rep').toBe(true);
    }), { seed: 11, numRuns: 100 });
  });
  it('each role lists what is collected; three roles with 3-5 indicators each', () => {
    for (const role of ['rep', 'customer-success', 'project-manager']) {
      const list = collectedAbout(model, role);
      expect(list.length).toBeGreaterThanOrEqual(3);
      expect(list.length).toBeLessThanOrEqual(5);
      for (const x of list) expect(x.collects?.zh).toBeTruthy();
    }
    expect(collectedAbout(model, 'rep').map((x) => x.id)).toEqual(expect.arrayContaining(['rep-customer-touches', 'rep-conversion-rate', 'rep-quote-response']));
  });
  it('the checker refuses bad indicators with pointers', () => {
    const good = bundle.parameters.indicators as { list: unknown[] };
    expect(checkIndicatorParameters(good, 'f', '/parameters/indicators')).toEqual([]);
    const bad = { ...good, list: [{ ...(good.list[0] as object), period: 'month', thresholds: { target: 4, red: 6 } }] };
    expect(checkIndicatorParameters(bad, 'f', '/parameters/indicators').map((p) => p.pointer)).toEqual(['/parameters/indicators/list/0/period', '/parameters/indicators/list/0/thresholds/red']);
  });
});
