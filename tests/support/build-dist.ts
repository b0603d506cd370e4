/**
 * vitest globalSetup: builds the runtime and the CLI into dist/ once per test run, so tests that
 * start the real `target-kit` binary (or node with --disallow-code-generation-from-strings)
 * never run a stale build.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
}
