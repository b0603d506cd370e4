/**
 * A throw-away PostgreSQL cluster on 127.0.0.1 (Debian's binaries), started and stopped by
 * process id: the NocoBase check (tests/nocobase), the benches, and npm test's one shared cluster
 * (tests/support/postgres-broker.ts, which tests/sql's files reach through shared-postgres.ts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Not spawnSync: the SQL tests start PGlite (in-process) while initdb runs, and a blocked event
// loop would make them wait for each other.
function run(command: string, args: string[], user?: string): Promise<void> {
  const [cmd, argv] = user && process.getuid?.() === 0
    ? ['su', [user, '-s', '/bin/sh', '-c', [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')]]
    : [command, args];
  return new Promise((done, fail) => {
    const child = execFile(cmd, argv, { env: process.env, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (!error) return done();
      const status = typeof error.code === 'number' ? error.code : error.code ?? error.signal;
      fail(new Error(`${command} ${args.join(' ')} failed (exit ${status}):\n${`${stdout}${stderr}`.slice(-3000)}`));
    });
    child.stdin?.end();
  });
}

export interface Postgres { port: number; dir: string; dataDir: string; pid: number; binDir: string }

export function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.length ? join(base, versions[0] as string, 'bin') : undefined;
}

export async function startPostgres(): Promise<Postgres> {
  const binDir = postgresBin();
  if (!binDir) throw new Error('PostgreSQL is not installed. Install it with: apt-get install -y postgresql (Debian); .ci/run does this.');
  const port = await freePort();
  // under the system's temp folder: the postgres user must reach it, whoever owns the checkout
  const dir = mkdtempSync(join(tmpdir(), 'target-kit-pg-'));
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: the cluster belongs to the postgres user then
  const user = asRoot ? 'postgres' : undefined;
  if (asRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
  }
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  // A throw-away cluster needs no durability: initdb without its fsync of every file (half its
  // time: 8.7 s -> 4.3 s at load 26) and a server that never waits for the disk. Queries and
  // their results are the same; only a crash of the machine would lose what they wrote.
  await run(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'], user);
  await run(join(binDir, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start'], user);
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { port, dir, dataDir, pid, binDir };
}

export async function stopPostgres(pg: Postgres): Promise<void> {
  try {
    process.kill(pg.pid, 'SIGINT'); // fast shutdown
  } catch {
    // already gone
  }
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    try {
      process.kill(pg.pid, 0);
    } catch {
      rmSync(pg.dir, { recursive: true, force: true });
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
