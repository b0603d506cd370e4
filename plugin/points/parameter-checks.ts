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
  return out;
}

export const pointsParameterChecks = { points: checkPoints };
