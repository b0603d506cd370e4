/**
 * Check of the `review` parameter group, run by the bundle loader. The appeal limit is read by the
 * flow rules as a fraction of the Base; written as 15 it would let an appeal move a target 1500%,
 * so it is refused before any appeal runs.
 */
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Problem } from '../problems.js';

function checkReview(value: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(value)) return [problem('PARAM_INVALID', file, pointer, { zh: 'review 应为对象 {"appealLimit": 0.1}', en: 'review must be an object {"appealLimit": 0.1}' })];
  const at = joinPointer(pointer, 'appealLimit');
  const limit = value.appealLimit;
  if (!isFraction(limit)) return [notFraction(file, at, { zh: '申诉幅度 appealLimit', en: 'the appeal limit appealLimit' }, limit)];
  if (limit === 0) return [problem('PARAM_INVALID', file, at, { zh: 'appealLimit 为 0 时任何申诉都不被允许，应大于 0（0.1 表示 ±10%）', en: 'with appealLimit 0 no appeal can pass; it must be above 0 (0.1 for ±10%)' })];
  return [];
}

export const reviewParameterChecks = { review: checkReview };
