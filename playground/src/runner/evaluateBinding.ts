/**
 * Evaluates one template binding against a form's values: gathers the rule's inputs from the
 * bound field paths and runs the rule. Pure and React-free; the form effects and the results
 * panel both call it, so what the panel shows is what the fields got.
 */
import type { LoadedBundle, Problem } from '../../../plugin/index.js';
import type { Binding } from '../bundle/types.js';
import { translate } from '../i18n/translate.js';

export type BindingOutcome =
  | { ok: true; inputs: Record<string, unknown>; value: unknown }
  | { ok: false; inputs: Record<string, unknown>; problem: Problem };

/** Reads a dotted field path (`plan.amount`) from form values. */
export function valueAt(values: unknown, path: string): unknown {
  let current = values;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A cleared input (antd gives null for a cleared number, '' for a cleared text) counts as
 * not filled in, so the rule reports the input as missing instead of computing with a blank. */
const isBlank = (value: unknown) => value === undefined || value === null || value === '';

export function collectInputs(values: unknown, inputs: Binding['inputs']): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, path] of Object.entries(inputs)) {
    const value = valueAt(values, path);
    if (!isBlank(value)) data[name] = value;
  }
  return data;
}

function playgroundProblem(code: string, file: string, message: Problem['message']): Problem {
  return { code, file, pointer: '', message, severity: 'error' };
}

export function evaluateBinding(rules: LoadedBundle['rules'], binding: Binding, values: unknown): BindingOutcome {
  const inputs = collectInputs(values, binding.inputs);
  const rule = rules.get(binding.rule);
  if (!rule) {
    const vars = { rule: binding.rule };
    return {
      ok: false,
      inputs,
      problem: playgroundProblem('PLAYGROUND_UNKNOWN_RULE', '', {
        zh: translate('zh', 'runner.unknownRule', vars),
        en: translate('en', 'runner.unknownRule', vars),
      }),
    };
  }
  const result = rule.evaluate(inputs);
  return result.ok ? { ok: true, inputs, value: result.value } : { ok: false, inputs, problem: result.problem };
}

/** The form a binding belongs to: its `form`, else the template's first form. */
export function bindingFormName(binding: Binding, formNames: readonly string[]): string | undefined {
  return binding.form ?? formNames[0];
}
