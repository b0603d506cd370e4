/** Reads the default bundle (templates/) from disk as BundleFiles, fresh for each caller. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referencedPaths, type BundleFiles } from '../../plugin/index.js';

export const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'templates');

export function defaultBundleFiles(): BundleFiles {
  const read = (path: string): unknown => {
    const text = readFileSync(join(TEMPLATES_DIR, path), 'utf8');
    return path.endsWith('.json') ? JSON.parse(text) : text;
  };
  const files: BundleFiles = { 'bundle.json': read('bundle.json') };
  for (const path of referencedPaths(files['bundle.json'] as object)) files[path] = read(path);
  return files;
}

/** A deep copy to mutate in a test. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
