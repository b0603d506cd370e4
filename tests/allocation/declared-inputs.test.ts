/**
 * Rules get what they declare (issue 14, item 2), for the allocation: an input an implementer
 * adds to an existing factor rule is read from the units file's column (by name or snake_case),
 * text coerced as `eval` does, next to the figures the allocation computes from the tree; a
 * required one that a row leaves blank is refused by row and column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSingleFile, type RuleDef } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** factor-competition: a unit with an exclusive dealer (`exclusiveDealer`, column exclusive_dealer) faces no competitor. */
function withExclusiveDealer(required: boolean): Files {
  const files = clone(defaultBundleFiles()) as Files;
  const rule = (files['rules/allocation.rules.json'].rules as RuleDef[]).find((r) => r.id === 'factor-competition')!;
  rule.inputs.push({ name: 'exclusiveDealer', type: 'boolean', required, description: { zh: '独家经销', en: 'Exclusive dealer' } });
  rule.logic = { if: [{ var: ['exclusiveDealer', false] }, 1, rule.logic] };
  for (const e of rule.examples) if (e.expectError === undefined) e.data.exclusiveDealer = false;
  rule.examples.push({ note: 'an exclusive dealer', data: { competitor_share: 80, exclusiveDealer: true }, expect: 1 });
  // a required input is a column the bundle's own sample units must carry (the loader checks it)
  if (required) {
    const path = 'data/sample-company/units.csv';
    const [head, ...rows] = (files[path] as string).trimEnd().split('\n');
    files[path] = [`${head},exclusive_dealer`, ...rows.map((r) => `${r},false`)].join('\n') + '\n';
  }
  return files;
}

const units = (cells: [string, string]) => [
  'id,parent_id,name,revenue_12m,last_revenue,revenue_prev_12m,market_index,tenure_months,product_fit,competitor_share,exclusive_dealer',
  'C,,公司,,,,70,30,70,40,',
  `R1,C,华东,1000,500,900,80,20,70,30,${cells[0]}`,
  `R2,C,华南,1000,500,900,80,20,70,30,${cells[1]}`,
].join('\n') + '\n';

function dir(files: Record<string, string | object>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-alloc-inputs-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
  return d;
}

type Row = { id: string; explanation: { factors: Array<{ id: string; score: number }> } };
const competition = (rows: Row[], id: string) => rows.find((r) => r.id === id)!.explanation.factors.find((f) => f.id === 'competition')!.score;

describe('allocate: a factor rule gets every input it declares', () => {
  it('reads an added input from the units column (text "true" is the boolean, as eval reads it)', async () => {
    const d = dir({ 'custom.json': toSingleFile(withExclusiveDealer(false)), 'units.csv': units(['true', '']) });
    const plain = await runCli(['allocate', '--units', 'units.csv', '--total', '1000', '--out', 'json'], { cwd: d });
    expect(plain.code, plain.stderr).toBe(0);
    const before = JSON.parse(plain.stdout) as Row[];
    expect(competition(before, 'R1')).toBe(0.7);

    const r = await runCli(['allocate', '--bundle', 'custom.json', '--units', 'units.csv', '--total', '1000', '--out', 'json'], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(competition(rows, 'R1')).toBe(1); // the exclusive dealer
    expect(competition(rows, 'R2')).toBe(0.7); // blank: the rule's default
    const score = (rs: Row[], id: string) => (rs.find((x) => x.id === id) as Row & { score: number }).score;
    expect(score(rows, 'R1')).toBeGreaterThan(score(rows, 'R2'));
    expect(score(before, 'R1')).toBe(score(before, 'R2'));
  });

  it('refuses a blank required cell by row and column, and text that is no boolean', async () => {
    const d = dir({ 'custom.json': toSingleFile(withExclusiveDealer(true)), 'units.csv': units(['', 'yes']) });
    const r = await runCli(['allocate', '--bundle', 'custom.json', '--units', 'units.csv', '--total', '1000', '--out', 'json', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^units\.csv:3:exclusive_dealer .*unit R1, factor competition.*\[RULE_INPUT_MISSING\]$/m);
    expect(r.stderr).toMatch(/^units\.csv:4:exclusive_dealer .*"yes".*\[RULE_INPUT_TYPE\]$/m);
  });
});
