/**
 * `param`: a constant from the bundle's parameters (thresholds, weights), read once at
 * compile time from `CompileOptions.params`, so one rule serves every bundle that sets it.
 */
import { RULE_BAD_ARGUMENT, RULE_UNKNOWN_PARAM, ruleError } from '../errors.js';
import { pathSteps, readPath } from '../lookup.js';
import { builtin, type Builtin } from '../operators/define.js';

export const param: Builtin = builtin('param', {
  pure: true,
  arity: { min: 1, max: 1 },
  doc: {
    summary: {
      zh: '读取编译时给定的参数（CompileOptions.params），点路径，只读自有属性；路径不存在时编译报错 RULE_UNKNOWN_PARAM。',
      en: 'A parameter given at compile time (CompileOptions.params), by dotted path, own properties only; an unknown path fails to compile with RULE_UNKNOWN_PARAM.',
    },
    examples: [
      { logic: { param: 'light.green' }, params: { light: { green: 0.9, yellow: 0.7 } }, expect: 0.9 },
      {
        logic: { '>=': [{ var: 'rate' }, { param: 'light.green' }] },
        data: { rate: 0.95 },
        params: { light: { green: 0.9 } },
        expect: true,
      },
    ],
  },
  compile: (args, { params, pointer }) => {
    const name = args[0]!;
    if (!name.constant || typeof name.value !== 'string' || name.value === '') {
      throw ruleError(RULE_BAD_ARGUMENT, {
        zh: 'param 的参数必须是写死的参数路径字符串',
        en: 'The argument of param must be a literal parameter path',
      }, name.pointer);
    }
    const value = params === undefined ? undefined : readPath(params, pathSteps(name.value));
    if (value === undefined) {
      throw ruleError(RULE_UNKNOWN_PARAM, {
        zh: `未知的参数 "${name.value}"`,
        en: `Unknown parameter "${name.value}"`,
      }, pointer);
    }
    return () => value;
  },
});
