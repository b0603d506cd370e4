/**
 * The bundle a command runs on (`--bundle`, or the templates/ shipped with the package), loaded
 * or refused with every problem at its file, line and column.
 */
import { resolve } from 'node:path';
import type { LoadedBundle } from '../../plugin/index.js';
import type { CommandContext, Said } from './context.js';
import { refuse, type Refusal } from './problems-out.js';
import { defaultBundleDir, readBundle, type BundleOnDisk } from './read-bundle.js';

/** The refusal of the commands that compute from a bundle (allocate, forecast, track, score, points). */
export const INVALID_BUNDLE: Said = { zh: '包无效', en: 'invalid bundle' };

/** `target` is resolved against the command's working folder; without it, the shipped bundle. */
export async function loadBundleOrFail(
  ctx: CommandContext, target: string | undefined, refusal?: Refusal,
): Promise<{ bundle: LoadedBundle; form: BundleOnDisk['form'] }> {
  const disk = await readBundle(resolve(ctx.cwd, target ?? defaultBundleDir()));
  if (!disk.result.ok) return refuse(ctx, disk.result.problems, refusal, disk.texts);
  return { bundle: disk.result.bundle, form: disk.form };
}
