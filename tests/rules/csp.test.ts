/**
 * The engine runs where code generation from strings is forbidden (browsers under a CSP
 * without 'unsafe-eval'): a child `node --disallow-code-generation-from-strings` compiles and
 * runs a rule using every operator, and every documented example.
 *
 * Node 20 cannot import .ts, so the test first transpiles plugin/rules and plugin/problems.ts
 * with TypeScript's transpileModule into a temp dir (about a second, no type check: tsc does
 * that). This does not depend on a possibly stale dist/, nor on other folders of plugin/ that
 * a full build would have to compile.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../plugin/rules/index.js';
import { sameValue } from './equal.js';

const root = new URL('../../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'target-kit-csp-'));

function transpile(file: string): void {
  const source = readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  });
  const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, outputText);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const w = { var: 'weeks' };
const item = { var: '' };
/** One rule that uses every operator; the last branch is unreachable unless `and` fails. */
const everything = {
  if: [
    {
      and: [
        { '==': [1, '1'] }, { '===': [1, 1] }, { '!=': [1, 2] }, { '!==': [1, '1'] }, { '>': [2, 1] },
        { '>=': [2, 2] }, { '<': [1, 2, 3] }, { '<=': [1, 1] }, { '!': [false] }, { '!!': [1] },
        { or: [0, 1] }, { in: ['ell', 'hello'] }, { '?:': [true, true, false] },
      ],
    },
    [
      { '+': [1, '2'] }, { '-': [5, 2] }, { '*': [2, 3] }, { '/': [9, 3] }, { '%': [7, 4] }, { min: [1, 2] },
      { max: [1, 2] }, { cat: ['hi ', { var: 'name' }] }, { substr: ['hello', 1, -1] }, { merge: [[1], 2] },
      { map: [w, { '*': [item, 10] }] }, { filter: [w, { '>': [item, 0.6] }] },
      { reduce: [w, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] },
      { all: [w, { '>': [item, 0] }] }, { some: [w, { '>': [item, 0.9] }] }, { none: [w, { '>': [item, 2] }] },
      { missing: ['name', 'nope'] }, { missing_some: [1, ['name', 'nope']] }, { log: 'logged' },
      { ratio: [{ var: 'sales' }, { var: 'target' }, 0] }, { clamp: [1.5, 0, 1.2] }, { round: [2.675, 2] },
      { streak: [w, { '<': [item, 0.7] }] }, { param: 'light.green' }, { sum: [w] }, { avg: [w] },
    ],
    'unreachable',
  ],
};
const data = { name: '王五', weeks: [0.8, 0.65, 0.5], sales: 45, target: 60 };
const params = { light: { green: 0.9 } };

const probe = `
import { createEngine } from './plugin/rules/index.js';
import { readFileSync } from 'node:fs';
const input = JSON.parse(readFileSync(new URL('./input.json', import.meta.url), 'utf8'));
const report = { codeGenerationBlocked: false, composite: null, examples: 0, failures: [] };
try { new Function('return 1'); } catch { report.codeGenerationBlocked = true; }
const engine = createEngine();
report.composite = engine.compile(input.everything, { params: input.params })(input.data);
for (const op of engine.operators()) {
  for (const ex of op.doc.examples) {
    report.examples++;
    try {
      const got = engine.apply(ex.logic, ex.data, ex.params ? { params: ex.params } : {});
      // JSON loses NaN and Infinity; the examples we rely on here compare as JSON.
      if (JSON.stringify(got) !== JSON.stringify(ex.expect)) report.failures.push({ op: op.name, got });
    } catch (e) {
      report.failures.push({ op: op.name, error: String(e) });
    }
  }
}
process.stdout.write(JSON.stringify(report));
`;

function operatorsIn(logic: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(logic)) logic.forEach((x) => operatorsIn(x, found));
  else if (typeof logic === 'object' && logic !== null) {
    for (const [op, args] of Object.entries(logic)) { found.add(op); operatorsIn(args, found); }
  }
  return found;
}

describe('under --disallow-code-generation-from-strings', () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('compiles and runs a rule using every operator, and every documented example', () => {
    const engine = createEngine();
    expect([...operatorsIn(everything)].sort()).toEqual(engine.operators().map((o) => o.name).sort());

    for (const file of [...tsFiles(join(root, 'plugin/rules')), join(root, 'plugin/problems.ts')]) transpile(file);
    writeFileSync(join(out, 'package.json'), '{"type": "module"}');
    writeFileSync(join(out, 'input.json'), JSON.stringify({ everything, data, params }));
    writeFileSync(join(out, 'probe.js'), probe);

    const child = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', join(out, 'probe.js')], {
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout) as { codeGenerationBlocked: boolean; composite: unknown; examples: number; failures: unknown[] };
    expect(report.codeGenerationBlocked).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.examples).toBeGreaterThan(engine.operators().length);
    const expected = engine.compile(everything, { params })(data);
    expect(sameValue(report.composite, expected)).toBe(true);
    expect(expected).toHaveLength(26);
  });
});
