/**
 * Reads a bundle from disk in either form: a folder with bundle.json (or the bundle.json
 * itself), or one self-contained JSON file. Keeps each file's text so problems found by JSON
 * pointer can be printed with their line and column.
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MANIFEST_FILE,
  isJsonPath,
  isSingleFileBundle,
  loadBundle,
  loadSingleFileBundle,
  parseJsonText,
  referencedPaths,
  type BundleFiles,
  type LoadResult,
  type Problem,
} from '../../plugin/index.js';

export interface BundleOnDisk {
  /** Absolute path of the folder or of the single file. */
  path: string;
  form: 'folder' | 'single-file';
  files: BundleFiles;
  /** Text of each file read, keyed like `files` (single file: under its own name). */
  texts: Map<string, string>;
  result: LoadResult;
}

export async function readBundle(target: string): Promise<BundleOnDisk> {
  const abs = resolve(target);
  const info = await stat(abs);
  if (info.isDirectory()) return readFolder(abs);
  if (basename(abs) === MANIFEST_FILE) return readFolder(dirname(abs));
  const text = await readFile(abs, 'utf8');
  const name = basename(abs);
  const texts = new Map([[name, text]]);
  const parsed = parseJsonText(text, name);
  if (!parsed.ok) {
    return { path: abs, form: 'single-file', files: {}, texts, result: { ok: false, problems: [parsed.problem] } };
  }
  if (!isSingleFileBundle(parsed.value)) {
    return readFolder(dirname(abs));
  }
  return {
    path: abs,
    form: 'single-file',
    files: parsed.value.files,
    texts,
    result: loadSingleFileBundle(parsed.value, name),
  };
}

async function readFolder(dir: string): Promise<BundleOnDisk> {
  const files: BundleFiles = {};
  const texts = new Map<string, string>();
  const problems: Problem[] = [];
  const read = async (path: string): Promise<void> => {
    let text: string;
    try {
      text = await readFile(join(dir, path), 'utf8');
    } catch {
      return; // the loader reports a missing file with the place that names it
    }
    texts.set(path, text);
    if (!isJsonPath(path)) {
      files[path] = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      return;
    }
    const parsed = parseJsonText(text, path);
    if (parsed.ok) files[path] = parsed.value;
    else problems.push(parsed.problem);
  };
  await read(MANIFEST_FILE);
  const manifest = files[MANIFEST_FILE];
  if (manifest !== undefined && typeof manifest === 'object' && manifest !== null) {
    await Promise.all(referencedPaths(manifest).map(read));
  }
  const result: LoadResult = problems.length ? { ok: false, problems } : loadBundle(files);
  return { path: dir, form: 'folder', files, texts, result };
}

/** The nearest folder at or above `start` that holds a bundle.json. */
export async function findBundleRoot(start: string): Promise<string | undefined> {
  let dir = resolve(start);
  for (;;) {
    try {
      if ((await stat(join(dir, MANIFEST_FILE))).isFile()) return dir;
    } catch {
      // keep looking upwards
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function relativeTo(root: string, path: string): string {
  return relative(root, resolve(path)).split('\\').join('/');
}

/**
 * The default bundle shipped with this package (templates/), found by walking up from this
 * module: the same answer from the sources (tests) and from dist/ (the installed CLI).
 */
export function defaultBundleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'templates', 'bundle.json'))) return join(dir, 'templates');
    const up = dirname(dir);
    if (up === dir) return resolve('templates');
    dir = up;
  }
}
