/**
 * Exact boundaries (issue 16, item 1): the light of actual / target equals the one computed in
 * exact rational arithmetic on the fen amounts (BigInt), under both presets; the percentage
 * shown with a light (board, line table, explanations: lightPercent) never crosses the
 * boundary that decided the light. On the binary-double engine, exactly 90% was yellow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTracker, lightPercent, type Light } from '../../plugin/index.js';
import { defaultBundle } from './support.js';

const bundle = defaultBundle();

function trackerOf(preset: string) {
  const r = createTracker(bundle, { preset });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.tracker;
}

interface Boundary { from: bigint; inclusive: boolean } // from in ten-thousandths
const PRESETS: Record<string, { green: Boundary; yellow: Boundary }> = {
  'red60-yellow80': { green: { from: 8000n, inclusive: false }, yellow: { from: 6000n, inclusive: true } },
  'green90-yellow70': { green: { from: 9000n, inclusive: true }, yellow: { from: 7000n, inclusive: true } },
};

/** a / t against from / 10000, in integers: a·10000 vs from·t. */
function reaches(a: bigint, t: bigint, b: Boundary): boolean {
  const l = a * 10000n, r = b.from * t;
  return b.inclusive ? l >= r : l > r;
}

function exactLight(aFen: bigint, tFen: bigint, preset: string): Light {
  const p = PRESETS[preset]!;
  if (tFen <= 0n) return 'grey';
  return reaches(aFen, tFen, p.green) ? 'green' : reaches(aFen, tFen, p.yellow) ? 'yellow' : 'red';
}

/** "89.9%" → 8990 / 10000 as [numerator, denominator] of the fraction it shows. */
function shownFraction(text: string): [bigint, bigint] {
  const m = /^(-?\d+)(?:\.(\d+))?%$/.exec(text);
  if (!m) throw new Error(`not a percentage: ${text}`);
  const decimals = m[2] ?? '';
  return [BigInt(m[1]! + decimals), 100n * 10n ** BigInt(decimals.length)];
}

/** The light a shown percentage would get: it must be the light it is shown with. */
function lightOfShown(text: string, preset: string): Light {
  const [n, d] = shownFraction(text);
  return exactLight(n, d, preset);
}

const yuan = (fen: bigint) => Number(fen) / 100;

describe.each(Object.keys(PRESETS))('preset %s: lights are exact on fen amounts', (preset) => {
  const tracker = trackerOf(preset);
  const boundaries = Object.values(PRESETS[preset]!).map((b) => b.from);

  // targets up to 10 billion yuan; actuals anywhere, or within a few fen of a boundary
  const target = fc.bigInt({ min: 1n, max: 1_000_000_000_000n });
  const pair = target.chain((t) => fc.oneof(
    fc.bigInt({ min: 0n, max: 2n * t }).map((a) => [a, t] as const),
    fc.tuple(fc.constantFrom(...boundaries), fc.bigInt({ min: -3n, max: 3n }))
      .map(([from, delta]) => [(from * t) / 10000n + delta, t] as const)
      .filter(([a]) => a >= 0n),
  ));

  it('the light equals the exact rational one, and its percentage stays on its side', () => {
    fc.assert(fc.property(pair, ([a, t]) => {
      const { light, explanation } = tracker.light(yuan(a), yuan(t));
      const expected = exactLight(a, t, preset);
      expect(light).toBe(expected);
      for (const digits of [0, 1, 2]) {
        const shown = lightPercent(explanation, { digits });
        expect(lightOfShown(shown, preset), `${shown} shown for ${a}/${t}`).toBe(expected);
      }
      const inText = /完成率 (\S+%)/.exec(explanation.branch.zh)?.[1];
      expect(inText && lightOfShown(inText, preset), explanation.branch.zh).toBe(expected);
    }), { numRuns: 3000, seed: 16 });
  });
});

describe('boundary tables', () => {
  // actual and target in yuan, the light, the board's figure (1 place), the explanation's branch
  const green90: Array<[number, number, Light, string, string]> = [
    [1_215_916.92, 1_351_018.80, 'green', '90.0%', '完成率 90% ≥ 90%：绿灯'],
    [90_000.90, 100_001, 'green', '90.0%', '完成率 90% ≥ 90%：绿灯'],
    [89_990, 100_000, 'yellow', '89.9%', '完成率 89.99% 未达绿灯（≥ 90%），但 ≥ 70%：黄灯'],
    [89_999.99, 100_000, 'yellow', '89.9%', '完成率 89.99% 未达绿灯（≥ 90%），但 ≥ 70%：黄灯'],
    [720.93, 1029.9, 'yellow', '70.0%', '完成率 70% 未达绿灯（≥ 90%），但 ≥ 70%：黄灯'],
    [70_000, 100_000, 'yellow', '70.0%', '完成率 70% 未达绿灯（≥ 90%），但 ≥ 70%：黄灯'],
    [69_990, 100_000, 'red', '69.9%', '完成率 69.99% 未达黄灯（≥ 70%）：红灯'],
    [69_999.99, 100_000, 'red', '69.9%', '完成率 69.99% 未达黄灯（≥ 70%）：红灯'],
    [0, 100, 'red', '0.0%', '完成率 0% 未达黄灯（≥ 70%）：红灯'],
    [120_000, 100_000, 'green', '120.0%', '完成率 120% ≥ 90%：绿灯'],
  ];
  const default80: Array<[number, number, Light, string, string]> = [
    [823.08, 1028.85, 'yellow', '80.0%', '完成率 80% 未达绿灯（> 80%），但 ≥ 60%：黄灯'],
    [80_000, 100_000, 'yellow', '80.0%', '完成率 80% 未达绿灯（> 80%），但 ≥ 60%：黄灯'],
    [79_999.99, 100_000, 'yellow', '80.0%', '完成率 80% 未达绿灯（> 80%），但 ≥ 60%：黄灯'],
    [80_000.01, 100_000, 'green', '80.1%', '完成率 80.01% > 80%：绿灯'],
    [614.79, 1024.65, 'yellow', '60.0%', '完成率 60% 未达绿灯（> 80%），但 ≥ 60%：黄灯'],
    [59_999.99, 100_000, 'red', '59.9%', '完成率 59.99% 未达黄灯（≥ 60%）：红灯'],
    [59_990, 100_000, 'red', '59.9%', '完成率 59.99% 未达黄灯（≥ 60%）：红灯'],
  ];
  it.each([
    ...green90.map((row) => ['green90-yellow70', ...row] as const),
    ...default80.map((row) => ['red60-yellow80', ...row] as const),
  ])('%s: %s / %s is %s, shown %s', (preset, actual, target, light, shown, branch) => {
    const r = trackerOf(preset).light(actual, target);
    expect(r.light).toBe(light);
    expect(lightPercent(r.explanation)).toBe(shown);
    expect(r.explanation.branch.zh).toBe(branch);
  });

  it('the default lights are the 80/60 preset', () => {
    const r = createTracker(bundle);
    if (!r.ok) throw new Error('tracker');
    expect(r.tracker.light(823.08, 1028.85).light).toBe('yellow');
    expect(r.tracker.light(614.79, 1024.65).light).toBe('yellow');
  });

  it('shows "—" without a target or a rate, the plain figure for grey', () => {
    const { explanation } = trackerOf('green90-yellow70').light(5, null);
    expect(lightPercent(explanation)).toBe('—');
    expect(lightPercent({ ...explanation, target: 100, light: 'grey', rate: 0.05 })).toBe('5.0%');
    expect(lightPercent({ ...explanation, target: 100, light: 'grey', rate: null })).toBe('—');
  });
});
