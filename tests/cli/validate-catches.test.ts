/**
 * `target-kit validate` refuses what `allocate` or a flow would refuse later, and says each
 * mistake once (issue 16, item 3); `allocate` says a missing units column once, with its count.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

function tempCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tk-catches-'));
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  return dir;
}

function editJson(path: string, edit: (value: any) => void): void { // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture edits
  const value = JSON.parse(readFileSync(path, 'utf8'));
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2));
}

const problemLines = (stderr: string) => stderr.trim().split('\n').slice(0, -1);

describe('target-kit validate catches what fails later', () => {
  it('a factor naming a rule that does not exist: refused by validate at the factor, and allocate refuses the bundle, not the units', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'parameters/allocation.json'), (v) => { v.parameters.allocationFactors.competition.rule = 'factor-competitio'; });
    const r = await runCli(['validate', dir, '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(problemLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/parameters\/allocation\.json:\d+:\d+ #\/parameters\/allocationFactors\/competition\/rule .*factor-competitio does not exist.*\[ALLOC_UNKNOWN_RULE\]/);
    const a = await runCli(['allocate', '--total', '1000000', '--bundle', dir, '--lang', 'en']);
    expect(a.code).toBe(1);
    expect(a.stderr).not.toContain('the units have errors');
  });

  it('a typo in a flow guard\'s payload path (payload.requestedBse): refused by validate, in zh with the likely field', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'flows/allocation-review.flow.json'), (v) => {
      v.transitions.find((t: { action: string }) => t.action === 'appeal').guard.inputs.requestedBase = 'payload.requestedBse';
    });
    const r = await runCli(['validate', dir]);
    expect(r.code).toBe(1);
    expect(problemLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('读取 payload.requestedBse，但表单 appeal 没有字段 requestedBse：是不是 payload.requestedBase？ [FLOW_UNKNOWN_PAYLOAD_FIELD]');
  });

  it('a new factor whose column the sample units lack: one message naming the column, with the units it leaves unscored', async () => {
    const dir = tempCopy();
    editJson(join(dir, 'parameters/allocation.json'), (v) => {
      v.parameters.allocationFactors.history.weight = 0.2;
      v.parameters.allocationFactors.crossBorder = { name: { zh: '跨境服务能力', en: 'Cross-border service' }, weight: 0.1, rule: 'factor-cross-border' };
    });
    editJson(join(dir, 'parameters/phasing.json'), (v) => {
      for (const line of v.parameters.productLines.lines) if (line.factors) line.factors.crossBorder = 0;
    });
    editJson(join(dir, 'rules/allocation.rules.json'), (v) => {
      v.rules.push({
        id: 'factor-cross-border', description: { zh: '跨境服务能力', en: 'Cross-border service' },
        inputs: [{ name: 'cross_border', type: 'number', required: true }], output: { type: 'number' },
        logic: { clamp: [{ '/': [{ var: 'cross_border' }, 100] }, 0, 1] }, examples: [{ data: { cross_border: 40 }, expect: 0.4 }],
      });
    });
    const r = await runCli(['validate', dir, '--lang', 'en']);
    expect(r.code).toBe(1);
    const said = problemLines(r.stderr);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^data\/sample-company\/units\.csv:1:cross_border .*no column cross_border.*546 unit\(s\) cannot be scored.*\[ALLOC_SAMPLE_COLUMN_MISSING\]$/);
  });

  it('allocate with a units table lacking a column a factor rule requires: one line with the number of units, not one per unit', async () => {
    const dir = tempCopy();
    const units = join(dir, 'data/sample-company/units.csv');
    const lines = readFileSync(units, 'utf8').trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const rows = lines.slice(1);
    const withoutMarket = lines.map((l) => l.split(',').filter((_, i) => header[i] !== 'market_index').join(',')).join('\n') + '\n';
    const table = join(dir, 'units-without-market.csv');
    writeFileSync(table, withoutMarket);
    const r = await runCli(['allocate', '--total', '120250000', '--units', table, '--lang', 'en']);
    expect(r.code).toBe(1);
    const said = problemLines(r.stderr);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`column market_index is empty or absent on ${rows.length - 1} unit(s)`);
    expect(said[0]).toContain('[UNITS_COLUMN_MISSING]');
  });
});
