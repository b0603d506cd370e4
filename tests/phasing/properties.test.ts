/** Property tests of phasing: exact sums for random profiles and amounts, and equal weights = the working-day split. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascade, createTracker, loadBundle, parsePeriod, phasedTrackTargets, phaseTargets, type Fen, type ProfileSpec } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { calendar2026, settings, tree } from './support.js';

const cal = calendar2026();
const PERIODS = ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026', '2026-H2', '2026-05'];

/** company → 1-3 regions → 1-3 teams → 1-4 reps, with rep targets rolled up so children sum to their parent. */
const company = fc.record({
  shape: fc.array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  amounts: fc.array(fc.integer({ min: 0, max: 2_000_000_000 }), { minLength: 36, maxLength: 36 }),
  uplift: fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 36, maxLength: 36 }),
});

function build(c: { shape: number[][]; amounts: number[]; uplift: number[] }) {
  const rows: Array<[string, string | null]> = [['co', null]];
  const targets = new Map<string, { base: Fen; stretch: Fen }>();
  let k = 0;
  const add = (id: string, base: Fen, stretch: Fen) => {
    const t = targets.get(id) ?? { base: 0, stretch: 0 };
    targets.set(id, { base: t.base + base, stretch: t.stretch + stretch });
  };
  c.shape.forEach((teams, r) => {
    rows.push([`r${r}`, 'co']);
    teams.forEach((reps, t) => {
      rows.push([`t${r}.${t}`, `r${r}`]);
      for (let p = 0; p < reps; p++) {
        const id = `p${r}.${t}.${p}`;
        rows.push([id, `t${r}.${t}`]);
        const base = c.amounts[k % 36]!;
        const stretch = base + c.uplift[k % 36]!;
        k++;
        for (const u of [id, `t${r}.${t}`, `r${r}`, 'co']) add(u, base, stretch);
      }
    });
  });
  return { tree: tree(rows), targets };
}

const weights12 = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 }).filter((w) => w.some((x) => x > 0));
const spec: fc.Arbitrary<ProfileSpec> = fc.oneof(
  fc.constant<ProfileSpec>({ profile: 'working-days' }),
  weights12.map<ProfileSpec>((months) => ({ profile: 'explicit', months })),
);

describe('phasing properties', () => {
  it('every unit’s months and slots sum exactly to its target in both tracks; nothing negative; same-profile children add up to the parent in every slot; other mismatches are all reported', () => {
    fc.assert(fc.property(company, fc.constantFrom(...PERIODS), fc.constantFrom('month' as const, 'week' as const), weights12, fc.dictionary(fc.constantFrom('co', 'r0', 'r1', 't0.0', 't1.0', 'p0.0.0'), spec), fc.constantFrom('company' as const, 'region' as const, 'team' as const, 'rep' as const),
      (c, key, by, months, units, referenceLevel) => {
        const { tree: org, targets } = build(c);
        const r = phaseTargets({ tree: org, targets, period: parsePeriod(key)!, by, calendar: cal, settings: settings({ profile: 'explicit', explicit: { months }, units, referenceLevel }) });
        if (!r.ok) throw new Error('refused');
        const byId = new Map(r.result.units.map((u) => [u.id, u]));
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        for (const u of r.result.units) {
          expect(sum(u.phasedBase.months)).toBe(u.base);
          expect(sum(u.phasedStretch.months)).toBe(u.stretch);
          expect(sum(u.phasedBase.slots)).toBe(u.base);
          expect(sum(u.phasedStretch.slots)).toBe(u.stretch);
          expect([...u.phasedBase.slots, ...u.phasedStretch.slots].every((x) => x >= 0)).toBe(true);
        }
        const reported = new Set(r.result.differences.map((d) => `${d.parentId}|${d.slot}|${d.track}`));
        for (const id of org.topDown) {
          const kids = org.get(id)!.childIds.map((k) => byId.get(k)!);
          if (!kids.length) continue;
          const parent = byId.get(id)!;
          const same = kids.every((k) => k.profile.shares.every((s, i) => s === parent.profile.shares[i]));
          r.result.slots.forEach((slot, i) => {
            for (const track of ['base', 'stretch'] as const) {
              const get = (u: typeof parent) => (track === 'base' ? u.phasedBase : u.phasedStretch).slots[i]!;
              const diff = sum(kids.map(get)) - get(parent);
              if (same) expect(diff).toBe(0);
              expect(reported.has(`${id}|${slot.key}|${track}`)).toBe(diff !== 0);
            }
          });
        }
      }), { seed: 20260409, numRuns: 150 });
  });

  it('a profile of equal weights per working day (month weights = working days) gives exactly the working-day split', () => {
    const year = parsePeriod('2026')!;
    const wd = Array.from({ length: 12 }, (_, m) => { const p = parsePeriod(`2026-${String(m + 1).padStart(2, '0')}`)!; return cal.workingDaysBetween(p.start, p.end); });
    fc.assert(fc.property(company, fc.constantFrom(...PERIODS), fc.constantFrom('month' as const, 'week' as const), (c, key, by) => {
      const { tree: org, targets } = build(c);
      const period = key === '2026' ? year : parsePeriod(key)!;
      const a = phaseTargets({ tree: org, targets, period, by, calendar: cal, settings: settings({ profile: 'explicit', explicit: { months: wd } }) });
      const b = phaseTargets({ tree: org, targets, period, by, calendar: cal, settings: settings({ profile: 'working-days' }) });
      if (!a.ok || !b.ok) throw new Error('refused');
      expect(a.result.units.map((u) => [u.phasedBase.slots, u.phasedStretch.slots])).toEqual(b.result.units.map((u) => [u.phasedBase.slots, u.phasedStretch.slots]));
    }), { seed: 11, numRuns: 60 });
  });

  it('cascade keeps both margins exact and every cell ≥ 0 for random margins', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 14 }), (rows, w) => {
      const total = rows.reduce((a, b) => a + b, 0);
      const cols = w.some((x) => x > 0) ? (w as number[]) : w.map(() => 1);
      const colTotals = cols.map(() => 0);
      // split the total over the columns exactly first
      let left = total;
      const sumW = cols.reduce((a, b) => a + b, 0);
      cols.forEach((x, i) => { colTotals[i] = i === cols.length - 1 ? left : Math.floor((total * x) / sumW); left -= colTotals[i]!; });
      const m = cascade(rows, colTotals);
      m.forEach((row, i) => expect(row.reduce((a, b) => a + b, 0)).toBe(rows[i]));
      colTotals.forEach((c, j) => expect(m.reduce((a, row) => a + row[j]!, 0)).toBe(c));
      expect(m.flat().every((x) => x >= 0)).toBe(true);
    }), { seed: 5, numRuns: 400 });
  });
});

describe('tracking with phased targets', () => {
  const loaded = loadBundle(defaultBundleFiles());
  if (!loaded.ok) throw new Error('bundle');
  const tracker = createTracker(loaded.bundle);
  if (!tracker.ok) throw new Error('tracker');
  const org = tree([['co', null]]);
  const Q2 = parsePeriod('2026-Q2')!;

  it('April’s light compares April’s actuals with April’s phased target (30/30/40 of 10,000 = 3,000)', () => {
    const r = phaseTargets({ tree: org, targets: new Map([['co', { base: 1_000_000, stretch: 1_200_000 }]]), period: Q2, by: 'month', calendar: cal, settings: settings({ profile: 'explicit', explicit: { months: [1, 1, 1, 30, 30, 40, 1, 1, 1, 1, 1, 1] } }) });
    if (!r.ok) throw new Error();
    const april = phasedTrackTargets(r.result, parsePeriod('2026-04')!);
    if (!april.ok) throw new Error();
    expect(april.targets.get('co')).toEqual({ base: 300_000, stretch: 360_000 });
    const [u] = tracker.tracker.track({ tree: org, targets: april.targets, timelines: april.timelines, actuals: new Map([['co', 270_000]]), period: parsePeriod('2026-04')!, asOf: '2026-04-30', calendar: cal });
    expect(u).toMatchObject({ base: 300_000, completionBase: 0.9, light: 'green' });
  });

  it('time progress and run rate follow the profile over the quarter; a working-day profile gives the straight line', () => {
    const phase = (months: number[]) => {
      const r = phaseTargets({ tree: org, targets: new Map([['co', { base: 6_100_000, stretch: 6_100_000 }]]), period: Q2, by: 'month', calendar: cal, settings: settings({ profile: 'explicit', explicit: { months } }) });
      if (!r.ok) throw new Error();
      const q = phasedTrackTargets(r.result, Q2);
      if (!q.ok) throw new Error();
      return q;
    };
    const asOf = '2026-04-30';
    const plain = tracker.tracker.track({ tree: org, targets: new Map([['co', { base: 6_100_000, stretch: 6_100_000 }]]), actuals: new Map([['co', 1_000_000]]), period: Q2, asOf, calendar: cal })[0]!;
    const even = phase([1, 1, 1, 21, 19, 21, 1, 1, 1, 1, 1, 1]);
    const e = tracker.tracker.track({ tree: org, targets: even.targets, timelines: even.timelines, actuals: new Map([['co', 1_000_000]]), period: Q2, asOf, calendar: cal })[0]!;
    expect(e.timeElapsed).toBe(plain.timeElapsed);
    expect(e.runRateBase).toBe(plain.runRateBase);
    expect(e.phased!.weightedDaysLeft).toBeCloseTo(40, 9);
    // back-loaded 20/30/50: by 30 April only 20% is due; the 51,000.00 gap is spread 30 : 50 over May's 19 and June's 21 days
    const back = phase([1, 1, 1, 20, 30, 50, 1, 1, 1, 1, 1, 1]);
    const b = tracker.tracker.track({ tree: org, targets: back.targets, timelines: back.timelines, actuals: new Map([['co', 1_000_000]]), period: Q2, asOf, calendar: cal })[0]!;
    expect(b.timeElapsed).toBe(0.2);
    expect(b.workingDays.remaining).toBe(40);
    // May's rate: 5,100,000 fen × (0.3 / 19) / (0.3 + 0.5) = 100,657.89 fen → 1,006.58 yuan a day
    expect(b.runRateBase).toBe(Math.round((5_100_000 * (0.3 / 19)) / 0.8));
    // 16.4% done: behind a straight line (34.4% of the days gone), on pace for a back-loaded quarter (20% due)
    expect(plain.pace).toBe('behind');
    expect(b.pace).toBe('on-pace');
  });
});
