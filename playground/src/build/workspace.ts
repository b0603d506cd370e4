/**
 * The bundle the playground works on: the build's base files with its edits on top, loaded
 * through the plugin all or nothing. One load is shared by every screen and redone only when
 * the base or the edits change.
 */
import { useMemo } from 'react';
import type { BundleFiles, LoadResult } from '../../../plugin/index.js';
import { bundleLoader } from './bundleLoader.js';
import { useBuildStore, useStoreStatus, type BuildBase } from './buildStore.js';
import { sampleFiles } from './sampleFiles.js';
import { shownTexts } from './shownTexts.js';

/** The base's files; undefined while the sample bundle is still on its way. */
export function baseFiles(base: BuildBase): BundleFiles | undefined {
  return base.kind === 'sample' ? sampleFiles() : base.files;
}

const NOT_YET: LoadResult = { ok: false, problems: [] };

export interface Workspace {
  files: BundleFiles;
  result: LoadResult;
  /** The build's templates, in build order, only those the bundle has. */
  templateIds: string[];
  edited: boolean;
}

let cache: { base: BuildBase; edits: Record<string, unknown>; files: BundleFiles; result: LoadResult } | undefined;

function load(base: BuildBase, edits: Record<string, unknown>) {
  const fromBase = baseFiles(base);
  const loadBundle = bundleLoader();
  if (!fromBase || !loadBundle) return { files: {}, result: NOT_YET };
  if (cache?.base !== base || cache.edits !== edits) {
    const files = { ...fromBase, ...edits };
    cache = { base, edits, files, result: shownTexts(loadBundle(files)) };
  }
  return cache;
}

export function useWorkspace(): Workspace {
  const base = useBuildStore((s) => s.base);
  const edits = useBuildStore((s) => s.edits);
  const ids = useBuildStore((s) => s.templateIds);
  // re-render once the sample bundle and the loader arrive (the same moment the store says ready)
  const ready = useStoreStatus((s) => s.status.kind);
  return useMemo(() => {
    const { files, result } = load(base, edits);
    const known = result.ok ? result.bundle.templates.map((t) => t.def.id) : [];
    const templateIds = ids === null ? known : ids.filter((id) => known.includes(id));
    return { files, result, templateIds, edited: Object.keys(edits).length > 0 };
  }, [base, edits, ids, ready]);
}

/** What loading the workspace with one file replaced gives, without changing anything. Only
 * screens shown once the store is ready call it, so the loader is there. */
export function tryReplace(files: BundleFiles, path: string, content: unknown): LoadResult {
  const loadBundle = bundleLoader();
  if (!loadBundle) throw new Error('tryReplace called before the bundle loader arrived');
  return loadBundle({ ...files, [path]: content });
}
