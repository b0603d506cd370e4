/**
 * Rules get what they declare (issue 14, item 2), for the use cases that compute their rules'
 * inputs themselves: escalation, health review, playbook strategies, the filing range and the
 * pipeline. An added optional input is read from the use case's record where it has one (the
 * opportunity, the rep's filing row); a required one that nobody computes or provides refuses the
 * use case once, when it is set up, naming the rule and the input.
 */
import { describe, expect, it } from 'vitest';
import {
  bindRule, checkMove, createEscalator, createHealthCheck, createIndicatorModel, createPipelineModel, loadBundle,
  opportunityInputProblems, pipelineInputProblems, suggestFilingRange, type RuleDef,
} from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default bundle with one more input on a rule (a form field wherever a template binds it, as the loader asks for a required one). */
function withInput(path: string, id: string, input: { name: string; type: string; required: boolean }, logic?: (old: unknown) => unknown, example?: unknown): Files {
  const files = clone(defaultBundleFiles()) as Files;
  const rule = (files[path].rules as RuleDef[]).find((r) => r.id === id)!;
  rule.inputs.push({ ...input, description: { zh: input.name, en: input.name } } as RuleDef['inputs'][number]);
  if (logic) rule.logic = logic(rule.logic);
  if (input.required) {
    const sample = input.type === 'boolean' ? true : input.type === 'string' ? 'x' : 1;
    for (const e of rule.examples) if (e.expectError === undefined) (e.data as Record<string, unknown>)[input.name] = sample;
    for (const p of files['bundle.json'].templates as string[]) {
      const t = files[p];
      for (const b of t.bindings ?? []) {
        if (b.rule !== id) continue;
        const form = t.forms[b.form ?? Object.keys(t.forms)[0]!];
        form.properties[input.name] = { type: input.type === 'boolean' ? 'boolean' : input.type === 'string' ? 'string' : 'number', title: input.name, 'x-decorator': 'FormItem', 'x-component': input.type === 'boolean' ? 'Checkbox' : input.type === 'string' ? 'Input' : 'NumberPicker' };
        if (b.inputs) b.inputs[input.name] = input.name;
      }
    }
  }
  if (example) rule.examples.push(example as RuleDef['examples'][number]);
  return files;
}

function load(files: Files) {
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3), null, 2));
  return r.bundle;
}

const refusal = (r: { ok: boolean; problems?: Array<{ code: string; message: { en: string } }> }, rule: string, input: string) => {
  expect(r.ok).toBe(false);
  expect(r.problems).toHaveLength(1);
  expect(r.problems![0]!.code).toBe('RULE_INPUT_MISSING');
  expect(r.problems![0]!.message.en).toContain(`rule ${rule} declares the required input ${input}`);
};

describe('bindRule', () => {
  it('hands the fixed figures to the rule as they are when every declared input is fixed, else reads the record', () => {
    const plain = load(defaultBundleFiles() as Files).rules.get('traffic-light')!;
    const bound = bindRule(plain, ['actual', 'target']);
    expect(bound.fromRecord).toEqual([]);
    expect(bound.call({ actual: 59.99, target: 100 }, { greenFrom: 0.5 })).toEqual(plain.evaluate({ actual: 59.99, target: 100 }));
    const files = withInput('rules/tracking.rules.json', 'traffic-light', { name: 'greenFrom', type: 'number', required: false },
      (old) => ({ if: [{ '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, { var: ['greenFrom', 99] }] }, 'green', old] }));
    const custom = bindRule(load(files).rules.get('traffic-light')!, ['actual', 'target']);
    expect(custom.fromRecord.map((i) => i.name)).toEqual(['greenFrom']);
    expect(custom.call({ actual: 59.99, target: 100 })).toEqual({ ok: true, value: 'red' });
    expect(custom.call({ actual: 59.99, target: 100 }, { green_from: ' 0.5 ' })).toEqual({ ok: true, value: 'green' });
    // a fixed figure wins over a column of the same name
    expect(custom.call({ actual: 59.99, target: 100 }, { actual: '100', green_from: '0.9' })).toEqual({ ok: true, value: 'red' });
    expect(custom.call({ actual: 1, target: 100 }, { greenFrom: 'soon' }, { file: 'targets.csv', row: 3 }))
      .toMatchObject({ ok: false, problem: { code: 'RULE_INPUT_TYPE', file: 'targets.csv', row: 3, column: 'greenFrom' } });
  });
});

describe('a required input that nobody computes is refused when the use case is set up', () => {
  it('escalation and health review: no record to read it from', () => {
    const extra = { name: 'calls', type: 'number', required: true };
    refusal(createEscalator(load(withInput('rules/tracking.rules.json', 'missed-basic-action', extra))) as never, 'missed-basic-action', 'calls');
    refusal(createHealthCheck(load(withInput('rules/tracking.rules.json', 'health-off-track', extra))) as never, 'health-off-track', 'calls');
    // an optional one is no reason to refuse: the rule's default applies
    expect(createEscalator(load(withInput('rules/tracking.rules.json', 'week-below-threshold', { ...extra, required: false }))).ok).toBe(true);
    expect(createHealthCheck(load(withInput('rules/tracking.rules.json', 'health-deviation', { ...extra, required: false }))).ok).toBe(true);
  });

  it('playbook strategies: the team figures only', () => {
    refusal(createIndicatorModel(load(withInput('rules/indicators.rules.json', 'playbook-special-incentive', { name: 'budget', type: 'number', required: true }))) as never, 'playbook-special-incentive', 'budget');
    expect(createIndicatorModel(load(withInput('rules/indicators.rules.json', 'playbook-special-incentive', { name: 'budget', type: 'number', required: false }))).ok).toBe(true);
  });

  it('filing range: refused without a record, read from the rep\'s row with one', () => {
    const input = { quarters: [100000_00, 110000_00, 120000_00, 130000_00] as const, regionPotential: 50 };
    const plain = suggestFilingRange(load(defaultBundleFiles() as Files).rules, { ...input });
    expect(plain.ok).toBe(true);
    const scaled = load(withInput('rules/filing.rules.json', 'filing-range-low', { name: 'lowFactor', type: 'number', required: true },
      (old) => ({ round: [{ '*': [old, { var: 'lowFactor' }] }, 2] })));
    const refused = suggestFilingRange(scaled.rules, { ...input });
    expect(refused).toMatchObject({ ok: false, problem: { code: 'RULE_INPUT_MISSING' } });
    if (!refused.ok) expect(refused.problem.message.en).toContain('lowFactor');
    const read = suggestFilingRange(scaled.rules, { ...input, record: { low_factor: '0.5' } });
    if (!plain.ok || !read.ok) throw new Error('no range');
    expect(read.range.low).toBe(Math.round(plain.range.low / 2));
    expect(read.range.high).toBe(plain.range.high);
    expect(suggestFilingRange(scaled.rules, { ...input, record: { low_factor: '' }, file: 'filing.csv', row: 5 }))
      .toMatchObject({ ok: false, problem: { code: 'RULE_INPUT_MISSING', file: 'filing.csv', row: 5, column: 'low_factor' } });
  });

  it('pipeline: a won-entry criterion that reads contract_signed from the opportunity', () => {
    const files = withInput('rules/pipeline.rules.json', 'pipeline-won-entry', { name: 'contractSigned', type: 'boolean', required: true },
      (old) => ({ and: [old, { var: 'contractSigned' }] }));
    const m = createPipelineModel(load(files));
    if (!m.ok) throw new Error('model');
    const model = m.model;
    const none = pipelineInputProblems(model, undefined);
    expect(none).toHaveLength(1);
    expect(none[0]!.message.en).toContain('rule pipeline-won-entry declares the required input contractSigned');
    expect(pipelineInputProblems(model, ['id', 'contract_signed'])).toEqual([]);
    expect(opportunityInputProblems(model, { contract_signed: '' }, 'opportunities.csv', 4))
      .toMatchObject([{ code: 'RULE_INPUT_MISSING', file: 'opportunities.csv', row: 4, column: 'contract_signed' }]);
    const move = { from: 'negotiation', to: 'won', counts: {}, amount: 1000 };
    expect(checkMove(model, { ...move, record: { contract_signed: 'true' } })).toEqual([]);
    expect(checkMove(model, { ...move, record: { contract_signed: 'false' } }).map((f) => f.criterion)).toEqual(['pipeline-won-entry']);
    // the default bundle reads no record and checks the same move as before
    const d = createPipelineModel(load(defaultBundleFiles() as Files));
    if (!d.ok) throw new Error('model');
    expect(pipelineInputProblems(d.model, undefined)).toEqual([]);
    expect(checkMove(d.model, move)).toEqual([]);
  });
});
