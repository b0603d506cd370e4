/**
 * Exact decisions at decimal boundaries (精确边界). A number in a rule is read as the decimal
 * a person wrote (its shortest representation: 1215916.92, 0.9), and arithmetic that feeds an
 * ordering comparison (`<` `<=` `>` `>=`) or `round` is carried out on those decimals as exact
 * fractions (BigInt numerator / denominator) instead of binary doubles. So
 * `{">=": [{"/": [90000.9, 100001]}, 0.9]}` is true (the double quotient is 0.8999999999999999)
 * and `{"<": [0.7, {"-": [0.75, 0.05]}]}` is false. The fractions are built only where the
 * doubles cannot decide (the fast path below): the answer is the fractions' either way.
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
const sub = (a: Fraction, b: Fraction): Fraction =>
  (a.d === b.d ? { n: a.n - b.n, d: a.d } : { n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const mul = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });
const neg = (a: Fraction): Fraction => ({ n: -a.n, d: a.d });
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

/*
 * The fast path (快速判定): most decisions lie far from any boundary, and there the doubles
 * decide them as surely as the fractions. Each value carries a bound e on its distance from
 * its exact decimal X, relative to itself (|X − v| ≤ e·|v|), carried through the arithmetic:
 * a number read as its decimal is within half an ulp of it (2^-53 of it; a safe integer is
 * exact), and each operation adds its operands' bounds and its own rounding. A comparison
 * whose doubles differ by more than both bounds, or a rounding whose scaled double is farther
 * from a half than its bound, is decided on the doubles; only inside that narrow band are the
 * BigInt fractions built (`fractionOf`, from the operands the value keeps).
 * tests/rules/exact-fast.test.ts checks that both paths agree, on and next to boundaries.
 */

/** Half an ulp, relative: a normal double is within U·|x| of every real that rounds to it. */
const U = 2 ** -53;
/** Below this a double may be subnormal (no relative bound holds) or a bound may underflow. */
const TINY = 2 ** -900;
/** Past this an operand's bound is too loose for the first-order sums below: the fractions decide. */
const LOOSE = 2 ** -30;
/** Headroom on every bound, for its own rounding and the second-order terms left out. */
const SLACK = 1 + 2 ** -16;

const LEAF = 0, NEG = 1, SUB = 2, DIV = 3, ADD = 4, MUL = 5;

const node = (v: unknown, e: number, op: number, a: Exact | null, b: Exact | null, parts: readonly Exact[] | null): Exact =>
  ({ v, e, op, a, b, parts, q: undefined });

/** The bound of a number read as its decimal (see `Exact.e`). */
function leafBound(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return NaN;
  if (Number.isSafeInteger(v)) return 0;
  return Math.abs(v) >= TINY ? U : Infinity;
}

/** A value whose exact decimal is the one it prints as (a variable, a constant, what a non-arithmetic operator gave). */
export function leaf(v: unknown): Exact {
  return node(v, leafBound(v), LEAF, null, null, null);
}

/** A computed double's relative bound from its absolute one; Infinity where no relative bound holds (0 from cancellation, tiny, overflow). */
function relative(v: number, abs: number): number {
  if (v === 0) return abs === 0 ? 0 : Infinity;
  const m = Math.abs(v);
  return m >= TINY && m < Infinity ? (abs / m) * SLACK : Infinity;
}

/** A relative bound for a product or quotient that came out as r (operands nonzero). */
const scaled = (r: number, rel: number): number => (r !== 0 && Math.abs(r) >= TINY && Math.abs(r) < Infinity ? rel * SLACK : Infinity);

/** NaN when any operand has no exact value, Infinity when one has no usable bound, else -1: go on. */
function start(xs: readonly Exact[]): number {
  let loose = false;
  for (let i = 0; i < xs.length; i++) {
    const e = xs[i]!.e;
    if (e !== e) return NaN;
    if (!(e <= LOOSE)) loose = true;
  }
  return loose ? Infinity : -1;
}

/** Whether a + b or a · b of two integral doubles came out exact: a result that is a safe integer was not rounded. */
const exactInteger = (a: number, b: number, r: number): boolean => Number.isInteger(a) && Number.isInteger(b) && Number.isSafeInteger(r);

/** -x, with json-logic-js's value `v`. */
export function negated(x: Exact, v: unknown): Exact {
  return node(v, x.e, NEG, x, null, null);
}

/** x − y, with json-logic-js's value `v`. */
export function difference(x: Exact, y: Exact, v: unknown): Exact {
  if (x.e !== x.e || y.e !== y.e) return node(v, NaN, SUB, x, y, null);
  if (!(x.e <= LOOSE && y.e <= LOOSE)) return node(v, Infinity, SUB, x, y, null);
  const a = x.v as number, b = y.v as number, r = v as number;
  const abs = Math.abs(a) * x.e + Math.abs(b) * y.e + (exactInteger(a, b, r) ? 0 : U * Math.abs(r));
  return node(v, relative(r, abs), SUB, x, y, null);
}

/** The sum of `parts` in order from 0, with json-logic-js's value `v`. */
export function sum(parts: readonly Exact[], v: unknown): Exact {
  const e0 = start(parts);
  if (e0 !== -1) return node(v, e0, ADD, null, null, parts);
  let s = 0, abs = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!, x = p.v as number, next = s + x;
    abs += Math.abs(x) * p.e + (exactInteger(s, x, next) ? 0 : U * Math.abs(next));
    s = next;
  }
  return node(v, relative(v as number, abs), ADD, null, null, parts);
}

/** The product of `parts` in order, with json-logic-js's value `v`. */
export function product(parts: readonly Exact[], v: unknown): Exact {
  const e0 = start(parts);
  if (e0 !== -1) return node(v, e0, MUL, null, null, parts);
  // relative bounds add (to first order: each is below LOOSE, and so is their sum); a zero
  // operand makes X zero, but v is NaN when the product had overflowed before it (1e200·1e200·0)
  let rel = 0, p = 1;
  for (let i = 0; i < parts.length; i++) {
    const x = parts[i]!.v as number;
    if (x === 0) return node(v, v === 0 ? 0 : Infinity, MUL, null, null, parts);
    const next = i === 0 ? x : p * x;
    // a running product that went subnormal (1e-160·1e-160) lost digits no relative bound covers,
    // though a later factor brings it back (·1e300): the fractions decide
    if (!(Math.abs(next) >= TINY)) return node(v, Infinity, MUL, null, null, parts);
    rel += parts[i]!.e + (i === 0 || exactInteger(p, x, next) ? 0 : U);
    if (!(rel <= LOOSE)) return node(v, Infinity, MUL, null, null, parts);
    p = next;
  }
  return node(v, rel === 0 && Number.isSafeInteger(v) ? 0 : scaled(v as number, rel), MUL, null, null, parts);
}

/** x / y, with json-logic-js's value `v`; there is no exact value when y's is 0. */
export function quotient(x: Exact, y: Exact, v: unknown): Exact {
  if (x.e !== x.e || y.e !== y.e) return node(v, NaN, DIV, x, y, null);
  // y's exact value is 0 exactly when its double is (its bound is relative), unless the bound is loose
  if (!(y.e <= LOOSE)) return node(v, fractionOf(y)!.n === 0n ? NaN : Infinity, DIV, x, y, null);
  if (y.v === 0) return node(v, NaN, DIV, x, y, null);
  if (!(x.e <= LOOSE)) return node(v, Infinity, DIV, x, y, null);
  if (x.v === 0) return node(v, 0, DIV, x, y, null);
  return node(v, scaled(v as number, x.e + y.e + U), DIV, x, y, null);
}

/** The exact decimal value of x as a fraction (computed once, then kept), or null when it has none. */
function fractionOf(x: Exact): Fraction | null {
  if (x.q !== undefined) return x.q;
  let q: Fraction | null = null;
  switch (x.op) {
    case LEAF: q = decimalOf(x.v); break;
    case NEG: { const a = fractionOf(x.a!); q = a ? neg(a) : null; break; }
    case SUB: { const a = fractionOf(x.a!), b = fractionOf(x.b!); q = a && b ? sub(a, b) : null; break; }
    case DIV: { const a = fractionOf(x.a!), b = fractionOf(x.b!); q = a && b ? div(a, b) : null; break; }
    case ADD: {
      q = { n: 0n, d: 1n };
      for (const p of x.parts!) { const f = fractionOf(p); q = q && f ? add(q, f) : null; }
      break;
    }
    case MUL: {
      const ps = x.parts!;
      q = fractionOf(ps[0]!);
      for (let i = 1; i < ps.length; i++) { const f = fractionOf(ps[i]!); q = q && f ? mul(q, f) : null; }
      break;
    }
  }
  x.q = q;
  return q;
}

/**
 * -1, 0 or 1 as x's exact value is below, equal to or above y's; both must have one (e not
 * NaN). On the doubles when they differ by more than both bounds, else on the fractions.
 */
export function compareExact(x: Exact, y: Exact): number {
  const a = x.v as number, b = y.v as number;
  if (x.e === 0 && y.e === 0) return a < b ? -1 : a > b ? 1 : 0;
  const gap = a - b;
  // NaN (a loose bound times 0) or Infinity never passes: the fractions decide
  const bound = (Math.abs(a) * x.e + Math.abs(b) * y.e) * SLACK;
  if (gap > bound) return 1;
  if (-gap > bound) return -1;
  return compare(fractionOf(x)!, fractionOf(y)!);
}

/** The same decision on the fractions alone (the reference the fast path is tested against). */
export function compareOnFractions(x: Exact, y: Exact): number {
  return compare(fractionOf(x)!, fractionOf(y)!);
}

const FLOAT_POW10 = Array.from({ length: 16 }, (_, i) => Number(`1e${i}`));

/**
 * `roundFraction` of an exact value X known as the double v within e·|v|, decided on v when it
 * can be: the scaled double lies farther from a half than the bound (the only place where the
 * rounding can go either way). The result k / 10^decimals is one correctly rounded operation on
 * two exact integers, the same double as Number("ke-decimals"). Undefined: take the fractions.
 */
function roundFast(v: number, e: number, decimals: number): number | undefined {
  if (!(e <= LOOSE) || !Number.isInteger(decimals)) return undefined;
  const scale = FLOAT_POW10[decimals < 0 ? -decimals : decimals];
  if (scale === undefined) return undefined;
  const m = decimals >= 0 ? Math.abs(v) * scale : Math.abs(v) / scale;
  if (!(m < 2 ** 51)) return undefined;
  const whole = Math.floor(m);
  const f = m - whole;
  // X·10^d lies within e·m, and the scaling's one rounding, of m
  if (!(Math.abs(f - 0.5) > (e + 2 * U) * m * SLACK)) return undefined;
  const k = f > 0.5 ? whole + 1 : whole;
  if (k === 0) return 0;
  const out = decimals >= 0 ? k / scale : k * scale;
  return v < 0 ? -out : out;
}

/** x's exact value rounded half away from zero to `decimals` places (x must have one: e not NaN). */
export function roundExact(x: Exact, decimals: number): number {
  return roundFast(x.v as number, x.e, decimals) ?? roundFraction(fractionOf(x)!, decimals);
}

/** `roundExact` on the fractions alone (the reference the fast path is tested against). */
export function roundOnFractions(x: Exact, decimals: number): number {
  return roundFraction(fractionOf(x)!, decimals);
}

/** A finite number rounded as roundFraction(decimalOf(x)) rounds it, when the double decides; else undefined. */
export function roundNumberFast(x: number, decimals: number): number | undefined {
  const e = leafBound(x);
  return e === e ? roundFast(x, e, decimals) : undefined;
}

/** a / b rounded half away from zero on the exact decimals; null when b is 0 or either is not finite. */
export function roundedRatio(a: number, b: number, decimals: number): number | null {
  const ea = leafBound(a), eb = leafBound(b);
  // the quotient's bound as `quotient` gives it, without the values built (millions of weekly rates)
  if (ea <= LOOSE && eb <= LOOSE && b !== 0) {
    const q = a / b;
    const fast = roundFast(q, a === 0 ? 0 : scaled(q, ea + eb + U), decimals);
    if (fast !== undefined) return fast;
  }
  return roundedRatioExact(a, b, decimals);
}

/** `roundedRatio` on the exact decimals, always (the reference the fast path is tested against). */
export function roundedRatioExact(a: number, b: number, decimals: number): number | null {
  const x = decimalOf(a), y = decimalOf(b);
  const q = x && y ? div(x, y) : null;
  return q ? roundFraction(q, decimals) : null;
}

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
    const r = leaf(a.value);
    fractionOf(r); // shared by every run: its fraction made once, here
    return () => r;
  }
  const f = a.evaluate;
  return (d) => leaf(f(d));
}

/** Whether an argument is computed by exact arithmetic (so a comparison on it has something to gain). */
export function hasExact(a: CompiledArg | undefined): boolean {
  return a?.exact !== undefined;
}
