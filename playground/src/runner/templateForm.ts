/**
 * A template's form as a flow step uses it (work orders, emergency recalculation): a Formily
 * form with the template's texts in the interface language and its selects fed from
 * observable option lists; its values go to the flow as a plain JSON payload.
 */
import { createForm, isField, onFieldReact, type Form } from '@formily/core';
import type { FormSchema } from '../bundle/types.js';
import { valuesJson } from './formatValue.js';
import { runnerLang } from './langRef.js';
import { schemaI18nEffects } from './schemaI18n.js';

export interface Option { value: string; label: string }

/** A Formily form over one of the template's forms, its texts in the interface language and its selects fed from `sources`. */
export function templateForm(schema: FormSchema, sources: Record<string, { value: Option[] }>): Form<Record<string, unknown>> {
  const texts = schemaI18nEffects(schema, runnerLang);
  return createForm<Record<string, unknown>>({
    effects: () => {
      texts();
      for (const [name, source] of Object.entries(sources)) {
        onFieldReact(name, (field) => {
          if (!isField(field)) return;
          field.dataSource = source.value;
        });
      }
    },
  });
}

/** The values as a flow payload: plain JSON, empty fields left out (the flow decides what is missing). */
export function payloadOf(values: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(valuesJson(values) ?? '{}') as Record<string, unknown>;
}
