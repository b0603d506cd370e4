// One config for the playground (Vite) and the test runner (Vitest).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * `virtual:sample-gallery`: what the gallery shows of the sample bundle (the manifest's name,
 * version and roles; each template's id, title, description, category and roles; the parameter
 * groups those texts quote), read from templates/ at build time. A few KB in the first download,
 * so the first screen renders its cards before the sample bundle (1.1 MB) and the bundle loader
 * arrive (playground/src/gallery/sampleGallery.ts).
 */
function sampleGallery(): Plugin {
  const id = 'virtual:sample-gallery';
  const resolved = `\0${id}`;
  const dir = join(import.meta.dirname, 'templates');
  return {
    name: 'target-kit-sample-gallery',
    resolveId: (source) => (source === id ? resolved : undefined),
    load(source) {
      if (source !== resolved) return undefined;
      const read = (path: string) => {
        this.addWatchFile(join(dir, path));
        return JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;
      };
      const manifest = read('bundle.json') as { name: unknown; version: string; roles: Array<{ id: string; name: unknown }>; templates: string[]; parameters: string[] };
      const templates = manifest.templates.map((path) => {
        const { id: templateId, title, description, category, roles } = read(path);
        return { def: { id: templateId, title, description, category, roles } };
      });
      const quoted = new Set([...JSON.stringify(templates).matchAll(/\{param:([\w-]+)\./g)].map((m) => m[1]));
      const parameters: Record<string, unknown> = {};
      for (const path of manifest.parameters) {
        for (const [group, value] of Object.entries(read(path).parameters as Record<string, unknown>)) if (quoted.has(group)) parameters[group] = value;
      }
      const index = {
        manifest: { name: manifest.name, version: manifest.version, roles: manifest.roles.map((r) => ({ id: r.id, name: r.name })) },
        templates,
        parameters,
        paths: ['bundle.json', ...manifest.templates, ...manifest.parameters],
      };
      return `export default ${JSON.stringify(index)};`;
    },
  };
}

/** Vendor chunks. Only modules the first screen imports ($initial) go to the named groups, so
 * what the lazy runner alone needs (Formily, date pickers, tables) never lands in the first
 * download; rolldown splits that part on its own along the dynamic import. */
const vendorGroups = [
  { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
  {
    name: 'vendor-antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@babel[\\/]runtime|dayjs|classnames|stylis|@emotion)[\\/]/,
    priority: 20,
  },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
].map((group) => ({ ...group, tags: ['$initial' as const] }));

/** What only the lazy screens need (runner, composer, editor), kept apart from the runner's own code so either can change
 * without the other being downloaded again. */
const runnerVendorGroups = [
  // The editor's and the composer's libraries, in chunks of their own: opening the editor
  // must not download Formily, nor opening a template CodeMirror.
  { name: 'vendor-codemirror', test: /node_modules[\\/](@codemirror|@lezer|style-mod|w3c-keyname|crelt)[\\/]/, priority: 8 },
  { name: 'vendor-dnd-kit', test: /node_modules[\\/]@dnd-kit[\\/]/, priority: 8 },
  // The board's charts and the data screen's spreadsheet readers and writers.
  { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 8 },
  { name: 'vendor-xlsx', test: /node_modules[\\/](read-excel-file|write-excel-file|fflate|saxen|unzipper-esm|worker-f)[\\/]/, priority: 8 },
  // The bundle loader's zh/en messages for schema errors: the loader comes after the first
  // download (build/bundleLoader.ts), and must not fall into the catch-all vendor-formily below.
  { name: 'vendor-ajv-i18n', test: /node_modules[\\/]ajv-i18n[\\/]/, priority: 8 },
  // antd's pieces of the problem and not-for-role screens (App.tsx loads them on demand), in a
  // small chunk of their own so that an error page does not download the form widgets below.
  { name: 'vendor-antd-problems', test: /node_modules[\\/]antd[\\/]es[\\/](result|alert|popconfirm)[\\/]/, priority: 6 },
  // antd's form widgets first: Formily's antd-v5 imports them, and a group takes the
  // dependencies of what it captures, so the other order would pull them into vendor-formily.
  { name: 'vendor-antd-forms', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs)[\\/]/, priority: 5 },
  { name: 'vendor-formily', test: /node_modules[\\/]/, priority: 1 },
];

/** Vite's preload helper wraps every dynamic import(), the entry's lazy runner and a
 * dynamic import inside Formily alike. Left alone, it follows Formily into vendor-formily and
 * drags that chunk into the first download; in a group of its own it stays initial. */
const preloadHelperGroup = { name: 'preload-helper', test: /preload-helper/, priority: 40 };

export default defineConfig({
  root: 'playground',
  publicDir: false,
  plugins: [react(), sampleGallery()],
  // the import check's worker (playground/src/data/importCheck.worker.ts) as an ES module: it may share chunks with the page
  worker: { format: 'es' },
  build: {
    outDir: '../dist/playground',
    emptyOutDir: true,
    // antd alone is ~600 kB minified before gzip; the budget that matters is the initial gzip
    // size, which the browser tests and `npm run build` report.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // The runtime's modules only declare things (plugin/index.ts: pure, no import-time effects), so
      // what the first screen does not call (flows, tracking, letters...) can be left to the lazy
      // screens that do, instead of riding along with the barrel into the first download.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]plugin[\\/]/.test(id) },
      output: {
        codeSplitting: { groups: [preloadHelperGroup, ...vendorGroups, ...runnerVendorGroups] },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, open: '/', fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1' },
  test: {
    root: '.',
    environment: 'node',
    // Browser tests are scenarios of many steps, each waiting for a condition; on a busy 2-core
    // machine a click can take seconds to land. A condition is polled for up to 15 s (vitest's
    // default of one second made the role switch fail there), a scenario may take a minute.
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: on a 2-core machine, every file in
    // turn. The node files (SQL databases, CLI child processes) wait much of their time, so two
    // of them run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        // Not isolated: each of the two workers imports the runtime, the hosts and their packages
        // once, not once for each of the 161 files. The files leave no state behind: they restore
        // the environment and mocks they change (vi.unstubAllEnvs, vi.restoreAllMocks, TMPDIR) and
        // write under temp folders of their own. The files needing a PostgreSQL server share one
        // cluster, started on the first request (tests/support/postgres-broker.ts), a database each.
        test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/browser/**', '**/node_modules/**'], globalSetup: ['tests/support/build-dist.ts', 'tests/support/postgres-broker.ts'], isolate: false },
      },
      {
        extends: true,
        // Two browser files at a time (their own group, run after the node files), each worker with
        // its own Chromium: one file keeps about one core busy (the page's renderer, then the
        // worker), so on 2 cores two take about half the time of one after the other (measured:
        // the whole project 872 s with one worker at load 10-15, 532 s with two at load 15-20).
        // On a machine too busy for two, TK_BROWSER_WORKERS=1 runs one at a time. A scenario on a
        // busy machine with the other file beside it can take most of a minute: two minutes each,
        // while every step still fails at its own limit (5 s an action, 15 s a screen).
        // Not isolated: the files of a worker run one after another in it, importing the harness,
        // the runtime and the playground's modules once, and starting Chromium once
        // (tests/browser/harness.ts). (A Chromium shared over Playwright's protocol was tried: a
        // remote connection cannot give a download's path, which the export tests read.)
        test: {
          name: 'browser', include: ['tests/browser/**/*.test.ts'], maxWorkers: Number(process.env.TK_BROWSER_WORKERS) || 2, isolate: false, sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          globalSetup: ['tests/support/build-dist.ts'],
        },
      },
    ],
    expect: { poll: { timeout: 15_000 } },
  },
});
