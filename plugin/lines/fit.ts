/**
 * A table of fen with both margins given (children × product lines under one parent): each
 * child's target is the row total, the parent's line amounts the column totals. `fitTable`
 * fills it as close to a prior (each child's weight for each line) as the two totals allow,
 * exactly to the 分: iterative proportional fitting on real numbers first, then each column is
 * split over the children by the fitted values, capped by what each child still has to place,
 * and the last column takes the rest. Every cell is ≥ 0, every row sums to its total and every
 * column to its own, whatever the prior.
 */
import type { Fen } from '../money/index.js';
import { splitBandedInto, splitScratch } from '../allocation/split.js';

/** The children's places 0..n, zero lower bands and the upper bands, grown as tables grow (a fit never re-enters). */
let bands = { kids: new Int32Array(0), none: new Float64Array(0), most: new Float64Array(0) };
function bandArrays(n: number): typeof bands {
  if (bands.kids.length < n) {
    const size = Math.max(n, 64, bands.kids.length * 2);
    bands = { kids: Int32Array.from({ length: size }, (_, i) => i), none: new Float64Array(size), most: new Float64Array(size) };
  }
  return bands;
}

const MAX_ROUNDS = 200;

/**
 * Real cells x[i][j] = a_i × b_j × prior[i][j] with row sums `rows` and column sums `cols`
 * (when the zero pattern of the prior allows; otherwise as close as the rounds get).
 */
function proportionalFit(prior: readonly (readonly number[])[], rows: readonly number[], cols: readonly number[]): number[][] {
  const n = rows.length;
  const k = cols.length;
  const total = rows.reduce((a, b) => a + b, 0);
  // a child that weighs nothing anywhere still has to carry its total: even over the lines
  const x = prior.map((r, i) => {
    // each row relative to its largest weight, so scaling never overflows; a weight under
    // 1e-12 of the row's largest counts as none
    const max = r.reduce((a, w) => (Number.isFinite(w) && w > a ? w : a), 0);
    const clean = r.map((w) => (max > 0 && Number.isFinite(w) && w / max > 1e-12 ? w / max : 0));
    return (rows[i] as number) > 0 && !clean.some((w) => w > 0) ? clean.map(() => 1) : clean;
  });
  // a line nobody weighs while the parent has an amount on it: every child may take some
  for (let j = 0; j < k; j++) {
    if ((cols[j] as number) > 0 && !x.some((r, i) => (r[j] as number) > 0 && (rows[i] as number) > 0)) {
      for (let i = 0; i < n; i++) if ((rows[i] as number) > 0) (x[i] as number[])[j] = 1;
    }
  }
  const tolerance = Math.max(1e-6, total * 1e-12);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    for (let i = 0; i < n; i++) {
      const r = x[i] as number[];
      const s = r.reduce((a, b) => a + b, 0);
      const f = s > 0 ? (rows[i] as number) / s : 0;
      for (let j = 0; j < k; j++) r[j] = (r[j] as number) * f;
    }
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i] as number[])[j] as number;
      const f = s > 0 ? (cols[j] as number) / s : 0;
      for (let i = 0; i < n; i++) (x[i] as number[])[j] = ((x[i] as number[])[j] as number) * f;
    }
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs((x[i] as number[]).reduce((a, b) => a + b, 0) - (rows[i] as number)));
    if (worst <= tolerance) break;
  }
  return x;
}

/**
 * Exact cells in fen: rows and cols are ≥ 0 and sum to the same total. Deterministic: ties by
 * row order (callers order children by id) and column order (the lines' order).
 */
export function fitTable(rows: readonly Fen[], cols: readonly Fen[], prior: readonly (readonly number[])[]): Fen[][] {
  const n = rows.length;
  const k = cols.length;
  const sumRows = rows.reduce((a, b) => a + b, 0);
  const sumCols = cols.reduce((a, b) => a + b, 0);
  if (sumRows !== sumCols || rows.some((r) => !Number.isSafeInteger(r) || r < 0) || cols.some((c) => !Number.isSafeInteger(c) || c < 0)) {
    throw new RangeError('fitTable: rows and cols must be fen >= 0 with the same total');
  }
  const out: Fen[][] = rows.map(() => new Array<Fen>(k).fill(0));
  if (k === 0 || n === 0) return out;
  if (n === 1) { out[0] = cols.slice(); return out; }
  if (k === 1) { rows.forEach((r, i) => { (out[i] as Fen[])[0] = r; }); return out; }
  const fitted = proportionalFit(prior, rows, cols);
  const remaining = rows.slice();
  let lastWithMoney = -1;
  for (let j = 0; j < k; j++) if ((cols[j] as number) > 0) lastWithMoney = j;
  for (let j = 0; j < k; j++) {
    const col = cols[j] as Fen;
    if (col === 0) continue;
    let parts: Fen[];
    if (j === lastWithMoney) parts = remaining.slice();
    else {
      // every child free, banded by what it has left ([0, remaining]): the allocation's split of
      // the usual parent, in its scratch arrays (splitWithinBands' numbers, without an object a
      // child); what is left covers this column, so the bands hold it
      const s = splitScratch(n);
      const { kids, none, most } = bandArrays(n);
      for (let i = 0; i < n; i++) {
        const w = (fitted[i] as number[])[j] as number;
        s.weights[i] = Number.isFinite(w) && w > 0 ? w : 0;
        most[i] = remaining[i] as Fen;
      }
      splitBandedInto(col, n, 0, kids, none, most, s);
      parts = Array.from(s.amounts.subarray(0, n));
    }
    for (let i = 0; i < n; i++) {
      (out[i] as Fen[])[j] = parts[i] as Fen;
      remaining[i] = (remaining[i] as Fen) - (parts[i] as Fen);
    }
  }
  return out;
}
