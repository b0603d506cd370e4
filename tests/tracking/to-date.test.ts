/**
 * The tracker's to-date basis (issue 19 item 5): a light mid-period compares the actual with the
 * part of the target due by asOf, the same share the pace reads; the period basis is unchanged;
 * nothing due is grey; `trackToDate` ends on the tracker's own row at asOf.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTracker, parsePeriod, trackToDate, type Day, type Fen, type TrackTarget } from '../../plugin/index.js';
import { calendar2026, defaultBundle, smallOrg } from './support.js';

const bundle = defaultBundle();
const made = createTracker(bundle);
if (!made.ok) throw new Error('tracker');
const tracker = made.tracker;
const tree = smallOrg();
const calendar = calendar2026();
const period = parsePeriod('2026-Q2')!;
const targets = new Map<string, TrackTarget>([['r1', { base: 1_000_000, stretch: 1_200_000 }], ['r2', { base: 600_000, stretch: 700_000 }], ['r3', { base: 900_000, stretch: 900_000 }]]);

const track = (actuals: Map<string, Fen>, asOf: Day, basis?: 'period' | 'to-date') =>
  new Map(tracker.track({ tree, targets, actuals, period, asOf, calendar, ...(basis ? { basis } : {}) }).map((p) => [p.id, p]));

describe('the to-date basis', () => {
  it('lights against the Base due by asOf, keeps the gap against the whole Base and the pace of the period basis', () => {
    const actuals = new Map([['r1', 450_000]]);
    const period_ = track(actuals, '2026-05-15').get('r1')!;
    const toDate = track(actuals, '2026-05-15', 'to-date').get('r1')!;
    const due = Math.round(1_000_000 * toDate.timeElapsed);
    expect(toDate.due).toEqual({ base: due, stretch: Math.round(1_200_000 * toDate.timeElapsed) });
    expect(toDate.explanation.base.target).toBe(due / 100);
    expect(toDate.light).toBe(tracker.light(4500, due / 100).light);
    // 45% of the quarter's Base is yellow... yet above 80% of what is due by mid-May: green
    expect(period_.light).toBe('red');
    expect(toDate.light).toBe('green');
    expect(toDate.gapBase).toBe(period_.gapBase);
    expect(toDate.runRateBase).toBe(period_.runRateBase);
    expect(toDate.pace).toBe(period_.pace);
    expect(period_.due).toBeUndefined();
  });

  it('is grey while nothing of the target is due', () => {
    const p = track(new Map(), '2026-03-31', 'to-date').get('r1')!;
    expect(p.light).toBe('grey');
    expect(p.reason?.code).toBe('nothing-due');
  });

  // (green and behind can meet: 85% of what is due is green, and behind by more than the tolerance)
  it('never shows ahead of pace below green, for any actual and day (the boundaries lie below 100%)', () => {
    const days = calendar.workingDaysBetween(period.start, period.end);
    expect(days).toBeGreaterThan(50);
    fc.assert(fc.property(fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 5, max: 90 }), (actual, offset) => {
      const asOf = new Date(Date.UTC(2026, 3, 1 + offset)).toISOString().slice(0, 10);
      const p = track(new Map([['r1', actual]]), asOf, 'to-date').get('r1')!;
      if (p.pace === 'ahead') expect(p.light).toBe('green');
      if (p.light !== 'green') expect(p.pace).not.toBe('ahead');
    }), { numRuns: 200 });
  });

  it('trackToDate: each checkpoint counts the days up to it; the last is the tracker\'s row at asOf', () => {
    const daily = new Map<string, Map<Day, Fen>>([['r1', new Map([['2026-04-10', 100_000], ['2026-04-20', 200_000], ['2026-05-12', 150_000]])], ['r3', new Map([['2026-05-06', 300_000]])]]);
    const series = trackToDate(tracker, { tree, targets, period, calendar, daily, checkpoints: ['2026-04-17', '2026-04-30', '2026-05-15'], unitIds: ['r1', 'co'] });
    expect(series.get('r1')!.map((x) => x.progress.actual)).toEqual([100_000, 300_000, 450_000]);
    expect(series.get('co')!.map((x) => x.progress.actual)).toEqual([100_000, 300_000, 750_000]);
    const atAsOf = track(new Map([['r1', 450_000], ['r3', 300_000]]), '2026-05-15', 'to-date');
    expect(series.get('co')!.at(-1)!.progress).toEqual(atAsOf.get('co'));
  });
});
