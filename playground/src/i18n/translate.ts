/** A UI string from the messages table in a given language, with `{name}` placeholders filled. */
import type { Lang } from '../../../plugin/index.js';
import { messages, type MessageKey } from './messages.js';

export type Vars = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text: string = messages[lang][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
