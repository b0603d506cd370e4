/**
 * Completion as a percentage next to its light (完成率显示), for every host: the CLI's
 * explanations, the board, the line table and the phasing screen all call `lightPercent`.
 *
 * The figure is actual / target computed exactly on the decimals given (fen amounts in yuan),
 * rounded half away from zero to `digits` places of a percent, except that it never crosses
 * the boundary that decided the light: if the rounded figure would fall on the other side of
 * a boundary, it is rounded toward the light's side instead. Under green >= 90%, 89.99% is
 * yellow and shows "89.9%", never "90.0%"; under yellow >= 70%, 69.99% is red and shows
 * "69.9%"; under green > 80%, 80.001% is green and shows "80.1%".
 */
import { compare, decimalOf, div, fixedText, roundDirected, roundHalf, type Fraction } from '../rules/exact.js';
import type { Light, LightBoundaries } from './lights.js';

/** What a light was decided from (a LightExplanation has these fields). */
interface LightFigures {
  actual: number;
  target: number | null;
  boundaries: LightBoundaries;
  light: Light;
  /** The completion-rate rule's value; null (no rate: grey without data, a failed rule) shows "—". */
  rate?: number | null;
}

interface PercentOptions {
  /** Places after the percent's decimal point (default 1: "89.9%"). */
  digits?: number;
  /** Drop trailing zeros ("90%" rather than "90.0%"), as explanations write. */
  trim?: boolean;
}

interface Side {
  from: Fraction;
  /** The figure must lie above `from` (else below it). */
  above: boolean;
  /** `from` itself is on this side. */
  inclusive: boolean;
}

const fraction = (x: number): Fraction => decimalOf(x) ?? { n: 0n, d: 1n };

/** The sides of each boundary a light lies on (none for grey). */
function sidesOf(light: Light, b: LightBoundaries): Side[] {
  const green = fraction(b.green.from), yellow = fraction(b.yellow.from);
  const aboveGreen: Side = { from: green, above: true, inclusive: b.green.inclusive };
  const belowGreen: Side = { from: green, above: false, inclusive: !b.green.inclusive };
  const aboveYellow: Side = { from: yellow, above: true, inclusive: b.yellow.inclusive };
  const belowYellow: Side = { from: yellow, above: false, inclusive: !b.yellow.inclusive };
  switch (light) {
    case 'green': return [aboveGreen];
    case 'yellow': return [belowGreen, aboveYellow];
    case 'red': return [belowYellow];
    default: return [];
  }
}

const holds = (rate: Fraction, s: Side): boolean => {
  const c = compare(rate, s.from);
  return c === 0 ? s.inclusive : (c > 0) === s.above;
};

function text(percent: Fraction, digits: number, trim: boolean): string {
  let t = fixedText(percent, digits);
  if (trim && t.includes('.')) t = t.replace(/0+$/, '').replace(/\.$/, '');
  return `${t === '-0' ? '0' : t}%`;
}

/**
 * `rate` (1 = 100%) as a percentage with `digits` places that stays on `sides` of their
 * boundaries; more places are used only when a boundary lies between two figures of `digits`.
 */
function percentOnSide(rate: Fraction, sides: readonly Side[], options: PercentOptions = {}): string {
  const base = options.digits ?? 1;
  const trim = options.trim ?? false;
  const pct = { n: rate.n * 100n, d: rate.d };
  for (let digits = base; digits <= base + 8; digits++) {
    let shown = roundHalf(pct, digits);
    const back = (f: Fraction): Fraction => ({ n: f.n, d: f.d * 100n });
    const broken = sides.find((s) => !holds(back(shown), s));
    if (broken) shown = roundDirected(pct, digits, broken.above);
    if (sides.every((s) => holds(back(shown), s))) return text(shown, digits, trim);
  }
  return text(roundDirected(pct, base, false), base, trim);
}

/** The exact completion actual / target, or null without a positive target. */
function exactCompletion(actual: number, target: number | null): Fraction | null {
  if (target === null || !(target > 0)) return null;
  const a = decimalOf(actual), t = decimalOf(target);
  return a && t ? div(a, t) : null;
}

/**
 * The completion shown with a light: "89.9%" for a yellow 89.99% under green >= 90%; "—"
 * without a positive target or without a rate. Grey lights show the plain rounded figure.
 * Hosts pass a UnitProgress's `explanation.base` (or `.stretch`).
 */
export function lightPercent(f: LightFigures, options: PercentOptions = {}): string {
  const rate = f.rate === null ? null : exactCompletion(f.actual, f.target);
  if (rate === null) return '—';
  return percentOnSide(rate, sidesOf(f.light, f.boundaries), options);
}
