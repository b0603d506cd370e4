/** ruleInputs and bindingInputs: what a rule gets from a record or a form, in node (no DOM). */
import { describe, expect, it } from 'vitest';
import { bindingInputs, createBonusSimulator, ruleInputs, type RuleInputDef } from '../../plugin/index.js';
import { defaultBundle } from '../tracking/support.js';

const rule = (inputs: RuleInputDef[]) => ({ def: { id: 'r', inputs } });
const amount: RuleInputDef = { name: 'dealAmount', type: 'number', required: false };
const type: RuleInputDef = { name: 'type', type: 'string', required: true };
const count: RuleInputDef = { name: 'count', type: 'integer' };
const flag: RuleInputDef = { name: 'flag', type: 'boolean', required: false };

describe('ruleInputs', () => {
  it('reads every declared input by name (or its snake_case column) with the rule\'s own text rules; nothing undeclared', () => {
    expect(ruleInputs(rule([type, amount, count, flag]), { type: 'deal-signed', deal_amount: ' 600000 ', count: '3', flag: 'true', note: 'x' }))
      .toEqual({ ok: true, data: { type: 'deal-signed', dealAmount: 600000, count: 3, flag: true } });
    expect(ruleInputs(rule([amount]), { dealAmount: '1e3', deal_amount: '5' })).toEqual({ ok: true, data: { dealAmount: 1000 } });
  });

  it('leaves absent or blank optional inputs absent', () => {
    expect(ruleInputs(rule([type, amount, flag]), { type: 'x', dealAmount: '' })).toEqual({ ok: true, data: { type: 'x' } });
  });

  it('refuses a missing required input or a bad cell by row and column, every one of them', () => {
    const r = ruleInputs(rule([type, count, amount]), { type: '', dealAmount: 'lots' }, { file: 'events.csv', row: 7 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.file, p.row, p.column])).toEqual([
      ['RULE_INPUT_MISSING', 'events.csv', 7, 'type'],
      ['RULE_INPUT_MISSING', 'events.csv', 7, 'count'],
      ['RULE_INPUT_TYPE', 'events.csv', 7, 'dealAmount'],
    ]);
    expect(r.problems[0]!.message.zh).toContain('必需输入 type');
    const bad = ruleInputs(rule([count]), { count: '2.5' });
    expect(!bad.ok && bad.problems[0]!.code).toBe('RULE_INPUT_TYPE');
  });

  it('lets the use case fix inputs, which win over columns, even as undefined', () => {
    expect(ruleInputs(rule([type, amount]), { type: 'from-column', dealAmount: 5 }, { fixed: { type: 'fixed' } }))
      .toEqual({ ok: true, data: { type: 'fixed', dealAmount: 5 } });
    const r = ruleInputs(rule([type]), { type: 'from-column' }, { fixed: { type: undefined } });
    expect(!r.ok && r.problems[0]!.message.en).toContain('supplied by the use case');
  });
});

describe('bindingInputs', () => {
  it('reads each input from its dotted field path and leaves blank fields out', () => {
    const values = { plan: { amount: 12, note: '' }, who: null, type: 'a' };
    expect(bindingInputs({ inputs: { amount: 'plan.amount', note: 'plan.note', who: 'who', gone: 'x.y' } }, values)).toEqual({ amount: 12 });
  });

  it('without a mapping hands over the form\'s own filled-in values', () => {
    expect(bindingInputs({}, { a: 1, b: '', c: null, d: 'x' })).toEqual({ a: 1, d: 'x' });
    expect(bindingInputs({}, null)).toEqual({});
  });
});

describe('bonus simulator', () => {
  it('hands a customised bonus rule the rep\'s further inputs; result, base and stretch stay the simulator\'s', () => {
    const bundle = defaultBundle((f) => {
      const r = (f['rules/bonus.rules.json'].rules as Array<{ id: string; inputs: RuleInputDef[]; logic: unknown; examples: Array<{ data: Record<string, unknown> }> }>)
        .find((x) => x.id === 'bonus-total')!;
      r.inputs.push({ name: 'factor', type: 'number', required: false });
      r.logic = { '*': [r.logic, { var: ['factor', 1] }] };
    });
    const made = createBonusSimulator(bundle);
    if (!made.ok) throw new Error(JSON.stringify(made.problems));
    const plain = made.simulator.simulate({ base: 100_000_00, stretch: 150_000_00, result: 120_000_00 });
    const doubled = made.simulator.simulate({ base: 100_000_00, stretch: 150_000_00, result: 120_000_00, values: { factor: '2', result: '1' } });
    if (!plain.ok || !doubled.ok) throw new Error('simulate');
    expect(plain.result.bonus).toBeGreaterThan(0);
    expect(doubled.result.bonus).toBe(plain.result.bonus * 2);
  });
});
