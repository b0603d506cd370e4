import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle, toSingleFile } from '../../plugin/index.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'data');

function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tk-bundle-'));
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  return dir;
}

function editJson(path: string, edit: (value: any) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2));
}

describe('target-kit validate', () => {
  it('accepts templates/ with a one-line summary', async () => {
    const r = await runCli(['validate', TEMPLATES_DIR, '--lang', 'en']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const loaded = loadBundle(defaultBundleFiles());
    if (!loaded.ok) throw new Error('templates/ does not load');
    const b = loaded.bundle;
    expect(r.stdout).toMatch(new RegExp(`^valid: target-kit-default 0\\.1\\.0 \\(folder\\): ${b.templates.length} templates, ${b.rules.size} rules, ${b.flows.length} flows`));
  });

  it('accepts the single-file form too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-single-'));
    const file = join(dir, 'all-in-one.json');
    writeFileSync(file, JSON.stringify(toSingleFile(defaultBundleFiles()), null, 2));
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('单文件');
  });

  it('lists every error with file, line, column and pointer, and exits 1', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'progress-board/template.json'), (t) => { t.rules.push('no-such-rule'); });
    editJson(join(dir, 'rules/scoring.rules.json'), (f) => { f.rules[0].logic = { frobnicate: [1] }; });
    const r = await runCli(['validate', dir, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/progress-board\/template\.json:\d+:\d+ #\/rules\/6 .*no-such-rule.*\[REF_UNKNOWN_RULE\]/);
    expect(r.stderr).toMatch(/rules\/scoring\.rules\.json:\d+:\d+ #\/rules\/0\/logic .*frobnicate.*\[RULE_UNKNOWN_OPERATOR\]/);
    expect(r.stderr).toMatch(/invalid bundle: 2 error/);
  });

  it('speaks Chinese by default', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'scorecard/template.json'), (t) => { delete t.title; });
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(r.stderr).toContain('#/title');
  });
});

describe('target-kit test', () => {
  it('runs every example of templates/', async () => {
    const r = await runCli(['test', TEMPLATES_DIR]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^[1-9]\d* passed, 0 failed$/);
  });

  it('runs only a template\'s rules for a template folder', async () => {
    const r = await runCli(['test', join(TEMPLATES_DIR, 'scorecard')]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('22 passed, 0 failed');
  });

  it('prints each failure and exits 1', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'rules/tracking.rules.json'), (f) => { f.rules[2].examples[2].expect = 'green'; });
    const r = await runCli(['test', join(dir, 'rules/tracking.rules.json'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL traffic-light example #2 .*expected "green", got "yellow"/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('47 passed, 1 failed');
  });

  it('runs a rules file outside any bundle with --params', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-rules-'));
    cpSync(join(TEMPLATES_DIR, 'rules/tracking.rules.json'), join(dir, 'r.json'));
    cpSync(join(TEMPLATES_DIR, 'parameters/tracking.json'), join(dir, 'p.json'));
    const r = await runCli(['test', join(dir, 'r.json'), '--params', join(dir, 'p.json')]);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('48 passed, 0 failed');
    const without = await runCli(['test', join(dir, 'r.json'), '--lang', 'en']);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('RULE_UNKNOWN_PARAM');
  });
});

describe('target-kit eval', () => {
  it('evaluates inline JsonLogic on inline data', async () => {
    const r = await runCli(['eval', '--rule', '{"+":[{"var":"a"},1]}', '--data', '{"a":41}']);
    expect(r).toEqual({ code: 0, stdout: '42\n', stderr: '' });
  });

  it('evaluates a bundle rule by id with the bundle parameters', async () => {
    const r = await runCli(['eval', '--bundle', TEMPLATES_DIR, '--rule', 'traffic-light', '--data', '{"actual":850,"target":1000}']);
    expect(r.stdout).toBe('"green"\n');
  });

  it('refuses missing data instead of guessing, exit 1', async () => {
    const r = await runCli(['eval', '--bundle', TEMPLATES_DIR, '--rule', 'traffic-light', '--data', '{"target":1000}', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RULE_INPUT_MISSING');
  });

  it('refuses NaN as a result', async () => {
    const r = await runCli(['eval', '--rule', '{"/":[{"var":"a"},0]}', '--data', '{"a":0}']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RULE_OUTPUT_NOT_FINITE');
  });

  it('streams --each over a GBK CSV from Chinese Excel', async () => {
    const r = await runCli(['eval', '--bundle', TEMPLATES_DIR, '--rule', 'traffic-light', '--data', join(fixtures, 'regions-gbk.csv'), '--each', '--lang', 'en']);
    // "1,200" is text in a number column: that record fails with its line, the others go through
    expect(r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l))).toEqual([
      'green', { error: { code: 'RULE_INPUT_TYPE', message: expect.stringContaining('1,200') } }, 'red',
    ]);
    expect(r.stderr).toMatch(/record 2 \(line 3\)/);
    expect(r.code).toBe(1);
  });

  it('reads NDJSON from standard input and a JSON array from a file', async () => {
    const nd = await runCli(['eval', '--rule', '{"*":[{"var":"x"},2]}', '--data', '-', '--each'], { stdin: '{"x":1}\n{"x":2}\n\n{"x":3}' });
    expect(nd.stdout).toBe('2\n4\n6\n');
    const dir = mkdtempSync(join(tmpdir(), 'tk-data-'));
    writeFileSync(join(dir, 'd.json'), JSON.stringify([{ x: 5 }, { x: 6 }]));
    const arr = await runCli(['eval', '--rule', '{"*":[{"var":"x"},2]}', '--data', join(dir, 'd.json'), '--each']);
    expect(arr.stdout).toBe('10\n12\n');
  });

  it('picks a rule from a rules file with --id', async () => {
    const rules = join(TEMPLATES_DIR, 'rules/tracking.rules.json');
    const params = join(TEMPLATES_DIR, 'parameters/tracking.json');
    const several = await runCli(['eval', '--rule', rules, '--params', params, '--data', '{}']);
    expect(several.code).toBe(2);
    const r = await runCli(['eval', '--rule', rules, '--id', 'completion-rate', '--params', params, '--data', '{"actual":1,"target":4}']);
    expect(r.stdout).toBe('0.25\n');
  });

  it('names the line of bad NDJSON', async () => {
    const r = await runCli(['eval', '--rule', '{"var":"x"}', '--data', '-', '--each', '--format', 'ndjson', '--lang', 'en'], { stdin: '{"x":1}\n{"x":\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/<stdin>:2 /);
  });
});

describe('target-kit convert', () => {
  it('turns the folder into one file and back, and both validate to the same bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-convert-'));
    const single = join(dir, 'bundle.single.json');
    expect((await runCli(['convert', TEMPLATES_DIR, '--out', single])).code).toBe(0);
    const folder = join(dir, 'unpacked');
    expect((await runCli(['convert', single, '--out', folder])).code).toBe(0);
    const again = join(dir, 'again.json');
    expect((await runCli(['convert', folder, '--out', again])).code).toBe(0);
    expect(JSON.parse(readFileSync(again, 'utf8'))).toEqual(JSON.parse(readFileSync(single, 'utf8')));
    expect((await runCli(['validate', folder])).code).toBe(0);
  });

  it('writes nothing for an invalid bundle and never overwrites', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'scorecard/template.json'), (t) => { delete t.title; });
    const out = join(mkdtempSync(join(tmpdir(), 'tk-convert-')), 'x.json');
    const r = await runCli(['convert', dir, '--out', out]);
    expect(r.code).toBe(1);
    expect(() => readFileSync(out)).toThrow();
    writeFileSync(out, 'keep');
    expect((await runCli(['convert', TEMPLATES_DIR, '--out', out])).code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep');
  });
});

describe('usage', () => {
  it.each(['validate', 'test', 'eval', 'convert'])('%s --help prints usage and exits 0', async (command) => {
    const zh = await runCli([command, '--help']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('用法');
    const en = await runCli([command, '--help', '--lang', 'en']);
    expect(en.stdout).toContain('Usage');
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['validate'])).code).toBe(2);
    expect((await runCli(['eval', '--rule', '1'])).code).toBe(2);
    expect((await runCli(['validate', '.', '--bogus'])).code).toBe(2);
    expect((await runCli(['validate', '.', '--lang', 'fr'])).code).toBe(2);
  });
});
