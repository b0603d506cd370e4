/**
 * vitest globalSetup (node project): one throw-away PostgreSQL cluster for the whole run, shared by
 * the files that need a server (tests/sql: track-db, the differential oracles), each in a database
 * of its own (tests/support/shared-postgres.ts). Two clusters cost two initdb runs and two servers
 * side by side on a 2-core machine.
 *
 * Started lazily: a run of files that never ask for it (most single-file runs) starts nothing. The
 * workers ask over a Unix socket in a folder of the run's own; the first question starts the
 * cluster, every answer is its port or the start's error (which says how to install PostgreSQL
 * when its binaries are missing). Stopped, by its process id, when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres, stopPostgres, type Postgres } from './postgres.js';

export default function setup(project: TestProject): () => Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tk-pg-broker-'));
  const socket = join(dir, 'broker.sock');
  let started: Promise<Postgres> | undefined;
  const broker = createServer((connection) => {
    connection.on('error', () => { /* a worker that went away: nothing to answer */ });
    started ??= startPostgres();
    started.then(
      (pg) => connection.end(JSON.stringify({ port: pg.port })),
      (e: unknown) => connection.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) })),
    );
  });
  broker.listen(socket);
  project.provide('tkPostgresBroker', socket);
  return async () => {
    await new Promise<void>((closed) => broker.close(() => closed()));
    if (started) {
      const pg = await started.catch(() => undefined);
      if (pg) await stopPostgres(pg);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
