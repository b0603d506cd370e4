/**
 * The default bundle is the repository's `templates/` folder, collected at build time. Every
 * JSON and CSV file under it is included, keyed by its path relative to `templates/` (the same
 * keys `bundle.json` uses), so adding a template to the bundle needs no playground change.
 */
import type { BundleFiles } from '../../../plugin/index.js';

const TEMPLATES_DIR = '../../../templates/';

const jsonFiles = import.meta.glob<unknown>('../../../templates/**/*.json', { eager: true, import: 'default' });
const csvFiles = import.meta.glob<string>('../../../templates/**/*.csv', { eager: true, query: '?raw', import: 'default' });

function relativeToTemplates(globKey: string): string {
  return globKey.startsWith(TEMPLATES_DIR) ? globKey.slice(TEMPLATES_DIR.length) : globKey;
}

export function defaultBundleFiles(): BundleFiles {
  const files: BundleFiles = {};
  for (const [key, value] of Object.entries(jsonFiles)) files[relativeToTemplates(key)] = value;
  for (const [key, value] of Object.entries(csvFiles)) files[relativeToTemplates(key)] = value;
  return files;
}
