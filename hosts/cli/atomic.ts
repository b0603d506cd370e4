/**
 * Every file and folder the CLI writes appears whole or not at all: it is written under a
 * temporary name in the same folder (`.<name>.<pid>-<n>.tmp`, hidden, on the same file system)
 * and renamed into place, which replaces an older file in one step. A run that fails removes its
 * temporary file; a run that is killed may leave one behind, but never a half-written output.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temporary name beside `path`; the same pattern for files and folders. */
function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Runs `write` on a temporary path beside `path`, then renames the result into place. Whatever
 * `write` leaves there (a file, or a folder it made) is removed when it fails.
 */
export async function writeAtomically<T>(path: string, write: (temporary: string) => Promise<T>): Promise<T> {
  const temporary = temporaryPathFor(path);
  try {
    const result = await write(temporary);
    await renameIntoPlace(temporary, path);
    return result;
  } catch (e) {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
}

/** Writes `data` to `path` whole or not at all (flushed to disk before the rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeAtomically(path, async (temporary) => {
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
  });
}

/**
 * A folder written whole or not at all: `fill` writes into a fresh temporary folder beside
 * `path`, which is then renamed to `path` (allowed to exist only as an empty folder).
 */
export async function writeFolderAtomic<T>(path: string, fill: (temporary: string) => Promise<T>): Promise<T> {
  return writeAtomically(path, async (temporary) => {
    await mkdir(temporary);
    return fill(temporary);
  });
}

async function renameIntoPlace(temporary: string, path: string): Promise<void> {
  try {
    await rename(temporary, path);
  } catch (e) {
    // a folder replaces an empty folder (POSIX does so itself; Windows refuses)
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') && (await readdir(path).then((l) => l.length === 0, () => false))) {
      await rmdir(path);
      await rename(temporary, path);
      return;
    }
    throw e;
  }
}
