/**
 * Gallery search: a template matches when every word of the query appears in its title or
 * description, in either language (people search in Chinese while the UI is in English and
 * the other way round), and its category is the one picked.
 */
import type { TemplateEntry } from '../bundle/types.js';

interface TemplateFilter {
  query: string;
  category: string | null;
}

function haystack({ def }: TemplateEntry): string {
  return [def.title.zh, def.title.en, def.description.zh, def.description.en, def.id].join('\n').toLowerCase();
}

export function filterTemplates(templates: readonly TemplateEntry[], filter: TemplateFilter): TemplateEntry[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return templates.filter((entry) => {
    if (filter.category && entry.def.category !== filter.category) return false;
    const text = haystack(entry);
    return words.every((word) => text.includes(word));
  });
}

/** Categories in first-seen order, so the filter follows the bundle's own ordering. */
export function categoriesOf(templates: readonly TemplateEntry[]): string[] {
  return [...new Set(templates.map((entry) => entry.def.category))];
}
