/**
 * The phasing parameters (月度分解 / 季节性): which profile a unit's period target follows by
 * default (learned from history, explicit month weights, or working days), how history is
 * weighted, the reference level, and per-unit overrides. Read from the bundle's `phasing` group
 * or from a `--profile` file of the same shape; the same checker refuses both, by pointer.
 */
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { ORG_LEVELS, type OrgLevel } from '../org/index.js';
import { joinPointer, problem, type Problem } from '../problems.js';

export type ProfileKind = 'history' | 'explicit' | 'working-days';

/** A profile a unit can be given by name: history-learned, explicit month weights, or working days. */
export type ProfileSpec =
  | { profile: 'history' }
  | { profile: 'working-days' }
  /**
   * Twelve shares as fractions, January to December (0.3, 0.3, 0.4 in every quarter for
   * 30/30/40). A period takes its months' shares, normalised.
   */
  | { profile: 'explicit'; months: readonly number[] };

export interface HistorySettings {
  /** How many past years of the same months count (N). */
  years: number;
  /** One weight per year, oldest → newest (the last is last year). */
  weights: readonly number[];
  /** Fewer complete years than this: the unit takes its parent's profile. */
  minYears: number;
}

export interface PhasingSettings {
  /** The default profile of every unit. */
  profile: ProfileKind;
  history: HistorySettings;
  /** Month shares for `profile: "explicit"` (January to December; see ProfileSpec). */
  explicit: { months: readonly number[] };
  /**
   * Units at this level and above are phased by their own profile; units below it take the
   * profile of their ancestor at this level, so their months sum exactly to it. Where a
   * parent at or above the level and its children differ, the differences are reported.
   */
  referenceLevel: OrgLevel;
  /** Per-unit profiles, by unit id, overriding the default. */
  units: Readonly<Record<string, ProfileSpec>>;
}

export const DEFAULT_PHASING: PhasingSettings = {
  profile: 'working-days',
  history: { years: 3, weights: [1, 2, 3], minYears: 1 },
  explicit: { months: Array.from({ length: 12 }, () => 1 / 3) },
  referenceLevel: 'team',
  units: {},
};

const KINDS: readonly ProfileKind[] = ['history', 'explicit', 'working-days'];
const bad = (file: string, pointer: string, zh: string, en: string): Problem => problem('PARAM_INVALID', file, pointer, { zh, en });

/**
 * Month shares are fractions (0.3 = 30%), so "30/30/40" is written 0.3, 0.3, 0.4 and a 30 is a
 * percent written in the wrong form. A period takes its months' shares normalised, so no sum is
 * required: a screen can change one month at a time.
 */
function checkMonths(value: unknown, file: string, pointer: string): Problem[] {
  if (!Array.isArray(value) || value.length !== 12 || !value.every((w) => typeof w === 'number' && Number.isFinite(w))) {
    return [bad(file, pointer, 'months 应为 12 个 0 到 1 之间的小数（1 月至 12 月的占比，如每季度 0.3、0.3、0.4）', 'months must be 12 fractions from 0 to 1 (the shares of January to December, e.g. 0.3, 0.3, 0.4 in every quarter)')];
  }
  const out: Problem[] = [];
  (value as number[]).forEach((w, i) => {
    if (!isFraction(w)) out.push(notFraction(file, joinPointer(pointer, i), { zh: `${i + 1} 月的占比`, en: `the share of month ${i + 1}` }, w));
  });
  if (!out.length && !(value as number[]).some((w) => w > 0)) out.push(bad(file, pointer, 'months 的占比不能全为 0', 'the months shares cannot all be 0'));
  return out;
}

function checkSpec(value: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(value) || !KINDS.includes(value.profile as ProfileKind)) {
    return [bad(file, joinPointer(pointer, 'profile'), `profile 应为 ${KINDS.join('、')} 之一`, `profile must be one of ${KINDS.join(', ')}`)];
  }
  return value.profile === 'explicit' ? checkMonths(value.months, file, joinPointer(pointer, 'months')) : [];
}

/** Checks the `phasing` group (or a profile file); every problem with its pointer. */
export function checkPhasing(value: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(value)) return [bad(file, pointer, '分解参数应为对象', 'the phasing parameters must be an object')];
  const out: Problem[] = [];
  if (value.profile !== undefined && !KINDS.includes(value.profile as ProfileKind)) {
    out.push(bad(file, joinPointer(pointer, 'profile'), `profile 应为 ${KINDS.join('、')} 之一`, `profile must be one of ${KINDS.join(', ')}`));
  }
  if (value.history !== undefined) {
    const h = value.history;
    const at = joinPointer(pointer, 'history');
    if (!isObject(h)) out.push(bad(file, at, 'history 应为对象 {years, weights, minYears}', 'history must be an object {years, weights, minYears}'));
    else {
      const years = h.years;
      if (!Number.isInteger(years) || (years as number) < 1) out.push(bad(file, joinPointer(at, 'years'), 'years 应为不小于 1 的整数', 'years must be a whole number >= 1'));
      const w = h.weights;
      if (!Array.isArray(w) || !w.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0) || !w.some((x) => (x as number) > 0)) {
        out.push(bad(file, joinPointer(at, 'weights'), 'weights 应为非负数数组，且不全为 0', 'weights must be numbers >= 0, not all 0'));
      } else if (Number.isInteger(years) && w.length !== years) {
        out.push(bad(file, joinPointer(at, 'weights'), `weights 应有 ${String(years)} 个（每年一个，由远及近）`, `weights must have ${String(years)} entries (one a year, oldest first)`));
      }
      const min = h.minYears;
      if (!Number.isInteger(min) || (min as number) < 1 || (Number.isInteger(years) && (min as number) > (years as number))) {
        out.push(bad(file, joinPointer(at, 'minYears'), 'minYears 应为 1 至 years 之间的整数', 'minYears must be a whole number from 1 to years'));
      }
    }
  }
  if (value.explicit !== undefined) {
    const e = value.explicit;
    if (!isObject(e)) out.push(bad(file, joinPointer(pointer, 'explicit'), 'explicit 应为对象 {months}', 'explicit must be an object {months}'));
    else out.push(...checkMonths(e.months, file, joinPointer(pointer, 'explicit', 'months')));
  }
  if (value.referenceLevel !== undefined && !ORG_LEVELS.includes(value.referenceLevel as OrgLevel)) {
    out.push(bad(file, joinPointer(pointer, 'referenceLevel'), `referenceLevel 应为 ${ORG_LEVELS.join('、')} 之一`, `referenceLevel must be one of ${ORG_LEVELS.join(', ')}`));
  }
  if (value.units !== undefined) {
    if (!isObject(value.units)) out.push(bad(file, joinPointer(pointer, 'units'), 'units 应为 {单位 id: 曲线} 对象', 'units must be an object {unit id: profile}'));
    else for (const [id, spec] of Object.entries(value.units)) out.push(...checkSpec(spec, file, joinPointer(pointer, 'units', id)));
  }
  return out;
}

export const phasingParameterChecks = { phasing: checkPhasing };

type PhasingSettingsResult = { ok: true; settings: PhasingSettings } | { ok: false; problems: Problem[] };

/**
 * The settings from a `phasing` group (absent keys take the defaults), laid over `base` when
 * given — so a profile file changes only what it names.
 */
export function readPhasingSettings(value: unknown, file = 'parameters', pointer = '/parameters/phasing', base: PhasingSettings = DEFAULT_PHASING): PhasingSettingsResult {
  if (value === undefined) return { ok: true, settings: base };
  const problems = checkPhasing(value, file, pointer);
  if (problems.length) return { ok: false, problems };
  const v = value as Partial<PhasingSettings>;
  return {
    ok: true,
    settings: {
      profile: v.profile ?? base.profile,
      history: v.history ?? base.history,
      explicit: v.explicit ?? base.explicit,
      referenceLevel: v.referenceLevel ?? base.referenceLevel,
      units: { ...base.units, ...(v.units ?? {}) },
    },
  };
}
