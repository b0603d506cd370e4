/**
 * Three-level escalation (三级反馈): level 1 reminds the rep after escalation.reminderDays
 * working days in a row without the basic action; level 2 notifies the direct manager (the
 * parent unit in the org tree) after escalation.noticeWeeks weeks below the weekly threshold;
 * level 3 starts a one-to-one coaching plan after escalation.coachingWeeks such weeks. The
 * rules missed-basic-action and week-below-threshold judge each day and week; one run of misses
 * raises one alert, which clears when the run ends.
 */
import { bindRule, bundleRules, paramAt, unsourcedInputs, type LoadedBundle } from '../bundle/index.js';
import type { Day } from '../calendar/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import type { Localized, Problem } from '../problems.js';
import { streakRuns, type StreakRun } from './streaks.js';

type EscalationLevel = 1 | 2 | 3;

export interface EscalationAlert {
  /** Whose streak it is. */
  unitId: string;
  unitName: string;
  level: EscalationLevel;
  action: 'reminder' | 'manager-notice' | 'coaching-plan';
  /** The rule that judged each day or week. */
  rule: string;
  /** Who is told: the unit itself (level 1) or its direct manager (levels 2 and 3). */
  notify: { unitId: string; name: string; role: 'self' | 'manager' };
  /** First day or week of the streak, when the alert was raised, and the last point seen. */
  since: string;
  raisedAt: string;
  through: string;
  streak: number;
  open: boolean;
  clearedAt?: string;
  why: Localized;
}

interface EscalationInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  /** Working days in order (the calendar's, over the range watched). */
  days?: readonly Day[];
  /** Basic actions per unit and day; a working day without an entry counts as 0. Only units listed are watched. */
  daily?: ReadonlyMap<string, ReadonlyMap<Day, number>>;
  /** Weekly indicator per unit, in time order (null when there is nothing to compare). */
  weekly?: ReadonlyMap<string, ReadonlyArray<{ week: string; rate: number | null }>>;
  /**
   * The same weekly indicator held flat (what `trackAlerts` computes for 50,000 reps): the weeks,
   * and the rates by the unit's place in the tree (`tree.flat`), place by place in week order
   * (place × weeks + week), NaN for null; `watched` says which places have a series. Read where
   * `weekly` has no series.
   */
  weeklyRates?: { weeks: readonly string[]; rate: ArrayLike<number>; watched(place: number): boolean };
}

type Escalator = <T extends OrgUnitInput>(input: EscalationInput<T>) => EscalationAlert[];

export function createEscalator(bundle: LoadedBundle): { ok: true; escalate: Escalator } | { ok: false; problems: Problem[] } {
  const got = bundleRules(bundle, ['missed-basic-action', 'week-below-threshold'] as const);
  if (!got.ok) return got;
  const { defined, params } = got;
  // the escalation computes each rule's only inputs and reads no record: a required input a
  // customised rule adds is refused here, once; an optional one keeps the rule's default
  const missed = bindRule(defined['missed-basic-action'], ['actions']);
  const below = bindRule(defined['week-below-threshold'], ['rate']);
  const unsourced = [missed, below].flatMap((b) => unsourcedInputs(b, undefined, 'the escalation'));
  if (unsourced.length) return { ok: false, problems: unsourced };
  const n = (path: string): number => paramAt(params, path) as number;
  const reminderDays = n('escalation.reminderDays');
  const minimum = n('escalation.dailyMinimum');
  const threshold = n('escalation.weeklyThreshold');
  const noticeWeeks = n('escalation.noticeWeeks');
  const coachingWeeks = n('escalation.coachingWeeks');
  const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;

  // a rate judged by the rule; a refused judgement counts as a miss, as it always has. The rule
  // reads nothing but the rate (the escalation supplies its only input, and a rule is pure data
  // without state), so a rate is judged once per run however many reps and weeks have it: the
  // rates are rounded to 4 decimals, a few thousand distinct values for 50,000 reps × 11 weeks
  const EMPTY: Readonly<Record<string, unknown>> = {};
  const judgeOne = (rate: number): boolean => {
    const judged = below.call(Number.isNaN(rate) ? EMPTY : { rate });
    return judged.ok ? judged.value === true : true;
  };
  const judgeWeeks = (rates: ArrayLike<number>, from: number, count: number, misses: boolean[], known: Int8Array | undefined): void => {
    for (let i = 0; i < count; i++) {
      const rate = rates[from + i]!;
      // a rate that is exactly k / 10,000 (what the weekly series rounds to) is kept at k; any
      // other (NaN, past the table, more decimals) is judged on its own. A Map keyed by the
      // doubles cost more than the rule (a heap number hashed per week)
      const k = Math.round(rate * 10_000);
      if (!known || !(k >= 0 && k < known.length && k / 10_000 === rate)) { misses[i] = judgeOne(rate); continue; }
      let got = known[k]!;
      if (got === 0) { got = judgeOne(rate) ? 1 : 2; known[k] = got; }
      misses[i] = got === 1;
    }
  };

  const escalate: Escalator = ({ tree, days = [], daily, weekly, weeklyRates }) => {
    const alerts: EscalationAlert[] = [];
    const { units, parentAt } = tree.flat;
    const manager = (place: number) => {
      const parent = parentAt[place]! < 0 ? undefined : units[parentAt[place]!];
      return parent ? { unitId: parent.id, name: parent.name, role: 'manager' as const } : undefined;
    };
    // a rate's judgement kept for the run when the rule reads nothing but the rate (see judgeWeeks):
    // 0 not judged yet, 1 a miss, 2 not; rates from 0 to 1,000% (100,000 ten-thousandths)
    const known = below.fromRecord.length === 0 ? new Int8Array(100_001) : undefined;
    const levels: Array<{ level: 2 | 3; length: number; action: EscalationAlert['action'] }> = [
      { level: 2, length: noticeWeeks, action: 'manager-notice' },
      { level: 3, length: coachingWeeks, action: 'coaching-plan' },
    ];
    const misses: boolean[] = [];
    for (let place = 0; place < units.length; place++) {
      const unit = units[place]!;
      const id = unit.id;
      const series = daily?.get(id);
      if (series) {
        const counts = days.map((day) => series.get(day) ?? 0);
        const missed1 = counts.map((actions) => {
          const judged = missed.call({ actions });
          return judged.ok ? judged.value === true : true;
        });
        for (const run of streakRuns(days.length, (i) => missed1[i]!, reminderDays)) {
          const length = run.end - run.start + 1;
          const since = days[run.start]!;
          alerts.push(alertOf(id, unit.name, 1, 'reminder', 'missed-basic-action', { unitId: id, name: unit.name, role: 'self' },
            since, days[run.start + reminderDays - 1]!, days[run.end]!, length, run.cleared < 0 ? undefined : days[run.cleared]!, () => ({
              zh: `自 ${since} 起连续 ${length} 个工作日基础动作少于 ${minimum} 次（达到 ${reminderDays} 天即提醒）`,
              en: `${length} working days in a row since ${since} with fewer than ${minimum} basic actions (a reminder after ${reminderDays})`,
            })));
        }
      }
      // the week keys and rates: a series given as points, or the flat rates (this unit's row of them)
      const given = weekly?.get(id);
      let keys: readonly string[];
      let rates: ArrayLike<number>;
      let from = 0;
      if (given) {
        keys = given.map((w) => w.week);
        rates = given.map((w) => (w.rate === null ? NaN : w.rate));
      } else {
        if (!weeklyRates?.watched(place)) continue;
        keys = weeklyRates.weeks;
        rates = weeklyRates.rate;
        from = place * keys.length;
      }
      const count = keys.length;
      const boss = manager(place);
      if (!boss) continue;
      misses.length = count;
      judgeWeeks(rates, from, count, misses, known);
      for (const { level, length, action } of levels) {
        for (const run of streakRuns(count, (i) => misses[i]!, length)) {
          const weeks = run.end - run.start + 1;
          const since = keys[run.start]!;
          alerts.push(alertOf(id, unit.name, level, action, 'week-below-threshold', boss,
            since, keys[run.start + length - 1]!, keys[run.end]!, weeks, run.cleared < 0 ? undefined : keys[run.cleared]!,
            () => weekWhy(level, since, weeks, shownRates(rates, from, run), boss.name)));
        }
      }
    }
    return alerts;
  };
  const shownRates = (rates: ArrayLike<number>, from: number, run: StreakRun): string => {
    const out: string[] = [];
    for (let i = from + run.start; i <= from + run.end; i++) out.push(Number.isNaN(rates[i]!) ? '—' : pct(rates[i]!));
    return out.join(', ');
  };
  const weekWhy = (level: 2 | 3, since: string, weeks: number, shown: string, bossName: string): Localized => (level === 2
    ? { zh: `自 ${since} 起 ${weeks} 周周指标低于 ${pct(threshold)}（${shown}），通知直属上级 ${bossName}`, en: `${weeks} week(s) since ${since} below ${pct(threshold)} (${shown}); the direct manager ${bossName} is notified` }
    : { zh: `自 ${since} 起连续 ${weeks} 周低于 ${pct(threshold)}（${shown}），启动一对一辅导计划`, en: `${weeks} weeks in a row since ${since} below ${pct(threshold)} (${shown}); a one-to-one coaching plan starts` });
  return { ok: true, escalate };
}

/**
 * An alert whose `why` is written the first time it is read, then kept: a company's run raises
 * 100,000 alerts and a CSV board reads none of their sentences. An own enumerable accessor
 * (after clearedAt, where the text stood), so JSON, spreads and structured clones carry the
 * text as if it had been written at once (see withWhy).
 */
function alertOf(
  unitId: string, unitName: string, level: EscalationLevel, action: EscalationAlert['action'], rule: string, notify: EscalationAlert['notify'],
  since: string, raisedAt: string, through: string, streak: number, clearedAt: string | undefined, write: () => Localized,
): EscalationAlert {
  return withWhy(clearedAt === undefined
    ? { unitId, unitName, level, action, rule, notify, since, raisedAt, through, streak, open: true }
    : { unitId, unitName, level, action, rule, notify, since, raisedAt, through, streak, open: false, clearedAt }, write);
}

/** Where a lazy `why` keeps its writer, then its text: not enumerable, so no copy or JSON carries it. */
const WHY = Symbol('why');
type WhySlot = { [WHY]: (() => Localized) | Localized };

/*
 * One getter and one setter for every lazy `why`, reading the slot on `this`: an object literal
 * with its own `get why()` costs a runtime call and three functions per object (three times
 * the time of the whole alert, measured on 121,000 alerts).
 */
const WHY_ACCESSOR: PropertyDescriptor = {
  get(this: WhySlot): Localized {
    const slot = this[WHY];
    if (typeof slot !== 'function') return slot;
    const text = slot();
    // kept unless the alert was frozen before it was read: then written again on each read, as
    // a plain field would still read (an assignment would throw in a frozen object)
    Reflect.set(this, WHY, text);
    return text;
  },
  set(this: WhySlot, value: Localized) { this[WHY] = value; },
  enumerable: true,
  configurable: true,
};

/**
 * `fields` with `why` written when first read, then kept: an own enumerable accessor after the
 * other fields, so JSON, spreads and structured clones carry the text; setting it replaces it.
 */
export function withWhy<T extends object>(fields: T, write: () => Localized): T & { why: Localized } {
  Object.defineProperty(fields, WHY, { value: write, writable: true });
  return Object.defineProperty(fields, 'why', WHY_ACCESSOR) as T & { why: Localized };
}
