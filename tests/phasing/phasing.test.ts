import { describe, expect, it } from 'vitest';
import { cascade, checkPhasing, parsePeriod, phaseTargets, readPhasingSettings, type Fen, type PhasingResult } from '../../plugin/index.js';
import { calendar2026, settings, tree } from './support.js';

const cal = calendar2026();
const Q2 = parsePeriod('2026-Q2')!;
const t = (base: Fen, stretch = base) => ({ base, stretch });

function phased(r: ReturnType<typeof phaseTargets>): PhasingResult {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.result;
}
const unit = (r: PhasingResult, id: string) => r.units.find((u) => u.id === id)!;

// co → east (region) → t1 (team) → a, b (reps)
const small = () => tree([['co', null], ['east', 'co'], ['t1', 'east'], ['a', 't1'], ['b', 't1']]);
const smallTargets = () => new Map([['co', t(100000, 120000)], ['east', t(100000, 120000)], ['t1', t(100000, 120000)], ['a', t(33333, 40000)], ['b', t(66667, 80000)]]);

describe('phasing a quarter into months (worked examples, hand-checked)', () => {
  it('working days: Q2 2026 has 21 + 19 + 21 = 61 working days, so 61,000.00 splits 21,000 / 19,000 / 21,000', () => {
    const r = phased(phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(6_100_000)]]), period: Q2, by: 'month', calendar: cal, settings: settings({ profile: 'working-days' }) }));
    expect(r.months.map((m) => m.workingDays)).toEqual([21, 19, 21]);
    expect(unit(r, 'co').phasedBase.months).toEqual([2_100_000, 1_900_000, 2_100_000]);
    expect(unit(r, 'co').slotShares).toEqual([0.344262, 0.311475, 0.344262]);
  });

  it('explicit 30/30/40: 1,000.00 gives 300 / 300 / 400, and the odd fen of 1,000.01 goes to June (largest remainder .4)', () => {
    const months = [30, 30, 40, 30, 30, 40, 30, 30, 40, 30, 30, 40];
    const r = phased(phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(100_000, 100_001)]]), period: Q2, by: 'month', calendar: cal, settings: settings({ profile: 'explicit', explicit: { months } }) }));
    expect(unit(r, 'co').phasedBase.months).toEqual([30_000, 30_000, 40_000]);
    expect(unit(r, 'co').phasedStretch.months).toEqual([30_000, 30_000, 40_001]);
  });

  it('children with the parent profile are cascaded: 333.33 + 666.67 under 1,000.00 at 30/30/40 sum to the team in every month', () => {
    const months = [30, 30, 40, 30, 30, 40, 30, 30, 40, 30, 30, 40];
    const r = phased(phaseTargets({ tree: small(), targets: smallTargets(), period: Q2, by: 'month', calendar: cal, settings: settings({ profile: 'explicit', explicit: { months } }) }));
    // month 1: 30,000 fen over 33,333 : 66,667 → 9,999.9 and 20,000.1 → the fen goes to a (.9)
    expect(unit(r, 'a').phasedBase.months).toEqual([10_000, 10_000, 13_333]);
    expect(unit(r, 'b').phasedBase.months).toEqual([20_000, 20_000, 26_667]);
    expect(unit(r, 'a').cascaded).toBe(true);
    expect(r.differences).toEqual([]);
  });

  it('history: the same months of the last years, each year normalised, weighted 3 (2025) : 2 (2024)', () => {
    const history = new Map([['co', new Map([['2025-04', 10_000], ['2025-05', 10_000], ['2025-06', 20_000], ['2024-04', 10_000], ['2024-05', 20_000], ['2024-06', 10_000]])]]);
    const r = phased(phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(1_000_000)]]), period: Q2, by: 'month', calendar: cal, history, settings: settings({ profile: 'history' }) }));
    // 2025: .25 .25 .5; 2024: .25 .5 .25 → (3×2025 + 2×2024) / 5 = .25 .35 .40
    expect(unit(r, 'co').phasedBase.months).toEqual([250_000, 350_000, 400_000]);
    expect(unit(r, 'co').profile).toMatchObject({ kind: 'history', source: 'own', years: [2024, 2025] });
  });

  it('a year counts only when every month had revenue; too little history takes the parent profile; the top falls back to working days', () => {
    const history = new Map([
      ['a', new Map([['2025-04', 100], ['2025-05', 100], ['2025-06', 800]])],
      ['b', new Map([['2025-04', 500], ['2025-06', 500]])], // no May: no complete year
    ]);
    const targets = new Map([['co', t(200_000)], ['east', t(200_000)], ['t1', t(200_000)], ['a', t(100_000)], ['b', t(100_000)]]);
    const r = phased(phaseTargets({ tree: small(), targets, period: Q2, by: 'month', calendar: cal, history, settings: settings({ profile: 'history', referenceLevel: 'rep' }) }));
    expect(unit(r, 'a').profile.source).toBe('own');
    expect(unit(r, 'a').phasedBase.months).toEqual([10_000, 10_000, 80_000]);
    // b has no complete year: t1's profile, learned from a + b rolled up (2025: 600, 100, 1300 → no: May 100 > 0, complete)
    expect(unit(r, 'b').profile).toMatchObject({ source: 'inherited', from: 't1' });
    expect(unit(r, 't1').phasedBase.months).toEqual([60_000, 10_000, 130_000]);
    expect(unit(r, 'b').phasedBase.months).toEqual([30_000, 5_000, 65_000]);
    // without any history the top unit falls back to working days, and its children inherit it
    const none = phased(phaseTargets({ tree: small(), targets, period: Q2, by: 'month', calendar: cal, settings: settings({ profile: 'history' }) }));
    expect(unit(none, 'co').profile).toMatchObject({ kind: 'working-days', source: 'fallback' });
    expect(none.differences).toEqual([]);
  });

  it('below the reference level units take their ancestor’s profile and add up exactly; above it differences are reported, not hidden', () => {
    const explicit = (months: number[]) => ({ profile: 'explicit' as const, months: [...months, ...months, ...months, ...months] });
    const r = phased(phaseTargets({
      tree: tree([['co', null], ['east', 'co'], ['t1', 'east'], ['t2', 'east'], ['a', 't1'], ['b', 't1']]),
      targets: new Map([['co', t(100_000)], ['east', t(100_000)], ['t1', t(50_000)], ['t2', t(50_000)], ['a', t(25_000)], ['b', t(25_000)]]),
      period: Q2, by: 'month', calendar: cal,
      settings: settings({ profile: 'explicit', explicit: { months: [1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2] }, referenceLevel: 'team', units: { t1: explicit([1, 1, 1]) } }),
    }));
    expect(unit(r, 'east').phasedBase.months).toEqual([25_000, 25_000, 50_000]);
    expect(unit(r, 't1').phasedBase.months).toEqual([16_667, 16_667, 16_666]);
    expect(unit(r, 't2').phasedBase.months).toEqual([12_500, 12_500, 25_000]);
    expect(unit(r, 'a').profile).toMatchObject({ source: 'inherited', from: 't1' });
    expect(r.reference.level).toBe('team');
    expect(r.differences.filter((d) => d.track === 'base')).toEqual([
      { parentId: 'east', level: 'region', slot: '2026-04', track: 'base', parent: 25_000, children: 29_167, difference: 4_167 },
      { parentId: 'east', level: 'region', slot: '2026-05', track: 'base', parent: 25_000, children: 29_167, difference: 4_167 },
      { parentId: 'east', level: 'region', slot: '2026-06', track: 'base', parent: 50_000, children: 41_666, difference: -8_334 },
    ]);
    // the reps under t1 still add up to t1 exactly
    expect([0, 1, 2].map((i) => unit(r, 'a').phasedBase.months[i]! + unit(r, 'b').phasedBase.months[i]!)).toEqual(unit(r, 't1').phasedBase.months);
  });
});

describe('phasing into weeks', () => {
  it('Q2 2026 has 14 ISO weeks cut to the quarter; W18 straddles April and May (Labour Day: its May part has no working day)', () => {
    const r = phased(phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(6_100_000)]]), period: Q2, by: 'week', calendar: cal, settings: settings({ profile: 'working-days' }) }));
    expect(r.slots.map((s) => s.key)).toEqual(Array.from({ length: 14 }, (_, i) => `2026-W${14 + i}`));
    expect(r.slots[0]).toMatchObject({ start: '2026-04-01', end: '2026-04-05', workingDays: 3 });
    const w18 = r.slots.find((s) => s.key === '2026-W18')!;
    expect(w18.straddles).toBe(true);
    expect(w18.parts).toEqual([
      { month: '2026-04', start: '2026-04-27', end: '2026-04-30', workingDays: 4 },
      { month: '2026-05', start: '2026-05-01', end: '2026-05-03', workingDays: 0 },
    ]);
    // 100,000 fen per working day
    expect(unit(r, 'co').phasedBase.slots).toEqual([3, 4, 5, 5, 4, 4, 5, 5, 5, 5, 5, 4, 5, 2].map((d) => d * 100_000));
  });

  it('a straddling week takes each month’s part by that month’s working days (30/30/40 in Q3: W31 straddles July/August, W36 August/September)', () => {
    const r = phased(phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(1_000_000)]]), period: parsePeriod('2026-Q3')!, by: 'week', calendar: cal, settings: settings({ profile: 'explicit', explicit: { months: [1, 1, 1, 1, 1, 1, 30, 30, 40, 1, 1, 1] } }) }));
    const u = unit(r, 'co');
    expect(u.phasedBase.slots.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    const straddling = r.slots.filter((s) => s.straddles);
    expect(straddling.map((s) => s.key)).toEqual(['2026-W31', '2026-W36']); // 31 Aug is a Monday; the quarter's last week is cut at 30 Sep, not straddling
    // July 300,000 over its 23 working days, August 300,000 over 21: W31 = Jul 27-31 (5 days) + Aug 1-2 (weekend)
    const w31 = r.slots.findIndex((s) => s.key === '2026-W31');
    expect(r.months.map((m) => m.workingDays)).toEqual([23, 21, 22]);
    expect(u.phasedBase.slots[w31]).toBe(Math.round((300_000 * 5) / 23));
  });

  it('weeks of cascaded children add up to the parent in every week', () => {
    const r = phased(phaseTargets({ tree: small(), targets: smallTargets(), period: Q2, by: 'week', calendar: cal, settings: settings({ profile: 'working-days' }) }));
    r.slots.forEach((_, i) => {
      expect(unit(r, 'a').phasedBase.slots[i]! + unit(r, 'b').phasedBase.slots[i]!).toBe(unit(r, 't1').phasedBase.slots[i]);
      expect(unit(r, 'a').phasedStretch.slots[i]! + unit(r, 'b').phasedStretch.slots[i]!).toBe(unit(r, 't1').phasedStretch.slots[i]);
    });
  });
});

describe('settings and refusals', () => {
  it('the checker refuses bad groups by pointer', () => {
    const p = checkPhasing({ profile: 'moon', history: { years: 2, weights: [1], minYears: 3 }, explicit: { months: [1, 2] }, referenceLevel: 'city', units: { x: { profile: 'explicit', months: [] } } }, 'parameters/phasing.json', '/parameters/phasing');
    expect(p.map((x) => x.pointer)).toEqual([
      '/parameters/phasing/profile', '/parameters/phasing/history/weights', '/parameters/phasing/history/minYears',
      '/parameters/phasing/explicit/months', '/parameters/phasing/referenceLevel', '/parameters/phasing/units/x/months',
    ]);
    expect(readPhasingSettings({ profile: 'explicit' }).ok).toBe(true);
  });

  it('refuses a week or a negative target', () => {
    const r = phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(1)]]), period: parsePeriod('2026-W14')!, by: 'month', calendar: cal, settings: settings() });
    expect(r.ok).toBe(false);
    const n = phaseTargets({ tree: tree([['co', null]]), targets: new Map([['co', t(-1)]]), period: Q2, by: 'month', calendar: cal, settings: settings() });
    expect(!n.ok && n.problems[0]!.code).toBe('PHASE_NEGATIVE_TARGET');
  });

  it('cascade fills a table with both margins exact', () => {
    expect(cascade([33_333, 66_667], [30_000, 30_000, 40_000])).toEqual([[10_000, 10_000, 13_333], [20_000, 20_000, 26_667]]);
  });
});
