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
import { streakAlerts, type SeriesPoint } from './streaks.js';

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

  const escalate: Escalator = ({ tree, days = [], daily, weekly }) => {
    const alerts: EscalationAlert[] = [];
    const manager = (id: string) => {
      const parent = tree.ancestors(id)[0];
      return parent ? { unitId: parent.id, name: parent.name, role: 'manager' as const } : undefined;
    };
    for (const id of tree.topDown) {
      const unit = tree.get(id)!;
      const series = daily?.get(id);
      if (series) {
        const points: SeriesPoint<number>[] = days.map((day) => {
          const actions = series.get(day) ?? 0;
          const judged = missed.call({ actions });
          return { at: day, miss: judged.ok ? judged.value === true : true, value: actions };
        });
        for (const a of streakAlerts(points, reminderDays)) {
          alerts.push({
            unitId: id, unitName: unit.name, level: 1, action: 'reminder', rule: 'missed-basic-action',
            notify: { unitId: id, name: unit.name, role: 'self' },
            since: a.since, raisedAt: a.raisedAt, through: a.through, streak: a.length, open: a.open,
            ...(a.clearedAt ? { clearedAt: a.clearedAt } : {}),
            why: {
              zh: `自 ${a.since} 起连续 ${a.length} 个工作日基础动作少于 ${minimum} 次（达到 ${reminderDays} 天即提醒）`,
              en: `${a.length} working days in a row since ${a.since} with fewer than ${minimum} basic actions (a reminder after ${reminderDays})`,
            },
          });
        }
      }
      const weeks = weekly?.get(id);
      if (!weeks) continue;
      const points: SeriesPoint<number | null>[] = weeks.map(({ week, rate }) => {
        const judged = below.call(rate === null ? {} : { rate });
        return { at: week, miss: judged.ok ? judged.value === true : true, value: rate };
      });
      const boss = manager(id);
      if (!boss) continue;
      const levels: Array<{ level: 2 | 3; length: number; action: EscalationAlert['action'] }> = [
        { level: 2, length: noticeWeeks, action: 'manager-notice' },
        { level: 3, length: coachingWeeks, action: 'coaching-plan' },
      ];
      for (const { level, length, action } of levels) {
        for (const a of streakAlerts(points, length)) {
          const shown = a.values.map((v) => (v === null ? '—' : pct(v))).join(', ');
          alerts.push({
            unitId: id, unitName: unit.name, level, action, rule: 'week-below-threshold', notify: boss,
            since: a.since, raisedAt: a.raisedAt, through: a.through, streak: a.length, open: a.open,
            ...(a.clearedAt ? { clearedAt: a.clearedAt } : {}),
            why: level === 2
              ? { zh: `自 ${a.since} 起 ${a.length} 周周指标低于 ${pct(threshold)}（${shown}），通知直属上级 ${boss.name}`, en: `${a.length} week(s) since ${a.since} below ${pct(threshold)} (${shown}); the direct manager ${boss.name} is notified` }
              : { zh: `自 ${a.since} 起连续 ${a.length} 周低于 ${pct(threshold)}（${shown}），启动一对一辅导计划`, en: `${a.length} weeks in a row since ${a.since} below ${pct(threshold)} (${shown}); a one-to-one coaching plan starts` },
          });
        }
      }
    }
    return alerts;
  };
  return { ok: true, escalate };
}
