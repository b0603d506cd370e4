/**
 * Fetches the rules a domain module orchestrates from a loaded bundle, optionally recompiled
 * with some parameter groups replaced (a light preset, a what-if weight). Compiling happens
 * here once; callers evaluate per record. It lives with the loader, below every domain, because
 * tracking, scoring, points and bonus all fetch their rules this way.
 */
import { valueAtPath } from '../json.js';
import { problem, type Problem } from '../problems.js';
import type { LoadedBundle } from './load.js';
import { defineRule, type DefinedRule, type RuleOutcome } from './rule-definition.js';

export type RuleFn = (data: Record<string, unknown>) => RuleOutcome;

type RulesResult<K extends string> =
  | { ok: true; rules: Record<K, RuleFn>; defined: Record<K, DefinedRule>; params: Record<string, unknown> }
  | { ok: false; problems: Problem[] };

/**
 * `required` rules must exist; `optional` ones are absent from the result when the bundle
 * lacks them. `overrides` replaces whole parameter groups before compiling.
 */
export function bundleRules<K extends string, O extends string = never>(
  bundle: LoadedBundle,
  required: readonly K[],
  optional: readonly O[] = [],
  overrides: Record<string, unknown> = {},
): RulesResult<K> & { optional?: Partial<Record<O, RuleFn>> } {
  const problems: Problem[] = [];
  const params = { ...bundle.parameters, ...overrides };
  const recompile = Object.keys(overrides).length > 0;
  const rules: Partial<Record<string, RuleFn>> = {};
  const defined: Partial<Record<string, DefinedRule>> = {};
  const take = (id: string, must: boolean): void => {
    const rule = bundle.rules.get(id);
    if (!rule) {
      if (must) {
        problems.push(problem('RULE_NOT_IN_BUNDLE', 'bundle.json', '/rules', {
          zh: `包中没有规则 ${id}，无法计算`, en: `the bundle has no rule ${id}; cannot compute without it`,
        }));
      }
      return;
    }
    let use = rule;
    if (recompile) {
      const again = defineRule(rule.def, rule.file, rule.pointer, bundle.engine, params);
      if (!again.rule) {
        problems.push(...again.problems.filter((p) => p.severity === 'error'));
        return;
      }
      use = again.rule;
    }
    defined[id] = use;
    rules[id] = (data) => use.evaluate(data);
  };
  for (const id of required) take(id, true);
  for (const id of optional) take(id, false);
  if (problems.length) return { ok: false, problems };
  const optionalRules: Partial<Record<O, RuleFn>> = {};
  for (const id of optional) if (rules[id]) optionalRules[id] = rules[id];
  return {
    ok: true,
    rules: rules as Record<K, RuleFn>,
    defined: defined as Record<K, DefinedRule>,
    params,
    optional: optionalRules,
  };
}

/**
 * The rules named by `ids`, looked up in a loaded bundle's rules. Each id that is missing gives
 * the caller's problem (a room keeps its own code and pointer), in the order named, so a model
 * reader refuses with every missing rule at once.
 */
export function findRules(
  rules: ReadonlyMap<string, DefinedRule>,
  ids: readonly string[],
  missing: (id: string, index: number) => Problem,
): { ok: true; rules: ReadonlyMap<string, DefinedRule> } | { ok: false; problems: Problem[] } {
  const found = new Map<string, DefinedRule>();
  const problems: Problem[] = [];
  ids.forEach((id, i) => {
    const rule = rules.get(id);
    if (rule) found.set(id, rule);
    else problems.push(missing(id, i));
  });
  return problems.length ? { ok: false, problems } : { ok: true, rules: found };
}

/** Reads a dotted path of the parameters (for explanations). */
export function paramAt(params: Record<string, unknown>, path: string): unknown {
  return valueAtPath(params, path);
}
