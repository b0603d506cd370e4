/**
 * The house's layering, read from the imports: no circles among the runtime's modules, and the
 * loader's room (`plugin/bundle/`) reaches only the rooms below it, never a domain. The domains'
 * parameter checks come to the loader from above (`plugin/domains.ts`).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, readImportGraph } from '../support/import-graph.js';

const root = join(import.meta.dirname, '..', '..');
const graph = readImportGraph(root, 'plugin');

/** What the loader may import: itself and the rooms under it. Anything else is a domain. */
const belowBundle = [/^plugin\/bundle\//, /^plugin\/rules\//, /^plugin\/(problems|json|text-bytes|version|fractions)\.ts$/];

describe('runtime layers', () => {
  it('reads the graph (the walk finds the loader and its imports)', () => {
    expect(graph.get('plugin/bundle/load.ts')).toContain('plugin/bundle/parameter-checks.ts');
    expect(graph.size).toBeGreaterThan(50);
  });

  it('has no import circles in plugin/', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('has no import circles in the hosts (CLI, NocoBase importer and plugin) nor in the playground', () => {
    for (const dir of ['hosts', 'playground/src']) expect(findCycles(readImportGraph(root, dir))).toEqual([]);
  });

  it('plugin/bundle/ imports no domain module', () => {
    const offenders = [...graph]
      .filter(([file]) => file.startsWith('plugin/bundle/'))
      .flatMap(([file, deps]) => deps.filter((d) => !belowBundle.some((ok) => ok.test(d))).map((d) => `${file} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  it('the cycle finder reports a circle, a self-import and nothing for a chain', () => {
    const circle = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(findCycles(circle)).toEqual([['a.ts -> b.ts', 'b.ts -> c.ts', 'c.ts -> a.ts']]);
    expect(findCycles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts -> a.ts']]);
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });
});
