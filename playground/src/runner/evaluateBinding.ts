/**
 * Evaluates one template binding against a form's values: gathers the rule's inputs from the
 * bound field paths (the runtime's bindingInputs) and runs the rule. Pure and React-free; the
 * form effects and the results panel both call it, so what the panel shows is what the fields
 * got.
 */
import { bindingInputs, valueAt, type LoadedBundle, type Problem } from '../../../plugin/index.js';
import type { Binding } from '../bundle/types.js';
import { translate } from '../i18n/translate.js';

type BindingOutcome =
  | { ok: true; inputs: Record<string, unknown>; value: unknown }
  | { ok: false; inputs: Record<string, unknown>; problem: Problem };

// The runtime owns how a binding's inputs are read from the form (bindingInputs), so the
// NocoBase form component reads the same record; valueAt stays importable from here.
export { valueAt };

function playgroundProblem(code: string, file: string, message: Problem['message']): Problem {
  return { code, file, pointer: '', message, severity: 'error' };
}

export function evaluateBinding(rules: LoadedBundle['rules'], binding: Binding, values: unknown): BindingOutcome {
  const inputs = bindingInputs(binding, values);
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
