/**
 * Placing every unit's phased months and weeks (slots), top down over the org tree's flat index,
 * once the profiles are known. Where all of a parent's children use the parent's profile they
 * are cascaded from the parent's months and month pieces (exact in both margins); otherwise each
 * child is split by its own profile and the slots where the children do not add up to the parent
 * are listed. Everything a unit needs is read from arrays by its place: a unit's months are a row
 * of one store per track, a parent's month pieces (month by month, each month's pieces in slot
 * order) a row of another, and a parent's children, side by side in the tree's places, are
 * written into a scratch block reused from parent to parent. A class, not closures made per call:
 * its few small methods are optimised once for every phasing, where one large function with its
 * loops inside was compiled again and again while a large company ran.
 */
import type { Fen } from '../money/index.js';
import type { OrgLevel } from '../org/index.js';
import { cascadeFlat, sameShares, splitInto } from './cascade.js';
import type { ProfileUsed } from './profile.js';

interface PhasedTrack {
  /** Per month of the period. */
  months: Fen[];
  /** Per slot. */
  slots: Fen[];
}

export interface PhasedUnit {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  base: Fen;
  stretch: Fen;
  profile: ProfileUsed;
  /** Cascaded from the parent (same profile): sums to the parent's amounts in every slot. */
  cascaded: boolean;
  phasedBase: PhasedTrack;
  phasedStretch: PhasedTrack;
  /** The profile's share of the period per slot (0..1). */
  slotShares: number[];
}

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

// plain arrays, not typed ones: the output's arrays are slices (one copy of the elements), where
// filling a new array element by element cost three times as much (its element kind changes as
// the first large amount arrives)
const store = (size: number): Fen[] => new Array<Fen>(size).fill(0);

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
  private readonly baseMonths: Fen[];
  private readonly stretchMonths: Fen[];
  /** A parent's row in the parts stores; −1 for a leaf. */
  private readonly partsRowAt: Int32Array;
  private readonly baseParts: Fen[];
  private readonly stretchParts: Fen[];
  /** The children of the parent being placed: their pieces, one row each. */
  private readonly baseKids: Fen[];
  private readonly stretchKids: Fen[];
  /** One unit's slots, an array of doubles from the start (a slice of it is the output's). */
  private readonly slotRow: Fen[];
  /** What each child still has to place in a cascade. */
  private readonly rows: Fen[] = [];
  private readonly theirs: Fen[];

  constructor(private readonly layout: PieceLayout, private readonly units: PlacementUnits) {
    const n = units.units.length;
    this.m = layout.monthCount;
    this.p = layout.pieceSlot.length;
    this.slotCount = layout.slotKeys.length;
    this.phased = new Array<PhasedUnit | undefined>(n);
    this.baseMonths = store(n * this.m);
    this.stretchMonths = store(n * this.m);
    this.partsRowAt = new Int32Array(n).fill(-1);
    let parents = 0;
    let widest = 1;
    for (let i = 0; i < n; i++) {
      const count = units.childCountAt[i] as number;
      if (count) this.partsRowAt[i] = parents++;
      if (count > widest) widest = count;
    }
    this.baseParts = store(parents * this.p);
    this.stretchParts = store(parents * this.p);
    this.baseKids = store(widest * this.p);
    this.stretchKids = store(widest * this.p);
    this.slotRow = new Array<Fen>(this.slotCount).fill(0.5);
    this.theirs = store(this.slotCount);
  }

  run(): void {
    const { firstChildAt, childCountAt, targetAt } = this.units;
    if (targetAt[0] !== undefined) this.alone(0, 0);
    const n = this.phased.length;
    for (let i = 0; i < n; i++) {
      const count = childCountAt[i] as number;
      if (count) this.placeChildren(i, firstChildAt[i] as number, count);
    }
  }

  private placeChildren(i: number, first: number, count: number): void {
    const { targetAt, profileAt } = this.units;
    const end = first + count;
    const parent = this.phased[i];
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
      for (let c = first; c < end; c++) this.place(c, c - first, true);
      return;
    }
    for (let c = first; c < end; c++) if (targetAt[c] !== undefined) this.alone(c, c - first);
    if (parent && withTarget) {
      this.differ(i, first, end, parent, true);
      this.differ(i, first, end, parent, false);
    }
  }

  /** A unit split by its own profile: months by its shares, each month's pieces by their weights. */
  private alone(i: number, row: number): void {
    const target = this.units.targetAt[i]!;
    const shares = this.units.profileAt[i]!.shares;
    this.split(target.base, shares, this.baseMonths, this.baseKids, i, row);
    this.split(target.stretch, shares, this.stretchMonths, this.stretchKids, i, row);
    this.place(i, row, false);
  }

  private split(total: Fen, shares: readonly number[], months: Fen[], kids: Fen[], i: number, row: number): void {
    const { m, p } = this;
    const { monthFrom, pieceWeight } = this.layout;
    splitInto(total, shares, 0, m, months, i * m);
    for (let mi = 0; mi < m; mi++) {
      const from = monthFrom[mi] as number;
      splitInto(months[i * m + mi] as Fen, pieceWeight, from, (monthFrom[mi + 1] as number) - from, kids, row * p + from);
    }
  }

  /** The children's months from the parent's, then each month's pieces from the parent's pieces of that month. */
  private cascade(i: number, first: number, count: number, isBase: boolean): void {
    const { m, p, rows } = this;
    const { monthFrom } = this.layout;
    const { targetAt } = this.units;
    const months = isBase ? this.baseMonths : this.stretchMonths;
    const kids = isBase ? this.baseKids : this.stretchKids;
    for (let ci = 0; ci < count; ci++) rows[ci] = isBase ? targetAt[first + ci]!.base : targetAt[first + ci]!.stretch;
    cascadeFlat(rows, count, months, i * m, i * m + m, months, first * m, m);
    // a zero column leaves its cells as they are: they must be 0
    kids.fill(0, 0, count * p);
    const parts = isBase ? this.baseParts : this.stretchParts;
    const at = (this.partsRowAt[i] as number) * p;
    for (let mi = 0; mi < m; mi++) {
      for (let ci = 0; ci < count; ci++) rows[ci] = months[(first + ci) * m + mi] as Fen;
      cascadeFlat(rows, count, parts, at + (monthFrom[mi] as number), at + (monthFrom[mi + 1] as number), kids, monthFrom[mi] as number, p);
    }
  }

  /** The unit's output, its months and slots as new arrays; a parent's pieces kept for its children. */
  private place(i: number, row: number, cascaded: boolean): void {
    const unit = this.units.units[i]!;
    const target = this.units.targetAt[i]!;
    const profile = this.units.profileAt[i]!;
    const at = i * this.m;
    this.phased[i] = {
      id: unit.id, parentId: unit.parentId, name: unit.name, level: unit.level, base: target.base, stretch: target.stretch, profile, cascaded,
      phasedBase: { months: this.baseMonths.slice(at, at + this.m), slots: this.slotsOf(this.baseKids, row, this.baseParts, i) },
      phasedStretch: { months: this.stretchMonths.slice(at, at + this.m), slots: this.slotsOf(this.stretchKids, row, this.stretchParts, i) },
      slotShares: this.layout.slotSharesOf(profile.shares),
    };
  }

  /** A unit's slots from its pieces (a straddling week is its two). */
  private slotsOf(kids: readonly Fen[], row: number, parts: Fen[], i: number): Fen[] {
    const { p, slotRow } = this;
    const { pieceSlot } = this.layout;
    slotRow.fill(0);
    const from = row * p;
    for (let k = 0; k < p; k++) slotRow[pieceSlot[k] as number] = (slotRow[pieceSlot[k] as number] as Fen) + (kids[from + k] as Fen);
    const keep = this.partsRowAt[i] as number;
    if (keep >= 0) for (let k = 0; k < p; k++) parts[keep * p + k] = kids[from + k] as Fen;
    return slotRow.slice();
  }

  /** The slots where the children phased on their own do not add up to their parent. */
  private differ(i: number, first: number, end: number, parent: PhasedUnit, isBase: boolean): void {
    const { slotCount, theirs } = this;
    const mine = (isBase ? parent.phasedBase : parent.phasedStretch).slots;
    theirs.fill(0);
    for (let c = first; c < end; c++) {
      const child = this.phased[c];
      if (child === undefined) continue;
      const cs = (isBase ? child.phasedBase : child.phasedStretch).slots;
      for (let si = 0; si < slotCount; si++) theirs[si] = (theirs[si] as Fen) + (cs[si] as Fen);
    }
    const unit = this.units.units[i]!;
    for (let si = 0; si < slotCount; si++) {
      if (mine[si] !== theirs[si]) {
        this.differences.push({ parentId: unit.id, level: unit.level, slot: this.layout.slotKeys[si] as string, track: isBase ? 'base' : 'stretch', parent: mine[si] as Fen, children: theirs[si] as Fen, difference: (theirs[si] as Fen) - (mine[si] as Fen) });
      }
    }
  }
}
