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
import { splitByLargestRemainder, splitByLargestRemainderInto, type Fen } from '../money/index.js';

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
  const floors = banded.map((i) => (children[i] as SplitChild).floor ?? 0);
  const s = splitScratch(banded.length);
  const feasible = fillBands(rest, banded.length, w, lo, hi, floors, floorSum, s);
  banded.forEach((i, k) => {
    amounts[i] = s.amounts[k] as number;
    clamped[i] = clampOf(s.clamped[k] as number);
  });
  return { ok: true, amounts, clamped, feasible, shares };
}

/** Clamp codes in the flat arrays (a Uint8Array per plan): 0 = none. */
export const CLAMP_MIN = 1;
export const CLAMP_MAX = 2;
const clampOf = (code: number): Clamp => (code === CLAMP_MAX ? 'max' : code === CLAMP_MIN ? 'min' : null);

/** Work arrays for the splits of one plan, reused from parent to parent (a split never re-enters). */
interface SplitScratch {
  /** In: the children's weights. Out of a split: amounts, shares and clamp codes, by child. */
  weights: Float64Array;
  amounts: Float64Array;
  shares: Float64Array;
  clamped: Uint8Array;
  lo: Float64Array;
  hi: Float64Array;
  room: Float64Array;
  parts: Float64Array;
  state: Uint8Array;
  active: Int32Array;
  activeWeights: Float64Array;
}

let shared: SplitScratch | undefined;

/** Scratch for splits over up to `size` children. */
export function splitScratch(size: number): SplitScratch {
  if (!shared || shared.weights.length < size) {
    const n = Math.max(size, 64, (shared?.weights.length ?? 0) * 2);
    shared = {
      weights: new Float64Array(n), amounts: new Float64Array(n), shares: new Float64Array(n), clamped: new Uint8Array(n),
      lo: new Float64Array(n), hi: new Float64Array(n), room: new Float64Array(n), parts: new Float64Array(n),
      state: new Uint8Array(n), active: new Int32Array(n), activeWeights: new Float64Array(n),
    };
  }
  return shared;
}

/** The most children any unit has, from the children's ranges. */
export function maxChildren(kidStart: Int32Array, n: number): number {
  let most = 0;
  for (let i = 0; i < n; i++) most = Math.max(most, kidStart[i + 1]! - kidStart[i]!);
  return most;
}

/**
 * splitWithinBands for the usual parent: every child free (no lock, floor or exclusion) and
 * banded. The weights are in `s.weights[0..m)`, child k's band is [minAt, maxAt] at its place
 * kids[start + k]; amounts, shares and clamp codes come back in `s`. The same arithmetic in the
 * same order as splitWithinBands, without an array or an object per parent. Returns whether the
 * bands could hold the amount.
 */
export function splitBandedInto(total: Fen, m: number, start: number, kids: Int32Array, minAt: Float64Array, maxAt: Float64Array, s: SplitScratch): boolean {
  const { weights, shares, lo, hi } = s;
  let weightSum = 0;
  for (let k = 0; k < m; k++) weightSum += weights[k]!;
  for (let k = 0; k < m; k++) {
    shares[k] = weightSum > 0 ? weights[k]! / weightSum : 1 / m;
    const c = kids[start + k]!;
    lo[k] = Math.max(minAt[c]!, 0);
    hi[k] = Math.max(maxAt[c]!, lo[k]!);
  }
  return fillBands(total - 0, m, weights, lo, hi, null, 0, s);
}

/**
 * `rest` over m banded children with weights w, each held in [lo, hi] (lo at least its floor):
 * all at the top with the excess spread by weight when the bands cannot absorb it, all pulled
 * below their bands (not below their floors) when it is too little, else water filling on real
 * numbers and the fen by largest remainder, repaired into the bands. Amounts and clamp codes by
 * child into `s`; returns whether the bands held.
 */
function fillBands(rest: Fen, m: number, w: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, floors: ArrayLike<number> | null, floorSum: Fen, s: SplitScratch): boolean {
  const { amounts, clamped, parts } = s;
  let sumLo = 0;
  let sumHi = 0;
  for (let k = 0; k < m; k++) { sumLo += lo[k]!; sumHi += hi[k]!; clamped[k] = 0; }

  if (rest > sumHi) {
    // the bands cannot absorb it: everyone at the top, the excess spread by weight
    splitByLargestRemainderInto(rest - sumHi, w, 0, m, parts, 0);
    for (let k = 0; k < m; k++) {
      amounts[k] = hi[k]! + parts[k]!;
      clamped[k] = CLAMP_MAX;
    }
    return false;
  }
  if (rest < sumLo) {
    // too little for the bands: everyone pulled below the band in proportion to the band's
    // lower edge above the floor, so nobody goes below its floor or zero
    const room = s.room;
    for (let k = 0; k < m; k++) room[k] = lo[k]! - (floors ? floors[k]! : 0);
    splitByLargestRemainderInto(rest - floorSum, room, 0, m, parts, 0);
    for (let k = 0; k < m; k++) {
      amounts[k] = (floors ? floors[k]! : 0) + parts[k]!;
      clamped[k] = CLAMP_MIN;
    }
    return false;
  }

  // water filling on real numbers: clamp the side that overflows more; that side stays
  // clamped at the final level, so each round fixes at least one child for good
  const state = s.state;
  state.fill(0, 0, m);
  let left = rest;
  for (;;) {
    let wSum = 0;
    let active = 0;
    for (let k = 0; k < m; k++) if (state[k] === 0) { wSum += w[k]!; active++; }
    if (active === 0) break;
    const even = wSum <= 0;
    const lambda = left / (even ? active : wSum);
    let over = 0;
    let under = 0;
    for (let k = 0; k < m; k++) {
      if (state[k] !== 0) continue;
      const x = lambda * (even ? 1 : w[k]!);
      if (x > hi[k]!) over += x - hi[k]!;
      else if (x < lo[k]!) under += lo[k]! - x;
    }
    if (over <= 1e-9 && under <= 1e-9) break;
    const side = over >= under ? CLAMP_MAX : CLAMP_MIN;
    for (let k = 0; k < m; k++) {
      if (state[k] !== 0) continue;
      const x = lambda * (even ? 1 : w[k]!);
      if (side === CLAMP_MAX && x > hi[k]!) { state[k] = CLAMP_MAX; left -= hi[k]!; }
      else if (side === CLAMP_MIN && x < lo[k]!) { state[k] = CLAMP_MIN; left -= lo[k]!; }
    }
  }
  const activeIdx = s.active;
  let count = 0;
  for (let k = 0; k < m; k++) {
    if (state[k] === CLAMP_MAX) { amounts[k] = hi[k]!; clamped[k] = CLAMP_MAX; }
    else if (state[k] === CLAMP_MIN) { amounts[k] = lo[k]!; clamped[k] = CLAMP_MIN; }
    else activeIdx[count++] = k;
  }
  if (count) {
    const aw = s.activeWeights;
    for (let j = 0; j < count; j++) aw[j] = w[activeIdx[j]!]!;
    if (left >= 0) splitByLargestRemainderInto(left, aw, 0, count, parts, 0);
    else {
      // the clamped children took more than the rest (real-number drift): the active ones give it back
      const back = splitByLargestRemainder(left, Array.from(aw.subarray(0, count)));
      for (let j = 0; j < count; j++) parts[j] = back[j]!;
    }
    for (let j = 0; j < count; j++) amounts[activeIdx[j]!] = parts[j]!;
    repairRounding(activeIdx, count, lo, hi, amounts, 0);
  } else if (left !== 0) {
    // every child clamped but a few fen remain (real-number drift): give them to whoever has room
    for (let k = 0; k < m; k++) activeIdx[k] = k;
    repairRounding(activeIdx, m, lo, hi, amounts, left);
  }
  return true;
}

function sumLocks(children: readonly SplitChild[]): Fen {
  let s = 0;
  for (const c of children) if (!c.excluded && c.lock !== undefined) s += c.lock;
  return s;
}

/** Moves single fen from the listed children above their max to those below it (and the reverse), in list order. */
function repairRounding(idx: Int32Array, count: number, lo: ArrayLike<number>, hi: ArrayLike<number>, amounts: Float64Array, pending = 0): void {
  let excess = pending;
  for (let j = 0; j < count; j++) {
    const i = idx[j]!;
    if (amounts[i]! > hi[i]!) { excess += amounts[i]! - hi[i]!; amounts[i] = hi[i]!; }
    else if (amounts[i]! < lo[i]!) { excess -= lo[i]! - amounts[i]!; amounts[i] = lo[i]!; }
  }
  for (let j = 0; excess > 0 && j < count; j++) {
    const i = idx[j]!;
    const take = Math.min(hi[i]! - amounts[i]!, excess);
    amounts[i] = amounts[i]! + take;
    excess -= take;
  }
  for (let j = 0; excess < 0 && j < count; j++) {
    const i = idx[j]!;
    const give = Math.min(amounts[i]! - lo[i]!, -excess);
    amounts[i] = amounts[i]! - give;
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
