/**
 * Display name of a template category. A category the messages table does not know yet (the
 * schema grew one) shows its id rather than nothing.
 */
import type { Lang } from '../../../plugin/index.js';
import { messages, type MessageKey } from './messages.js';

export function categoryLabel(lang: Lang, category: string): string {
  const key = `category.${category}`;
  return key in messages[lang] ? messages[lang][key as MessageKey] : category;
}
