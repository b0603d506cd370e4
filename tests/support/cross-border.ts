/**
 * The README's "add a factor" edit as a test fixture, written once: a 跨境服务能力 factor (one
 * parameter entry at 10%, one rule reading `cross_border` 0–100, a 0 weight on the product lines
 * that carry their own factors) and, unless asked otherwise, the sample units' `cross_border`
 * column. Used by tests/bundle/root-cause.test.ts and tests/browser/new-factor.test.ts, so the
 * validate checks and the playground see the same bundle.
 */
import type { BundleFiles } from '../../plugin/index.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed bundle files, edited in place

/** The units CSV with a cross_border column, its value for each data row (0-based). */
export function withCrossBorderColumn(csv: string, value: (i: number) => string): string {
  const [head, ...rows] = csv.trimEnd().split('\n');
  return [`${head},cross_border`, ...rows.map((r, i) => `${r},${value(i)}`)].join('\n') + '\n';
}

/**
 * `files` (a fresh copy: it is edited in place) with the factor added. `column`: the sample
 * units' column absent, filled (row i gets i mod 100), or filled with data rows 2–4 (the
 * regions under the company, file rows 3–5) left blank.
 */
export function withCrossBorder(files: BundleFiles, column: 'absent' | 'filled' | 'partly blank' = 'filled'): BundleFiles {
  const json = files as Json;
  const factors = json['parameters/allocation.json'].parameters.allocationFactors;
  factors.history.weight = 0.2;
  factors.crossBorder = { name: { zh: '跨境服务能力', en: 'Cross-border service' }, weight: 0.1, rule: 'factor-cross-border' };
  json['rules/allocation.rules.json'].rules.push({
    id: 'factor-cross-border',
    description: { zh: '跨境服务能力（0–1）', en: 'Cross-border service (0-1)' },
    inputs: [{ name: 'cross_border', type: 'number', required: true }],
    output: { type: 'number' },
    logic: { clamp: [{ '/': [{ var: 'cross_border' }, 100] }, 0, 1] },
    examples: [{ data: { cross_border: 40 }, expect: 0.4 }],
  });
  for (const line of json['parameters/phasing.json'].parameters.productLines.lines) if (line.factors) line.factors.crossBorder = 0;
  if (column !== 'absent') {
    const path = 'data/sample-company/units.csv';
    json[path] = withCrossBorderColumn(json[path] as string, (i) => (column === 'partly blank' && i >= 1 && i <= 3 ? '' : String(i % 100)));
  }
  return files;
}
