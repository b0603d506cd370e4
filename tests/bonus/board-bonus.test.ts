/** Each rep's bonus over a board (boardBonuses): the bonus simulator's figures, for the reps asked for. */
import { describe, expect, it } from 'vitest';
import { boardBonuses, createBonusSimulator, type BoardUnit, type ProgressBoard } from '../../plugin/index.js';
import { defaultBundle } from '../tracking/support.js';

const bundle = defaultBundle();
const unit = (id: string, level: string, base: string | null, stretch: string | null, actual: string): BoardUnit => ({
  id, parentId: level === 'rep' ? 't1' : null, name: id, level, base, stretch, actual, gapBase: null, gapStretch: null, runRateBase: null,
  completionBase: '', completionStretch: '', light: 'grey', lightStretch: 'grey', reason: null, pace: null, paceText: null, timeElapsed: '', children: [], weeks: [],
});
const board: ProgressBoard = {
  period: '2026-H1', targetsPeriod: { key: '2026-H1', message: { zh: '', en: '' } }, asOf: '2026-05-15', weeks: [],
  units: [unit('t1', 'team', '2000000.00', '2400000.00', '1500000.00'), unit('r1', 'rep', '800000.00', '1200000.00', '1000000.00'), unit('r2', 'rep', '600000.00', '700000.00', '100.00'), unit('r3', 'rep', null, null, '5.00')],
};

describe('boardBonuses', () => {
  it('gives each rep with a Base his bonus at his actual, Base and Stretch, as the simulator computes it', () => {
    const made = boardBonuses(bundle, board);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.reps.map((r) => r.id)).toEqual(['r1', 'r2']);
    const sim = createBonusSimulator(bundle);
    if (!sim.ok) throw new Error('simulator');
    const at = (result: number) => { const r = sim.simulator.simulate({ base: 80_000_000, stretch: 120_000_000, result }); if (!r.ok) throw new Error(); return r.result.bonus; };
    const r1 = made.reps[0]!;
    expect([r1.atActual, r1.atBase, r1.atStretch]).toEqual([at(100_000_000), at(80_000_000), at(120_000_000)].map((f) => (f / 100).toFixed(2)));
    expect(r1.atActual).toBe('16000.00');
    expect(r1.explanation.en).toBe('10,000 + 6,000 + 0 = 16,000');
    expect(made.reps[1]!.atActual).toBe('0.00');
  });

  it('keeps to the reps asked for, and gives one rep\'s expected result with its curve', () => {
    const made = boardBonuses(bundle, board, { units: new Set(['r1']), expected: { unit: 'r1', result: 130_000_000 } });
    expect(made.ok && made.reps.map((r) => r.id)).toEqual(['r1']);
    if (!made.ok) return;
    const e = made.reps[0]!.expected!;
    expect(e.result).toBe('1300000.00');
    expect(e.points).toHaveLength(11);
    expect(e.points[0]).toEqual({ result: '0.00', bonus: '0.00' });
    // more result never pays less
    expect(e.points.every((p, i) => i === 0 || Number(p.bonus) >= Number(e.points[i - 1]!.bonus))).toBe(true);
    expect(Number(e.bonus)).toBeGreaterThan(Number(made.reps[0]!.atStretch));
  });
});
