/**
 * The gallery of the sample bundle before the bundle itself arrives: the cards' texts, read from
 * templates/ at build time (vite.config.ts, `virtual:sample-gallery`), with their parameter quotes
 * resolved as the workspace resolves them (`resolveTemplateTexts`, build/shownTexts.ts). Shown only
 * while the build is the sample with none of those files edited; any other build waits for its own.
 */
import sampleIndex from 'virtual:sample-gallery';
import { resolveTemplateTexts } from '../../../plugin/index.js';
import type { BuildBase } from '../build/buildStore.js';
import type { GalleryManifest, GalleryTemplate } from './filterTemplates.js';

let resolved: { manifest: GalleryManifest; templates: GalleryTemplate[] } | undefined;

/** The sample's gallery, or null when the build is not the untouched sample (its cards would be another's). */
export function sampleGallery(base: BuildBase, edits: Record<string, unknown>): { manifest: GalleryManifest; templates: GalleryTemplate[] } | null {
  if (base.kind !== 'sample' || sampleIndex.paths.some((path) => Object.hasOwn(edits, path))) return null;
  resolved ??= {
    manifest: sampleIndex.manifest,
    templates: sampleIndex.templates.map((t) => ({ def: resolveTemplateTexts(t.def, sampleIndex.parameters) })),
  };
  return resolved;
}
