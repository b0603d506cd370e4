/**
 * One parent's amount split over its children, exactly, in fen. Each child's share follows its
 * weight; then each child is held inside its band [min, max] and what clamping frees or needs
 * is redistributed over the unclamped children until the total matches (water filling). When
 * the bands cannot absorb the amount it still goes out in full: every child sits at the band
 * edge and the rest is spread by weight, and the result says the split was infeasible, so no
 * band is ever broken silently. Locked children keep their value, excluded ones get zero, a
 * floor is a hard lower bound, and a child without a band (no last period) takes its weight's
 * share of what the locked children leave.
 */
import { splitByLargestRemainder, type Fen } from '../money/index.js';

export interface SplitChild {
  /** ≥ 0, finite. */
  weight: number;
  /** The band in fen, or null for a child without one. min ≤ max. */
  band: { min: Fen; max: Fen } | null;
  lock?: Fen;
  floor?: Fen;
  excluded?: boolean;
}

export type Clamp = 'min' | 'max' | null;

type SplitOutcome =
  | { ok: true; amounts: Fen[]; clamped: Clamp[]; feasible: boolean; shares: number[] }
  | { ok: false; code: 'ALLOC_FIXED_EXCEEDS_PARENT' | 'ALLOC_NO_RECEIVER'; fixed: Fen };

/** Splits `total` (≥ 0 fen) over `children`; deterministic, ties by index (callers order by id). */
export function splitWithinBands(total: Fen, children: readonly SplitChild[]): SplitOutcome {
  const n = children.length;
  const amounts: Fen[] = new Array<number>(n).fill(0);
  const clamped: Clamp[] = new Array<Clamp>(n).fill(null);
  const shares: number[] = new Array<number>(n).fill(0);
  let fixed = 0;
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = children[i] as SplitChild;
    if (c.excluded) continue;
    if (c.lock !== undefined) {
      amounts[i] = c.lock;
      fixed += c.lock;
    } else {
      free.push(i);
      fixed += c.floor ?? 0;
    }
  }
  if (fixed > total) return { ok: false, code: 'ALLOC_FIXED_EXCEEDS_PARENT', fixed };
  let rest = total - sumLocks(children);
  if (free.length === 0) {
    if (rest !== 0) return { ok: false, code: 'ALLOC_NO_RECEIVER', fixed };
    return { ok: true, amounts, clamped, feasible: true, shares };
  }
  const weights = free.map((i) => (children[i] as SplitChild).weight);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  free.forEach((i, k) => {
    shares[i] = weightSum > 0 ? (weights[k] as number) / weightSum : 1 / free.length;
  });

  // children without a band take their weight's share first (at least their floor); when every
  // child has a band (the usual case) that split is not needed at all
  const initial = free.some((i) => (children[i] as SplitChild).band === null) ? splitByLargestRemainder(rest, weights) : null;
  const banded: number[] = [];
  free.forEach((i, k) => {
    const c = children[i] as SplitChild;
    if (c.band === null) {
      amounts[i] = Math.max((initial as Fen[])[k] as number, c.floor ?? 0);
      rest -= amounts[i] as number;
    } else banded.push(i);
  });
  if (banded.length === 0) {
    if (rest !== 0) {
      // floors of band-less children took more than their share: take it back from the others above their floor
      return rebalanceUnbanded(total, children, free, amounts, clamped, shares);
    }
    return { ok: true, amounts, clamped, feasible: true, shares };
  }
  const floorSum = banded.reduce((s, i) => s + ((children[i] as SplitChild).floor ?? 0), 0);
  // band-less children give back what they took above their floor when the banded floors need it
  for (const i of free) {
    if (rest >= floorSum) break;
    const c = children[i] as SplitChild;
    if (c.band !== null) continue;
    const give = Math.min((amounts[i] as number) - (c.floor ?? 0), floorSum - rest);
    amounts[i] = (amounts[i] as number) - give;
    rest += give;
  }
  if (rest < floorSum) return { ok: false, code: 'ALLOC_FIXED_EXCEEDS_PARENT', fixed: total - rest + floorSum };

  const lo = banded.map((i) => {
    const c = children[i] as SplitChild;
    return Math.max((c.band as { min: Fen }).min, c.floor ?? 0);
  });
  const hi = banded.map((i, k) => Math.max((children[i] as SplitChild).band?.max ?? 0, lo[k] as number));
  const w = banded.map((i) => (children[i] as SplitChild).weight);
  const sumLo = lo.reduce((a, b) => a + b, 0);
  const sumHi = hi.reduce((a, b) => a + b, 0);

  if (rest > sumHi) {
    // the bands cannot absorb it: everyone at the top, the excess spread by weight
    const extra = splitByLargestRemainder(rest - sumHi, w);
    banded.forEach((i, k) => {
      amounts[i] = (hi[k] as number) + (extra[k] as number);
      clamped[i] = 'max';
    });
    return { ok: true, amounts, clamped, feasible: false, shares };
  }
  if (rest < sumLo) {
    // too little for the bands: everyone pulled below the band in proportion to the band's
    // lower edge above the floor, so nobody goes below its floor or zero
    const floors = banded.map((i) => (children[i] as SplitChild).floor ?? 0);
    const room = lo.map((l, k) => l - (floors[k] as number));
    const parts = splitByLargestRemainder(rest - floorSum, room);
    banded.forEach((i, k) => {
      amounts[i] = (floors[k] as number) + (parts[k] as number);
      clamped[i] = 'min';
    });
    return { ok: true, amounts, clamped, feasible: false, shares };
  }

  // water filling on real numbers: clamp the side that overflows more; that side stays
  // clamped at the final level, so each round fixes at least one child for good
  const m = banded.length;
  const state: Clamp[] = new Array<Clamp>(m).fill(null);
  let left = rest;
  for (;;) {
    let wSum = 0;
    let active = 0;
    for (let k = 0; k < m; k++) if (state[k] === null) { wSum += w[k] as number; active++; }
    if (active === 0) break;
    const even = wSum <= 0;
    const lambda = left / (even ? active : wSum);
    let over = 0;
    let under = 0;
    for (let k = 0; k < m; k++) {
      if (state[k] !== null) continue;
      const x = lambda * (even ? 1 : (w[k] as number));
      if (x > (hi[k] as number)) over += x - (hi[k] as number);
      else if (x < (lo[k] as number)) under += (lo[k] as number) - x;
    }
    if (over <= 1e-9 && under <= 1e-9) break;
    const side: Clamp = over >= under ? 'max' : 'min';
    for (let k = 0; k < m; k++) {
      if (state[k] !== null) continue;
      const x = lambda * (even ? 1 : (w[k] as number));
      if (side === 'max' && x > (hi[k] as number)) { state[k] = 'max'; left -= hi[k] as number; }
      else if (side === 'min' && x < (lo[k] as number)) { state[k] = 'min'; left -= lo[k] as number; }
    }
  }
  const activeIdx: number[] = [];
  for (let k = 0; k < m; k++) {
    const i = banded[k] as number;
    if (state[k] === 'max') { amounts[i] = hi[k] as number; clamped[i] = 'max'; }
    else if (state[k] === 'min') { amounts[i] = lo[k] as number; clamped[i] = 'min'; }
    else activeIdx.push(k);
  }
  if (activeIdx.length) {
    const aw = activeIdx.map((k) => w[k] as number);
    const parts = splitByLargestRemainder(left, aw);
    activeIdx.forEach((k, j) => { amounts[banded[k] as number] = parts[j] as number; });
    repairRounding(activeIdx.map((k) => banded[k] as number), activeIdx.map((k) => lo[k] as number), activeIdx.map((k) => hi[k] as number), amounts);
  } else if (left !== 0) {
    // every child clamped but a few fen remain (real-number drift): give them to whoever has room
    repairRounding(banded, lo, hi, amounts, left);
  }
  return { ok: true, amounts, clamped, feasible: true, shares };
}

function sumLocks(children: readonly SplitChild[]): Fen {
  let s = 0;
  for (const c of children) if (!c.excluded && c.lock !== undefined) s += c.lock;
  return s;
}

/** Moves single fen from children above their max to children below it (and the reverse). */
function repairRounding(idx: readonly number[], lo: readonly Fen[], hi: readonly Fen[], amounts: Fen[], pending = 0): void {
  let excess = pending;
  idx.forEach((i, k) => {
    if ((amounts[i] as number) > (hi[k] as number)) { excess += (amounts[i] as number) - (hi[k] as number); amounts[i] = hi[k] as number; }
    else if ((amounts[i] as number) < (lo[k] as number)) { excess -= (lo[k] as number) - (amounts[i] as number); amounts[i] = lo[k] as number; }
  });
  for (let k = 0; excess > 0 && k < idx.length; k++) {
    const i = idx[k] as number;
    const room = (hi[k] as number) - (amounts[i] as number);
    const take = Math.min(room, excess);
    amounts[i] = (amounts[i] as number) + take;
    excess -= take;
  }
  for (let k = 0; excess < 0 && k < idx.length; k++) {
    const i = idx[k] as number;
    const room = (amounts[i] as number) - (lo[k] as number);
    const give = Math.min(room, -excess);
    amounts[i] = (amounts[i] as number) - give;
    excess += give;
  }
}

function rebalanceUnbanded(total: Fen, children: readonly SplitChild[], free: readonly number[], amounts: Fen[], clamped: Clamp[], shares: number[]): SplitOutcome {
  const floors = free.map((i) => (children[i] as SplitChild).floor ?? 0);
  const rest = total - sumLocks(children) - floors.reduce((a, b) => a + b, 0);
  const parts = splitByLargestRemainder(rest, free.map((i) => (children[i] as SplitChild).weight));
  free.forEach((i, k) => { amounts[i] = (floors[k] as number) + (parts[k] as number); });
  return { ok: true, amounts, clamped, feasible: true, shares };
}
