/**
 * Builds @target-kit/nocobase-plugin (`npm run build:nocobase`) into
 * dist/nocobase/target-kit-nocobase-plugin.tgz (top folder `package/`, as npm pack makes) and
 * dist/nocobase/plugin-version.txt.
 *
 * - server: one CommonJS file with our runtime bundled in; @nocobase/* come from the host.
 * - client: one AMD/UMD module named after the package for NocoBase's requirejs; react, antd,
 *   @formily/* and @nocobase/client come from the host. The code inside the wrapper runs with
 *   `define` shadowed, so nothing but the wrapper can register with the host's loader (a
 *   stray anonymous define blanks the whole NocoBase UI).
 * - version: our package version + a hash of the built files, so an identical rebuild gives
 *   the same version (the importer skips the upload) and any change gives a new one (the
 *   browser's plugin cache is keyed by it).
 * The tarball is deterministic: sorted entries, fixed times and modes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const source = join(here, 'plugin');
const outDir = join(root, 'dist/nocobase');
const PACKAGE_NAME = '@target-kit/nocobase-plugin';
const TARBALL = 'target-kit-nocobase-plugin.tgz';

/**
 * Versions of the host's shared modules this build was made against (NocoBase 2.2.15). The
 * plugin manager reads dist/externalVersion.js to show whether a plugin fits the host.
 */
const HOST_VERSIONS = {
  '@nocobase/server': '2.2.15',
  '@nocobase/client': '2.2.15',
  '@nocobase/plugin-workflow': '2.2.15',
  '@formily/react': '2.3.7',
  react: '18.2.0',
  antd: '5.24.2',
};

async function buildServer() {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@nocobase/*'],
    write: false,
    logLevel: 'warning',
    legalComments: 'none',
  };
  const main = await build({ ...common, entryPoints: [join(source, 'src/server/index.ts')], outfile: 'index.js' });
  // NocoBase reads collection definitions from files of their own in server/collections
  const collection = await build({
    ...common, entryPoints: [join(source, 'src/server/collections/targetKitBundles.ts')], outfile: 'targetKitBundles.js',
  });
  return {
    'dist/server/index.js': main.outputFiles[0].text,
    'dist/server/collections/targetKitBundles.js': collection.outputFiles[0].text,
  };
}

async function buildClient() {
  const result = await build({
    entryPoints: [join(source, 'src/client/index.tsx')],
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2020',
    jsx: 'automatic',
    external: [
      'react', 'react/jsx-runtime', 'react-dom', 'antd', '@formily/*', '@nocobase/client', '@nocobase/plugin-workflow/client',
    ],
    define: { 'process.env.NODE_ENV': '"production"' },
    // echarts (the board's charts) is most of the client: minified it loads in a third of the bytes
    minify: true,
    write: false,
    metafile: true,
    outfile: 'index.js',
    logLevel: 'warning',
    legalComments: 'none',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const deps = [...new Set(output.imports.filter((i) => i.external).map((i) => i.path))].sort();
  return { 'dist/client/index.js': amdWrap(result.outputFiles[0].text, deps) };
}

/** CommonJS code → a UMD module whose AMD branch defines PACKAGE_NAME with its host deps. */
function amdWrap(cjs, deps) {
  const list = JSON.stringify(deps);
  return `(function (root, factory) {
  var deps = ${list};
  if (typeof define === 'function' && define.amd) define(${JSON.stringify(PACKAGE_NAME)}, deps, factory);
  else if (typeof module === 'object' && module.exports) module.exports = factory.apply(null, deps.map(function (d) { return require(d); }));
  else root[${JSON.stringify(PACKAGE_NAME)}] = factory.apply(null, deps.map(function (d) { return root[d]; }));
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  var __host = {};
  var __args = arguments;
  ${list}.forEach(function (name, i) { __host[name] = __args[i]; });
  // below this line the host's AMD loader is out of sight: only the wrapper above registers
  var define = undefined;
  var require = function (name) {
    if (Object.prototype.hasOwnProperty.call(__host, name)) return __host[name];
    throw new Error(${JSON.stringify(PACKAGE_NAME)} + ': module not provided by the host: ' + name);
  };
  var module = { exports: {} };
  var exports = module.exports;
${cjs.replace(/^"use strict";\n/, '')}
  return module.exports;
});
`;
}

function externalVersionFile() {
  return `module.exports = ${JSON.stringify(HOST_VERSIONS, null, 2)};\n`;
}

function shortHash(files) {
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) hash.update(path).update('\0').update(files[path]).update('\0');
  return hash.digest('hex').slice(0, 10);
}

// --- tar (ustar), enough for regular files; deterministic by construction -----------------

const TAR_MTIME = Date.UTC(1985, 9, 26, 8, 15) / 1000; // the fixed time npm pack uses

function tarHeader(path, size) {
  const header = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 154);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  const octal = (value, length) => value.toString(8).padStart(length - 1, '0') + '\0';
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 8, 'ascii');
  header.write(octal(0, 8), 108, 8, 'ascii');
  header.write(octal(0, 8), 116, 8, 'ascii');
  header.write(octal(size, 12), 124, 12, 'ascii');
  header.write(octal(TAR_MTIME, 12), 136, 12, 'ascii');
  header.write('        ', 148, 8, 'ascii');
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return header;
}

function tarGz(files) {
  const parts = [];
  for (const path of Object.keys(files).sort()) {
    const body = Buffer.from(files[path], 'utf8');
    parts.push(tarHeader(`package/${path}`, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

// --------------------------------------------------------------------------------------------

const started = Date.now();
const built = {
  ...(await buildServer()),
  ...(await buildClient()),
  'dist/externalVersion.js': externalVersionFile(),
  'server.js': readFileSync(join(source, 'server.js'), 'utf8'),
  'client.js': readFileSync(join(source, 'client.js'), 'utf8'),
};
const template = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8'));
const mainVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const version = `${mainVersion}-${shortHash({ ...built, 'package.json': JSON.stringify(template) })}`;
const files = { ...built, 'package.json': JSON.stringify({ ...template, version }, null, 2) + '\n' };

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const tarball = tarGz(files);
writeFileSync(join(outDir, TARBALL), tarball);
writeFileSync(join(outDir, 'plugin-version.txt'), version + '\n');

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const path of Object.keys(files).sort()) console.log(`  ${path.padEnd(44)} ${kb(Buffer.byteLength(files[path]))}`);
console.log(`${PACKAGE_NAME}@${version} → dist/nocobase/${TARBALL} (${kb(tarball.length)}) in ${Date.now() - started} ms`);
