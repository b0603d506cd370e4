/**
 * Exact decisions at decimal boundaries (精确边界). A number in a rule is read as the decimal
 * a person wrote (its shortest representation: 1215916.92, 0.9), and arithmetic that feeds an
 * ordering comparison (`<` `<=` `>` `>=`) or `round` is carried out on those decimals as exact
 * fractions (BigInt numerator / denominator) instead of binary doubles. So
 * `{">=": [{"/": [90000.9, 100001]}, 0.9]}` is true (the double quotient is 0.8999999999999999)
 * and `{"<": [0.7, {"-": [0.75, 0.05]}]}` is false.
 *
 * What the rule returns is still json-logic-js's value: `/` still returns the double; only the
 * decision of a comparison (and the digits `round` keeps) follow the exact value. When any
 * operand is not a finite number (text, null, an array, NaN) or a divisor is 0, nothing is
 * exact and the comparison runs on the doubles exactly as json-logic-js does. This is the one
 * deliberate deviation from json-logic-js; `createEngine({ exactComparisons: false })` turns it
 * off (the differential test runs both ways).
 */
import type { CompiledArg, Exact, ExactEvaluate, Fraction } from './types.js';

export type { Exact, ExactEvaluate, Fraction } from './types.js';

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[k]!;
}

/**
 * The decimal a finite number prints as (Number#toString, the shortest text that reads back
 * as the same double), as a fraction; null for anything else. Fen amounts in yuan (k / 100)
 * and thresholds such as 0.9 come back as exactly the decimal that was written.
 */
export function decimalOf(x: unknown): Fraction | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  if (Number.isInteger(x) && Number.isSafeInteger(x)) return { n: BigInt(x), d: 1n };
  const text = x.toString();
  const e = text.indexOf('e');
  const mantissa = e < 0 ? text : text.slice(0, e);
  let exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf('.');
  let digits = mantissa;
  if (dot >= 0) {
    digits = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
    exponent -= mantissa.length - dot - 1;
  }
  const n = BigInt(digits);
  return exponent >= 0 ? { n: n * pow10(exponent), d: 1n } : { n, d: pow10(-exponent) };
}

export const add = (a: Fraction, b: Fraction): Fraction =>
  (a.d === b.d ? { n: a.n + b.n, d: a.d } : { n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const sub = (a: Fraction, b: Fraction): Fraction =>
  (a.d === b.d ? { n: a.n - b.n, d: a.d } : { n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
export const neg = (a: Fraction): Fraction => ({ n: -a.n, d: a.d });
/** a / b, or null when b is 0. */
export function div(a: Fraction, b: Fraction): Fraction | null {
  if (b.n === 0n) return null;
  return b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compare(a: Fraction, b: Fraction): number {
  const l = a.n * b.d, r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * Round half away from zero to `decimals` places (negative: tens, hundreds...), as a number:
 * the decimal result read back as the nearest double, so it prints as the digits kept.
 */
export function roundFraction(q: Fraction, decimals: number): number {
  const negative = q.n < 0n;
  const n = negative ? -q.n : q.n;
  let num = n, den = q.d;
  if (decimals >= 0) num *= pow10(decimals); else den *= pow10(-decimals);
  const k = (2n * num + den) / (2n * den);
  if (k === 0n) return 0;
  const out = Number(`${k}e${-decimals}`);
  return negative ? -out : out;
}

/** a / b rounded half away from zero on the exact decimals; null when b is 0 or either is not finite. */
export function roundedRatio(a: number, b: number, decimals: number): number | null {
  const fast = roundedRatioFast(a, b, decimals);
  if (fast !== undefined) return fast;
  return roundedRatioExact(a, b, decimals);
}

/** `roundedRatio` on the exact decimals, always (the reference the fast path is tested against). */
export function roundedRatioExact(a: number, b: number, decimals: number): number | null {
  const x = decimalOf(a), y = decimalOf(b);
  const q = x && y ? div(x, y) : null;
  return q ? roundFraction(q, decimals) : null;
}

/**
 * `roundedRatio` in floating point when that cannot differ from the exact decimals: the
 * scaled quotient is then far from a half (the only place where rounding can go either way),
 * by a margin well above the few ulps that binary operands and two roundings can be off.
 * The result k / 10^decimals is one correctly rounded division of two exact integers, the same
 * double as the exact path's Number("ke-decimals"). Undefined: take the exact path (a boundary
 * case, large figures, or b zero or not finite). A track of 60,000 units computes millions of
 * weekly rates; the exact path costs microseconds each in BigInt.
 */
function roundedRatioFast(a: number, b: number, decimals: number): number | null | undefined {
  if (!(decimals >= 0 && decimals <= 15) || !Number.isInteger(decimals) || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  // a subnormal's shortest decimal is far from its binary value (5e-324 is 2^-1074): exact path
  if (!(Math.abs(b) >= 1e-300) || (a !== 0 && !(Math.abs(a) >= 1e-300))) return undefined;
  const q = a / b;
  const m = Math.abs(q) * FLOAT_POW10[decimals]!;
  if (!(m < 1e15)) return undefined;
  const whole = Math.floor(m);
  const f = m - whole;
  if (Math.abs(f - 0.5) <= m * 1e-13 + 1e-13) return undefined;
  const k = f > 0.5 ? whole + 1 : whole;
  if (k === 0) return 0;
  const out = k / FLOAT_POW10[decimals]!;
  return q < 0 ? -out : out;
}

const FLOAT_POW10 = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/** Round half away from zero to `decimals` (>= 0) places, as k / 10^decimals. */
export function roundHalf(q: Fraction, decimals: number): Fraction {
  const negative = q.n < 0n;
  const num = (negative ? -q.n : q.n) * pow10(decimals);
  const k = (2n * num + q.d) / (2n * q.d);
  return { n: negative ? -k : k, d: pow10(decimals) };
}

/** Round toward -Infinity (floor) or +Infinity (ceil) to `decimals` (>= 0) places, as k / 10^decimals. */
export function roundDirected(q: Fraction, decimals: number, up: boolean): Fraction {
  const num = q.n * pow10(decimals), den = q.d;
  let k = num / den; // truncates toward 0
  const exact = k * den === num;
  if (!exact) {
    if (up && num > 0n) k += 1n;
    if (!up && num < 0n) k -= 1n;
  }
  return { n: k, d: pow10(decimals) };
}

/** The decimal text of n / 10^decimals with exactly `decimals` places. */
export function fixedText(q: Fraction, decimals: number): string {
  // q.d is 10^decimals here
  const negative = q.n < 0n;
  const digits = (negative ? -q.n : q.n).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${negative && q.n !== 0n ? '-' : ''}${whole}${decimals > 0 ? `.${frac}` : ''}`;
}

/** The exact evaluator of an argument: its operator's own, or its value read as a decimal. */
export function exactOf(a: CompiledArg): ExactEvaluate {
  if (a.exact) return a.exact;
  if (a.constant && !Array.isArray(a.value)) {
    const r: Exact = { v: a.value, q: decimalOf(a.value) };
    return () => r;
  }
  const f = a.evaluate;
  return (d) => {
    const v = f(d);
    return { v, q: decimalOf(v) };
  };
}

/** Whether an argument is computed by exact arithmetic (so a comparison on it has something to gain). */
export function hasExact(a: CompiledArg | undefined): boolean {
  return a?.exact !== undefined;
}
