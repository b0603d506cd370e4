/**
 * Template bindings as Formily effects. Each bound target field gets one `onFieldReact`
 * reaction: Formily tracks the form values the rule inputs are read from (and the language),
 * and runs the reaction again whenever one of them changes. This is the data-driven form of
 * what `x-reactions` would do, without any `{{ }}` code.
 */
import { isDataField, onFieldReact, type Form, type GeneralField } from '@formily/core';
import type { LoadedBundle, Lang } from '../../../plugin/index.js';
import type { Binding } from '../bundle/types.js';
import { evaluateBinding } from './evaluateBinding.js';

export interface LangRef {
  value: Lang;
}

function groupByTarget(bindings: readonly Binding[]): Map<string, Binding[]> {
  const groups = new Map<string, Binding[]>();
  for (const binding of bindings) {
    const group = groups.get(binding.target) ?? [];
    group.push(binding);
    groups.set(binding.target, group);
  }
  return groups;
}

/** Applies every binding of one target field. Several bindings may share a target (a computed
 * value that is also validated), so their messages are gathered and set once. */
function applyBindings(field: GeneralField, form: Form, group: readonly Binding[], rules: LoadedBundle['rules'], lang: Lang) {
  const errors: string[] = [];
  const warnings: string[] = [];
  let visible: boolean | undefined;

  for (const binding of group) {
    const outcome = evaluateBinding(rules, binding, form.values);
    const effect = binding.effect ?? 'value';
    if (effect === 'value') {
      if (!isDataField(field)) continue;
      if (outcome.ok) field.value = outcome.value;
      else {
        field.value = undefined;
        errors.push(outcome.problem.message[lang]);
      }
    } else if (effect === 'visible') {
      // A condition that cannot be decided hides the field; the results panel says why.
      visible = (visible ?? true) && outcome.ok && Boolean(outcome.value);
    } else if (outcome.ok) {
      if (outcome.value === false && binding.message) errors.push(binding.message[lang]);
    } else {
      // The check could not run (usually an input is still empty): a warning, not a failure.
      warnings.push(outcome.problem.message[lang]);
    }
  }

  if (visible !== undefined) field.visible = visible;
  if (isDataField(field)) {
    field.setSelfErrors(errors);
    field.setSelfWarnings(warnings);
  }
}

/** The `effects` option for `createForm`, for the bindings of one form. */
export function bindingEffects(bindings: readonly Binding[], rules: LoadedBundle['rules'], lang: LangRef) {
  return () => {
    for (const [target, group] of groupByTarget(bindings)) {
      onFieldReact(target, (field, form) => applyBindings(field, form, group, rules, lang.value));
    }
  };
}
