/**
 * The sample bundle (templates/ with its sample company data) is data, not code, and it grows
 * with every template: it comes in its own chunk, fetched while the saved build is read from
 * IndexedDB, once the first screen has painted (chunkGate.ts), so the first download stays the app itself.
 */
import type { BundleFiles } from '../../../plugin/index.js';
import { bundleChunksWanted } from './chunkGate.js';

let files: BundleFiles | undefined;

export const sampleReady: Promise<BundleFiles> = bundleChunksWanted.then(() => import('../bundle/defaultBundleFiles.js')).then((module) => {
  files = module.defaultBundleFiles();
  return files;
});

/** The sample files, or undefined until they have arrived (the app shows its loading state). */
export function sampleFiles(): BundleFiles | undefined {
  return files;
}
