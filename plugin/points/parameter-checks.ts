/** Checks the points parameter group: whole, non-negative points per action and per redemption. */
import { joinPointer, problem, type Problem } from '../problems.js';

/**
 * The most points one action earns or one redemption costs. Balances are sums of entries, so a
 * bound per entry keeps every balance a safe integer (9e15 / 1e9: nine million entries a person);
 * 1e300 passed as "a whole number" before and made every balance Infinity.
 */
export const MAX_POINTS = 1_000_000_000;

/** Whether `p` may be the points of one entry: a whole number from 0 to MAX_POINTS. */
export function isEntryPoints(p: unknown): p is number {
  return Number.isSafeInteger(p) && (p as number) >= 0 && (p as number) <= MAX_POINTS;
}

function checkPoints(value: unknown, file: string, pointer: string): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [problem('PARAM_INVALID', file, pointer, { zh: 'points 应为对象', en: 'points must be an object' })];
  }
  const v = value as Record<string, unknown>;
  const out: Problem[] = [];
  for (const group of ['events', 'redemptions']) {
    const table = v[group];
    if (typeof table !== 'object' || table === null) {
      out.push(problem('PARAM_INVALID', file, joinPointer(pointer, group), { zh: `${group} 应为 {名称: 积分}`, en: `${group} must be {name: points}` }));
      continue;
    }
    for (const [k, p] of Object.entries(table)) {
      if (!isEntryPoints(p)) {
        out.push(problem('PARAM_INVALID', file, joinPointer(pointer, group, k), { zh: `${k} 的积分应为 0 到 ${MAX_POINTS} 之间的整数`, en: `points for ${k} must be a whole number from 0 to ${MAX_POINTS}` }));
      }
    }
  }
  if (v.monthlyTop !== undefined && !(Number.isInteger(v.monthlyTop) && (v.monthlyTop as number) >= 1)) {
    out.push(problem('PARAM_INVALID', file, joinPointer(pointer, 'monthlyTop'), { zh: 'monthlyTop 应为不小于 1 的整数', en: 'monthlyTop must be a whole number >= 1' }));
  }
  out.push(...checkFromActivities(v, file, pointer));
  return out;
}

/**
 * `fromActivities` (optional): an ordered list of `{ activity, toStage?, event }`, first match
 * wins; each `event` must be a key of `events`, or the activity would post an event no rule prices.
 */
function checkFromActivities(v: Record<string, unknown>, file: string, pointer: string): Problem[] {
  const list = v.fromActivities;
  if (list === undefined) return [];
  const at = joinPointer(pointer, 'fromActivities');
  if (!Array.isArray(list)) return [problem('PARAM_INVALID', file, at, { zh: 'fromActivities 应为列表：[{activity, toStage?, event}]', en: 'fromActivities must be a list: [{activity, toStage?, event}]' })];
  const events = typeof v.events === 'object' && v.events !== null ? (v.events as Record<string, unknown>) : {};
  const out: Problem[] = [];
  list.forEach((line: unknown, i) => {
    const l = (typeof line === 'object' && line !== null && !Array.isArray(line) ? line : {}) as Record<string, unknown>;
    if (typeof l.activity !== 'string' || l.activity === '') {
      out.push(problem('PARAM_INVALID', file, joinPointer(at, String(i), 'activity'), { zh: '应写明活动类型（activity，非空文本）', en: 'activity must name an activity type (non-empty text)' }));
    }
    if (l.toStage !== undefined && (typeof l.toStage !== 'string' || l.toStage === '')) {
      out.push(problem('PARAM_INVALID', file, joinPointer(at, String(i), 'toStage'), { zh: 'toStage 应为阶段名（非空文本），不限阶段时省略', en: 'toStage must name a stage (non-empty text); leave it out for any stage' }));
    }
    if (typeof l.event !== 'string' || !Object.hasOwn(events, l.event)) {
      const known = Object.keys(events).join(', ');
      out.push(problem('PARAM_INVALID', file, joinPointer(at, String(i), 'event'), { zh: `事件 ${String(l.event)} 不在 points.events 里（已有：${known}）`, en: `event ${String(l.event)} is not in points.events (there: ${known})` }));
    }
  });
  return out;
}

export const pointsParameterChecks = { points: checkPoints };
