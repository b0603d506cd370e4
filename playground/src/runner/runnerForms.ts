/**
 * One Formily form per template form, filled with the template's sample data, wired to the
 * template's bindings and labelled in the interface language.
 */
import { createForm, type Form } from '@formily/core';
import type { LoadedBundle } from '../../../plugin/index.js';
import type { Binding, TemplateDef } from '../bundle/types.js';
import { bindingEffects, type LangRef } from './bindingEffects.js';
import { bindingFormName } from './evaluateBinding.js';
import { sampleValues } from './sampleValues.js';
import { schemaI18nEffects } from './schemaI18n.js';

export type RunnerForms = Record<string, Form<Record<string, unknown>>>;

function bindingsOfForm(def: TemplateDef, formName: string): Binding[] {
  const formNames = Object.keys(def.forms);
  return (def.bindings ?? []).filter((binding) => bindingFormName(binding, formNames) === formName);
}

export function createRunnerForms(def: TemplateDef, bundle: Pick<LoadedBundle, 'rules' | 'parameters'>, lang: LangRef): RunnerForms {
  const { rules, parameters } = bundle;
  const forms: RunnerForms = {};
  for (const [formName, schema] of Object.entries(def.forms)) {
    const bindings = bindingEffects(bindingsOfForm(def, formName), rules, lang);
    const texts = schemaI18nEffects(schema, lang);
    forms[formName] = createForm<Record<string, unknown>>({
      initialValues: sampleValues(def, formName, parameters, lang.value),
      effects: () => {
        texts();
        bindings();
      },
    });
  }
  return forms;
}
