/**
 * Phasing a period target into months and weeks (目标分解到月、周), exactly to the 分 in both
 * tracks. Each unit's target is split over the months by its profile (largest remainder, ties
 * by month order); a month is split over the ISO weeks it touches by working days, so a week
 * that straddles two months takes a part of each (listed in the slot's `parts`). Where all of
 * a parent's children use the parent's profile, they are cascaded from the parent's months and
 * weeks, so their amounts sum exactly to the parent's in every slot; where they do not, each is
 * phased by its own profile and the differences are reported, never hidden.
 */
import { periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { addDays } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import { ORG_LEVELS, type OrgLevel, type OrgTree, type OrgUnitInput } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import { placeUnits, type PhasedUnit, type PhasingDifference } from './placement.js';
import { explicitShares, historyKeys, historyShares, monthsOfPeriod, workingDayShares, type PeriodMonth, type ProfileUsed } from './profile.js';
import type { PhasingSettings, ProfileSpec } from './settings.js';

export type { PhasedUnit } from './placement.js';

export type PhaseBy = 'month' | 'week';

interface PhasingTarget {
  base: Fen;
  stretch: Fen;
}

/** A piece of a slot inside one month: a straddling week has two. */
interface SlotPart {
  month: string;
  start: Day;
  end: Day;
  workingDays: number;
}

/** A sub-period of the phasing: a month, or an ISO week cut to the period. */
interface Slot {
  key: string;
  grain: PhaseBy;
  start: Day;
  end: Day;
  workingDays: number;
  parts: SlotPart[];
  /** True for a week whose days fall in two months (its amount is their two parts, each by working days). */
  straddles: boolean;
}

export interface PhasingResult {
  period: Period;
  by: PhaseBy;
  months: PeriodMonth[];
  slots: Slot[];
  /** Which level is the reference, in words. */
  reference: { level: OrgLevel; message: Localized };
  units: PhasedUnit[];
  differences: PhasingDifference[];
}

interface PhaseInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  /** Period targets; units without one are not phased (their children still are). */
  targets: ReadonlyMap<string, PhasingTarget>;
  /** A month, quarter, half year or year. */
  period: Period;
  by: PhaseBy;
  calendar: WorkingCalendar;
  settings: PhasingSettings;
  /** Monthly amounts booked on each unit itself (`YYYY-MM` → fen); rolled up the tree here. */
  history?: ReadonlyMap<string, ReadonlyMap<string, Fen>>;
}

export type PhaseOutcome = { ok: true; result: PhasingResult } | { ok: false; problems: Problem[] };

/** The slots of a period: its months, or the ISO weeks it touches, each cut to the period and split at month ends. */
function slotsOf(period: Period, months: readonly PeriodMonth[], by: PhaseBy, calendar: WorkingCalendar): Slot[] {
  if (by === 'month') {
    return months.map((m) => ({ key: m.key, grain: 'month', start: m.start, end: m.end, workingDays: m.workingDays, parts: [{ month: m.key, start: m.start, end: m.end, workingDays: m.workingDays }], straddles: false }));
  }
  const slots: Slot[] = [];
  let day = period.start;
  while (day <= period.end) {
    const week = periodOf(day, 'week');
    const end = week.end < period.end ? week.end : period.end;
    const parts: SlotPart[] = [];
    let from = day;
    while (from <= end) {
      const monthEnd = (months.find((m) => m.key === from.slice(0, 7)) as PeriodMonth).end;
      const to = monthEnd < end ? monthEnd : end;
      parts.push({ month: from.slice(0, 7), start: from, end: to, workingDays: calendar.workingDaysBetween(from, to) });
      from = addDays(to, 1);
    }
    slots.push({ key: week.key, grain: 'week', start: day, end, workingDays: parts.reduce((a, p) => a + p.workingDays, 0), parts, straddles: parts.length > 1 });
    day = addDays(end, 1);
  }
  return slots;
}

const dayCount = (start: Day, end: Day) => (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;

/**
 * Each unit's history over the months a history profile reads (`keys`), rolled up the tree:
 * one flat row per unit by place, in `keys` order. Only those months are summed, since copying
 * every unit's whole history into a Map per unit was most of the phasing's time for a large company.
 */
function rolledHistory<T extends OrgUnitInput>(tree: OrgTree<T>, history: ReadonlyMap<string, ReadonlyMap<string, Fen>>, keys: readonly string[]): Float64Array {
  const n = tree.topDown.length;
  const k = keys.length;
  const { firstChildAt, childCountAt } = tree.flat;
  const rolled = new Float64Array(n * k);
  // the units' own maps first, then their months: two passes over 50,000 small maps take half
  // the time of one that looks each map up and reads it at once (the reads then do not wait on
  // each other)
  const owns = tree.topDown.map((id) => history.get(id));
  for (let i = 0; i < n; i++) {
    const own = owns[i];
    const at = i * k;
    if (own) for (let j = 0; j < k; j++) rolled[at + j] = own.get(keys[j] as string) ?? 0;
  }
  for (let i = n - 1; i >= 0; i--) {
    const at = i * k;
    const first = firstChildAt[i] as number;
    const end = first + (childCountAt[i] as number);
    for (let c = first; c < end; c++) {
      const from = c * k;
      for (let j = 0; j < k; j++) rolled[at + j] = (rolled[at + j] as number) + (rolled[from + j] as number);
    }
  }
  return rolled;
}

/** What a unit's own profile is made from, for one phasing. */
interface ProfileSources {
  months: readonly PeriodMonth[];
  /** The working-day shares, one array for every unit that takes them. */
  wd: number[];
  rolled: Float64Array | undefined;
  keyCount: number;
  history: PhasingSettings['history'];
}

const fallbackProfile = (src: ProfileSources, id: string, note: Localized): ProfileUsed => ({ kind: 'working-days', source: 'fallback', from: id, shares: src.wd, note });

/**
 * A unit's own profile: set for it, or the default kind. A module function, not a closure made
 * per phasing, so its optimised callers keep calling the same function from one phasing to the next.
 */
function ownProfile(src: ProfileSources, i: number, id: string, spec: ProfileSpec, parent: ProfileUsed | undefined): ProfileUsed {
  if (spec.profile === 'working-days') return { kind: 'working-days', source: 'own', from: id, shares: src.wd };
  if (spec.profile === 'explicit') {
    const s = explicitShares(src.months, spec.months);
    return s ? { kind: 'explicit', source: 'own', from: id, shares: s } : fallbackProfile(src, id, { zh: '明确的月度权重在本期全为 0，按工作日', en: 'the explicit month weights are all 0 in this period: working days' });
  }
  const learned = src.rolled ? historyShares(src.months, src.rolled, i * src.keyCount, src.history) : null;
  if (learned) return { kind: 'history', source: 'own', from: id, years: learned.years, shares: learned.shares };
  const note = { zh: `历史不足 ${src.history.minYears} 个完整年份`, en: `fewer than ${src.history.minYears} complete year(s) of history` };
  if (parent) return { ...parent, source: 'inherited', note: { zh: `${note.zh}，沿用上级 ${parent.from} 的曲线`, en: `${note.en}: the profile of ${parent.from}` } };
  return fallbackProfile(src, id, { zh: `${note.zh}，按工作日`, en: `${note.en}: working days` });
}

/**
 * Each unit's profile by place: its own (set for it, or the default kind), or, below the
 * reference level, its parent's; a history profile without enough years falls back to the
 * parent's, or to working days at the root. A parent's inheritors share one profile object,
 * so units with the same shares share their slot shares.
 */
function unitProfiles<T extends OrgUnitInput>(tree: OrgTree<T>, months: readonly PeriodMonth[], settings: PhasingSettings, rolled: Float64Array | undefined, keyCount: number): ProfileUsed[] {
  const n = tree.topDown.length;
  const { units: unitAt, parentAt } = tree.flat;
  const refIndex = ORG_LEVELS.indexOf(settings.referenceLevel);
  const src: ProfileSources = { months, wd: workingDayShares(months), rolled, keyCount, history: settings.history };
  const profiles: ProfileUsed[] = new Array<ProfileUsed>(n);
  // most settings name no unit; then no id is looked up in them
  const anySpec = Object.keys(settings.units).length > 0;
  const below = ORG_LEVELS.map((_, i) => i > refIndex);
  // a parent's children sit side by side in the places: the profile they inherit is made once, for the first
  let inheritedParent = -1;
  let inherited: ProfileUsed | undefined;
  const defaultSpec: ProfileSpec = settings.profile === 'explicit' ? { profile: 'explicit', months: settings.explicit.months } : { profile: settings.profile };
  for (let i = 0; i < n; i++) {
    const id = tree.topDown[i] as string;
    const unit = unitAt[i]!;
    const parent = parentAt[i] === -1 ? undefined : profiles[parentAt[i] as number];
    const spec = anySpec ? settings.units[id] : undefined;
    let used: ProfileUsed;
    if (spec) used = ownProfile(src, i, id, spec, parent);
    else if (parent && below[ORG_LEVELS.indexOf(unit.level)]) {
      if (inheritedParent !== parentAt[i]) {
        inheritedParent = parentAt[i] as number;
        inherited = { ...parent, source: 'inherited' };
      }
      used = inherited!;
    }
    else used = ownProfile(src, i, id, defaultSpec, parent);
    profiles[i] = used;
  }
  return profiles;
}

export function phaseTargets<T extends OrgUnitInput>(input: PhaseInput<T>): PhaseOutcome {
  const { tree, targets, period, by, calendar, settings } = input;
  if (!['month', 'quarter', 'half', 'year'].includes(period.grain)) {
    return { ok: false, problems: [problem('PHASE_BAD_PERIOD', 'period', '', { zh: `只能分解月、季度、半年或年的目标，实际是 ${period.key}`, en: `only a month, quarter, half year or year target can be phased, got ${period.key}` })] };
  }
  const problems: Problem[] = [];
  targets.forEach((t, id) => {
    if (!(Number.isSafeInteger(t.base) && t.base >= 0 && Number.isSafeInteger(t.stretch) && t.stretch >= 0)) {
      problems.push(problem('PHASE_NEGATIVE_TARGET', 'targets', '', { zh: `单位 ${id} 的目标应为非负金额`, en: `unit ${id}: targets must be amounts >= 0` }));
    }
  });
  if (problems.length) return { ok: false, problems };

  const months = monthsOfPeriod(period, calendar);
  const slots = slotsOf(period, months, by, calendar);
  const monthIndex = new Map(months.map((m, i) => [m.key, i]));
  // per month: which (slot, part) pieces it is cut into, with their weights (working days, else days)
  const pieces = months.map(() => [] as Array<{ slot: number; weight: number }>);
  slots.forEach((s, si) => s.parts.forEach((p) => pieces[monthIndex.get(p.month) as number]!.push({ slot: si, weight: p.workingDays })));
  months.forEach((m, mi) => {
    const ps = pieces[mi]!;
    if (m.workingDays === 0) ps.forEach((p) => { const part = slots[p.slot]!.parts.find((x) => x.month === m.key)!; p.weight = dayCount(part.start, part.end); });
  });
  // each piece's part of its month (its weight over the month's, or an even part), worked out
  // once: a profile's slot share is then its month's share times that, added up by slot
  const pieceOfMonth = pieces.map((ps) => {
    const total = ps.reduce((a, p) => a + p.weight, 0);
    return ps.map((p) => (total > 0 ? p.weight / total : 1 / ps.length));
  });
  // inherited profiles share their ancestor's array, so their slot shares are computed once
  const slotShareCache = new WeakMap<readonly number[], number[]>();
  const slotSharesOf = (shares: readonly number[]): number[] => {
    const cached = slotShareCache.get(shares);
    if (cached) return cached;
    const out = new Array<number>(slots.length).fill(0);
    for (let mi = 0; mi < pieces.length; mi++) {
      const ps = pieces[mi]!;
      const parts = pieceOfMonth[mi]!;
      for (let k = 0; k < ps.length; k++) out[ps[k]!.slot] = (out[ps[k]!.slot] as number) + (shares[mi] as number) * (parts[k] as number);
    }
    for (let si = 0; si < out.length; si++) out[si] = Math.round((out[si] as number) * 1e6) / 1e6;
    slotShareCache.set(shares, out);
    return out;
  };
  // a unit's month pieces are one flat row: month by month, each month's pieces in slot order
  const pieceSlot: number[] = [];
  const pieceWeight: number[] = [];
  const monthFrom: number[] = [];
  pieces.forEach((ps) => { monthFrom.push(pieceSlot.length); for (const p of ps) { pieceSlot.push(p.slot); pieceWeight.push(p.weight); } });
  monthFrom.push(pieceSlot.length);

  // history rolled up the tree, only when some unit learns from it
  const needsHistory = settings.profile === 'history' || Object.values(settings.units).some((s) => s.profile === 'history');
  const keys = historyKeys(months, settings.history);
  const rolled = needsHistory && input.history ? rolledHistory(tree, input.history, keys) : undefined;
  const profileAt = unitProfiles(tree, months, settings, rolled, keys.length);
  const targetAt = tree.topDown.map((id) => targets.get(id));
  const { phased, differences } = placeUnits(
    { monthCount: months.length, slotKeys: slots.map((s) => s.key), monthFrom, pieceSlot, pieceWeight, slotSharesOf },
    { units: tree.flat.units, firstChildAt: tree.flat.firstChildAt, childCountAt: tree.flat.childCountAt, targetAt, profileAt },
  );
  // every unit with a target is phased: most runs give every place one, and then `phased` is the list
  let units = phased as PhasedUnit[];
  if (phased.includes(undefined)) {
    units = [];
    for (const u of phased) if (u !== undefined) units.push(u);
  }

  const level = settings.referenceLevel;
  return {
    ok: true,
    result: {
      period, by, months, slots,
      reference: {
        level,
        message: {
          zh: `参照层级：${level}。该层级及以上的单位按各自的曲线分解；以下的单位沿用其上级曲线，逐月逐周精确加总到上级。曲线不同之处列出差额（下级合计 − 上级）。`,
          en: `Reference level: ${level}. Units at this level and above are phased by their own profile; units below take their ancestor's and add up exactly to it in every month and week. Where profiles differ, the difference (children − parent) is listed.`,
        },
      },
      units,
      differences,
    },
  };
}
