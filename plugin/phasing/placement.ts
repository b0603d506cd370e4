/**
 * Placing every unit's phased months and weeks (slots), top down over the org tree's flat index,
 * once the profiles are known. Where all of a parent's children use the parent's profile they
 * are cascaded from the parent's months and month pieces (exact in both margins); otherwise each
 * child is split by its own profile and the slots where the children do not add up to the parent
 * are listed. Every unit's months and month pieces (month by month, each month's pieces in slot
 * order; a straddling week is a piece in each of its months) are rows of one store per track, by
 * place: a parent's children sit side by side in the tree's places, so a cascade writes their
 * rows in place, and a unit's slots are summed from its pieces only when a reader asks for them.
 * A class, not closures made per call: its few small methods are optimised once for every
 * phasing, where one large function with its loops inside was compiled again and again while a
 * large company ran.
 */
import type { Fen } from '../money/index.js';
import type { OrgLevel } from '../org/index.js';
import { cascadeFlat, sameShares, splitInto } from './cascade.js';
import { LazyPhasedUnit, type PhasedStores, type PhasedUnit } from './phased-unit.js';
import type { ProfileUsed } from './profile.js';

export type { PhasedUnit } from './phased-unit.js';

/** A slot where a parent's children do not add up to the parent, because their profiles differ. */
export interface PhasingDifference {
  parentId: string;
  level: OrgLevel;
  slot: string;
  track: 'base' | 'stretch';
  parent: Fen;
  children: Fen;
  /** children − parent. */
  difference: Fen;
}

/** How the period is cut: its months, each month's pieces (a straddling week has one in each of its months), the slots. */
interface PieceLayout {
  monthCount: number;
  /** The slots' keys, in order. */
  slotKeys: readonly string[];
  /** Month m's pieces are monthFrom[m] .. monthFrom[m + 1] − 1. */
  monthFrom: readonly number[];
  /** Each piece's slot, and its weight inside its month (working days, else days). */
  pieceSlot: readonly number[];
  pieceWeight: readonly number[];
  /** A profile's share of the period per slot, the same array for the same shares. */
  slotSharesOf: (shares: readonly number[]) => number[];
}

/** The tree by place (`OrgTree.flat`), with each place's target and profile. */
interface PlacementUnits {
  units: ReadonlyArray<{ id: string; parentId: string | null; name: string; level: OrgLevel }>;
  firstChildAt: Int32Array;
  childCountAt: Int32Array;
  targetAt: ReadonlyArray<{ base: Fen; stretch: Fen } | undefined>;
  profileAt: readonly ProfileUsed[];
}

// every store and scratch row is an array of doubles made zero (the memory comes zeroed, where a
// plain array of 2 million zeros is written, then copied whole into doubles on its first large
// amount), and the split reads and writes one kind of array throughout
const store = (size: number): Float64Array => new Float64Array(size);

/** No profile's shares (an array from the start, so the field never changes kind once the first profile arrives). */
const NO_SHARES: readonly number[] = [];

/** Phases every unit with a target; `phased` by place (undefined: no target) and the differences, top down. */
export function placeUnits(layout: PieceLayout, units: PlacementUnits): { phased: Array<PhasedUnit | undefined>; differences: PhasingDifference[] } {
  const placement = new Placement(layout, units);
  placement.run();
  return { phased: placement.phased, differences: placement.differences };
}

class Placement {
  readonly phased: Array<PhasedUnit | undefined>;
  readonly differences: PhasingDifference[] = [];
  private readonly m: number;
  private readonly p: number;
  private readonly slotCount: number;
  /**
   * Every unit's months and pieces, both tracks, by place: what the units hand their readers.
   * Each unit's rows are written once (by its own split or its parent's cascade) into zeroed
   * memory, so a cascade's zero column, which writes nothing, leaves zeros.
   */
  private readonly stores: PhasedStores;
  /** Whether the unit at a place was phased (the others have no target). */
  private readonly placed: Uint8Array;
  /** What each child still has to place in a cascade. */
  private readonly rows: Float64Array;
  /** The layout's piece weights and a unit's own shares, as arrays of doubles for the split. */
  private readonly pieceWeight: Float64Array;
  private readonly shares: Float64Array;
  /** A parent's slots and its children's, summed for the differences. */
  private readonly mine: Float64Array;
  private readonly theirs: Float64Array;
  /** The last profile's shares and their slot shares: siblings inherit the same array. */
  private lastShares: readonly number[] = NO_SHARES;
  private lastSlotShares: number[] = [];

  constructor(private readonly layout: PieceLayout, private readonly units: PlacementUnits) {
    const n = units.units.length;
    this.m = layout.monthCount;
    this.p = layout.pieceSlot.length;
    this.slotCount = layout.slotKeys.length;
    this.phased = new Array<PhasedUnit | undefined>(n);
    this.stores = {
      monthCount: this.m,
      pieceSlot: layout.pieceSlot,
      slotCount: this.slotCount,
      baseMonths: store(n * this.m),
      stretchMonths: store(n * this.m),
      basePieces: store(n * this.p),
      stretchPieces: store(n * this.p),
    };
    this.placed = new Uint8Array(n);
    let widest = 1;
    for (let i = 0; i < n; i++) if ((units.childCountAt[i] as number) > widest) widest = units.childCountAt[i] as number;
    this.rows = store(widest);
    this.pieceWeight = Float64Array.from(layout.pieceWeight);
    this.shares = store(this.m);
    this.mine = store(this.slotCount);
    this.theirs = store(this.slotCount);
  }

  run(): void {
    const { firstChildAt, childCountAt, targetAt } = this.units;
    if (targetAt[0] !== undefined) this.alone(0);
    const n = this.phased.length;
    for (let i = 0; i < n; i++) {
      const count = childCountAt[i] as number;
      if (count) this.placeChildren(i, firstChildAt[i] as number, count);
    }
  }

  private placeChildren(i: number, first: number, count: number): void {
    const { targetAt, profileAt } = this.units;
    const end = first + count;
    const parent = this.placed[i] === 1 ? targetAt[i] : undefined;
    let withTarget = 0;
    let base = 0;
    let stretch = 0;
    for (let c = first; c < end; c++) {
      const t = targetAt[c];
      if (t === undefined) continue;
      withTarget++;
      base += t.base;
      stretch += t.stretch;
    }
    let canCascade = parent !== undefined && withTarget === count && base === parent.base && stretch === parent.stretch;
    for (let c = first; canCascade && c < end; c++) canCascade = sameShares(profileAt[c]!.shares, profileAt[i]!.shares);
    if (canCascade) {
      this.cascade(i, first, count, true);
      this.cascade(i, first, count, false);
      for (let c = first; c < end; c++) this.place(c, true);
      return;
    }
    for (let c = first; c < end; c++) if (targetAt[c] !== undefined) this.alone(c);
    if (parent && withTarget) {
      this.differ(i, first, end, true);
      this.differ(i, first, end, false);
    }
  }

  /** A unit split by its own profile: months by its shares, each month's pieces by their weights. */
  private alone(i: number): void {
    const target = this.units.targetAt[i]!;
    const own = this.units.profileAt[i]!.shares;
    const { shares } = this;
    for (let mi = 0; mi < this.m; mi++) shares[mi] = own[mi] as number;
    this.split(target.base, this.stores.baseMonths, this.stores.basePieces, i);
    this.split(target.stretch, this.stores.stretchMonths, this.stores.stretchPieces, i);
    this.place(i, false);
  }

  private split(total: Fen, months: Float64Array, pieces: Float64Array, i: number): void {
    const { m, p, shares, pieceWeight } = this;
    const { monthFrom } = this.layout;
    splitInto(total, shares, 0, m, months, i * m);
    for (let mi = 0; mi < m; mi++) {
      const from = monthFrom[mi] as number;
      splitInto(months[i * m + mi] as Fen, pieceWeight, from, (monthFrom[mi + 1] as number) - from, pieces, i * p + from);
    }
  }

  /** The children's months from the parent's, then each month's pieces from the parent's pieces of that month, written into the children's rows. */
  private cascade(i: number, first: number, count: number, isBase: boolean): void {
    const { m, p, rows } = this;
    const { monthFrom } = this.layout;
    const { targetAt } = this.units;
    const months = isBase ? this.stores.baseMonths : this.stores.stretchMonths;
    const pieces = isBase ? this.stores.basePieces : this.stores.stretchPieces;
    for (let ci = 0; ci < count; ci++) rows[ci] = isBase ? targetAt[first + ci]!.base : targetAt[first + ci]!.stretch;
    cascadeFlat(rows, count, months, i * m, i * m + m, months, first * m, m);
    for (let mi = 0; mi < m; mi++) {
      for (let ci = 0; ci < count; ci++) rows[ci] = months[(first + ci) * m + mi] as Fen;
      const from = monthFrom[mi] as number;
      cascadeFlat(rows, count, pieces, i * p + from, i * p + (monthFrom[mi + 1] as number), pieces, first * p + from, p);
    }
  }

  /** The unit that reads its rows of the stores. */
  private place(i: number, cascaded: boolean): void {
    const target = this.units.targetAt[i]!;
    const profile = this.units.profileAt[i]!;
    if (profile.shares !== this.lastShares) {
      this.lastShares = profile.shares;
      this.lastSlotShares = this.layout.slotSharesOf(profile.shares);
    }
    this.placed[i] = 1;
    this.phased[i] = new LazyPhasedUnit(this.units.units[i]!, target.base, target.stretch, profile, cascaded, this.lastSlotShares, this.stores, i);
  }

  /** Adds unit i's slots (its pieces, a straddling week is its two) into `into`. */
  private addSlots(pieces: Float64Array, i: number, into: Float64Array): void {
    const { p } = this;
    const { pieceSlot } = this.layout;
    for (let k = 0; k < p; k++) into[pieceSlot[k] as number] = (into[pieceSlot[k] as number] as Fen) + (pieces[i * p + k] as Fen);
  }

  /** The slots where the children phased on their own do not add up to their parent. */
  private differ(i: number, first: number, end: number, isBase: boolean): void {
    const { slotCount, mine, theirs } = this;
    const pieces = isBase ? this.stores.basePieces : this.stores.stretchPieces;
    mine.fill(0);
    theirs.fill(0);
    this.addSlots(pieces, i, mine);
    for (let c = first; c < end; c++) if (this.placed[c] === 1) this.addSlots(pieces, c, theirs);
    const unit = this.units.units[i]!;
    for (let si = 0; si < slotCount; si++) {
      const parent = mine[si] as Fen;
      if (parent !== theirs[si]) {
        this.differences.push({ parentId: unit.id, level: unit.level, slot: this.layout.slotKeys[si] as string, track: isBase ? 'base' : 'stretch', parent, children: theirs[si] as Fen, difference: (theirs[si] as Fen) - parent });
      }
    }
  }
}
