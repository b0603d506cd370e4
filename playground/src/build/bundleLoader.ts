/**
 * The plugin's `loadBundle` with everything it checks a bundle against (the generated schema
 * validators, reference and rule checks: about a third of the app's own code) arrives in a
 * chunk of its own, fetched alongside the sample bundle's chunk while the saved build is read,
 * not in the first download. The store says ready only once both are here, so every screen
 * can load synchronously.
 */
import type { BundleFiles, LoadResult } from '../../../plugin/index.js';
import { bundleChunksWanted } from './chunkGate.js';

type LoadBundle = (files: BundleFiles) => LoadResult;

let loader: LoadBundle | undefined;

export const loaderReady: Promise<LoadBundle> = bundleChunksWanted.then(() => import('./loadBundleChunk.js')).then((module) => {
  loader = module.loadBundle;
  return loader;
});

/** The loader, or undefined until its chunk has arrived (the app shows its loading state). */
export function bundleLoader(): LoadBundle | undefined {
  return loader;
}
