/**
 * `node dist/tests/nocobase/install.js`: installs the pinned NocoBase host and nothing more (no
 * database, no start), so that `.ci/run` can do it beside the type check and `npm test`: the
 * install is mostly network and disk (a cold yarn cache is 1.9 GB), npm test is CPU. Then
 * `npm run test:nocobase` finds the host installed and goes straight to the database.
 *
 * Safe to run again, or beside `npm run test:nocobase`: both hold the work folder's lock (one
 * waits for the other), and the marker written last tells a finished install from a half-done one
 * (host.ts `installHost`). Prints its time; exits 1 with yarn's last lines when the install fails.
 */
import { installHost, lockWork, log, type Timings } from './host.js';

const timings: Timings = {};
const release = await lockWork();
try {
  installHost(timings);
  for (const [step, ms] of Object.entries(timings)) log(`time  ${(ms / 1000).toFixed(1).padStart(6)} s  ${step}`);
} catch (error) {
  log(`FAIL  ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  release();
}
