/**
 * The playground's work off the page (issue 21 item 4, issue 19 items 5 and 11): the worker's
 * tasks call the same use cases the screens called on the page, their results survive the trip
 * to the page (structured cloning) unchanged, they report their stages in order, and the board's
 * points are the bundle's points-for-event over the pipeline's activities, checked here against
 * the points parameters counted straight from the activities file.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, parseCsv, shanghaiDay, simulatePlans } from '../../plugin/index.js';
import { boardProgress, boardTracker } from '../../playground/src/board/boardModel.js';
import { companyModel } from '../../playground/src/company/companyModel.js';
import { simulatedTotals } from '../../playground/src/shared/reviewRuntime.js';
import { TASKS } from '../../playground/src/shared/worker/tasks.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('default bundle');
const bundle = loaded.bundle;
const built = companyModel(bundle);
if (!built.ok) throw new Error('sample company');
const model = built.model;

describe('worker tasks', () => {
  it('simulate: the page\'s simulatePlans, stage by stage, unchanged by the trip to the page', () => {
    const stages: string[] = [];
    const totals = simulatedTotals(model, { base: 15_000_000_000, stretch: null, planId: 'aggressive', locks: {} });
    const locks = { HD01: 900_000_000, HD02: 20_000_000_000 };
    const result = TASKS.simulate.run(bundle, { totals, locks }, (s) => stages.push(s));
    expect(stages).toEqual([...TASKS.simulate.stages]);
    expect(result).toEqual(simulatePlans(model.prepared, totals, locks));
    expect(structuredClone(result)).toEqual(result);
    if (!result.ok) throw new Error('simulate');
    expect(Object.keys(result.refused)).toEqual(['HD02']);
  });

  it('board: the page\'s board model, then the role card on the same progress, with points from the ledger', () => {
    const stages: string[] = [];
    const edits = { 'HD01-01': 123_456_00 };
    const regions = model.tree.children(model.tree.root.id).map((u) => u.id);
    const figures = TASKS.board.run(bundle, { edits, review: null, home: model.tree.root.id, unitIds: regions, logged: [] }, (s) => stages.push(s));
    expect(stages).toEqual([...TASKS.board.stages]);
    if (!figures) throw new Error('board');
    const tracker = boardTracker(bundle);
    if (!tracker.ok) throw new Error('tracker');
    expect(figures.progress).toEqual(boardProgress(bundle, tracker.tracker, model, edits).progress);
    expect(structuredClone(figures)).toEqual(figures);

    // the points counted straight from the activities file with the bundle's parameters
    const events = (bundle.parameters.points as { events: Record<string, number> }).events;
    const csv = parseCsv(bundle.datasets.get('sample-pipeline-activities')!.content as string);
    if (!csv.ok) throw new Error('activities');
    const byPerson = new Map<string, number>();
    let posted = 0;
    for (const { record: r } of csv.records) {
      const points = r.type === 'stage_change' ? (r.to_stage === 'won' ? events.dealSigned : 0) : r.type === 'demo' ? events.demoHeld
        : r.type === 'first_visit' ? events.newCustomer : r.type === 'touch' ? events.customerRevisit : 0;
      if (!points || shanghaiDay(r.at!)! > model.asOf) continue;
      posted++;
      byPerson.set(r.owner_id!, (byPerson.get(r.owner_id!) ?? 0) + points!);
    }
    const role = TASKS.roleWork.run(bundle, { edits, review: null, home: model.tree.root.id, unitIds: regions, logged: [] }, (s) => stages.push(s));
    // the role card's task stands on the board's progress, not tracked again
    expect(stages.slice(TASKS.board.stages.length)).toEqual(['alerts', 'forecast', 'points']);
    expect(structuredClone(role)).toEqual(role);
    const points = role!.points!;
    expect(points.posted).toBe(posted);
    expect(points.month).toBe(model.asOf.slice(0, 7));
    for (const region of regions) {
      const expected = model.tree.subtree(region).reduce((s, u) => s + (byPerson.get(u.id) ?? 0), 0);
      expect(points.units.find((u) => u.unitId === region)!.balance).toBe(expected);
    }
    expect(points.units.reduce((s, u) => s + u.balance, 0)).toBeGreaterThan(0);
    expect(points.top.length).toBeGreaterThanOrEqual(3);
    expect(points.top.map((t) => t.place)).toEqual([...points.top.map((t) => t.place)].sort((a, b) => a - b));
  }, 60_000);

  it('importPlan: the import\'s apply step off the page, merged by the key or replaced, the build loaded with the new file', () => {
    const stages: string[] = [];
    const actuals = parseCsv(bundle.datasets.get('sample-actuals')!.content as string);
    if (!actuals.ok) throw new Error('actuals');
    const n = actuals.records.length;
    const first = actuals.records[0]!.record;
    // one row of the file changed, one new (the sample's actuals run to 2026-05-15)
    const rows = [{ record: { id: first.id!, date: first.date!, amount: '1.00' } }, { record: { id: 'HD01-01', date: '2026-05-16', amount: '2.00' } }];
    const input = { kind: 'actuals' as const, mode: 'merge' as const, columns: ['id', 'date', 'amount'], rows };
    const merged = TASKS.importPlan.run(bundle, input, (s) => stages.push(s));
    expect(stages).toEqual([...TASKS.importPlan.stages]);
    if (!merged.ok) throw new Error('merge refused');
    expect(structuredClone(merged)).toEqual(merged);
    expect([merged.path, merged.existing, merged.merged?.added, merged.merged?.updated]).toEqual([bundle.datasets.get('sample-actuals')!.def.file, n, 1, 1]);
    const back = parseCsv(merged.text);
    expect(back.ok && [back.records.length, back.records[0]!.record.amount]).toEqual([n + 1, '1.00']);
    const replaced = TASKS.importPlan.run(bundle, { ...input, mode: 'replace' }, () => undefined);
    expect(replaced.ok && [replaced.existing, replaced.merged, replaced.text]).toEqual([n, null, `id,date,amount\n${first.id},${first.date},1.00\nHD01-01,2026-05-16,2.00\n`]);
  });
});
