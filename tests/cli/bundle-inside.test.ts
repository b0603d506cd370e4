/**
 * Bundles stay inside themselves: every attack on the folder loader is built in a temp folder
 * here (links out of the bundle, a FIFO, control characters in names, duplicate and __proto__
 * keys, bytes that are not UTF-8) and must end in a problem with its file and code, exit 1 and
 * nothing written; a GBK dataset keeps its text through convert, both ways.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSingleFile } from '../../plugin/index.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');
const DATASET = 'data/sample-company/units.csv';
const SECRET = 'SECRET-OUTSIDE-THE-BUNDLE';

function tempCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tk-inside-')), 'bundle');
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  return dir;
}

/** A file beside the bundle folder (outside it), holding SECRET. */
function outsideFile(dir: string): string {
  const path = join(dir, '..', 'secret.csv');
  writeFileSync(path, `id,name\n1,${SECRET}\n`);
  return path;
}

/** validate and convert both refuse with `code` at `file`, exit 1, and convert writes nothing. */
async function expectRefused(target: string, code: string, file: RegExp): Promise<string> {
  const v = await runCli(['validate', target, '--lang', 'en']);
  expect(v.code).toBe(1);
  expect(v.stderr).toContain(`[${code}]`);
  expect(v.stderr).toMatch(file);
  const out = join(mkdtempSync(join(tmpdir(), 'tk-inside-out-')), target.endsWith('.json') ? 'out' : 'out.json');
  const c = await runCli(['convert', target, '--out', out, '--lang', 'en']);
  expect(c.code).toBe(1);
  expect(c.stderr).toContain(`[${code}]`);
  expect(c.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  expect(existsSync(out)).toBe(false);
  expect(c.stdout + c.stderr + v.stdout + v.stderr).not.toContain(SECRET);
  return v.stderr;
}

const hasMkfifo = (() => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the folder loader stays inside the bundle', () => {
  it('refuses a dataset that is a symbolic link to a file outside', async () => {
    const dir = tempCopy();
    rmSync(join(dir, DATASET));
    symlinkSync(outsideFile(dir), join(dir, DATASET));
    const stderr = await expectRefused(dir, 'BUNDLE_LINK_OUTSIDE', /data\/sample-company\/units\.csv/);
    expect(stderr).toMatch(/outside the bundle folder/);
  });

  it('refuses a dataset that is a symbolic link to /etc/passwd (absolute)', async () => {
    if (!existsSync('/etc/passwd')) return; // not on this system: the relative case above stands
    const dir = tempCopy();
    rmSync(join(dir, DATASET));
    symlinkSync('/etc/passwd', join(dir, DATASET));
    const stderr = await expectRefused(dir, 'BUNDLE_LINK_OUTSIDE', /units\.csv/);
    expect(stderr).not.toContain('root:');
  });

  it('refuses a template folder that is a symbolic link outside', async () => {
    const dir = tempCopy();
    const away = join(dir, '..', 'scorecard-elsewhere');
    renameSync(join(dir, 'scorecard'), away);
    symlinkSync(away, join(dir, 'scorecard'));
    await expectRefused(dir, 'BUNDLE_LINK_OUTSIDE', /scorecard\/template\.json/);
  });

  it('follows a symbolic link that stays inside the bundle', async () => {
    const dir = tempCopy();
    cpSync(join(dir, DATASET), join(dir, 'data/units-copy.csv'));
    rmSync(join(dir, DATASET));
    symlinkSync('../units-copy.csv', join(dir, DATASET));
    const r = await runCli(['validate', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.skipIf(!hasMkfifo)('refuses a FIFO without blocking on it (skipped where mkfifo is missing)', async () => {
    const dir = tempCopy();
    rmSync(join(dir, DATASET));
    execFileSync('mkfifo', [join(dir, DATASET)]);
    const stderr = await expectRefused(dir, 'BUNDLE_SPECIAL_FILE', /units\.csv/);
    expect(stderr).toMatch(/a FIFO, not a regular file/);
  }, 20_000);

  it('refuses a file name with a control character in the folder form', async () => {
    const dir = tempCopy();
    const name = 'data/units\u0001.csv';
    renameSync(join(dir, DATASET), join(dir, name));
    const manifest = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
    manifest.datasets.find((d: { file: string }) => d.file === DATASET).file = name;
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify(manifest, null, 2));
    const stderr = await expectRefused(dir, 'BUNDLE_PATH_CONTROL', /bundle\.json:\d+:\d+ #\/datasets\/\d+\/file/);
    expect(stderr).toContain('"data/units\\u0001.csv"');
  });

  it('refuses a NUL byte in a name of the single-file form, with a message instead of a crash', async () => {
    const single = toSingleFile(defaultBundleFiles()) as unknown as { datasets: Array<{ file: string }>; files: Record<string, unknown> };
    const name = 'data/a\u0000b.csv';
    single.files[name] = single.files[DATASET];
    delete single.files[DATASET];
    (single.datasets.find((d) => d.file === DATASET) as { file: string }).file = name;
    const file = join(mkdtempSync(join(tmpdir(), 'tk-inside-')), 'nul.json');
    writeFileSync(file, JSON.stringify(single));
    await expectRefused(file, 'BUNDLE_PATH_CONTROL', /nul\.json/);
  });
});

describe('JSON files are read strictly', () => {
  it('refuses a duplicate key at its line and column', async () => {
    const dir = tempCopy();
    const path = join(dir, 'parameters/tracking.json');
    const text = readFileSync(path, 'utf8').replace(
      '"green": { "from": 0.8, "inclusive": false },',
      '"green": { "from": 0.9, "inclusive": false },\n      "green": { "from": 0.1, "inclusive": false },',
    );
    writeFileSync(path, text);
    const stderr = await expectRefused(dir, 'JSON_DUPLICATE_KEY', /parameters\/tracking\.json:6:7 #\/parameters\/lights\/green/);
    expect(stderr).toMatch(/"green" appears twice in one object \(first at line 5, column 7\)/);
  });

  it('refuses bytes that are not UTF-8, at their line and column', async () => {
    const dir = tempCopy();
    const path = join(dir, 'bundle.json');
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf('"name"');
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at + 9)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(at + 9))]);
    writeFileSync(path, bytes);
    const line = text.slice(0, at).split('\n').length;
    const column = at - text.lastIndexOf('\n', at) + 9;
    const stderr = await expectRefused(dir, 'JSON_ENCODING', new RegExp(`bundle\\.json:${line}:${column} `));
    expect(stderr).toMatch(/byte 0xFF is not UTF-8/);
  });

  it('names a trailing comma and a full-width comma at the offending character, in Chinese', async () => {
    const dir = tempCopy();
    const path = join(dir, 'parameters/tracking.json');
    const original = readFileSync(path, 'utf8');
    const line = '      "yellow": { "from": 0.6, "inclusive": true }';
    expect(original.split('\n')[5]).toBe(line);
    writeFileSync(path, original.replace(`${line}\n`, `${line},\n`));
    const stderr = await expectRefused(dir, 'JSON_SYNTAX', new RegExp(`parameters/tracking\\.json:6:${line.length + 1} `));
    expect(stderr).toContain('trailing comma');
    const zh = await runCli(['validate', dir, '--lang', 'zh']);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain(`parameters/tracking.json:6:${line.length + 1}`);
    expect(zh.stderr).toContain('多余的逗号（尾随逗号）：“}” 前的最后一项后面不能有逗号');
    expect(zh.stderr).not.toContain('Expected');

    writeFileSync(path, original.replace('"from": 0.6,', '"from": 0.6，'));
    const fw = await runCli(['validate', dir, '--lang', 'zh']);
    expect(fw.code).toBe(1);
    expect(fw.stderr).toContain(`parameters/tracking.json:6:${line.indexOf('0.6') + 4}`);
    expect(fw.stderr).toContain('中文逗号“，”');
  });

  it('refuses a form field named __proto__ (folder and single file)', async () => {
    const dir = tempCopy();
    const path = join(dir, 'scorecard/template.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"properties": {', '"properties": {\n        "__proto__": { "type": "string" },'));
    await expectRefused(dir, 'JSON_PROTO_KEY', /scorecard\/template\.json:\d+:\d+ #\/forms\/main\/properties\/__proto__/);

    const single = join(dir, '..', 'single.json');
    const text = JSON.stringify(toSingleFile(defaultBundleFiles()), null, 2)
      .replace('"properties": {', '"properties": {\n "__proto__": { "type": "string" },');
    writeFileSync(single, text);
    await expectRefused(single, 'JSON_PROTO_KEY', /single\.json:\d+:\d+ /);
  });
});

describe('datasets keep their text through convert', () => {
  const expected = readFileSync(join(fixtures, 'regions-utf8-bom.csv'), 'utf8').replace(/^\ufeff/, '');

  // not the sample units: the loader checks those for the columns the factor rules read
  const TEXT_DATASET = 'data/sample-actuals/targets.csv';

  it('turns a GBK dataset into UTF-8 text, folder → single file → folder → single file', async () => {
    const dir = tempCopy();
    writeFileSync(join(dir, TEXT_DATASET), readFileSync(join(fixtures, 'regions-gbk.csv')));
    const work = join(dir, '..');
    const single = join(work, 'single.json');
    expect((await runCli(['convert', dir, '--out', single])).code).toBe(0);
    const inner = JSON.parse(readFileSync(single, 'utf8')).files[TEXT_DATASET];
    expect(inner).toBe(expected);
    expect(inner).toContain('华东大区');

    const folder = join(work, 'unpacked');
    expect((await runCli(['convert', single, '--out', folder])).code).toBe(0);
    expect(readFileSync(join(folder, TEXT_DATASET), 'utf8')).toBe(expected);

    const again = join(work, 'again.json');
    expect((await runCli(['convert', folder, '--out', again])).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(single, 'utf8'));
  });

  it('refuses a dataset valid in neither UTF-8 nor GB18030, at the bad byte', async () => {
    const dir = tempCopy();
    writeFileSync(join(dir, DATASET), Buffer.concat([Buffer.from('id,name\n1,华东\n2,'), Buffer.from([0xff]), Buffer.from('x\n')]));
    const stderr = await expectRefused(dir, 'DATA_ENCODING', /data\/sample-company\/units\.csv:3:3 /);
    expect(stderr).toMatch(/byte 0xFF is neither UTF-8 nor GB18030/);
  });
});

describe('fixtures of this file', () => {
  it('the outside file really is outside and readable (so the link tests can fail)', () => {
    const dir = tempCopy();
    const path = outsideFile(dir);
    expect(readFileSync(path, 'utf8')).toContain(SECRET);
    mkdirSync(join(dir, 'x'));
    expect(path.startsWith(dir)).toBe(false);
  });
});
