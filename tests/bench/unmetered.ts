/**
 * The floor for the work budget's cost: the same engine with the budget compiled out, made by
 * the bench from the built sources (dist/plugin copied beside this file, its rules/budget.js
 * replaced by a stub that counts nothing). It lives only for one bench run, under dist/, and
 * nothing outside the bench can reach it: the shipped engine has no switch to turn the meter off.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createEngine } from '../../plugin/rules/index.js';

// What the engine was before the budget: a compiled rule only turns a stray error into a RuleError.
const STUB = `import { asRuleError } from './errors.js';
export const createMeter = () => null;
export function metered(_meter, root, pointer) {
  return (data) => {
    try { return root(data); } catch (e) { throw asRuleError(e, pointer); }
  };
}
export const keepMeter = (f) => f;
export const enter = () => null;
export const leave = () => {};
export const charge = () => {};
export const build = () => {};
export const checkOutput = () => {};
`;

/** Runs `use` with the unmetered engine's createEngine, then removes the copy. */
export async function withUnmeteredEngine<T>(use: (create: typeof createEngine) => T): Promise<T> {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = mkdtempSync(join(here, '.unmetered-'));
  try {
    cpSync(join(here, '..', '..', 'plugin'), join(dir, 'plugin'), { recursive: true });
    const original = join(here, '..', '..', 'plugin', 'rules', 'budget.js');
    const real = Object.keys(await import(pathToFileURL(original).href) as object).sort().join();
    const budget = join(dir, 'plugin', 'rules', 'budget.js');
    writeFileSync(budget, STUB);
    const stub = await import(pathToFileURL(budget).href) as object;
    if (Object.keys(stub).sort().join() !== real) {
      throw new Error(`the unmetered stub exports ${Object.keys(stub).sort().join()}, budget.ts exports ${real}: update tests/bench/unmetered.ts`);
    }
    const rules = await import(pathToFileURL(join(dir, 'plugin', 'rules', 'index.js')).href) as { createEngine: typeof createEngine };
    return use(rules.createEngine);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
