/**
 * The default bundle as the tests see it: read from `templates/` on disk and loaded with the
 * plugin in Node, so expectations (titles, rule results) come from the bundle, not from lists
 * copied into the tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { loadBundle, type BundleFiles, type LoadedBundle } from '../../plugin/index.js';
import { REPO_ROOT } from './harness.js';

const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

export function readBundleFiles(dir = TEMPLATES_DIR): BundleFiles {
  const files: BundleFiles = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const key = relative(dir, path).split(sep).join('/');
    const text = readFileSync(path, 'utf8');
    if (extname(path) === '.json') files[key] = JSON.parse(text);
    else if (extname(path) === '.csv') files[key] = text;
  }
  return files;
}

export function loadDefaultBundle(): LoadedBundle {
  const result = loadBundle(readBundleFiles());
  if (!result.ok) throw new Error(`templates/ does not load: ${JSON.stringify(result.problems, null, 2)}`);
  return result.bundle;
}
