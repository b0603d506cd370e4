/**
 * Money is exact: amounts are integers of 分 (fen, 1/100 yuan) inside, yuan with at most two
 * decimals in files and on the command line. Splitting an amount uses the largest-remainder
 * method with a deterministic tie-break, so the parts always sum exactly to the whole.
 */
import type { Localized } from '../problems.js';

/** Integer fen, never beyond ±MAX_FEN when it came through `readAmount`. */
export type Fen = number;

/**
 * The largest amount, 9 999 999 999 999.99 yuan (just under 10 万亿元), in fen. Not 2^53: every
 * host prints yuan as a JSON number with two decimals, and only decimals of at most 15
 * significant digits survive a trip through a double, so beyond this a printed company total
 * no longer equals the sum of its printed children.
 */
export const MAX_FEN: Fen = 999_999_999_999_999;

const YUAN = /^\s*([-+])?(\d+)(?:\.(\d{1,2}))?\s*$/;
const DECIMALS = /^\s*[-+]?\d+\.\d{3,}\s*$/;

type AmountRead = { ok: true; fen: Fen } | { ok: false; reason: Localized };

/**
 * The one reader of an amount, wherever it comes in (a table cell, a flag, a flow payload, an
 * API argument): yuan as text or a number ("1200", "1200.5", 1200.05), at most two decimals,
 * within ±MAX_FEN, not negative unless `negative` is set. Refuses thousands separators,
 * exponents, NaN, Infinity and anything else, with the reason in zh and en (callers add the place).
 */
export function readAmount(value: unknown, options: { negative?: boolean } = {}): AmountRead {
  const bad = (zh: string, en: string): AmountRead => ({ ok: false, reason: { zh, en } });
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return bad('不是有限的数', 'is not a finite number');
    text = String(value);
    if (/e/i.test(text)) return Math.abs(value) >= 1 ? tooLarge() : bad('最多两位小数', 'has more than 2 decimals');
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return bad('不是金额（元）', 'is not an amount in yuan');
  }
  const m = YUAN.exec(text);
  if (!m) {
    return DECIMALS.test(text) ? bad('最多两位小数', 'has more than 2 decimals') : bad('不是金额（元，最多两位小数）', 'is not an amount in yuan (at most 2 decimals)');
  }
  // more than 13 integer digits cannot be within MAX_FEN; checked on the text so no digit is lost
  const whole = (m[2] as string).replace(/^0+(?=\d)/, '');
  if (whole.length > 13) return tooLarge();
  const fen = Number(whole) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (fen > MAX_FEN) return tooLarge();
  if (m[1] === '-' && fen !== 0) {
    return options.negative ? { ok: true, fen: -fen } : bad('不能为负', 'must not be negative');
  }
  return { ok: true, fen };
}

/**
 * The plain form of an amount as fen, without an outcome object: optional '-', 1 to 13 digits,
 * optionally '.' and 1 or 2 digits, nothing else (no spaces, no '+'). Undefined for any other
 * text: then `readAmount` decides (and words the refusal). What it returns is what `readAmount`
 * with `negative` gives for the same text; a reader of a million rows calls this first.
 */
export function plainAmountFen(text: string): Fen | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const negative = i === 1;
  let whole = 0;
  const start = i;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
  }
  const digits = i - start;
  if (digits === 0 || digits > 13) return undefined;
  let frac = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 /* . */) return undefined;
    const left = n - i - 1;
    if (left < 1 || left > 2) return undefined;
    const d1 = text.charCodeAt(i + 1) - 48;
    const d2 = left === 2 ? text.charCodeAt(i + 2) - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
    frac = d1 * 10 + d2;
  }
  const fen = whole * 100 + frac;
  return negative && fen !== 0 ? -fen : fen;
}

function tooLarge(): AmountRead {
  return { ok: false, reason: { zh: `超出最大金额 ${formatYuan(MAX_FEN)} 元`, en: `is beyond the largest amount, ${formatYuan(MAX_FEN)} yuan` } };
}

/**
 * `readAmount` allowing negatives, as fen or null: for callers that phrase their own message or
 * decide the sign themselves.
 */
export function parseYuan(value: unknown): Fen | null {
  const r = readAmount(value, { negative: true });
  return r.ok ? r.fen : null;
}

/** Whether `fen` is a whole number of fen within [0, MAX_FEN]: a checked amount or a sum still in range. */
export function isAmountFen(fen: number): boolean {
  return Number.isSafeInteger(fen) && fen >= 0 && fen <= MAX_FEN;
}

/** Fen as yuan text with exactly two decimals: 123456 → "1234.56". */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Fen as yuan with thousands separators and exactly two decimals: 2860032896 → "28,600,328.96".
 * The one way a letter's amount is written, in its text and wherever a host shows it beside the
 * text, so the two cannot disagree by a rounding.
 */
export function formatYuanGrouped(fen: Fen): string {
  const [int, dec] = formatYuan(fen).split('.') as [string, string];
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/**
 * Fen as a yuan number (for JSON output): 123456 → 1234.56. For whole fen the one correctly
 * rounded division is the same double as reading the two-decimal text back (both are the
 * nearest double to the exact decimal), without the text: the weekly series call this millions
 * of times. -0 reads as 0, as the text does.
 */
export function fenToYuan(fen: Fen): number {
  if (Number.isSafeInteger(fen)) return fen === 0 ? 0 : fen / 100;
  return Number(formatYuan(fen));
}

/**
 * Splits `total` fen over `weights` in proportion, exactly: each part gets the floor of its
 * quota, and the fen left over go one each to the largest remainders; ties go to the lower
 * index (callers order their items deterministically, e.g. by id). Weights must be finite and
 * ≥ 0; when they are all 0 the total is split evenly. A negative total is split as the
 * negation of its absolute value. Work is O(n log n) whatever the weights: they are scaled by
 * the largest first, so their sum cannot overflow to Infinity (1e300 × 3 did, every quota
 * became 0 and the fen were then handed out one by one, ~10^15 rounds).
 */
export function splitByLargestRemainder(total: Fen, weights: readonly number[]): Fen[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be a safe integer of fen, got ${total}`);
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError('cannot split a non-zero amount over nothing');
    return [];
  }
  if (total < 0) return splitByLargestRemainder(-total, weights).map((x) => (x === 0 ? 0 : -x));
  const parts: Fen[] = new Array<number>(n);
  splitByLargestRemainderInto(total, weights, 0, n, parts, 0);
  return parts;
}

/** Scratch for splitByLargestRemainderInto, grown when a split needs more (a split never re-enters). */
let remainderScratch = new Float64Array(64);
let orderScratch = new Int32Array(64);
/** Up to this many parts the remainders are ranked by insertion sort, in place, with no array made. */
const SMALL_SPLIT = 32;

/**
 * `splitByLargestRemainder(total, weights[from..from+n))` for a total ≥ 0, written into
 * `out[at..at+n)`: the same parts, fen for fen (it is the one implementation), without an array
 * per call, for callers that split many small groups (a plan splits 6,000 parents' amounts, twice).
 */
export function splitByLargestRemainderInto(total: Fen, weights: ArrayLike<number>, from: number, n: number, out: { [i: number]: number }, at: number): void {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a safe integer of fen >= 0, got ${total}`);
  if (n === 0) {
    if (total !== 0) throw new RangeError('cannot split a non-zero amount over nothing');
    return;
  }
  let max = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[from + i] as number;
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
    if (w > max) max = w;
    sum += w;
  }
  // weights far from 1 are scaled by the largest (each then in [0, 1], 1 ≤ sum ≤ n), so neither
  // their sum nor total × weight overflows or sinks into subnormals; ordinary weights are used as
  // given, which keeps every split the bundle's data makes bit for bit what it was
  const ordinary = sum >= 1e-200 && sum <= 1e200;
  const even = max === 0;
  let effectiveSum = even ? n : sum;
  if (!even && !ordinary) {
    effectiveSum = 0;
    for (let i = 0; i < n; i++) effectiveSum += (weights[from + i] as number) / max;
  }
  if (remainderScratch.length < n) {
    remainderScratch = new Float64Array(Math.max(n, remainderScratch.length * 2));
    orderScratch = new Int32Array(remainderScratch.length);
  }
  const remainders = remainderScratch;
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const effective = even ? 1 : ordinary ? (weights[from + i] as number) : (weights[from + i] as number) / max;
    const quota = (total * effective) / effectiveSum;
    const floor = Math.floor(quota);
    out[at + i] = floor;
    remainders[i] = quota - floor;
    assigned += floor;
  }
  let left = total - assigned;
  if (left === 0) return;
  // the parts by remainder, largest first, ties to the lower index (a strict order: any sort gives it)
  const order = orderScratch;
  if (n <= SMALL_SPLIT) {
    for (let i = 0; i < n; i++) {
      const r = remainders[i] as number;
      let j = i - 1;
      while (j >= 0 && (remainders[order[j] as number] as number) < r) { order[j + 1] = order[j] as number; j--; }
      order[j + 1] = i;
    }
  } else {
    const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b);
    for (let i = 0; i < n; i++) order[i] = sorted[i] as number;
  }
  // the floors lose less than one fen each, plus rounding of huge quotas, so `left` is about n at
  // most; whole rounds are still given at once so that no input can make this loop long
  if (left >= n) {
    const each = Math.floor(left / n);
    for (let i = 0; i < n; i++) out[at + i] = (out[at + i] as number) + each;
    left -= each * n;
  }
  for (let k = 0; left > 0; k++) {
    const i = at + (order[k] as number);
    out[i] = (out[i] as number) + 1;
    left--;
  }
  // floating-point quotas of huge totals can floor one fen high; take it back from the
  // smallest remainders, never below zero (some part is positive, since they sum above total ≥ 0)
  for (let k = n - 1; left < 0; k = (k - 1 + n) % n) {
    const i = at + (order[k] as number);
    if ((out[i] as number) > 0) {
      out[i] = (out[i] as number) - 1;
      left++;
    }
  }
}
