/**
 * Browser-test harness: builds the playground once, serves the build the way a strict host
 * would (with the Content-Security-Policy header on every response), drives Debian's
 * Chromium with playwright-core, and records every console error, page error, failed request
 * and CSP violation so a test can fail on any of them.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; worker-src 'self' blob:";

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Everything the build output depends on; a change to any of it means a new build. */
const BUILD_INPUTS = ['playground', 'plugin', 'templates', 'schemas', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
// One cache per checkout: two checkouts may share node_modules (a git worktree with a linked
// node_modules), and one's pruning must not delete the build the other is serving.
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', `target-kit-playground-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8)}`);
const DONE_MARKER = '.build-complete';
const STALE_LOCK_MS = 5 * 60_000;

function inputFiles(): string[] {
  const files: string[] = [];
  for (const entry of BUILD_INPUTS) {
    const path = join(REPO_ROOT, entry);
    if (!existsSync(path)) continue;
    if (statSync(path).isFile()) files.push(path);
    else {
      for (const name of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
        const file = join(path, name);
        if (statSync(file).isFile()) files.push(file);
      }
    }
  }
  return files.sort();
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of inputFiles()) {
    hash.update(file.slice(REPO_ROOT.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runViteBuild(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // Vitest runs with NODE_ENV=test, and Vite takes NODE_ENV from the process: without this the
  // build would bundle React's development code, which is not what hosts get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(REPO_ROOT, 'vite.config.ts'),
      root: join(REPO_ROOT, 'playground'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * The built playground for the current sources. Test files run in parallel workers: the first
 * to arrive builds (guarded by a lock directory), the others wait for it, and later runs reuse
 * the build while no input changed.
 */
export async function builtPlayground(): Promise<string> {
  const dir = join(CACHE_DIR, inputsHash());
  const done = join(dir, DONE_MARKER);
  const lock = `${dir}.lock`;
  mkdirSync(CACHE_DIR, { recursive: true });
  const deadline = Date.now() + 3 * 60_000;
  while (!existsSync(done)) {
    try {
      mkdirSync(lock);
    } catch {
      const held = statSync(lock, { throwIfNoEntry: false });
      // A lock older than any build is left by a worker that died mid-build.
      if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another worker to build the playground (${lock})`);
      await sleep(250);
      continue;
    }
    try {
      const staging = `${dir}.staging`;
      await runViteBuild(staging);
      writeFileSync(join(staging, DONE_MARKER), new Date().toISOString());
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
      // Builds of older sources are never used again; a lock belongs to a build under way.
      for (const old of readdirSync(CACHE_DIR)) {
        if (join(CACHE_DIR, old) !== dir && !old.endsWith('.lock')) rmSync(join(CACHE_DIR, old), { recursive: true, force: true });
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return dir;
}

// The build of this run: the browser files share one worker and this module (vite.config.ts), and
// hashing the build's inputs (400 files, 3.5 MB) cost each file half a second at load 25.
let buildOfRun: Promise<string> | undefined;
function playgroundOfRun(): Promise<string> {
  buildOfRun ??= builtPlayground().catch((e: unknown) => {
    buildOfRun = undefined;
    throw e;
  });
  return buildOfRun;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A static server for the build, sending the strict CSP on every response, errors included. */
export async function serveStatic(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Cache-Control', 'no-store');
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, urlPath));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    if (urlPath.endsWith('/')) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium fonts-wqy-microhei"`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

// The browser files run in one worker that imports this module once (the browser project is
// not isolated, vite.config.ts): one Chromium for all of them instead of a start per file. Each
// page still gets a context of its own (own storage, own downloads). Playwright ends the
// browser when the worker exits; one that crashed is started again for the next file.
let chromiumOfRun: Promise<Browser> | undefined;
/** The worker's Chromium (a file that drives it without a session closes its own pages, not it). */
export async function sharedChromium(): Promise<Browser> {
  const running = await chromiumOfRun?.catch(() => undefined);
  if (running?.isConnected()) return running;
  chromiumOfRun = launchChromium();
  return chromiumOfRun;
}

// Runs in the page before any of its scripts. Violations the browser reports only as events
// (not on the console) are turned into console errors so the page listener sees them.
const REPORT_CSP_VIOLATIONS = `
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

/** The limit for a screen's first appearance after a load or a move to a lazy screen: past the
 * 5 s action limit on a busy 2-core machine (the build screen and the editor missed it at load 22),
 * and what most files already gave their first screen. */
export const SCREEN_LOAD = 15_000;

export interface PageOptions {
  /** Set the stored interface language before the app starts. */
  lang?: 'zh' | 'en';
  /** Set the stored persona (role switch) before the app starts. */
  persona?: 'hq-admin' | 'sales-director' | 'region-head' | 'rep' | 'hrbp' | 'engineer' | 'implementer';
  /** Viewport width (default 1440); 390 for a phone. */
  width?: number;
}

export interface Session {
  url: string;
  /** A new page (own context: own localStorage) whose problems are recorded, closed after the test. */
  open(path?: string, options?: PageOptions): Promise<Page>;
  /**
   * One page for the tests of a file that only read: the first call opens it at `path`, later
   * calls move it there by the hash (no reload: the app and its data are already loaded). Kept
   * until the file's last test; its problems count against the test that was running.
   */
  shared(path: string): Promise<Page>;
  /** Closes the pages `open` gave since the last call (useBrowserSession: after each test). */
  closePages(): Promise<void>;
  /** Console errors, page errors, failed requests and CSP violations of every page so far. */
  problems: string[];
  close(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  const browser = await sharedChromium();
  let server: Server | undefined;
  const contexts: BrowserContext[] = [];
  // The contexts whose pages still report: a context being closed aborts its requests, which
  // is not a problem of the page.
  const reporting = new Set<BrowserContext>();
  try {
    const root = await playgroundOfRun();
    const served = await serveStatic(root);
    server = served.server;
    const problems: string[] = [];

    const open = async (path = '/', options: PageOptions = {}, keep = false) => {
      const phone = options.width !== undefined && options.width < 600;
      const context = await browser.newContext({
        viewport: { width: options.width ?? 1440, height: phone ? 844 : 900 }, locale: 'zh-CN', acceptDownloads: true,
        // no transitions to wait for (the playground honours it: theme.ts), and nothing drawn twice
        reducedMotion: 'reduce',
        ...(phone ? { isMobile: true, hasTouch: true } : {}),
      });
      if (!keep) contexts.push(context);
      reporting.add(context);
      const report = (problem: string) => {
        if (reporting.has(context)) problems.push(problem);
      };
      // Fail a missing element in seconds, well inside the test timeout, with Playwright's message.
      context.setDefaultTimeout(5_000);
      await context.addInitScript(REPORT_CSP_VIOLATIONS);
      if (options.lang) {
        const state = JSON.stringify({ state: { lang: options.lang }, version: 1 });
        await context.addInitScript(`localStorage.setItem('target-kit.playground.lang', ${JSON.stringify(state)})`);
      }
      if (options.persona) {
        const state = JSON.stringify({ state: { persona: options.persona }, version: 1 });
        await context.addInitScript(`localStorage.setItem('target-kit.playground.persona', ${JSON.stringify(state)})`);
      }
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') report(`console error: ${m.text()}`);
      });
      page.on('pageerror', (e) => report(`page error: ${e.message}`));
      page.on('requestfailed', (r) => report(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => {
        if (r.status() >= 400) report(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(served.url + path);
      return page;
    };

    let sharedPage: Page | undefined;
    const shared = async (path: string) => {
      if (!sharedPage) {
        sharedPage = await open(path, {}, true);
        return sharedPage;
      }
      await sharedPage.evaluate((hash) => { window.location.hash = hash; }, new URL(path, served.url).hash);
      return sharedPage;
    };

    return {
      url: served.url,
      open: (path, options) => open(path, options),
      shared,
      problems,
      async closePages() {
        // A page left open keeps its app running (Playwright turns off the throttling of
        // background timers), and on a 2-core machine that slows every later test of the file.
        const closing = contexts.splice(0);
        for (const c of closing) reporting.delete(c);
        await Promise.all(closing.map((c) => c.close().catch(() => undefined)));
      },
      async close() {
        reporting.clear();
        await Promise.all([...contexts, ...(sharedPage ? [sharedPage.context()] : [])].map((c) => c.close().catch(() => undefined)));
        await new Promise((ok) => server!.close(ok));
      },
    };
  } catch (e) {
    server?.close();
    throw e;
  }
}

/**
 * Screenshots are for a person looking at a screen he changed, not proof of anything: they are
 * taken only when TK_SCREENSHOTS is set (`TK_SCREENSHOTS=1 npx vitest run --project browser
 * tests/browser/x.test.ts`), into test-artifacts/screenshots. Taken on every run, the 90 of them
 * cost `npm test` about a tenth of the browser project.
 */
const TAKE_SCREENSHOTS = !['', '0', 'false'].includes(process.env.TK_SCREENSHOTS ?? '');

/** The whole page by default; `fullPage: false` for what a phone shows at once. */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // scrolled, a full-page capture repeats the sticky header in the middle of the page
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  // a full page of a long screen missed the 5 s action limit at load 25 on 2 cores (roles, targets-over-time)
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage, timeout: SCREEN_LOAD });
}

/** One part of the page (a card, a letter), when TK_SCREENSHOTS is set. */
export async function partScreenshot(part: Locator, name: string): Promise<void> {
  if (!TAKE_SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await part.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), timeout: SCREEN_LOAD });
}

/**
 * One browser session for a test file (its server and pages; Chromium is the run's): started
 * before its tests, closed after them, each test's pages closed after it, and every
 * test fails if any page logged an error or violated the CSP. When the session cannot start
 * (no Chromium), each test fails with the reason instead of being skipped.
 */
export function useBrowserSession(): () => Session {
  let session: Session | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      session = await startSession();
    } catch (e) {
      failure = e;
    }
  }, 180_000);
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async () => {
    // what the pages reported up to here; closing them then adds nothing
    await session?.closePages();
    const problems = session?.problems.splice(0) ?? [];
    expect(problems, 'console errors, page errors, failed requests or CSP violations').toEqual([]);
  });
  return () => {
    if (!session) throw failure;
    return session;
  };
}
