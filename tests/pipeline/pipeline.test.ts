import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyzePipeline,
  buildOrgTree,
  checkMove,
  checkPipelineParameters,
  createPipelineModel,
  loadBundle,
  parseInstant,
  rollUpPipeline,
  type Activity,
  type Opportunity,
  type PipelineModel,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const built = createPipelineModel(bundle);
if (!built.ok) throw new Error(JSON.stringify(built.problems));
const model: PipelineModel = built.model;

const T0 = parseInstant('2026-03-02T09:00:00+08:00')!;
const H = 3_600_000;
const MIN = 60_000;
const opp = (id: string, owner = 'rep-a', createdAt = T0, amount = 100_000): Opportunity => ({ id, ownerId: owner, amount, createdAt, stage: 'lead' });
let seq = 0;
const act = (o: string, type: string, at: number, extra: Partial<Activity> = {}, owner = 'rep-a'): Activity => ({ id: `a${++seq}`, opportunityId: o, ownerId: owner, type, at, ...extra });
const move = (o: string, to: string, at: number, reason?: string, owner = 'rep-a') => act(o, 'stage_change', at, { toStage: to, ...(reason ? { reason } : {}) }, owner);

describe('time parsing', () => {
  it('reads ISO times with an offset and refuses bare days and bad dates', () => {
    expect(parseInstant('2026-03-02T09:00:00+08:00')).toBe(Date.parse('2026-03-02T01:00:00Z'));
    expect(parseInstant('2026-03-02T01:00Z')).toBe(Date.parse('2026-03-02T01:00:00Z'));
    expect(parseInstant('2026-03-02')).toBeNull();
    expect(parseInstant('2026-02-30T09:00:00+08:00')).toBeNull();
    expect(parseInstant('2026-03-02T09:00:00')).toBeNull();
  });
});

describe('stage criteria', () => {
  it('intent needs a demo and a signed needs form; the failing criterion is named in zh and en', () => {
    const refused = checkMove(model, { from: 'lead', to: 'intent', counts: { demo: 1 } });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ kind: 'entry', stage: 'intent', criterion: 'pipeline-intent-entry' });
    expect(refused[0]!.message.zh).toContain('需求表');
    expect(refused[0]!.message.en).toContain('needs form');
    expect(checkMove(model, { from: 'lead', to: 'intent', counts: { needs_form: 1 } })[0]!.criterion).toBe('pipeline-intent-entry');
    expect(checkMove(model, { from: 'lead', to: 'intent', counts: { demo: 1, needs_form: 1 } })).toEqual([]);
  });
  it('proposal exit needs a proposal, negotiation entry a quote; skipping stages checks every stage on the way', () => {
    expect(checkMove(model, { from: 'proposal', to: 'negotiation', counts: { quote: 1 } }).map((f) => f.criterion)).toEqual(['pipeline-proposal-exit']);
    expect(checkMove(model, { from: 'proposal', to: 'negotiation', counts: { proposal: 1 } }).map((f) => f.criterion)).toEqual(['pipeline-negotiation-entry']);
    expect(checkMove(model, { from: 'proposal', to: 'negotiation', counts: { proposal: 1, quote: 1 } })).toEqual([]);
    expect(checkMove(model, { from: 'lead', to: 'negotiation', counts: {} }).map((f) => f.criterion)).toEqual(['pipeline-intent-entry', 'pipeline-negotiation-entry']);
  });
  it('won needs an amount; lost needs a known reason; closed stages do not move; moving back needs nothing', () => {
    expect(checkMove(model, { from: 'negotiation', to: 'won', counts: {}, amount: 0 })[0]!.criterion).toBe('pipeline-won-entry');
    expect(checkMove(model, { from: 'negotiation', to: 'won', counts: {}, amount: 1 })).toEqual([]);
    expect(checkMove(model, { from: 'intent', to: 'lost', counts: {} })[0]!.kind).toBe('lost-reason');
    expect(checkMove(model, { from: 'intent', to: 'lost', counts: {}, reason: 'bogus' })[0]!.kind).toBe('lost-reason');
    expect(checkMove(model, { from: 'intent', to: 'lost', counts: {}, reason: 'price' })).toEqual([]);
    expect(checkMove(model, { from: 'won', to: 'negotiation', counts: {} })[0]!.kind).toBe('closed');
    expect(checkMove(model, { from: 'lost', to: 'lead', counts: {} })[0]!.kind).toBe('closed');
    expect(checkMove(model, { from: 'negotiation', to: 'intent', counts: {} })).toEqual([]);
  });
  it('imported history is taken as it is and every move that broke a criterion is a violation', () => {
    const acts = [
      act('o1', 'demo', T0 + H),
      move('o1', 'intent', T0 + 2 * H), // no needs form yet
      act('o1', 'needs_form', T0 + 3 * H),
      move('o1', 'proposal', T0 + 4 * H),
      move('o1', 'lost', T0 + 5 * H), // no reason
    ];
    const r = analyzePipeline(model, { opportunities: [opp('o1')], activities: acts, now: T0 + 10 * H });
    expect(r.violations.map((v) => [v.stage, v.criterion, v.from, v.to])).toEqual([
      ['intent', 'pipeline-intent-entry', 'lead', 'intent'],
      ['lost', 'lost-reason', 'proposal', 'lost'],
    ]);
    expect(r.opportunities[0]).toMatchObject({ stage: 'lost', reached: 'proposal' });
  });
  it('an activity at the very instant of a move counts before it; activities may come in any order', () => {
    const acts = [move('o1', 'intent', T0 + 2 * H), act('o1', 'needs_form', T0 + 2 * H), act('o1', 'demo', T0 + H)];
    const r = analyzePipeline(model, { opportunities: [opp('o1')], activities: acts, now: T0 + 10 * H });
    expect(r.violations).toEqual([]);
  });
});

describe('time-outs at and around their boundaries', () => {
  const feedbackAt = (offset: number, now = T0 + 100 * H) => {
    const acts = [act('o1', 'first_visit', T0), act('o1', 'feedback', T0 + offset), act('o1', 'touch', T0 + H)];
    return analyzePipeline(model, { opportunities: [opp('o1')], activities: acts, now });
  };
  it('feedback-48h: 47 h 59 min and 48 h are on time, 48 h 1 min is late', () => {
    for (const [offset, onTime] of [[47 * H + 59 * MIN, true], [48 * H, true], [48 * H + MIN, false]] as const) {
      const r = feedbackAt(offset);
      const t = r.timeliness.find((x) => x.id === 'rep-a')!;
      // second-touch-7d is met on time by the touch
      expect(t.onTime).toBe(onTime ? 2 : 1);
      expect(t.late).toBe(onTime ? 0 : 1);
      const alert = r.alerts.find((a) => a.rule === 'feedback-48h');
      expect(alert === undefined).toBe(onTime);
      if (alert) expect(alert).toMatchObject({ open: false, due: '2026-03-04T09:00:00+08:00', clearedAt: '2026-03-04T09:01:00+08:00' });
      expect(r.overdue).toEqual([]);
    }
  });
  it('an unmet obligation is overdue only once now is past its due time; met later it clears', () => {
    const base = [act('o1', 'first_visit', T0), act('o1', 'touch', T0 + H)];
    const at = (now: number) => analyzePipeline(model, { opportunities: [opp('o1')], activities: base, now });
    expect(at(T0 + 47 * H + 59 * MIN).overdue).toEqual([]);
    expect(at(T0 + 48 * H).overdue).toEqual([]);
    const late = at(T0 + 48 * H + MIN);
    expect(late.overdue).toEqual([expect.objectContaining({ opportunityId: 'o1', rule: 'feedback-48h', due: '2026-03-04T09:00:00+08:00', open: true })]);
    expect(late.timeliness[0]).toMatchObject({ onTime: 1, late: 1, rate: 0.5 });
    // not yet due obligations are not counted in timeliness
    expect(at(T0 + 2 * H).timeliness[0]).toMatchObject({ onTime: 1, late: 0 });
    // one alert per obligation, however long it stays overdue
    expect(at(T0 + 30 * 24 * H).alerts.filter((a) => a.rule === 'feedback-48h')).toHaveLength(1);
    // feedback after the due time clears the alert; the obligation still counts as late
    const cleared = analyzePipeline(model, { opportunities: [opp('o1')], activities: [...base, act('o1', 'feedback', T0 + 60 * H)], now: T0 + 70 * H });
    expect(cleared.overdue).toEqual([]);
    expect(cleared.alerts.find((a) => a.rule === 'feedback-48h')).toMatchObject({ open: false, clearedAt: '2026-03-04T21:00:00+08:00' });
    expect(cleared.timeliness[0]).toMatchObject({ onTime: 1, late: 1 });
  });
  it('second-touch-7d: the second touch (the first visit is the first) within 168 h, inclusive', () => {
    for (const [offset, late] of [[7 * 24 * H - MIN, false], [7 * 24 * H, false], [7 * 24 * H + MIN, true]] as const) {
      const acts = [act('o1', 'first_visit', T0), act('o1', 'feedback', T0 + H), act('o1', 'touch', T0 + offset)];
      const r = analyzePipeline(model, { opportunities: [opp('o1')], activities: acts, now: T0 + 400 * H });
      expect(r.alerts.some((a) => a.rule === 'second-touch-7d')).toBe(late);
    }
    const open = analyzePipeline(model, { opportunities: [opp('o1')], activities: [act('o1', 'first_visit', T0), act('o1', 'feedback', T0 + H)], now: T0 + 7 * 24 * H + MIN });
    expect(open.overdue.map((a) => a.rule)).toEqual(['second-touch-7d']);
    // feedback is not a touch (touch types are JSON)
    expect(open.overdue).toHaveLength(1);
  });
  it('stalled-in-stage uses the current stage limit (negotiation: 14 days) and is not a follow-up obligation', () => {
    const acts = [act('o1', 'demo', T0), act('o1', 'needs_form', T0), act('o1', 'proposal', T0), act('o1', 'quote', T0), move('o1', 'negotiation', T0 + H)];
    const run = (now: number) => analyzePipeline(model, { opportunities: [opp('o1')], activities: acts, now });
    expect(run(T0 + H + 14 * 24 * H).overdue).toEqual([]);
    const stalled = run(T0 + H + 14 * 24 * H + MIN);
    expect(stalled.overdue).toEqual([expect.objectContaining({ rule: 'stalled-in-stage', stage: 'negotiation' })]);
    expect(stalled.timeliness).toEqual([]);
    // a closed opportunity never stalls
    expect(analyzePipeline(model, { opportunities: [opp('o1')], activities: [...acts, move('o1', 'won', T0 + 2 * H)], now: T0 + 100 * 24 * H }).overdue).toEqual([]);
  });
  it('activities after now are ignored', () => {
    const r = analyzePipeline(model, { opportunities: [opp('o1')], activities: [act('o1', 'first_visit', T0 + 10 * H)], now: T0 });
    expect(r.alerts).toEqual([]);
  });
});

describe('funnel', () => {
  // hand-checked history: 5 opportunities
  //   o1 lead → intent → proposal → negotiation → won
  //   o2 lead → intent → proposal → lost
  //   o3 lead → intent
  //   o4 lead → lost
  //   o5 lead, skips straight to proposal (imported)
  const D = 24 * H;
  const full = (o: string, owner: string) => [act(o, 'demo', T0, {}, owner), act(o, 'needs_form', T0, {}, owner), act(o, 'proposal', T0, {}, owner), act(o, 'quote', T0, {}, owner)];
  const acts = [
    ...full('o1', 'rep-a'), move('o1', 'intent', T0 + 2 * D), move('o1', 'proposal', T0 + 5 * D), move('o1', 'negotiation', T0 + 9 * D), move('o1', 'won', T0 + 10 * D),
    ...full('o2', 'rep-a'), move('o2', 'intent', T0 + 4 * D, undefined, 'rep-a'), move('o2', 'proposal', T0 + 6 * D), move('o2', 'lost', T0 + 7 * D, 'price'),
    ...full('o3', 'rep-b'), move('o3', 'intent', T0 + 1 * D, undefined, 'rep-b'),
    move('o4', 'lost', T0 + D, 'no-budget', 'rep-b'),
    ...full('o5', 'rep-b'), move('o5', 'proposal', T0 + 3 * D, undefined, 'rep-b'),
  ];
  const opps = [opp('o1'), opp('o2'), opp('o3', 'rep-b'), opp('o4', 'rep-b'), opp('o5', 'rep-b')];
  const r = analyzePipeline(model, { opportunities: opps, activities: acts, now: T0 + 20 * D });
  it('counts reached and converted per stage, company and per owner', () => {
    expect(r.funnel).toEqual([
      { stage: 'lead', reached: 5, converted: 4, rate: 0.8 },
      { stage: 'intent', reached: 4, converted: 3, rate: 0.75 },
      { stage: 'proposal', reached: 3, converted: 1, rate: 1 / 3 },
      { stage: 'negotiation', reached: 1, converted: 1, rate: 1 },
      { stage: 'won', reached: 1, converted: null, rate: null },
    ]);
    expect(r.funnelByOwner.get('rep-b')!.map((f) => f.reached)).toEqual([3, 2, 1, 0, 0]);
    // made when first read: structuredClone (the playground's worker) and spreads carry it
    expect(structuredClone(r).funnelByOwner.get('rep-b')).toEqual(r.funnelByOwner.get('rep-b'));
    expect({ ...r }.funnelByOwner).toBe(r.funnelByOwner);
    expect(r.violations).toEqual([]);
  });
  it('median days in each stage over completed stays, and the win cycle', () => {
    // lead stays: o1 2, o2 4, o3 1, o4 1, o5 3 → 2; intent: o1 3, o2 2 → 2.5; proposal: o1 4, o2 1 → 2.5; negotiation: o1 1
    expect(r.daysInStage.map((d) => d.medianDays)).toEqual([2, 2.5, 2.5, 1, null]);
    expect(r.winCycle).toEqual({ medianDays: 10, won: 1 });
  });
  it('rolls up the org tree: team and company sum their reps', () => {
    const t = buildOrgTree([
      { id: 'co', parentId: null, name: 'co' }, { id: 'r1', parentId: 'co', name: 'r1' }, { id: 't1', parentId: 'r1', name: 't1' }, { id: 't2', parentId: 'r1', name: 't2' },
      { id: 'rep-a', parentId: 't1', name: 'a' }, { id: 'rep-b', parentId: 't2', name: 'b' },
    ]);
    if (!t.ok) throw new Error('tree');
    const up = rollUpPipeline(r, t.tree);
    expect(up.funnel.get('co')!.map((f) => f.reached)).toEqual([5, 4, 3, 1, 1]);
    expect(up.funnel.get('t2')!.map((f) => f.reached)).toEqual([3, 2, 1, 0, 0]);
  });
});

describe('properties', () => {
  const stages = ['lead', 'intent', 'proposal', 'negotiation', 'won', 'lost'];
  const types = ['first_visit', 'feedback', 'touch', 'demo', 'needs_form', 'quote', 'proposal'];
  const history = fc.array(fc.record({
    opp: fc.integer({ min: 0, max: 9 }),
    kind: fc.constantFrom('move', 'act'),
    to: fc.constantFrom(...stages),
    type: fc.constantFrom(...types),
    hours: fc.integer({ min: 0, max: 24 * 40 }),
  }), { maxLength: 120 });
  const build = (h: Array<{ opp: number; kind: string; to: string; type: string; hours: number }>) => {
    const opportunities = Array.from({ length: 10 }, (_, i) => opp(`o${i}`, i % 2 ? 'rep-a' : 'rep-b'));
    const activities = h.map((x) => x.kind === 'move' ? move(`o${x.opp}`, x.to, T0 + x.hours * H, 'price', x.opp % 2 ? 'rep-a' : 'rep-b') : act(`o${x.opp}`, x.type, T0 + x.hours * H, {}, x.opp % 2 ? 'rep-a' : 'rep-b'));
    return { opportunities, activities };
  };
  it('funnel counts never increase down the stages', () => {
    fc.assert(fc.property(history, fc.integer({ min: 0, max: 24 * 60 }), (h, nowH) => {
      const r = analyzePipeline(model, { ...build(h), now: T0 + nowH * H });
      for (const f of [r.funnel, ...r.funnelByOwner.values()]) {
        for (let i = 1; i < f.length; i++) expect(f[i]!.reached).toBeLessThanOrEqual(f[i - 1]!.reached);
        for (const row of f) if (row.rate !== null) expect(row.rate).toBeLessThanOrEqual(1);
      }
    }), { seed: 8, numRuns: 200 });
  });
  it('alerts are deduplicated: at most one per opportunity and rule; the order of activities does not matter', () => {
    fc.assert(fc.property(history, fc.integer({ min: 0, max: 24 * 60 }), (h, nowH) => {
      const input = build(h);
      const r = analyzePipeline(model, { ...input, now: T0 + nowH * H });
      const keys = r.alerts.map((a) => `${a.opportunityId}/${a.rule}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const a of r.overdue) expect(a.open).toBe(true);
      const reversed = analyzePipeline(model, { opportunities: input.opportunities, activities: [...input.activities].reverse().sort((a, b) => (a.type === 'stage_change' && b.type === 'stage_change' ? a.at - b.at : 0)), now: T0 + nowH * H });
      expect(reversed.alerts).toEqual(r.alerts);
      expect(reversed.funnel).toEqual(r.funnel);
    }), { seed: 9, numRuns: 200 });
  });
});

describe('parameters', () => {
  it('the checker refuses a malformed pipeline group with pointers', () => {
    expect(checkPipelineParameters({ stages: [{ id: 'a', name: { zh: 'a', en: 'a' } }] }, 'p.json', '/parameters/pipeline').map((p) => p.pointer)).toContain('/parameters/pipeline/stages');
    const good = bundle.parameters.pipeline as Record<string, unknown>;
    expect(checkPipelineParameters(good, 'p.json', '/parameters/pipeline')).toEqual([]);
    const renamed = { ...good, stages: [...(good.stages as object[]).slice(0, 2), { id: 'poc', name: { zh: '试点', en: 'POC' }, entry: [], exit: [] }, ...(good.stages as object[]).slice(2)] };
    expect(checkPipelineParameters(renamed, 'p.json', '/parameters/pipeline')).toEqual([]);
    const m = createPipelineModel({ parameters: { ...bundle.parameters, pipeline: renamed }, rules: bundle.rules });
    expect(m.ok && m.model.settings.stages.map((s) => s.id)).toEqual(['lead', 'intent', 'poc', 'proposal', 'negotiation', 'won']);
    const badRule = createPipelineModel({ parameters: { ...bundle.parameters, pipeline: { ...good, timeoutRule: 'nope' } }, rules: bundle.rules });
    expect(badRule.ok).toBe(false);
  });
});
