/**
 * Issue 20, item 6 (tracking): the runtime's tracking use case refuses targets that are not
 * amounts, whatever host built them: a negative Base used to make every actual "on target".
 */
import { describe, expect, it } from 'vitest';
import { buildOrgTree, loadBundle, MAX_FEN, parseCalendar, parsePeriod, trackCompany } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const bundle = loaded.bundle;
const cal = parseCalendar(bundle.datasets.get('calendar-cn-2026')!.content);
if (!cal.ok) throw new Error('calendar');
const calendar = cal.calendar;
const built = buildOrgTree([{ id: 'co', parentId: null, name: '公司' }, { id: 'r1', parentId: 'co', name: '王磊', level: 'rep' }]);
if (!built.ok) throw new Error('tree');
const tree = built.tree;

function track(base: number, stretch: number) {
  return trackCompany(bundle, {
    tree, targets: new Map([['co', { base: 100_000, stretch: 120_000 }], ['r1', { base, stretch }]]),
    rows: [], file: 'actuals.csv', period: parsePeriod('2026-Q2')!, asOf: '2026-05-08', calendar,
  });
}

describe('trackCompany takes amounts only', () => {
  it.each([[-80_000, 120_000, 'base'], [100_000, MAX_FEN + 1, 'stretch'], [100_000.5, 120_000, 'base']])('refuses Base %d / Stretch %d fen', (base, stretch, key) => {
    const r = track(base, stretch);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TRACK_BAD_TARGET', pointer: `/r1/${key}` })]);
  });

  it('tracks the largest amount', () => {
    expect(track(MAX_FEN, MAX_FEN).ok).toBe(true);
  });
});
