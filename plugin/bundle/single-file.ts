/**
 * A bundle has two equivalent forms: a folder (bundle.json plus the files it names) and one
 * self-contained JSON file (the same manifest with every named file under `files`). These
 * functions convert between them without losing anything the manifest names.
 */
import { MANIFEST_FILE, type BundleFiles, type BundleManifest } from './types.js';

/** Every file path the manifest names, in manifest order, without duplicates. */
export function referencedPaths(manifest: object): string[] {
  // read defensively: this runs before the manifest is validated
  const m = manifest as Record<string, unknown>;
  const list = (key: string): unknown[] => (Array.isArray(m[key]) ? (m[key] as unknown[]) : []);
  const paths = [
    ...list('templates'),
    ...list('rules'),
    ...list('flows'),
    ...list('parameters'),
    ...list('datasets').map((d) => (typeof d === 'object' && d !== null ? (d as { file?: unknown }).file : undefined)),
  ];
  return [...new Set(paths.filter((p): p is string => typeof p === 'string'))];
}

export function isSingleFileBundle(value: unknown): value is BundleManifest & { files: BundleFiles } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && Object.hasOwn(value, 'files') && Object.hasOwn(value, 'format');
}

/** Folder form → single-file form. Files the manifest does not name are left out. */
export function toSingleFile(files: BundleFiles): BundleManifest & { files: BundleFiles } {
  const manifest = files[MANIFEST_FILE] as BundleManifest;
  const inner: BundleFiles = {};
  for (const path of referencedPaths(manifest)) {
    if (Object.hasOwn(files, path)) inner[path] = files[path];
  }
  return { ...manifest, files: inner };
}

/** Single-file form → folder form. */
export function fromSingleFile(single: BundleManifest & { files: BundleFiles }): BundleFiles {
  const { files, ...manifest } = single;
  const out: BundleFiles = { [MANIFEST_FILE]: manifest };
  for (const [path, content] of Object.entries(files ?? {})) {
    if (path !== MANIFEST_FILE) out[path] = content;
  }
  return out;
}

/** Whether a path is stored as parsed JSON (by extension) rather than as text. */
export function isJsonPath(path: string): boolean {
  return /\.json$/i.test(path);
}
