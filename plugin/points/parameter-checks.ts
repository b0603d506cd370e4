/** Checks the points parameter group: whole, non-negative points per action and per redemption. */
import { joinPointer, problem, type Problem } from '../problems.js';

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
      if (!(Number.isInteger(p) && (p as number) >= 0)) {
        out.push(problem('PARAM_INVALID', file, joinPointer(pointer, group, k), { zh: `${k} 的积分应为不小于 0 的整数`, en: `points for ${k} must be a whole number >= 0` }));
      }
    }
  }
  if (v.monthlyTop !== undefined && !(Number.isInteger(v.monthlyTop) && (v.monthlyTop as number) >= 1)) {
    out.push(problem('PARAM_INVALID', file, joinPointer(pointer, 'monthlyTop'), { zh: 'monthlyTop 应为不小于 1 的整数', en: 'monthlyTop must be a whole number >= 1' }));
  }
  return out;
}

export const pointsParameterChecks = { points: checkPoints };
