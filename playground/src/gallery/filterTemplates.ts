/**
 * Gallery search: a template matches when every word of the query appears in its title or
 * description, in either language (people search in Chinese while the UI is in English and
 * the other way round), and its category is the one picked.
 */
import type { Manifest, TemplateDef } from '../bundle/types.js';

/** What the gallery shows of a template: a loaded bundle's entry, or the sample's before it loads (sampleGallery.ts). */
export interface GalleryTemplate { def: Pick<TemplateDef, 'id' | 'title' | 'description' | 'category' | 'roles'> }
/** What the gallery shows of the bundle: its name, version and roles. */
export type GalleryManifest = Pick<Manifest, 'name' | 'version' | 'roles'>;

interface TemplateFilter {
  query: string;
  category: string | null;
}

function haystack({ def }: GalleryTemplate): string {
  return [def.title.zh, def.title.en, def.description.zh, def.description.en, def.id].join('\n').toLowerCase();
}

export function filterTemplates<T extends GalleryTemplate>(templates: readonly T[], filter: TemplateFilter): T[] {
  const words = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  return templates.filter((entry) => {
    if (filter.category && entry.def.category !== filter.category) return false;
    const text = haystack(entry);
    return words.every((word) => text.includes(word));
  });
}

/** Categories in first-seen order, so the filter follows the bundle's own ordering. */
export function categoriesOf(templates: readonly GalleryTemplate[]): string[] {
  return [...new Set(templates.map((entry) => entry.def.category))];
}
