/**
 * Money is exact: amounts are integers of 分 (fen, 1/100 yuan) inside, yuan with at most two
 * decimals in files and on the command line. Splitting an amount uses the largest-remainder
 * method with a deterministic tie-break, so the parts always sum exactly to the whole.
 */

/** Integer fen. Plain numbers (not bigint): safe up to ±9e15 fen, ±90 trillion yuan. */
export type Fen = number;

const YUAN = /^\s*([-+])?(\d+)(?:\.(\d{1,2}))?\s*$/;

/**
 * Parses yuan written as text or a number ("1200", "1200.5", 1200.05) into fen. Refuses
 * more than two decimals, thousands separators, exponents and anything else: null.
 */
export function parseYuan(value: unknown): Fen | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
    if (/e/i.test(text)) return null;
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return null;
  }
  const m = YUAN.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] === '-' ? -fen : fen;
}

/** Fen as yuan text with exactly two decimals: 123456 → "1234.56". */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen as a yuan number (for JSON output): 123456 → 1234.56. */
export function fenToYuan(fen: Fen): number {
  return Number(formatYuan(fen));
}

/**
 * Splits `total` fen over `weights` in proportion, exactly: each part gets the floor of its
 * quota, and the fen left over go one each to the largest remainders; ties go to the lower
 * index (callers order their items deterministically, e.g. by id). Weights must be finite and
 * ≥ 0; when they are all 0 the total is split evenly. A negative total is split as the
 * negation of its absolute value.
 */
export function splitByLargestRemainder(total: Fen, weights: readonly number[]): Fen[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be a safe integer of fen, got ${total}`);
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError('cannot split a non-zero amount over nothing');
    return [];
  }
  if (total < 0) return splitByLargestRemainder(-total, weights).map((x) => (x === 0 ? 0 : -x));
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`weights must be finite and >= 0, got ${w}`);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  const effective = sum > 0 ? weights : weights.map(() => 1);
  const effectiveSum = sum > 0 ? sum : n;
  const parts: Fen[] = new Array<number>(n);
  const remainders: number[] = new Array<number>(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const quota = (total * (effective[i] as number)) / effectiveSum;
    const floor = Math.floor(quota);
    parts[i] = floor;
    remainders[i] = quota - floor;
    assigned += floor;
  }
  let left = total - assigned;
  const order = remainders.map((_, i) => i).sort((a, b) => (remainders[b] as number) - (remainders[a] as number) || a - b);
  for (let k = 0; left > 0; k = (k + 1) % n) {
    const i = order[k] as number;
    parts[i] = (parts[i] as number) + 1;
    left--;
  }
  // floating-point quotas of huge totals can floor one fen high; take it back from the
  // smallest remainders, never below zero
  for (let k = n - 1; left < 0; k = (k - 1 + n) % n) {
    const i = order[k] as number;
    if ((parts[i] as number) > 0) {
      parts[i] = (parts[i] as number) - 1;
      left++;
    }
  }
  return parts;
}
