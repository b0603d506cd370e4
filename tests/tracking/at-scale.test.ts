/**
 * The tracking paths made for large companies (issue 21) hold to what they replaced: the
 * streamed reader and booker to readActuals and bookActuals, the weekly series over a booking's
 * flat day arrays to the old walk over maps, the rate's floating-point rounding to the exact
 * decimals, and fen to yuan by division to the text it used to go through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bookActuals, createActualsBooker, createActualsReader, fenToYuan, formatYuan, parsePeriod, readActuals, trackCompany, weeklySeries, type Day, type Fen,
} from '../../plugin/index.js';
import { roundedRatio, roundedRatioExact } from '../../plugin/rules/exact.js';
import { calendar2026, defaultBundle, smallOrg } from './support.js';
import { weeklySeriesReference } from './weekly-reference.js';

const calendar = calendar2026();
const q2 = parsePeriod('2026-Q2')!;
const UNITS = ['r1', 'r2', 'r3', 't1', 'co'];
const DATES = ['2026-03-30', '2026-04-01', '2026-04-07', '2026-04-30', '2026-05-05', '2026-05-18', '2026-06-19', '2026-06-30', '2026-07-01',
  '2026-04', '2026-W14', '2026-W18', '2026-W23', '2026-05', '2026-04-02T23:30:00+08:00', '2026-04-02T23:30:00Z'];

// mostly good rows, so most runs get to the booking; now and then a bad cell, so the refusals are compared too
const rare = <T,>(good: fc.Arbitrary<T>, bad: T) => fc.oneof({ arbitrary: good, weight: 60 }, { arbitrary: fc.constant(bad), weight: 1 });
const rowsArb = fc.array(fc.record({
  id: rare(fc.constantFrom(...UNITS), 'nobody'),
  date: rare(fc.constantFrom(...DATES), 'not a date'),
  amount: rare(fc.integer({ min: -1_000_000, max: 10_000_000 }).map((f) => formatYuan(f)), '12.345'),
}), { maxLength: 40 });

describe('tracking at scale', () => {
  it('property: rows read and booked one at a time give what readActuals and bookActuals give, refusals included', () => {
    const tree = smallOrg();
    const isUnit = (id: string) => tree.get(id) !== undefined;
    const bundle = defaultBundle();
    const targets = new Map(tree.topDown.map((id, i) => [id, { base: (i + 1) * 1000_00, stretch: (i + 1) * 1300_00 }]));
    let counted = 0;
    fc.assert(fc.property(rowsArb, fc.constantFrom('2026-04-30', '2026-06-30', '2026-05-31'), (cells, asOf) => {
      const records = cells.map((record, i) => ({ line: i + 2, record }));
      const whole = readActuals(records, 'a.csv', { isUnit });
      const reader = createActualsReader('a.csv', { isUnit });
      const streamed = records.map((r) => reader.read(r.line, r.record)).filter((r) => r !== undefined);
      // given the tree's places, the reader refuses the same rows and hands each row its unit's place
      const placing = createActualsReader('a.csv', { units: tree.flat });
      const placed = records.map((r) => placing.read(r.line, r.record)).filter((r) => r !== undefined);
      expect(placing.problems).toEqual(reader.problems);
      if (!whole.ok) { expect(reader.problems).toEqual(whole.problems); return; }
      expect(reader.problems).toEqual([]);
      expect(streamed).toEqual(whole.rows);
      expect(placed.map(({ unit, ...row }) => [row, tree.topDown[unit!]])).toEqual(whole.rows.map((r) => [r, r.id]));
      for (const settings of [{}, { periodRows: 'working-days' as const }]) {
        const booked = bookActuals({ rows: whole.rows, period: q2, asOf, calendar, settings, file: 'a.csv' });
        const booker = createActualsBooker({ period: q2, asOf, calendar, settings, file: 'a.csv', keepParts: true });
        for (const r of whole.rows) booker.add(r);
        const one = booker.finish();
        expect(one).toEqual(booked);
        // booked by place (rows placed by the reader, or not): the same booking, and the same tracking read by place
        const byPlace = createActualsBooker({ period: q2, asOf, calendar, settings, file: 'a.csv', keepParts: true, units: tree.flat });
        for (const r of placed) byPlace.add(r);
        const flat = byPlace.finish();
        expect(flat).toEqual(booked);
        if (!booked.ok || !one.ok || !flat.ok) continue;
        expect(flat.booking.byPlace?.units).toBe(tree.flat);
        const trackWith = (b: typeof booked.booking) => trackCompany(bundle, { tree, targets, booked: b, file: 'a.csv', period: q2, asOf, calendar });
        if (settings.periodRows) expect(JSON.stringify(trackWith(flat.booking))).toBe(JSON.stringify(trackWith(booked.booking)));
        if (booked.booking.parts.length) counted++;
        // the flat day series read as the maps they replaced: the same days, in day order, the same fen
        const asMaps = (b: typeof booked.booking) => [...b.daily].map(([id, days]) => [id, [...days].sort(([a], [c]) => (a < c ? -1 : 1)), days.size]);
        expect(asMaps(one.booking)).toEqual(asMaps(booked.booking));
        const parts = new Map<string, Map<Day, Fen>>();
        for (const p of booked.booking.parts) parts.set(p.id, new Map(parts.get(p.id) ?? []).set(p.day, (parts.get(p.id)?.get(p.day) ?? 0) + p.amount));
        for (const [id, days] of parts) for (const [day, fen] of days) expect(booked.booking.daily.get(id)!.get(day)).toBe(fen);
        // a booker keeps no parts unless asked, and neither does bookActuals told not to: the rest is the same
        const streamed = createActualsBooker({ period: q2, asOf, calendar, settings, file: 'a.csv' });
        for (const r of whole.rows) streamed.add(r);
        const bare = streamed.finish();
        if (!bare.ok) throw new Error('refused');
        expect(bare.booking.parts).toEqual([]);
        expect([...bare.booking.own]).toEqual([...booked.booking.own]);
        const lean = bookActuals({ rows: whole.rows, period: q2, asOf, calendar, settings, file: 'a.csv', keepParts: false });
        if (!lean.ok) throw new Error('refused');
        expect(lean.booking.parts).toEqual([]);
        expect([...lean.booking.own]).toEqual([...booked.booking.own]);
      }
    }), { numRuns: 200 });
    expect(counted).toBeGreaterThan(50);
  });

  it('a streamed booking without its parts is refused for per-line tracking, by name, and tracks the total', () => {
    const tree = smallOrg();
    const booker = createActualsBooker({ period: q2, asOf: '2026-06-30', calendar, settings: {}, file: 'a.csv' });
    booker.add({ row: 2, id: 'r1', day: '2026-04-01', amount: 100_00 });
    const booked = booker.finish();
    if (!booked.ok) throw new Error('refused');
    const input = { tree, targets: new Map([['co', { base: 1000_00, stretch: 1200_00 }]]), booked: booked.booking, file: 'a.csv', period: q2, asOf: '2026-06-30', calendar };
    const byLine = trackCompany(defaultBundle(), { ...input, lines: { ids: ['cloud'], targets: new Map() } });
    expect(byLine.ok ? [] : byLine.problems.map((p) => p.code)).toEqual(['TRACK_PARTS_NOT_KEPT']);
    const total = trackCompany(defaultBundle(), input);
    expect(total.ok && total.tracking.progress[0]!.actual).toBe(100_00);
  });

  it('property: the weekly series over a booking equals the old walk over maps, with and without a booking behind it', () => {
    const tree = smallOrg();
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom('r1', 'r2', 'r3', 't1', 'east'), fc.integer({ min: 0, max: 90 }), fc.integer({ min: -50_000_00, max: 900_000_00 })), { maxLength: 80 }),
      fc.dictionary(fc.constantFrom(...tree.topDown), fc.integer({ min: 0, max: 5_000_000_00 })),
      fc.constantFrom('2026-04-12', '2026-05-31', '2026-06-30'),
      (parts, bases, asOf) => {
        const booker = createActualsBooker({ period: q2, asOf: '2026-06-30', calendar, settings: {}, file: 'a.csv' });
        const maps = new Map<string, Map<Day, Fen>>();
        for (const [id, offset, amount] of parts) {
          const day = new Date(Date.UTC(2026, 3, 1 + offset)).toISOString().slice(0, 10);
          booker.add({ row: 2, id, day, amount });
          const m = maps.get(id) ?? new Map<Day, Fen>();
          maps.set(id, m.set(day, (m.get(day) ?? 0) + amount));
        }
        const booked = booker.finish();
        if (!booked.ok) throw new Error('refused');
        const base = new Map(Object.entries(bases));
        const reference = weeklySeriesReference({ tree, period: q2, asOf, calendar, base, daily: maps });
        expect(weeklySeries({ tree, period: q2, asOf, calendar, base, daily: booked.booking.daily })).toEqual(reference);
        expect(weeklySeries({ tree, period: q2, asOf, calendar, base, daily: maps })).toEqual(reference);
      },
    ), { numRuns: 150 });
  });

  it('property: a rate rounded in floating point is the exact decimals\' rounding, halves and large figures included', () => {
    const yuan = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((f) => f / 100);
    const half = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 9999 }))
      .map(([k, d, b]) => [((k + 0.5) / 10 ** d) * b, b, d] as const);
    fc.assert(fc.property(fc.oneof(
      fc.tuple(yuan, yuan, fc.integer({ min: 0, max: 6 })),
      fc.tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true }), fc.integer({ min: 0, max: 8 })),
      half,
    ), ([a, b, d]) => {
      expect(Object.is(roundedRatio(a, b, d), roundedRatioExact(a, b, d))).toBe(true);
    }), { numRuns: 20_000 });
    // halves exactly: 1/8 = 0.125 → 0.13, -0.125 → -0.13; 0.5 of a fen-looking rate
    expect(roundedRatio(1, 8, 2)).toBe(0.13);
    expect(roundedRatio(-1, 8, 2)).toBe(-0.13);
    expect(roundedRatio(10.05, 1, 1)).toBe(roundedRatioExact(10.05, 1, 1));
  });

  it('property: fen to yuan by division is the number the two-decimal text reads as', () => {
    fc.assert(fc.property(fc.oneof(fc.integer({ min: -1e15, max: 1e15 }), fc.integer({ min: -100_000, max: 100_000 })), (fen) => {
      expect(Object.is(fenToYuan(fen), Number(formatYuan(fen)))).toBe(true);
    }), { numRuns: 20_000 });
    expect(Object.is(fenToYuan(-0), 0)).toBe(true);
  });
});
