/**
 * What a build needs from its bundle: the closure lives in the runtime (bundleSubset and
 * subsetContents in plugin/bundle/subset.ts), so every host exports the same part of a
 * bundle; the names the playground uses stay here.
 */
import {
  bundleSubset, subsetContents, toSingleFile, withRequirements, paramGroupsIn,
  type BundleFiles, type LoadedBundle, type SubsetContents,
} from '../../../plugin/index.js';

type TemplateEntry = LoadedBundle['templates'][number];

export { paramGroupsIn, withRequirements };
type BuildContents = SubsetContents;

/** Templates in the build that require `id` (so it cannot be removed while they stay). */
export function requiredBy(templates: readonly TemplateEntry[], buildIds: readonly string[], id: string): string[] {
  return buildIds.filter((other) => templates.find((t) => t.def.id === other)?.def.requires?.includes(id));
}

export function buildContents(bundle: LoadedBundle, templateIds: readonly string[]): BuildContents {
  return subsetContents(bundle, templateIds);
}

/** The build as one single-file bundle (what Export downloads). */
export function buildSingleFile(bundle: LoadedBundle, templateIds: readonly string[]) {
  return toSingleFile(bundleSubset(bundle, templateIds));
}
