/**
 * `round` (四舍五入): half away from zero on the decimal digits a person sees, so
 * round(1.005, 2) is 1.01 although the double 1.005 is slightly below it. We round the
 * shortest decimal representation (Number#toString) as text instead of scaling by 10^n.
 */
import { prim } from '../coerce.js';
import { RULE_BAD_ARGUMENT, ruleError, runtimeError } from '../errors.js';
import { roundExact, roundNumberFast } from '../exact.js';
import { builtin, type Builtin } from '../operators/define.js';

const MAX_DECIMALS = 15;

/** "0999" → "1000", "" → "1". */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return '1' + '0'.repeat(digits.length);
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - i - 1);
}

export function roundHalfAway(x: number, decimals: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const text = Math.abs(x).toString();
  const [mantissa, exponent] = text.split('e') as [string, string | undefined];
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point sits among `digits`, then how many leading digits survive.
  const point = (dot < 0 ? mantissa.length : dot) + (exponent ? Number(exponent) : 0);
  const keep = point + decimals;
  if (keep >= digits.length) return x;
  if (keep < 0) return 0;
  const kept = digits.slice(0, keep);
  const rounded = digits.charCodeAt(keep) >= 53 /* '5' */ ? increment(kept) : kept || '0';
  const magnitude = Number(`${rounded}e${point - keep}`);
  return magnitude === 0 ? 0 : x < 0 ? -magnitude : magnitude;
}

/**
 * `roundHalfAway` on the double when that decides it (the scaled number is clearly off a half:
 * exact.ts's fast path), on the digits otherwise: the same number, without the text.
 */
function roundNumber(x: number, decimals: number): number {
  return roundNumberFast(x, decimals) ?? roundHalfAway(x, decimals);
}

const BAD_DECIMALS = {
  zh: `round 的小数位数必须是 -${MAX_DECIMALS} 到 ${MAX_DECIMALS} 之间的整数`,
  en: `round: the number of decimals must be an integer from -${MAX_DECIMALS} to ${MAX_DECIMALS}`,
};

function validDecimals(n: unknown): n is number {
  return Number.isInteger(n) && Math.abs(n as number) <= MAX_DECIMALS;
}

export const round: Builtin = builtin('round', {
  pure: true,
  arity: { min: 1, max: 2 },
  doc: {
    summary: {
      zh: '[x, 小数位数]：四舍五入（远离零），按十进制数字计算：round(1.005, 2) = 1.01。位数缺省为 0，可为负（-2 表示到百位）。x 按 JavaScript 转成数字。',
      en: '[x, decimals]: round half away from zero on decimal digits: round(1.005, 2) = 1.01. Decimals default to 0 and may be negative (-2 rounds to hundreds). x is read as a JavaScript number.',
    },
    examples: [
      { logic: { round: [1.005, 2] }, expect: 1.01 },
      { logic: { round: [2.675, 2] }, expect: 2.68 },
      { logic: { round: [-2.5] }, expect: -3 },
      { logic: { round: [1234.5, -2] }, expect: 1200 },
    ],
  },
  compile: (args, { limits, pointer, exact }) => {
    const m = limits.maxResultLength;
    const num = (v: unknown): number => (typeof v === 'number' ? v : +(prim(v, m, pointer) as number));
    const x0 = args[0]!;
    // Arithmetic beneath (a ratio, a quotient) is rounded on its exact decimal value (exact.ts):
    // round(90000.9 / 100001, 4) is 0.9 and round(0.12345 as a quotient, 4) 0.1235.
    const E = exact && x0.exact ? x0.exact : undefined;
    const roundOf = E
      ? (d: unknown, decimals: number) => { const e = E(d); return e.e === e.e ? roundExact(e, decimals) : roundNumber(num(e.v), decimals); }
      : (d: unknown, decimals: number) => roundNumber(num(x0.evaluate(d)), decimals);
    const n = args[1];
    if (!n || n.constant) {
      const decimals = n ? n.value : 0;
      if (!validDecimals(decimals)) throw ruleError(RULE_BAD_ARGUMENT, BAD_DECIMALS, n!.pointer);
      return (d) => roundOf(d, decimals);
    }
    const N = n.evaluate;
    if (!E) {
      const X = x0.evaluate;
      return (d) => {
        const x = num(X(d)), decimals = N(d);
        if (!validDecimals(decimals)) throw runtimeError(BAD_DECIMALS, pointer);
        return roundNumber(x, decimals);
      };
    }
    return (d) => {
      const e = E(d), decimals = N(d);
      if (!validDecimals(decimals)) throw runtimeError(BAD_DECIMALS, pointer);
      return e.e === e.e ? roundExact(e, decimals) : roundNumber(num(e.v), decimals);
    };
  },
});
