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
   * and per unit its rates in week order, NaN for null. Read where `weekly` has no series.
   */
  weeklyRates?: { weeks: readonly string[]; of(id: string): ArrayLike<number> | undefined };
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

  // a rate judged by the rule: through the batch entry (no outcome object per week) when the
  // escalation supplies every input; a refused judgement counts as a miss, as it always has
  const EMPTY: Readonly<Record<string, unknown>> = {};
  const judgeWeeks = (rates: ArrayLike<number>, misses: boolean[]): void => {
    const records = new Array<unknown>(rates.length);
    for (let i = 0; i < rates.length; i++) records[i] = Number.isNaN(rates[i]!) ? EMPTY : { rate: rates[i] };
    const batch = below.fromRecord.length === 0 ? below.rule.evaluateAll(records) : undefined;
    for (let i = 0; i < rates.length; i++) {
      if (batch?.ok) { misses[i] = batch.values[i] === true; continue; }
      const judged = below.call(records[i] as Record<string, unknown>);
      misses[i] = judged.ok ? judged.value === true : true;
    }
  };

  const escalate: Escalator = ({ tree, days = [], daily, weekly, weeklyRates }) => {
    const alerts: EscalationAlert[] = [];
    const manager = (parentId: string | null) => {
      const parent = parentId === null ? undefined : tree.get(parentId);
      return parent ? { unitId: parent.id, name: parent.name, role: 'manager' as const } : undefined;
    };
    const levels: Array<{ level: 2 | 3; length: number; action: EscalationAlert['action'] }> = [
      { level: 2, length: noticeWeeks, action: 'manager-notice' },
      { level: 3, length: coachingWeeks, action: 'coaching-plan' },
    ];
    const misses: boolean[] = [];
    for (const id of tree.topDown) {
      const unit = tree.get(id)!;
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
      // the week keys and rates: a series given as points, or the flat rates
      const given = weekly?.get(id);
      let keys: readonly string[];
      let rates: ArrayLike<number>;
      if (given) {
        keys = given.map((w) => w.week);
        rates = given.map((w) => (w.rate === null ? NaN : w.rate));
      } else {
        const flat = weeklyRates?.of(id);
        if (!flat) continue;
        keys = weeklyRates!.weeks;
        rates = flat;
      }
      const boss = manager(unit.parentId);
      if (!boss) continue;
      misses.length = rates.length;
      judgeWeeks(rates, misses);
      for (const { level, length, action } of levels) {
        for (const run of streakRuns(rates.length, (i) => misses[i]!, length)) {
          const weeks = run.end - run.start + 1;
          const since = keys[run.start]!;
          alerts.push(alertOf(id, unit.name, level, action, 'week-below-threshold', boss,
            since, keys[run.start + length - 1]!, keys[run.end]!, weeks, run.cleared < 0 ? undefined : keys[run.cleared]!,
            () => weekWhy(level, since, weeks, shownRates(rates, run), boss.name)));
        }
      }
    }
    return alerts;
  };
  const shownRates = (rates: ArrayLike<number>, run: StreakRun): string => {
    const out: string[] = [];
    for (let i = run.start; i <= run.end; i++) out.push(Number.isNaN(rates[i]!) ? '—' : pct(rates[i]!));
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
