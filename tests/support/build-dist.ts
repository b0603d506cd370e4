/**
 * vitest globalSetup: builds the runtime and the CLI into dist/ once per test run, so tests that
 * start the real `target-kit` binary (or node with --disallow-code-generation-from-strings)
 * never run a stale build.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Both test projects (vite.config.ts) name this setup; the run builds once.
const BUILT = Symbol.for('target-kit.tests.dist-built');

export default function setup(): void {
  const seen = globalThis as { [BUILT]?: boolean };
  if (seen[BUILT]) return;
  seen[BUILT] = true;
  const root = join(import.meta.dirname, '..', '..');
  // Incremental (tsconfig.build.json): a full build costs every run tens of seconds on a busy
  // 2-core machine before the first test starts, while most runs change a few sources or none.
  // tsc re-emits what changed and what depends on it. Its record (dist/.tsbuildinfo) is the one
  // `npm run prepare` keeps, so after `npm ci` (which runs prepare) this is a check, not a second
  // build; it lives inside dist/, so deleting dist/ (the usual way to force a clean build)
  // deletes the record too and the next run builds everything.
  execFileSync(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'),
  ], {
    cwd: root,
    stdio: 'inherit',
  });
}
