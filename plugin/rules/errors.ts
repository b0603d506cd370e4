/**
 * The rule engine's error codes and the RuleErrors it throws, in one place so codes and
 * messages stay consistent between compile time and run time.
 */
import { RuleError, type Localized } from '../problems.js';

export const RULE_UNKNOWN_OPERATOR = 'RULE_UNKNOWN_OPERATOR';
export const RULE_DEPTH = 'RULE_DEPTH';
export const RULE_ARITY = 'RULE_ARITY';
export const RULE_BAD_ARGUMENT = 'RULE_BAD_ARGUMENT';
export const RULE_UNKNOWN_PARAM = 'RULE_UNKNOWN_PARAM';
export const RULE_OPERATOR_NAME = 'RULE_OPERATOR_NAME';
const RULE_RUNTIME = 'RULE_RUNTIME';
export const RULE_LIMIT = 'RULE_LIMIT';

export function ruleError(code: string, message: Localized, pointer: string): RuleError {
  return new RuleError(code, message, pointer);
}

export function limitError(what: Localized, limit: number, pointer: string): RuleError {
  return new RuleError(
    RULE_LIMIT,
    { zh: `${what.zh}超过上限 ${limit}`, en: `${what.en} exceeds the limit of ${limit}` },
    pointer,
  );
}

export function runtimeError(message: Localized, pointer: string): RuleError {
  return new RuleError(RULE_RUNTIME, message, pointer);
}

/**
 * Whatever escapes an evaluator becomes a RuleError. Native errors come from JavaScript
 * coercions on odd data (an object whose `toString` is not a function) or from exhausting
 * the stack or the string size, which we report as a limit.
 */
export function asRuleError(e: unknown, pointer: string): RuleError {
  if (e instanceof RuleError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError) {
    return new RuleError(
      RULE_LIMIT,
      { zh: `规则运行超出资源上限：${detail}`, en: `Rule exceeded a resource limit: ${detail}` },
      pointer,
    );
  }
  return runtimeError({ zh: `规则运行出错：${detail}`, en: `Rule failed at run time: ${detail}` }, pointer);
}
