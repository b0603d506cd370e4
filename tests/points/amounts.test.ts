/**
 * Issue 20, item 6 (points): points are bounded like amounts. A parameter of 1e300 points passed
 * as "a whole number", and a rule an implementer wrote over a deal amount could post 1e297 or
 * 12.5 points; both are refused now, at `validate` and at the ledger.
 */
import { describe, expect, it } from 'vitest';
import { createLedger, loadBundle, type BundleFiles, type RuleDef } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

function files(change: (f: { rules: RuleDef[] }, params: { parameters: { points: { events: Record<string, number> } } }) => void): BundleFiles {
  const f = clone(defaultBundleFiles());
  change(f['rules/points.rules.json'] as { rules: RuleDef[] }, f['parameters/points.json'] as { parameters: { points: { events: Record<string, number> } } });
  return f;
}

describe('points are bounded', () => {
  it('a parameter of 1e300 points is refused with its pointer', () => {
    const r = loadBundle(files((_, p) => { p.parameters.points.events.dealSigned = 1e300; }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'PARAM_INVALID', file: 'parameters/points.json', pointer: '/parameters/points/events/dealSigned' }));
    expect(r.problems.find((p) => p.pointer === '/parameters/points/events/dealSigned')!.message.en).toBe('points for dealSigned must be a whole number from 0 to 1000000000');
  });

  it('the ledger refuses what a rule gives past the bound or in fractions', () => {
    const loaded = loadBundle(files((rules) => {
      const rule = rules.rules.find((x) => x.id === 'points-for-event')!;
      rule.inputs.push({ name: 'amount', type: 'number', required: false, description: { zh: '签约金额（元）', en: 'Deal amount (yuan)' } });
      // an implementer's rule: one point per 1,000 yuan of the deal, when the event carries an amount
      rule.logic = { if: [{ '>': [{ var: ['amount', 0] }, 0] }, { '/': [{ var: 'amount' }, 1000] }, rule.logic] };
    }));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const made = createLedger(loaded.bundle);
    if (!made.ok) throw new Error('ledger');
    const ledger = made.ledger;
    const earn = (key: string, amount: number) => ledger.earn({ key, person: 'wl', type: 'deal-signed', at: '2026-04-01', record: { amount } });
    expect(earn('k1', 1e300)).toMatchObject({ status: 'refused', problem: { code: 'POINTS_BAD_VALUE' } });
    expect(earn('k2', 12_500)).toMatchObject({ status: 'refused', problem: { code: 'POINTS_BAD_VALUE', message: { en: 'rule points-for-event must give whole points from 0 to 1000000000, gave 12.5' } } });
    expect(earn('k3', 30_000)).toMatchObject({ status: 'posted', entry: { points: 30 } });
    expect(ledger.balance('wl')).toBe(30);
  });
});
