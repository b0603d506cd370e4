/**
 * A phased unit as the phasing hands it over. Its months and slots in both tracks stay in the
 * placement's flat stores (one row a unit, by place) and become arrays the first time a reader
 * asks for them: a company of 56,000 units phased into weeks would otherwise build four arrays
 * and two objects a unit (38 MB a pass) that most readers, a board showing one unit, never read.
 */
import type { Fen } from '../money/index.js';
import type { OrgLevel } from '../org/index.js';
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

/**
 * Every unit's months and month pieces of one phasing, a row a unit by place; a unit's slots are
 * the sums of its pieces by `pieceSlot` (a straddling week has a piece in each of its months).
 */
export interface PhasedStores {
  monthCount: number;
  pieceSlot: readonly number[];
  slotCount: number;
  baseMonths: Float64Array;
  stretchMonths: Float64Array;
  basePieces: Float64Array;
  stretchPieces: Float64Array;
}

/**
 * `phasedBase` and `phasedStretch` are own enumerable accessors, placed between `cascaded` and
 * `slotShares` as the plain fields were, so JSON, spreads, structured clones and `Object.keys`
 * see the unit as before; each track is made once, on its first read, and kept (a change made
 * to its arrays stays, an assignment replaces it). The accessors are two shared descriptors, so
 * every unit has the same shape; what they read sits in private fields, which no copy carries.
 */
export class LazyPhasedUnit implements PhasedUnit {
  declare id: string;
  declare parentId: string | null;
  declare name: string;
  declare level: OrgLevel;
  declare base: Fen;
  declare stretch: Fen;
  declare profile: ProfileUsed;
  declare cascaded: boolean;
  declare phasedBase: PhasedTrack;
  declare phasedStretch: PhasedTrack;
  declare slotShares: number[];
  readonly #stores: PhasedStores;
  readonly #at: number;
  #base: PhasedTrack | undefined = undefined;
  #stretch: PhasedTrack | undefined = undefined;

  static readonly #BASE: PropertyDescriptor = {
    get(this: LazyPhasedUnit): PhasedTrack {
      return (this.#base ??= this.#track(this.#stores.baseMonths, this.#stores.basePieces));
    },
    set(this: LazyPhasedUnit, track: PhasedTrack) { this.#base = track; },
    enumerable: true,
    configurable: true,
  };

  static readonly #STRETCH: PropertyDescriptor = {
    get(this: LazyPhasedUnit): PhasedTrack {
      return (this.#stretch ??= this.#track(this.#stores.stretchMonths, this.#stores.stretchPieces));
    },
    set(this: LazyPhasedUnit, track: PhasedTrack) { this.#stretch = track; },
    enumerable: true,
    configurable: true,
  };

  constructor(unit: { id: string; parentId: string | null; name: string; level: OrgLevel }, base: Fen, stretch: Fen, profile: ProfileUsed, cascaded: boolean, slotShares: number[], stores: PhasedStores, at: number) {
    this.#stores = stores;
    this.#at = at;
    this.id = unit.id;
    this.parentId = unit.parentId;
    this.name = unit.name;
    this.level = unit.level;
    this.base = base;
    this.stretch = stretch;
    this.profile = profile;
    this.cascaded = cascaded;
    Object.defineProperty(this, 'phasedBase', LazyPhasedUnit.#BASE);
    Object.defineProperty(this, 'phasedStretch', LazyPhasedUnit.#STRETCH);
    this.slotShares = slotShares;
  }

  /** The unit's track as plain arrays (what readers, JSON and clones expect). */
  #track(monthStore: Float64Array, pieceStore: Float64Array): PhasedTrack {
    const { monthCount: m, pieceSlot, slotCount } = this.#stores;
    const months = new Array<Fen>(m);
    for (let j = 0, at = this.#at * m; j < m; j++) months[j] = monthStore[at + j] as Fen;
    const slots = new Array<Fen>(slotCount).fill(0);
    for (let k = 0, at = this.#at * pieceSlot.length; k < pieceSlot.length; k++) slots[pieceSlot[k] as number] = (slots[pieceSlot[k] as number] as Fen) + (pieceStore[at + k] as Fen);
    return { months, slots };
  }
}
