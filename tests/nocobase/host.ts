/**
 * The real NocoBase the import is tested against: a throw-away PostgreSQL cluster on 127.0.0.1
 * and the pinned NocoBase host (tests/nocobase/host: package.json and yarn.lock with the fixes of
 * shared/nocobase.md), installed under node_modules/.cache and started and stopped by process id.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
const HOST_SOURCE = join(ROOT, 'tests/nocobase/host');
const SHARED_WORK = join(ROOT, 'node_modules/.cache/target-kit-nocobase');
/**
 * Where the host is installed and run. TK_NOCOBASE_WORK gives a run a folder of its own, so two
 * people working on the NocoBase side at once do not wait for each other's runs; its app is then
 * a hard-linked copy of the shared install (seconds, not a yarn install).
 */
export const WORK = process.env.TK_NOCOBASE_WORK ? resolve(process.env.TK_NOCOBASE_WORK) : SHARED_WORK;
const APP = join(WORK, 'app');
const YARN = join(ROOT, 'node_modules/.bin/yarn');

export interface Timings { [step: string]: number }

import { freePort, type Postgres } from '../support/postgres.js';

export { freePort };

export function log(line: string): void {
  process.stdout.write(`[nocobase] ${line}\n`);
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; user?: string; logFile?: string } = {}): void {
  const [cmd, argv] = options.user && process.getuid?.() === 0
    ? ['su', [options.user, '-s', '/bin/sh', '-c', [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')]]
    : [command, args];
  const out = options.logFile ? openSync(options.logFile, 'a') : 'pipe';
  const result = spawnSync(cmd, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', out, out], encoding: 'utf8' });
  if (result.status !== 0) {
    const tail = options.logFile ? readFileSync(options.logFile, 'utf8').slice(-3000) : `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-3000);
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${tail}`);
  }
}

const lockHolder = (lock: string): number | undefined => {
  if (!existsSync(lock)) return undefined;
  const pid = Number(readFileSync(lock, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid === process.pid ? undefined : pid;
  } catch {
    return undefined; // a run that died without cleaning up
  }
};

/**
 * One run at a time per work folder: two runs would share the installed host's .env and
 * storage. Waits for the other run (up to 30 minutes, saying so), then returns a release function.
 */
export async function lockWork(): Promise<() => void> {
  mkdirSync(WORK, { recursive: true });
  const lock = join(WORK, 'run.lock');
  const until = Date.now() + 30 * 60_000;
  let said = false;
  for (let pid = lockHolder(lock); pid !== undefined; pid = lockHolder(lock)) {
    if (Date.now() > until) throw new Error(`another npm run test:nocobase (process ${pid}) has held ${WORK} for 30 minutes; set TK_NOCOBASE_WORK to a folder of your own`);
    if (!said) log(`waiting for another run (process ${pid}) to finish with ${WORK}`);
    said = true;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

// ---------------------------------------------------------------- PostgreSQL

// Shared with the SQL differential tests (tests/sql), which start their own cluster the same way.
export { startPostgres, stopPostgres, type Postgres } from '../support/postgres.js';

// ---------------------------------------------------------------- NocoBase

function lockHash(): string {
  return createHash('sha256').update(readFileSync(join(HOST_SOURCE, 'package.json'))).update(readFileSync(join(HOST_SOURCE, 'yarn.lock'))).digest('hex');
}

/**
 * Installs the pinned host; a second run with the same lock file reuses it (a warm install).
 * The marker `.installed` (the lock file's hash) is written last, so an install that was stopped
 * half-way (a killed CI job, a full disk) is not taken for a finished one and is run again: yarn
 * resumes over what is there. Callers hold lockWork(), so two installs never run in one folder.
 */
export function installHost(timings: Timings): void {
  const marker = join(APP, '.installed');
  const hash = lockHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === hash) {
    log('host already installed for this yarn.lock (warm)');
    timings['install (warm, reused)'] = 0;
    return;
  }
  const shared = join(SHARED_WORK, 'app');
  if (WORK !== SHARED_WORK && existsSync(join(shared, '.installed')) && readFileSync(join(shared, '.installed'), 'utf8') === hash) {
    const started = Date.now();
    // linked into a folder beside, moved into place when complete: `cp -al` copies the shared
    // marker early, and a copy stopped half-way must not pass for an install
    const partial = `${APP}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(WORK, { recursive: true });
    run('cp', ['-al', shared, partial]);
    // storage is per run: a linked file would be written through to the shared install
    rmSync(join(partial, 'storage'), { recursive: true, force: true });
    rmSync(join(partial, '.env'), { force: true });
    for (const dir of ['storage/db', 'storage/plugins', 'storage/uploads']) mkdirSync(join(partial, dir), { recursive: true });
    rmSync(APP, { recursive: true, force: true });
    renameSync(partial, APP);
    timings['install (linked copy of the shared host)'] = Date.now() - started;
    log(`host linked from ${shared}`);
    return;
  }
  if (!existsSync(YARN)) throw new Error('yarn 1 is missing from node_modules/.bin: run npm ci first');
  // a marker of another yarn.lock goes first: this folder is not that install any more
  rmSync(marker, { force: true });
  mkdirSync(APP, { recursive: true });
  for (const file of readdirSync(HOST_SOURCE)) copyFileSync(join(HOST_SOURCE, file), join(APP, file));
  for (const dir of ['storage/db', 'storage/plugins', 'storage/uploads', 'packages/plugins']) mkdirSync(join(APP, dir), { recursive: true });
  const cache = existsSync(join(WORK, 'yarn-cache')) ? 'warm' : 'cold';
  log(`yarn install (${cache} cache) …`);
  const started = Date.now();
  const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout.trim() || 'https://registry.npmjs.org/';
  run(YARN, ['install', '--frozen-lockfile', '--ignore-engines', '--non-interactive', '--network-timeout', '600000', '--registry', registry, '--cache-folder', join(WORK, 'yarn-cache')], {
    cwd: APP, logFile: join(WORK, 'yarn-install.log'), env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` },
  });
  timings[`install (${cache} yarn cache)`] = Date.now() - started;
  writeFileSync(marker, hash);
}

export interface Host {
  url: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  env: NodeJS.ProcessEnv;
}

function hostEnv(pg: Postgres, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
    APP_ENV: 'production',
    APP_KEY: randomBytes(32).toString('hex'),
    APP_PORT: String(port),
    APP_HOST: '127.0.0.1',
    API_BASE_PATH: '/api/',
    DB_DIALECT: 'postgres',
    DB_HOST: '127.0.0.1',
    DB_PORT: String(pg.port),
    DB_DATABASE: 'nocobase',
    DB_USER: 'postgres',
    DB_PASSWORD: 'postgres',
    DB_LOGGING: 'off',
    INIT_ROOT_EMAIL: 'admin@nocobase.com',
    INIT_ROOT_PASSWORD: 'admin123',
    INIT_ROOT_NICKNAME: 'Super Admin',
    INIT_ROOT_USERNAME: 'nocobase',
    LOGGER_LEVEL: 'warn',
    APP_LAUNCH_MODE: 'node',
    PM2_HOME: join(APP, 'storage/.pm2'),
  };
}

/** A fresh database, the app installed into it, then started; resolves when it answers. */
export async function startHost(pg: Postgres, timings: Timings): Promise<Host> {
  const port = await freePort();
  const env = hostEnv(pg, port);
  // NocoBase reads .env from its folder; the settings of this run go there
  writeFileSync(join(APP, '.env'), Object.entries(env).filter(([k]) => /^(APP_|API_|DB_|INIT_|LOGGER_)/.test(k)).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  // uploads of an earlier run would come back as installed plugins
  rmSync(join(APP, 'storage/plugins'), { recursive: true, force: true });
  rmSync(join(APP, 'storage/tmp'), { recursive: true, force: true });
  mkdirSync(join(APP, 'storage/plugins'), { recursive: true });
  run(join(pg.binDir, 'createdb'), ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', 'nocobase']);
  const logFile = join(WORK, 'nocobase.log');
  writeFileSync(logFile, '');
  let started = Date.now();
  run(YARN, ['nocobase', 'install'], { cwd: APP, env, logFile });
  timings['nocobase install (database)'] = Date.now() - started;
  started = Date.now();
  const host = await launch({ url: `http://127.0.0.1:${port}`, port, logFile, env });
  timings['start'] = Date.now() - started;
  return host;
}

/** `yarn start` in its own process group, resolved when NocoBase answers. */
async function launch(where: Omit<Host, 'child'>): Promise<Host> {
  const started = Date.now();
  const out = openSync(where.logFile, 'a');
  const child = spawn(YARN, ['start'], { cwd: APP, env: where.env, detached: true, stdio: ['ignore', out, out] });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`NocoBase exited (${child.exitCode}); see ${where.logFile}`);
    try {
      const response = await fetch(`${where.url}/api/app:getInfo`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 180_000) throw new Error(`NocoBase did not answer within 3 minutes; see ${where.logFile}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { ...where, child };
}

/** Stops the app and starts it again on the same database and port (what an admin does after a plugin update). */
export async function restartHost(host: Host): Promise<Host> {
  stopHost(host);
  await waitForExit(host);
  return launch({ url: host.url, port: host.port, logFile: host.logFile, env: host.env });
}

export function stopHost(host: Host | undefined): void {
  if (host?.child.pid) {
    try {
      process.kill(-host.child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  // a plugin update may leave a PM2 daemon behind
  const pm2Home = join(APP, 'storage/.pm2');
  if (existsSync(join(pm2Home, 'pm2.pid'))) {
    try {
      process.kill(Number(readFileSync(join(pm2Home, 'pm2.pid'), 'utf8')), 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

export async function waitForExit(host: Host | undefined, ms = 10_000): Promise<void> {
  if (!host?.child.pid || host.child.exitCode !== null) return;
  const pid = host.child.pid;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      process.kill(-pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // gone
  }
}
