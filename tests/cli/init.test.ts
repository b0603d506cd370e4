/**
 * `target-kit init <dir>` (issue 16, item 7): a customer bundle that carries its schemas, so a copy
 * anywhere validates, every `$schema` resolves to a file inside it, and the editor schemas check
 * rule logic against our operators.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed files of unknown shape

function filesUnder(root: string, under = ''): string[] {
  return readdirSync(join(root, under), { withFileTypes: true }).flatMap((e) => {
    const path = under ? `${under}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(root, path) : [path];
  });
}

const inside = (root: string, path: string) => !relative(root, path).startsWith('..');

async function initialised(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'tk-init-')), 'acme');
  const r = await runCli(['init', dir, '--lang', 'en']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^created the customer bundle .*acme: \d+ files name their schema in \.schemas\//);
  return dir;
}

/** An Ajv loaded with the bundle's own schema copies, by file name, as an editor resolves them. */
function editorValidator(dir: string) {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  for (const name of readdirSync(join(dir, '.schemas'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(dir, '.schemas', name), 'utf8')), name);
  }
  return ajv;
}

describe('target-kit init', () => {
  it('makes a bundle that validates and tests, whose every $schema resolves to a file inside it', async () => {
    const dir = await initialised();
    expect((await runCli(['validate', dir, '--lang', 'en'])).code).toBe(0);
    expect((await runCli(['test', dir])).code).toBe(0);
    const json = filesUnder(dir).filter((p) => p.endsWith('.json') && !p.startsWith('.schemas/'));
    const named = json.filter((p) => typeof (JSON.parse(readFileSync(join(dir, p), 'utf8')) as Json).$schema === 'string');
    expect(named.length).toBeGreaterThan(30);
    for (const path of named) {
      const ref = (JSON.parse(readFileSync(join(dir, path), 'utf8')) as Json).$schema as string;
      const target = resolve(dirname(join(dir, path)), ref);
      expect(inside(dir, target), `${path}: ${ref}`).toBe(true);
      expect(existsSync(target), `${path}: ${ref}`).toBe(true);
    }
    // the schema copies refer to each other by files beside them, never to target-kit.dev
    for (const name of readdirSync(join(dir, '.schemas'))) {
      const text = readFileSync(join(dir, '.schemas', name), 'utf8');
      expect(text, name).not.toContain('"$id"');
      for (const [, file] of text.matchAll(/"\$ref": "([^"#]+)#/g)) expect(existsSync(join(dir, '.schemas', file!)), `${name} → ${file}`).toBe(true);
    }
    const settings = JSON.parse(readFileSync(join(dir, '.vscode', 'settings.json'), 'utf8')) as Json;
    for (const entry of settings['json.schemas'] as Json[]) {
      expect(existsSync(join(dir, entry.url)), entry.url).toBe(true);
      for (const match of entry.fileMatch as string[]) if (match.startsWith('/')) expect(existsSync(join(dir, match)), match).toBe(true);
    }
    const kinds = (settings['json.schemas'] as Json[]).map((e) => e.url);
    expect(kinds).toEqual(expect.arrayContaining(['./.schemas/parameters.schema.json', './.schemas/jsonlogic.schema.json']));
  });

  it('keeps each file\'s layout: only the $schema value changes', async () => {
    const dir = await initialised();
    const templates = join(import.meta.dirname, '..', '..', 'templates');
    const original = readFileSync(join(templates, 'parameters', 'tracking.json'), 'utf8');
    const copy = readFileSync(join(dir, 'parameters', 'tracking.json'), 'utf8');
    expect(copy).toBe(original.replace('"../../schemas/parameters.schema.json"', '"../.schemas/parameters.schema.json"'));
  });

  it('gives editors schemas that check rule logic against our operators', async () => {
    const dir = await initialised();
    const ajv = editorValidator(dir);
    const rules = ajv.getSchema('rules.schema.json')!;
    const file = JSON.parse(readFileSync(join(dir, 'rules', 'tracking.rules.json'), 'utf8')) as Json;
    expect(rules(file), JSON.stringify(rules.errors?.slice(0, 3))).toBe(true);
    file.rules[0].logic = { ratoi: [{ var: 'actual' }, { var: 'target' }] };
    expect(rules(file)).toBe(false);
    const parameters = ajv.getSchema('parameters.schema.json')!;
    const tracking = JSON.parse(readFileSync(join(dir, 'parameters', 'tracking.json'), 'utf8')) as Json;
    expect(parameters(tracking), JSON.stringify(parameters.errors?.slice(0, 3))).toBe(true);
    tracking.parameters.lights.green.from = '90%';
    expect(parameters(tracking)).toBe(false);
    expect(JSON.stringify(parameters.errors)).toContain('/parameters/lights/green/from');
    const logic = ajv.getSchema('jsonlogic.schema.json')!;
    expect(logic({ '>=': [{ ratio: [{ var: 'a' }, { var: 'b' }] }, { param: 'lights.green.from' }] })).toBe(true);
    expect(logic({ method: ['a', 'toUpperCase'] })).toBe(false);
  });

  it('refuses a folder that is not empty and writes nothing into it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-init-full-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await runCli(['init', dir, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not an empty folder');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const zh = await runCli(['init', dir]);
    expect(zh.stderr).toContain('不是空目录');
  });

  it('accepts an empty folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-init-empty-'));
    expect((await runCli(['init', dir])).code).toBe(0);
    expect(existsSync(join(dir, 'bundle.json'))).toBe(true);
  });
});
