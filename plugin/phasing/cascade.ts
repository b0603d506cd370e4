/**
 * Exact two-way splits in fen. `cascade` fills a table whose row totals (the children's targets)
 * and column totals (the parent's phased months) are both given, to the 分: each column is split
 * over the rows by what each row still has to place, so every cell is ≥ 0, every row sums to its
 * total and every column to its own. When the rows share the parent's profile this is the
 * children's own phasing, made to add up to the parent's.
 */
import { splitByLargestRemainder, splitByLargestRemainderInto, type Fen } from '../money/index.js';

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

/**
 * `splitByLargestRemainder(total, weights[from..from+n))` written into `out[at..at+n)`: the money
 * module's one largest-remainder rule, without an array per call for the totals ≥ 0 a phasing
 * splits (a company phases tens of thousands of small splits).
 */
export function splitInto(total: Fen, weights: ArrayLike<number>, from: number, n: number, out: { [index: number]: Fen }, at: number): void {
  if (total >= 0 && Number.isSafeInteger(total)) {
    splitByLargestRemainderInto(total, weights, from, n, out, at);
    return;
  }
  const parts = splitByLargestRemainder(total, Array.from({ length: n }, (_, i) => weights[from + i] as number));
  for (let i = 0; i < n; i++) out[at + i] = parts[i] as Fen;
}

/** Scratch for one column's parts, grown when a parent has more children. */
let cascadeParts = new Float64Array(64);

/**
 * `cascade(rows[0..n), cols[from..to))` written into flat rows: row r's cell for column j goes to
 * `out[at + r × stride + (j − from)]` (cells of zero columns are left as they are). `rows` is
 * used up (it ends all zero). The phasing keeps every unit's months and pieces as rows of one
 * store, a parent's children side by side, so a cascade writes them in place.
 */
export function cascadeFlat(rows: { [index: number]: Fen; readonly length: number }, n: number, cols: ArrayLike<Fen>, from: number, to: number, out: { [index: number]: Fen }, at: number, stride: number): void {
  let left = 0;
  for (let i = 0; i < n; i++) left += rows[i] as Fen;
  if (cascadeParts.length < n) cascadeParts = new Float64Array(Math.max(n, cascadeParts.length * 2));
  const parts = cascadeParts;
  for (let j = from; j < to; j++) {
    const col = cols[j] as Fen;
    if (col === 0) continue;
    if (col >= left) for (let i = 0; i < n; i++) parts[i] = rows[i] as Fen;
    else splitByLargestRemainderInto(col, rows, 0, n, parts, 0);
    const cell = at + j - from;
    for (let i = 0; i < n; i++) {
      const x = parts[i] as Fen;
      out[cell + i * stride] = x;
      rows[i] = (rows[i] as Fen) - x;
    }
    left -= col;
  }
}
