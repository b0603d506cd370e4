/**
 * A screenshot kept in several folders (test-artifacts/ and a folder to look at) is taken once
 * and copied: a full-page screenshot of a NocoBase page costs a second or more on a busy machine.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface Shootable { screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown> }

export async function screenshotInto(target: Shootable, dirs: readonly string[], name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const [first, ...rest] = dirs;
  if (first === undefined) return;
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  await target.screenshot({ path: join(first, name), ...options });
  for (const dir of rest) copyFileSync(join(first, name), join(dir, name));
}
