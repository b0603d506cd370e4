import { describe, expect, it } from 'vitest';
import { createPipelineModel, loadBundle, parseCsv, parseInstant, proposeMove, readOpportunities, readPipelineActivities, type Activity, type Opportunity } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const built = createPipelineModel(loaded.bundle);
if (!built.ok) throw new Error(JSON.stringify(built.problems));
const model = built.model;
const T0 = parseInstant('2026-03-02T09:00:00+08:00')!;
const H = 3_600_000;
const opp: Opportunity = { id: 'O1', ownerId: 'HD01-01', amount: 100_000, createdAt: T0, stage: 'lead' };
const act = (type: string, at: number, extra: Partial<Activity> = {}): Activity => ({ id: `${type}${at}`, opportunityId: 'O1', ownerId: 'HD01-01', type, at, ...extra });

describe('proposeMove: a move checked by the bundle\'s stage rules', () => {
  it('refuses a lead straight to won with the criteria\'s words, and lost without a known reason', () => {
    const r = proposeMove(model, { opportunity: opp, activities: [act('first_visit', T0 + H)], to: 'won', at: T0 + 2 * H, id: 'M1' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.from).toBe('lead');
    expect(r.failed.map((f) => f.criterion)).toContain('pipeline-intent-entry');
    expect(r.failed[0]!.message.zh).toMatch(/条件未满足/);
    expect(proposeMove(model, { opportunity: opp, activities: [], to: 'lost', at: T0 + H, id: 'M2' }).ok).toBe(false);
    expect(proposeMove(model, { opportunity: opp, activities: [], to: 'nowhere', at: T0 + H, id: 'M3' }).ok).toBe(false);
    expect(proposeMove(model, { opportunity: opp, activities: [], to: 'lead', at: T0 + H, id: 'M4' }).ok).toBe(false);
  });

  it('allows lost with a reason and gives the stage_change activity to record; the stage now comes from recorded moves', () => {
    const r = proposeMove(model, { opportunity: opp, activities: [], to: 'lost', reason: 'price', at: T0 + H, id: 'M5' });
    expect(r).toEqual({ ok: true, from: 'lead', activity: { id: 'M5', opportunityId: 'O1', ownerId: 'HD01-01', type: 'stage_change', at: T0 + H, toStage: 'lost', reason: 'price' } });
    // once lost is recorded, the opportunity is closed
    const again = proposeMove(model, { opportunity: opp, activities: [r.ok ? r.activity : act('touch', T0)], to: 'intent', at: T0 + 2 * H, id: 'M6' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.from).toBe('lost');
  });

  it('reads the sample\'s tables as the CLI does: every opportunity and activity, a bad cell by row and column', () => {
    const file = (id: string) => { const d = loaded.bundle.datasets.get(id)!; const p = parseCsv(d.content as string, d.def.file); if (!p.ok) throw new Error('csv'); return { file: d.def.file, columns: p.columns, records: p.records }; };
    const opps = readOpportunities(model, file('sample-pipeline-opportunities'));
    expect(opps.ok).toBe(true);
    if (!opps.ok) return;
    const acts = readPipelineActivities(model, file('sample-pipeline-activities'), new Set(opps.opportunities.map((o) => o.id)));
    expect(acts.ok && acts.activities.length).toBeGreaterThan(1000);
    const table = file('sample-pipeline-opportunities');
    const bad = readOpportunities(model, { ...table, records: [{ line: 2, record: { ...table.records[0]!.record, amount: '-5' } }] });
    expect(bad.ok ? [] : bad.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'amount', 'TABLE_NOT_AMOUNT']]);
  });
});
