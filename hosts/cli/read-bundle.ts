/**
 * Reads a bundle from disk in either form: a folder with bundle.json (or the bundle.json
 * itself), or one self-contained JSON file. Keeps each file's text so problems found by JSON
 * pointer can be printed with their line and column.
 */
import { open, realpath, stat } from 'node:fs/promises';
import { constants, existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MANIFEST_FILE,
  decodeTextStrict,
  isJsonPath,
  isSingleFileBundle,
  loadBundle,
  loadSingleFileBundle,
  parseJsonBytes,
  problem,
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
  const name = basename(abs);
  const refused = (p: Problem): BundleOnDisk => (
    { path: abs, form: 'single-file', files: {}, texts: new Map(), result: { ok: false, problems: [p] } }
  );
  const read = await readRegularFile(await realpath(abs), name);
  if (!read.ok) return refused(read.problem);
  const parsed = parseJsonBytes(read.bytes, name);
  const texts = new Map([[name, parsed.text]]);
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

/**
 * Reads a bundle folder. Every file is read only if it stays inside the folder: a symbolic link
 * (of the file or of a folder on its way) that leads out, a FIFO, a device or a socket is
 * refused before it is opened; a name with a control character is left to the loader, which
 * refuses it. JSON files must be UTF-8; other files (datasets) are decoded as tables are
 * (UTF-8, else GB18030) and held as text, so every later form of the bundle is UTF-8.
 */
async function readFolder(dir: string): Promise<BundleOnDisk> {
  const files: BundleFiles = {};
  const texts = new Map<string, string>();
  const problems: Problem[] = [];
  let root: string;
  try {
    root = await realpath(dir);
  } catch {
    root = dir;
  }
  const read = async (path: string): Promise<void> => {
    if (CONTROL_CHARACTER.test(path)) return; // the loader refuses the name where the manifest gives it
    const full = join(dir, path);
    let real: string;
    try {
      real = await realpath(full);
    } catch {
      return; // the loader reports a missing file with the place that names it
    }
    if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
      problems.push(problem('BUNDLE_LINK_OUTSIDE', path, '', {
        zh: `${path} 经由符号链接指向包目录之外（${real}），不读取`,
        en: `${path} is a symbolic link (or lies under one) that leads outside the bundle folder (${real}); it is not read`,
      }));
      return;
    }
    const got = await readRegularFile(real, path);
    if (!got.ok) {
      problems.push(got.problem);
      return;
    }
    if (isJsonPath(path)) {
      const parsed = parseJsonBytes(got.bytes, path);
      texts.set(path, parsed.text);
      if (parsed.ok) files[path] = parsed.value;
      else problems.push(parsed.problem);
      return;
    }
    const decoded = decodeTextStrict(got.bytes, path);
    if (!decoded.ok) {
      problems.push(decoded.problem);
      return;
    }
    texts.set(path, decoded.text);
    files[path] = decoded.text;
  };
  await read(MANIFEST_FILE);
  const manifest = files[MANIFEST_FILE];
  if (manifest !== undefined && typeof manifest === 'object' && manifest !== null) {
    await Promise.all(referencedPaths(manifest).map(read));
  }
  const result: LoadResult = problems.length ? { ok: false, problems } : loadBundle(files);
  return { path: dir, form: 'folder', files, texts, result };
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The bytes of a regular file, or a problem: a FIFO would block the read for ever and a device
 * never ends, so the file is opened without blocking or following a last link, and checked
 * on the open handle before anything is read.
 */
async function readRegularFile(path: string, name: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problem: Problem }> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ELOOP'
      ? problem('BUNDLE_LINK_OUTSIDE', name, '', {
        zh: `${name} 是符号链接，不读取`, en: `${name} is a symbolic link; it is not read`,
      })
      : problem('BUNDLE_UNREADABLE', name, '', {
        zh: `无法读取 ${name}（${code ?? String(e)}）`, en: `cannot read ${name} (${code ?? String(e)})`,
      }) };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const kind = info.isFIFO() ? ['命名管道', 'a FIFO'] : info.isSocket() ? ['套接字', 'a socket']
        : info.isDirectory() ? ['目录', 'a folder'] : ['设备文件', 'a device'];
      return { ok: false, problem: problem('BUNDLE_SPECIAL_FILE', name, '', {
        zh: `${name} 是${kind[0]}而不是普通文件，不读取`, en: `${name} is ${kind[1]}, not a regular file; it is not read`,
      }) };
    }
    return { ok: true, bytes: await handle.readFile() };
  } finally {
    await handle.close();
  }
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
