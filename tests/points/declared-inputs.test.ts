/**
 * Rules get what they declare (issue 14, item 2): an implementer's customised bundle adds an
 * input to a rule, and every command that calls the rule hands it that input from the record's
 * columns, as `eval` does; a record without a required one is refused by row and column.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSingleFile, type RuleDef } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function ruleIn(files: Files, path: string, id: string): RuleDef {
  return (files[path].rules as RuleDef[]).find((r) => r.id === id)!;
}

/**
 * Every template form bound to the rule gets a number field for the added input, as an
 * implementer must do for a required one (the loader refuses a binding that leaves it out).
 */
function bindEverywhere(files: Files, ruleId: string, name: string): void {
  for (const path of files['bundle.json'].templates as string[]) {
    const t = files[path];
    for (const b of t.bindings ?? []) {
      if (b.rule !== ruleId) continue;
      const form = t.forms[b.form ?? Object.keys(t.forms)[0]!];
      form.properties[name] = { type: 'number', title: name, 'x-decorator': 'FormItem', 'x-component': 'NumberPicker' };
      b.inputs[name] = name;
    }
  }
}

/** points-for-event: +20 points for a signed deal over 500,000 (`amount`, optional unless `required`). */
function withAmount(required: boolean): Files {
  const files = clone(defaultBundleFiles()) as Files;
  const rule = ruleIn(files, 'rules/points.rules.json', 'points-for-event');
  rule.inputs.push({ name: 'amount', type: 'number', required, description: { zh: '签约金额（元）', en: 'Deal amount (yuan)' } });
  rule.logic = {
    if: [
      { and: [{ '==': [{ var: 'type' }, 'deal-signed'] }, { '>': [{ var: ['amount', 0] }, 500000] }] },
      { '+': [{ param: 'points.events.dealSigned' }, 20] },
      rule.logic,
    ],
  };
  if (required) {
    for (const e of rule.examples) if (e.expectError === undefined) e.data.amount = 0;
    bindEverywhere(files, 'points-for-event', 'amount');
  }
  rule.examples.push({ note: 'a deal over 500,000', data: { type: 'deal-signed', amount: 600000 }, expect: 70 });
  return files;
}

/** score-compliance: each audit finding takes 10 points off the compliance mark (`findings`, required). */
function withFindings(): Files {
  const files = clone(defaultBundleFiles()) as Files;
  const rule = ruleIn(files, 'rules/scoring.rules.json', 'score-compliance');
  rule.inputs.push({ name: 'findings', type: 'integer', required: true, description: { zh: '审计问题数', en: 'Audit findings' } });
  rule.logic = { clamp: [{ '-': [{ '/': [{ var: 'compliance' }, 100] }, { '*': [{ var: 'findings' }, 0.1] }] }, 0, 1] };
  rule.examples = [{ data: { compliance: 100, findings: 2 }, expect: 0.8 }, { data: { compliance: 100, findings: 0 }, expect: 1 }];
  bindEverywhere(files, 'score-compliance', 'findings');
  return files;
}

function dir(files: Record<string, string | object>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-declared-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
  return d;
}

const events = `key,id,date,kind,type,amount
e1,wl,2026-04-01,earn,deal-signed,600000
e2,ln,2026-04-02,earn,deal-signed,300000
e3,ln,2026-04-03,earn,customer-revisit,
`;

describe('points: the rule gets every input it declares', () => {
  it('posts what eval gives for an added amount column (70 for a deal over 500,000, not 50)', async () => {
    const d = dir({ 'custom.json': toSingleFile(withAmount(false)), 'events.csv': events });
    const evalled = await runCli(['eval', '--bundle', 'custom.json', '--rule', 'points-for-event', '--data', 'events.csv', '--each'], { cwd: d });
    expect(evalled.code).toBe(0);
    expect(evalled.stdout.trim().split('\n')).toEqual(['70', '50', '10']);

    const r = await runCli(['points', '--bundle', 'custom.json', '--events', 'events.csv', '--ledger', 'ledger.csv', '--out', 'json'], { cwd: d });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { ledger: Array<{ key: string; points: number }> };
    expect(json.ledger.map((e) => [e.key, e.points])).toEqual([['e1', 70], ['e2', 50], ['e3', 10]]);
  });

  it('refuses a table that lacks a required input by row and column, exit 1, nothing written', async () => {
    const d = dir({ 'custom.json': toSingleFile(withAmount(true)), 'events.csv': 'key,id,date,kind,type\ne1,wl,2026-04-01,earn,deal-signed\nr1,wl,2026-04-02,redeem,\n' });
    const r = await runCli(['points', '--bundle', 'custom.json', '--events', 'events.csv', '--ledger', 'ledger.csv', '--out', 'out.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^events\.csv:2:amount .*amount.*\[RULE_INPUT_MISSING\]$/m);
    expect(r.stderr).not.toMatch(/events\.csv:3:/); // a redemption does not call points-for-event
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(join(d, 'ledger.csv'))).toBe(false);
    expect(existsSync(join(d, 'out.csv'))).toBe(false);

    // a blank cell is missing too, and text in a number column is refused by the rule's own rules
    writeFileSync(join(d, 'events.csv'), 'key,id,date,kind,type,amount\ne1,wl,2026-04-01,earn,deal-signed,\ne2,wl,2026-04-01,earn,deal-signed,lots\ne3,wl,2026-04-01,earn,deal-signed,600000\n');
    const again = await runCli(['points', '--bundle', 'custom.json', '--events', 'events.csv', '--lang', 'en'], { cwd: d });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^events\.csv:2:amount .*\[RULE_INPUT_MISSING\]$/m);
    expect(again.stderr).toMatch(/^events\.csv:3:amount .*"lots".*\[RULE_INPUT_TYPE\]$/m);
  });
});

const scoreData = `id,name,revenue,revenue_target,margin,margin_target,new_customers,new_customers_target,satisfaction,compliance,findings
a,甲,130000.01,500000,120000,150000,4,5,90,100,2
b,乙,70000,500000,120000,150000,4,5,90,100,0
`;

describe('score: the dimension rules get every input they declare', () => {
  it('reads an added input from its column, with --splits too', async () => {
    const d = dir({ 'custom.json': toSingleFile(withFindings()), 'data.csv': scoreData, 'splits.csv': 'order_id,id,share,amount\no1,a,0.6,10000\no1,b,0.4,10000\n' });
    for (const extra of [[], ['--splits', 'splits.csv']]) {
      const r = await runCli(['score', '--bundle', 'custom.json', '--data', 'data.csv', ...extra, '--out', 'json'], { cwd: d });
      expect(r.code).toBe(0);
      const rows = JSON.parse(r.stdout) as Array<{ id: string; compliance_normalised: number }>;
      expect(Object.fromEntries(rows.map((x) => [x.id, x.compliance_normalised]))).toEqual({ a: 0.8, b: 1 });
    }
  });

  it('refuses rows without a required input by row and column, exit 1, nothing written', async () => {
    const data = scoreData.replace(',findings\n', '\n').replace(/,[02]\n/g, '\n');
    const d = dir({ 'custom.json': toSingleFile(withFindings()), 'data.csv': data });
    const r = await runCli(['score', '--bundle', 'custom.json', '--data', 'data.csv', '--out', 'out.csv', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^data\.csv:2:findings .*\[RULE_INPUT_MISSING\]$/m);
    expect(r.stderr).toMatch(/^data\.csv:3:findings .*\[RULE_INPUT_MISSING\]$/m);
    expect(existsSync(join(d, 'out.csv'))).toBe(false);
  });
});
