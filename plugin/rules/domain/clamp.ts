/**
 * `clamp`: keep a value inside [min, max], e.g. cap an achievement rate at 120% before it
 * is weighted.
 */
import { prim } from '../coerce.js';
import { RULE_BAD_ARGUMENT, ruleError, runtimeError } from '../errors.js';
import { builtin, type Builtin } from '../operators/define.js';

const BOUNDS = { zh: 'clamp 的下限大于上限', en: 'clamp: min is greater than max' };

export const clamp: Builtin = builtin('clamp', {
  pure: true,
  arity: { min: 3, max: 3 },
  doc: {
    summary: {
      zh: '[x, 下限, 上限]：把 x 限制在区间内。参数按 JavaScript 转成数字（null 为 0，"3" 为 3）；x 为 NaN 时结果为 NaN；下限大于上限时报错。',
      en: '[x, min, max]: x limited to the range. Operands are read as JavaScript numbers (null is 0, "3" is 3); NaN stays NaN; min > max is an error.',
    },
    examples: [
      { logic: { clamp: [1.35, 0, 1.2] }, expect: 1.2 },
      { logic: { clamp: [-0.1, 0, 1.2] }, expect: 0 },
      { logic: { clamp: [{ var: 'rate' }, 0, 1.2] }, data: { rate: 0.8 }, expect: 0.8 },
    ],
  },
  compile: (args, { limits, pointer }) => {
    const m = limits.maxResultLength;
    const num = (v: unknown): number => (typeof v === 'number' ? v : +(prim(v, m, pointer) as number));
    const x = args[0]!, lo = args[1]!, hi = args[2]!;
    const X = x.evaluate, L = lo.evaluate, H = hi.evaluate;
    if (lo.constant && hi.constant) {
      const a = num(lo.value), b = num(hi.value);
      if (a > b) throw ruleError(RULE_BAD_ARGUMENT, BOUNDS, pointer);
      return (d) => { const v = num(X(d)); return v < a ? a : v > b ? b : v; };
    }
    return (d) => {
      const v = num(X(d)), a = num(L(d)), b = num(H(d));
      if (a > b) throw runtimeError(BOUNDS, pointer);
      return v < a ? a : v > b ? b : v;
    };
  },
});
