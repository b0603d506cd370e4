/**
 * The runtime's import graph, read from the source: every relative import, re-export and
 * dynamic import of plugin/**\/*.ts (type-only imports included, since they are arrows between
 * rooms too), resolved to files relative to the repository root. Used by the layering tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Files under `dir` (relative to `root`), skipping the folders in `skip` (paths relative to `root`). */
export function readImportGraph(root: string, dir: string, skip: readonly string[] = []): ImportGraph {
  const graph = new Map<string, string[]>();
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      const rel = relative(root, path);
      if (entry.isDirectory()) {
        if (!skip.includes(rel) && entry.name !== 'node_modules') walk(path);
        continue;
      }
      if (!/\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
      const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
      graph.set(rel, importedFiles
        .map((f) => f.fileName)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => {
          const ts = resolve(dirname(path), spec.replace(/\.js$/, '.ts'));
          return relative(root, existsSync(ts) ? ts : ts.replace(/\.ts$/, '.tsx'));
        }));
    }
  };
  walk(join(root, dir));
  return graph;
}

/**
 * Every import circle, as the files of each strongly connected component (Tarjan), each
 * component sorted and listed with the arrows inside it so a failure says where to cut.
 */
export function findCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((c) => c.sort().map((v) => `${v} -> ${(graph.get(v) ?? []).filter((w) => c.includes(w)).join(', ')}`));
}
