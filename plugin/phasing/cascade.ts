/**
 * Exact two-way splits in fen. `cascade` fills a table whose row totals (the children's targets)
 * and column totals (the parent's phased months) are both given, to the 分: each column is split
 * over the rows by what each row still has to place, so every cell is ≥ 0, every row sums to its
 * total and every column to its own. When the rows share the parent's profile this is the
 * children's own phasing, made to add up to the parent's.
 */
import { splitByLargestRemainder, type Fen } from '../money/index.js';

/** `rows` and `cols` are ≥ 0 and sum to the same total; returns cells [row][col]. */
export function cascade(rows: readonly Fen[], cols: readonly Fen[]): Fen[][] {
  const out: Fen[][] = rows.map(() => new Array<Fen>(cols.length).fill(0));
  const remaining = rows.slice();
  let left = remaining.reduce((a, b) => a + b, 0);
  for (let j = 0; j < cols.length; j++) {
    const col = cols[j] as Fen;
    if (col === 0) continue;
    // the last column with money (or one taking everything left) takes what each row has left
    const parts = col >= left ? remaining.slice() : splitByLargestRemainder(col, remaining);
    for (let i = 0; i < rows.length; i++) {
      const x = parts[i] as Fen;
      (out[i] as Fen[])[j] = x;
      remaining[i] = (remaining[i] as Fen) - x;
    }
    left -= col;
  }
  return out;
}

/** Whether two share vectors are the same profile (same numbers, same order). */
export function sameShares(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Scratch for `splitInto`: a company phases tens of thousands of small splits, and the general
// split's arrays and sort per call were most of the cascade's time.
const floors: number[] = [];
const remainders: number[] = [];
const order: number[] = [];
const SMALL = 32;

/**
 * `splitByLargestRemainder(total, weights[from..from+n))` written into `out[at..at+n)`, the same
 * numbers bit for bit: small splits of ordinary weights take an allocation-free path (insertion
 * sort by the same order: remainder descending, then index), every other case the general one.
 */
export function splitInto(total: Fen, weights: ArrayLike<number>, from: number, n: number, out: { [index: number]: Fen }, at: number): void {
  let max = 0;
  let sum = 0;
  let plain = n > 0 && n <= SMALL && total >= 0 && Number.isSafeInteger(total);
  for (let i = 0; plain && i < n; i++) {
    const w = weights[from + i] as number;
    if (!Number.isFinite(w) || w < 0) plain = false;
    if (w > max) max = w;
    sum += w;
  }
  if (!plain || max === 0 || !(sum >= 1e-200 && sum <= 1e200)) {
    const parts = splitByLargestRemainder(total, Array.from({ length: n }, (_, i) => weights[from + i] as number));
    for (let i = 0; i < n; i++) out[at + i] = parts[i] as Fen;
    return;
  }
  largestRemainder(total, weights, from, n, sum);
  for (let i = 0; i < n; i++) out[at + i] = floors[i] as number;
}

/**
 * The largest-remainder rule over `weights[from..from+n)` summing to `sum` (> 0, ordinary):
 * the quotas' floors into `floors`, then the fen left one each by remainder descending, ties by
 * index (an insertion sort: the splits here are small).
 */
function largestRemainder(total: Fen, weights: ArrayLike<number>, from: number, n: number, sum: number): void {
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const quota = (total * (weights[from + i] as number)) / sum;
    const floor = Math.floor(quota);
    floors[i] = floor;
    remainders[i] = quota - floor;
    assigned += floor;
    // insertion by remainder descending, ties by index (i is the largest index so far)
    let k = i;
    while (k > 0 && (remainders[order[k - 1] as number] as number) < (remainders[i] as number)) { order[k] = order[k - 1] as number; k--; }
    order[k] = i;
  }
  let left = total - assigned;
  if (left >= n) {
    const each = Math.floor(left / n);
    for (let i = 0; i < n; i++) floors[i] = (floors[i] as number) + each;
    left -= each * n;
  }
  for (let k = 0; left > 0; k++) {
    const i = order[k] as number;
    floors[i] = (floors[i] as number) + 1;
    left--;
  }
  for (let k = n - 1; left < 0; k = (k - 1 + n) % n) {
    const i = order[k] as number;
    if ((floors[i] as number) > 0) {
      floors[i] = (floors[i] as number) - 1;
      left++;
    }
  }
}

const cascadeParts: Fen[] = [];

/**
 * `cascade(rows[0..n), cols[from..to))` written into flat rows: row r's cell for column j goes to
 * `out[at + r × stride + (j − from)]` (cells of zero columns are left as they are). `rows` is
 * used up (it ends all zero). The phasing keeps every unit's months and pieces as rows of one
 * store, a parent's children side by side, so a cascade writes them in place.
 */
export function cascadeFlat(rows: Fen[], n: number, cols: ArrayLike<Fen>, from: number, to: number, out: { [index: number]: Fen }, at: number, stride: number): void {
  let left = 0;
  for (let i = 0; i < n; i++) left += rows[i] as Fen;
  const parts = cascadeParts;
  for (let j = from; j < to; j++) {
    const col = cols[j] as Fen;
    if (col === 0) continue;
    if (col >= left) for (let i = 0; i < n; i++) parts[i] = rows[i] as Fen;
    else if (n <= SMALL) {
      // splitInto's own path, without its checks and sum: the rows are whole fen ≥ 0 summing
      // to what is left (> col > 0), so the numbers are the same bit for bit
      largestRemainder(col, rows, 0, n, left);
      for (let i = 0; i < n; i++) parts[i] = floors[i] as number;
    } else splitInto(col, rows, 0, n, parts, 0);
    const cell = at + j - from;
    for (let i = 0; i < n; i++) {
      const x = parts[i] as Fen;
      out[cell + i * stride] = x;
      rows[i] = (rows[i] as Fen) - x;
    }
    left -= col;
  }
}
