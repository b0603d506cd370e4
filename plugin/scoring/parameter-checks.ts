/**
 * Checks of the scoring parameter groups, run by the bundle loader: weights that are fractions
 * 0..1 summing to 100%, a rule named for every weighted dimension, a cap >= 1, awards with a
 * rule and a whole `top`.
 */
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Problem } from '../problems.js';

type Check = (value: unknown, file: string, pointer: string) => Problem[];
const bad = (file: string, pointer: string, zh: string, en: string): Problem => problem('PARAM_INVALID', file, pointer, { zh, en });

const checkScore: Check = (value, file, pointer) => {
  if (!isObject(value) || !isObject(value.weights)) return [bad(file, joinPointer(pointer, 'weights'), 'score.weights 应为 {维度: 权重}', 'score.weights must be {dimension: weight}')];
  const out: Problem[] = [];
  let sum = 0;
  for (const [k, w] of Object.entries(value.weights)) {
    if (!isFraction(w)) out.push(notFraction(file, joinPointer(pointer, 'weights', k), { zh: `评分权重 ${k}`, en: `score weight ${k}` }, w));
    else sum += w;
  }
  if (!out.length && Math.abs(sum - 1) > 1e-9) {
    out.push(problem('PARAM_WEIGHTS_SUM', file, joinPointer(pointer, 'weights'), {
      zh: `评分权重之和为 ${Math.round(sum * 10000) / 100}%，必须为 100%`,
      en: `the score weights sum to ${Math.round(sum * 10000) / 100}%; they must sum to 100%`,
    }));
  }
  if (value.cap !== undefined && !(typeof value.cap === 'number' && value.cap >= 1)) out.push(bad(file, joinPointer(pointer, 'cap'), 'cap 应为不小于 1 的数', 'cap must be a number >= 1'));
  if (value.dimensions !== undefined) {
    if (!isObject(value.dimensions)) out.push(bad(file, joinPointer(pointer, 'dimensions'), 'dimensions 应为 {维度: 规则 id}', 'dimensions must be {dimension: rule id}'));
    else {
      for (const k of Object.keys(value.weights)) {
        if (typeof value.dimensions[k] !== 'string') out.push(bad(file, joinPointer(pointer, 'dimensions'), `维度 ${k} 有权重却没有规则`, `dimension ${k} has a weight but no rule`));
      }
      for (const k of Object.keys(value.dimensions)) {
        if (!Object.hasOwn(value.weights, k)) out.push(bad(file, joinPointer(pointer, 'dimensions', k), `维度 ${k} 有规则却没有权重`, `dimension ${k} has a rule but no weight`));
      }
    }
  }
  return out;
};

const checkAwards: Check = (value, file, pointer) => {
  if (!isObject(value)) return [bad(file, pointer, 'awards 应为对象', 'awards must be an object')];
  return Object.entries(value).flatMap(([k, a]) =>
    isObject(a) && typeof a.rule === 'string' && Number.isInteger(a.top) && (a.top as number) >= 1
      ? []
      : [bad(file, joinPointer(pointer, k), `奖项 ${k} 需要 rule（规则 id）与 top（不小于 1 的整数）`, `award ${k} needs a rule (rule id) and top (a whole number >= 1)`)]);
};

export const scoringParameterChecks: Record<string, Check> = { score: checkScore, awards: checkAwards };
