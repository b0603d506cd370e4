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
