/** A UI string from the messages table in a given language, with `{name}` placeholders filled. */
import type { Lang } from '../../../plugin/index.js';
import { messages, type MessageKey } from './messages.js';

export type Vars = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  return fillVars(messages[lang][key], vars);
}

/** `{name}` placeholders filled from `vars`; a name it lacks stays as written. */
export function fillVars(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
