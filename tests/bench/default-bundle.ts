/** The default bundle (templates/) as the bench sections read it from disk, wherever dist/ puts them. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referencedPaths, type BundleFiles } from '../../plugin/index.js';

/** The templates/ folder, found by walking up from this file (it runs from dist/tests/bench). */
export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'templates', 'bundle.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('templates/bundle.json not found');
    dir = up;
  }
  return join(dir, 'templates');
}

export function readDefaultBundle(): BundleFiles {
  const root = templatesDir();
  const read = (path: string): unknown => {
    const text = readFileSync(join(root, path), 'utf8');
    return path.endsWith('.json') ? JSON.parse(text) : text;
  };
  const files: BundleFiles = { 'bundle.json': read('bundle.json') };
  for (const path of referencedPaths(files['bundle.json'] as object)) files[path] = read(path);
  return files;
}
