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
  // Incremental, as `npm run prepare` builds (tsconfig.build.json keeps its record in dist/): a
  // full build costs every run tens of seconds on a busy 2-core machine before the first test
  // starts, while most runs change a few sources or none; after `npm ci` (whose prepare built
  // everything) this is a look at file times. Deleting dist/ deletes the record: a full build.
  execFileSync(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', join(root, 'tsconfig.build.json'),
  ], {
    cwd: root,
    stdio: 'inherit',
  });
}
