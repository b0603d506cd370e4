/**
 * Form texts in the interface language. A template's form schema carries its texts in the
 * bundle's default language and the others under `x-i18n` (`{ en: { title, description,
 * enum } }`, enum labels in option order). Formily builds each field from the schema once and
 * never rereads it, so the texts are applied to the fields by a reaction that tracks the
 * language: switching language relabels the form in place and keeps what the user typed.
 */
import { onFieldReact, type GeneralField } from '@formily/core';
import type { Lang } from '../../../plugin/index.js';
import type { FormSchema } from '../bundle/types.js';
import type { LangRef } from './bindingEffects.js';

interface NodeTexts {
  title?: string;
  description?: string;
  enum?: string[];
  /** The component's texts in this language (a suffix such as 元 → yuan, a placeholder). */
  'x-component-props'?: Record<string, string>;
}

interface LocalizedNode {
  /** Formily address pattern of the field: every property name, void ones included, with
   * `*` for array items. */
  pattern: string;
  node: Record<string, unknown>;
  i18n: Partial<Record<Lang, NodeTexts>>;
}

function localizedNodes(schema: FormSchema): LocalizedNode[] {
  const out: LocalizedNode[] = [];
  const visit = (node: unknown, address: string[]) => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const i18n = record['x-i18n'];
    if (address.length > 0 && typeof i18n === 'object' && i18n !== null) {
      out.push({ pattern: address.join('.'), node: record, i18n: i18n as LocalizedNode['i18n'] });
      // an ArrayTable heads its columns from each column's one void field beside the rows (array.column, no row index)
      if (record['x-component'] === 'ArrayTable.Column' && address.at(-2) === '*') {
        out.push({ pattern: [...address.slice(0, -2), address.at(-1)!].join('.'), node: record, i18n: i18n as LocalizedNode['i18n'] });
      }
    }
    const properties = record['properties'];
    if (typeof properties === 'object' && properties !== null) {
      for (const [name, child] of Object.entries(properties)) visit(child, [...address, name]);
    }
    if (record['items'] !== undefined) visit(record['items'], [...address, '*']);
  };
  visit(schema, []);
  return out;
}

type EnumOption = { label?: unknown; value?: unknown };

/** The node's options with labels in `lang`; options keep their values. */
function localizedOptions(original: unknown, labels: string[] | undefined) {
  if (!Array.isArray(original)) return undefined;
  return original.map((option: unknown, i) => {
    const base: EnumOption = typeof option === 'object' && option !== null ? (option as EnumOption) : { label: option, value: option };
    return { ...base, label: labels?.[i] ?? base.label };
  });
}

function applyTexts(field: GeneralField, entry: LocalizedNode, lang: Lang) {
  const texts = entry.i18n[lang] ?? {};
  const { node } = entry;
  const title = texts.title ?? (node['title'] as string | undefined);
  const description = texts.description ?? (node['description'] as string | undefined);
  if (title !== undefined) field.title = title;
  if (description !== undefined) field.description = description;
  // a collapse panel shows its `header` prop, not its title: the header written in the schema is the default language's
  const props = node['x-component-props'] as Record<string, unknown> | undefined;
  if (typeof props?.['header'] === 'string') field.setComponentProps({ header: texts.title ?? props['header'] });
  // a table column shows its `title` prop, likewise
  if (node['x-component'] === 'ArrayTable.Column' && typeof props?.['title'] === 'string') field.setComponentProps({ title: texts.title ?? props['title'] });
  // every prop some language words differently, in this language or as the node has it
  const worded = new Set(Object.values(entry.i18n).flatMap((x) => Object.keys(x?.['x-component-props'] ?? {})));
  if (worded.size) field.setComponentProps(Object.fromEntries([...worded].map((k) => [k, texts['x-component-props']?.[k] ?? props?.[k]])));
  const options = localizedOptions(node['enum'], texts.enum);
  if (options && 'dataSource' in field) field.dataSource = options;
}

/** Form effects that keep every field's texts in the current language. */
export function schemaI18nEffects(schema: FormSchema, lang: LangRef) {
  const nodes = localizedNodes(schema);
  return () => {
    for (const entry of nodes) onFieldReact(entry.pattern, (field) => applyTexts(field, entry, lang.value));
  };
}

/** A whole form's title: its root node's, if the template gives one. */
export function formTitle(schema: FormSchema, lang: Lang): string | undefined {
  const i18n = schema['x-i18n'] as LocalizedNode['i18n'] | undefined;
  return i18n?.[lang]?.title ?? (typeof schema.title === 'string' ? schema.title : undefined);
}
