import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../plugin/index.js';
import { defaultBundle } from '../tracking/support.js';

const bundle = defaultBundle();
function ledger(): Ledger {
  const r = createLedger(bundle);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.ledger;
}

describe('points ledger', () => {
  it('maps events to points through the rules (+50 signed deal, +10 revisit)', () => {
    const l = ledger();
    expect(l.earn({ key: 'e1', person: 'wl', type: 'deal-signed', at: '2026-04-01T10:00:00+08:00' })).toMatchObject({ status: 'posted', entry: { points: 50, day: '2026-04-01', kind: 'earn' } });
    expect(l.earn({ key: 'e2', person: 'wl', type: 'customer-revisit', at: '2026-04-01T17:30:00Z' })).toMatchObject({ status: 'posted', entry: { points: 10, day: '2026-04-02' } });
    expect(l.balance('wl')).toBe(60);
    expect(l.balance('wl', '2026-04-01')).toBe(50);
    expect(l.balance('wl', '2026-03-31')).toBe(0);
    expect(l.earn({ key: 'e3', person: 'wl', type: 'coffee', at: '2026-04-02' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_UNKNOWN_EVENT' } });
    expect(l.earn({ key: 'e4', person: 'wl', type: 'deal-signed', at: '1 April' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_BAD_DATE' } });
  });

  it('counts the same submission once, and refuses a reused key for something else', () => {
    const l = ledger();
    const first = l.earn({ key: 'k', person: 'wl', type: 'deal-signed', at: '2026-04-01' });
    expect(l.earn({ key: 'k', person: 'wl', type: 'deal-signed', at: '2026-04-01T09:00+08:00' })).toEqual({ status: 'duplicate', entry: first.status === 'posted' && first.entry });
    expect(l.earn({ key: 'k', person: 'ln', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_KEY_CONFLICT' } });
    expect(l.entries).toHaveLength(1);
    expect(l.balance('wl')).toBe(50);
  });

  it('normalises idempotency keys: surrounding whitespace trimmed, NFC, case kept', () => {
    const l = ledger();
    const first = l.earn({ key: 'k1', person: 'wl', type: 'deal-signed', at: '2026-04-01' });
    expect(l.earn({ key: ' k1 ', person: 'wl', type: 'deal-signed', at: '2026-04-01' })).toEqual({ status: 'duplicate', entry: first.status === 'posted' && first.entry });
    expect(l.earn({ key: 'k1\t\u3000', person: 'wl', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ status: 'duplicate' });
    expect(l.earn({ key: 'K1', person: 'wl', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ status: 'posted', entry: { key: 'K1' } });
    expect(l.earn({ key: 'caf\u00e9', person: 'wl', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ status: 'posted', entry: { key: 'caf\u00e9' } });
    expect(l.earn({ key: ' cafe\u0301', person: 'wl', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ status: 'duplicate', entry: { key: 'caf\u00e9' } });
    expect(l.earn({ key: '   ', person: 'wl', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_NO_KEY' } });
    // the reversed key and the reversal's own key follow the same rule
    expect(l.reverse({ key: ' fix ', reverses: 'k1  ', at: '2026-04-02' })).toMatchObject({ status: 'posted', entry: { key: 'fix', reverses: 'k1', points: -50 } });
    expect(l.reverse({ key: 'fix', reverses: ' k1', at: '2026-04-02' })).toMatchObject({ status: 'duplicate' });
    expect(l.entries.map((e) => e.key)).toEqual(['k1', 'K1', 'caf\u00e9', 'fix']);
    expect(l.balance('wl')).toBe(100);
  });

  it('refuses a redemption when short, with the reason; allows it when covered', () => {
    const l = ledger();
    l.earn({ key: 'a', person: 'wl', type: 'deal-signed', at: '2026-04-01' });
    const short = l.redeem({ key: 'r1', person: 'wl', item: 'gift', at: '2026-04-02' });
    expect(short).toMatchObject({ status: 'refused', problem: { code: 'POINTS_SHORT' } });
    if (short.status === 'refused') expect(short.problem.message.en).toBe('wl has 50 points on 2026-04-02, short of the 200 needed to redeem gift');
    for (let i = 0; i < 3; i++) l.earn({ key: `d${i}`, person: 'wl', type: 'deal-signed', at: '2026-04-03' });
    expect(l.redeem({ key: 'r2', person: 'wl', item: 'gift', at: '2026-04-03' })).toMatchObject({ status: 'posted', entry: { points: -200 } });
    expect(l.balance('wl')).toBe(0);
  });

  it('a backdated redemption cannot dig into points already spent later', () => {
    const l = ledger();
    for (let i = 0; i < 4; i++) l.earn({ key: `d${i}`, person: 'wl', type: 'deal-signed', at: '2026-04-01' });
    l.earn({ key: 'late', person: 'wl', type: 'deal-signed', at: '2026-04-20' });
    l.redeem({ key: 'r1', person: 'wl', item: 'gift', at: '2026-04-10' });
    // on 2026-04-05 the balance is 200, but after the 10 April gift it is 0 until the 20th
    const r = l.redeem({ key: 'r2', person: 'wl', item: 'gift', at: '2026-04-05' });
    expect(r).toMatchObject({ status: 'refused', problem: { code: 'POINTS_SHORT' } });
  });

  it('corrects by reversing entries, never by editing', () => {
    const l = ledger();
    l.earn({ key: 'a', person: 'wl', type: 'deal-signed', at: '2026-04-01' });
    l.earn({ key: 'b', person: 'wl', type: 'customer-revisit', at: '2026-04-01' });
    const before = JSON.stringify(l.entries[0]);
    expect(l.reverse({ key: 'fix-a', reverses: 'a', at: '2026-04-02', note: 'deal cancelled' })).toMatchObject({ status: 'posted', entry: { kind: 'reversal', points: -50, person: 'wl', reverses: 'a' } });
    expect(JSON.stringify(l.entries[0])).toBe(before);
    expect(l.balance('wl', '2026-04-01')).toBe(60);
    expect(l.balance('wl')).toBe(10);
    expect(l.reverse({ key: 'fix-a-again', reverses: 'a', at: '2026-04-03' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_ALREADY_REVERSED' } });
    expect(l.reverse({ key: 'fix-a', reverses: 'a', at: '2026-04-02' })).toMatchObject({ status: 'duplicate' });
    expect(l.reverse({ key: 'fix-fix', reverses: 'fix-a', at: '2026-04-03' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_REVERSE_REVERSAL' } });
    expect(l.reverse({ key: 'fix-b', reverses: 'b', at: '2026-03-01' })).toMatchObject({ status: 'refused', problem: { code: 'POINTS_REVERSAL_BEFORE_ORIGINAL' } });
  });

  it('monthly top 3 on points earned in the month (ties share a place)', () => {
    const l = ledger();
    const earn = (key: string, person: string, type: string, at: string) => l.earn({ key, person, type, at });
    earn('1', 'a', 'deal-signed', '2026-04-03');
    earn('2', 'b', 'deal-signed', '2026-04-03');
    earn('3', 'c', 'new-customer', '2026-04-03');
    earn('4', 'd', 'new-customer', '2026-04-30T23:00:00+08:00');
    earn('5', 'e', 'deal-signed', '2026-04-30T16:30:00Z'); // 1 May in Shanghai
    earn('6', 'a', 'customer-revisit', '2026-04-04');
    l.reverse({ key: '7', reverses: '2', at: '2026-05-02' }); // b's April deal cancelled in May
    expect(l.monthlyTop('2026-04')).toEqual([
      { person: 'a', points: 60, place: 1 }, { person: 'c', points: 20, place: 2 }, { person: 'd', points: 20, place: 2 },
    ]);
    expect(l.monthlyTop('2026-05')).toEqual([{ person: 'e', points: 50, place: 1 }]);
  });
});

describe('ledger properties', () => {
  const person = fc.constantFrom('a', 'b', 'c');
  const at = fc.integer({ min: 1, max: 28 }).map((d) => `2026-04-${String(d).padStart(2, '0')}`);
  const key = fc.integer({ min: 0, max: 25 }).map((k) => `k${k}`);
  const op = fc.oneof(
    fc.record({ kind: fc.constant('earn' as const), key, person, type: fc.constantFrom('deal-signed', 'customer-revisit', 'new-customer', 'bogus'), at }),
    fc.record({ kind: fc.constant('redeem' as const), key, person, item: fc.constantFrom('gift', 'leave', 'training'), at }),
    fc.record({ kind: fc.constant('reverse' as const), key, reverses: key, at }),
  );
  type Op = { kind: 'earn'; key: string; person: string; type: string; at: string }
    | { kind: 'redeem'; key: string; person: string; item: string; at: string }
    | { kind: 'reverse'; key: string; reverses: string; at: string };
  const apply = (l: Ledger, o: Op) => (o.kind === 'earn' ? l.earn(o) : o.kind === 'redeem' ? l.redeem(o) : l.reverse(o));

  it('no balance is ever negative, on any day, whatever is submitted', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
      const l = ledger();
      for (const o of ops) apply(l, o as Op);
      for (const p of ['a', 'b', 'c']) {
        for (let d = 1; d <= 28; d++) expect(l.balance(p, `2026-04-${String(d).padStart(2, '0')}`)).toBeGreaterThanOrEqual(0);
      }
      expect(new Set(l.entries.map((e) => e.key)).size).toBe(l.entries.length);
    }), { seed: 11, numRuns: 300 });
  });

  it('submitting everything twice changes nothing (idempotency)', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const once = ledger();
      for (const o of ops) apply(once, o as Op);
      const twice = ledger();
      for (const o of ops) { apply(twice, o as Op); apply(twice, o as Op); }
      expect(twice.entries).toEqual(once.entries);
      expect(twice.balances()).toEqual(once.balances());
    }), { seed: 12, numRuns: 300 });
  });
});

describe('points parameters', () => {
  it('are checked when the bundle loads, and the rules follow them', async () => {
    const { loadBundle } = await import('../../plugin/index.js');
    const { defaultBundleFiles } = await import('../support/default-bundle.js');
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    files['parameters/points.json'].parameters.points.events.dealSigned = 12.5;
    const bad = loadBundle(files);
    expect(!bad.ok && bad.problems.map((p) => p.pointer)).toEqual(['/parameters/points/events/dealSigned']);
    const changed = defaultBundle((f) => { f['parameters/points.json'].parameters.points.events.dealSigned = 80; });
    const r = createLedger(changed);
    if (!r.ok) throw new Error('ledger');
    expect(r.ledger.earn({ key: 'a', person: 'p', type: 'deal-signed', at: '2026-04-01' })).toMatchObject({ entry: { points: 80 } });
  });
});
