/**
 * Points from activities (board points as a runtime use case): the bundle's points.fromActivities
 * says which pipeline activity is which event, first match wins; the ledger prices it with
 * points-for-event; nothing after the as-of day counts; a unit's figures sum its subtree. A line
 * naming an event points.events lacks refuses the bundle at its pointer, and a bundle without the
 * list posts nothing from activities.
 */
import { describe, expect, it } from 'vitest';
import { activityPoints, buildOrgTree, loadBundle, type ActivityRecord, type LoadedBundle } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

type PointsParams = { parameters: { points: Record<string, unknown> } };

function bundleWith(change: (points: Record<string, unknown>) => void): ReturnType<typeof loadBundle> {
  const files = clone(defaultBundleFiles());
  change((files['parameters/points.json'] as PointsParams).parameters.points);
  return loadBundle(files);
}
function loaded(change: (points: Record<string, unknown>) => void = () => {}): LoadedBundle {
  const r = bundleWith(change);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.bundle;
}

const built = buildOrgTree([
  { id: 'co', parentId: null, name: '公司' }, { id: 'east', parentId: 'co', name: '华东' },
  { id: 'east-1', parentId: 'east', name: '华东一组' }, { id: 'wang', parentId: 'east-1', name: '王磊' }, { id: 'li', parentId: 'east-1', name: '李娜' },
  { id: 'south', parentId: 'co', name: '华南' }, { id: 'south-1', parentId: 'south', name: '华南一组' }, { id: 'zhao', parentId: 'south-1', name: '赵敏' },
]);
if (!built.ok) throw new Error('tree');
const tree = built.tree;

const act = (id: string, owner: string, type: string, at: string, toStage = ''): ActivityRecord => ({ id, opportunity_id: 'OP1', owner_id: owner, type, at: `${at}T10:00:00+08:00`, to_stage: toStage });
const activities: ActivityRecord[] = [
  act('a1', 'wang', 'stage_change', '2026-04-03', 'won'), // dealSigned 50
  act('a2', 'wang', 'stage_change', '2026-04-04', 'proposal'), // no line matches: nothing
  act('a3', 'li', 'demo', '2026-04-05'), // demoHeld 15
  act('a4', 'li', 'touch', '2026-03-20'), // customerRevisit 10, last month
  act('a5', 'zhao', 'first_visit', '2026-04-10'), // newCustomer 20
  act('a6', 'zhao', 'touch', '2026-04-16'), // after the as-of day: not yet
  act('a3', 'li', 'demo', '2026-04-05'), // the same activity again: counted once
];
const asOf = '2026-04-15';

describe('activityPoints', () => {
  it('maps activities by the bundle\'s list, cuts at the as-of day and sums each subtree', () => {
    const r = activityPoints(loaded(), { activities, tree, asOf, unitIds: ['co', 'east', 'east-1', 'wang', 'south'] });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const p = r.points;
    expect(p.mapped).toBe(true);
    expect(p.month).toBe('2026-04');
    expect(p.posted).toBe(4);
    expect(p.units).toEqual([
      { unitId: 'co', unit: '公司', people: 3, balance: 95, monthPoints: 85 },
      { unitId: 'east', unit: '华东', people: 2, balance: 75, monthPoints: 65 },
      { unitId: 'east-1', unit: '华东一组', people: 2, balance: 75, monthPoints: 65 },
      { unitId: 'wang', unit: '王磊', people: 1, balance: 50, monthPoints: 50 },
      { unitId: 'south', unit: '华南', people: 1, balance: 20, monthPoints: 20 },
    ]);
    expect(p.top).toEqual([
      { person: 'wang', name: '王磊', points: 50, place: 1 },
      { person: 'zhao', name: '赵敏', points: 20, place: 2 },
      { person: 'li', name: '李娜', points: 15, place: 3 },
    ]);
  });

  it('the first matching line wins, and a changed list changes the figures', () => {
    // a won stage change listed after a line for any stage change: the earlier line wins
    const b = loaded((pts) => {
      pts.fromActivities = [{ activity: 'stage_change', event: 'customerRevisit' }, { activity: 'stage_change', toStage: 'won', event: 'dealSigned' }];
    });
    const r = activityPoints(b, { activities, tree, asOf, unitIds: ['wang', 'li'] });
    if (!r.ok) throw new Error('points');
    // a1 and a2 are revisits (10 each); li's demo and touch are no longer on the list
    expect(r.points.units.map((u) => [u.unitId, u.balance])).toEqual([['wang', 20], ['li', 0]]);
    expect(r.points.posted).toBe(2);
  });

  it('a bundle without fromActivities posts nothing from activities, and says so', () => {
    const r = activityPoints(loaded((pts) => { delete pts.fromActivities; }), { activities, tree, asOf, unitIds: ['co'] });
    if (!r.ok) throw new Error('points');
    expect(r.points).toMatchObject({ mapped: false, posted: 0, top: [], units: [{ unitId: 'co', people: 0, balance: 0, monthPoints: 0 }] });
  });

  it('a line naming an event points.events lacks is refused at its pointer, in zh and en', () => {
    const r = bundleWith((pts) => { (pts.fromActivities as Array<Record<string, unknown>>)[1]!.event = 'demo-held'; });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const p = r.problems.find((x) => x.pointer === '/parameters/points/fromActivities/1/event');
    expect(p).toMatchObject({ code: 'PARAM_INVALID', file: 'parameters/points.json' });
    expect(p!.message.en).toBe('event demo-held is not in points.events (there: dealSigned, customerRevisit, newCustomer, demoHeld)');
    expect(p!.message.zh).toContain('demo-held');
    // a line without its activity is refused by the schema, at its place
    const s = bundleWith((pts) => { delete (pts.fromActivities as Array<Record<string, unknown>>)[0]!.activity; });
    expect(!s.ok && s.problems.some((x) => x.pointer.startsWith('/parameters/points/fromActivities/0'))).toBe(true);
  });
});
