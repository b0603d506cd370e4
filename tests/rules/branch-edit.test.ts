/**
 * Branch edits on the formula view, without a browser (issue 16 item 8): a rule's `if` chain
 * read as branches, and each edit (comparison, threshold, value, else-if added or removed) a
 * new logic that the plugin's public API accepts — the rule is defined without problems and its
 * examples run — and that decides as the edit says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineRule, loadBundle, runExamples, type DefinedRule } from '../../plugin/index.js';
import {
  addBranchAfter, COMPARE_OPS, ifChain, removeBranch, setBranchValue, setOperator, setThreshold, typedThreshold, typedValue,
  type LogicEdit,
} from '../../playground/src/editor/branchEdit.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('the sample bundle does not load');
const bundle = loaded.bundle;
const light = bundle.rules.get('traffic-light')!;
const params = bundle.parameters;

/** The traffic light with another logic, through the runtime's own rule definition. */
function redefined(logic: unknown): DefinedRule {
  const result = defineRule({ ...light.def, logic } as typeof light.def, light.file, light.pointer, bundle.engine, params);
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return result.rule!;
}
const lightOf = (rule: DefinedRule, percent: number) => {
  const r = rule.evaluate({ actual: percent, target: 100 });
  return r.ok ? r.value : r.problem.code;
};
const chainOf = (logic: unknown) => ifChain(logic, params)!;
const must = (edit: LogicEdit | undefined) => { expect(edit).toBeDefined(); return edit!.logic; };

describe('the traffic light as branches', () => {
  const chain = chainOf(light.def.logic);

  it('reads grey, green and yellow branches and an otherwise, the switched comparisons as the bundle takes them', () => {
    expect(chain.branches).toHaveLength(3);
    expect(chain.branches.map((b) => b.value)).toEqual(['grey', 'green', 'yellow']);
    expect(chain.otherwiseAt).toBe('/if/6');
    const green = chain.branches[1]!.compare!;
    expect(green).toMatchObject({ op: '>', threshold: { kind: 'param', path: 'lights.green.from' }, switchedBy: 'lights.green.inclusive' });
    expect(green.thresholdAt).toHaveLength(2);
    expect(chain.branches[2]!.compare).toMatchObject({ op: '>=', threshold: { kind: 'param', path: 'lights.yellow.from' } });
  });

  it('a threshold changes in both switched comparisons, so the switch still works', () => {
    const logic = must(setThreshold(light.def.logic, chain.branches[1]!, { kind: 'number', value: 0.5 }));
    expect(JSON.stringify(logic).match(/"lights\.green\.from"/g)).toBeNull();
    const rule = redefined(logic);
    expect([lightOf(light, 55), lightOf(rule, 55)]).toEqual(['red', 'green']);
    expect(chainOf(logic).branches[1]!.compare).toMatchObject({ threshold: { kind: 'number', value: 0.5 }, switchedBy: 'lights.green.inclusive' });
  });

  it('an operator replaces the switch by the plain comparison', () => {
    const logic = must(setOperator(light.def.logic, chain.branches[1]!, '>='));
    expect(chainOf(logic).branches[1]!.condition).toEqual({ '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, { param: 'lights.green.from' }] });
    expect([lightOf(light, 80), lightOf(redefined(logic), 80)]).toEqual(['yellow', 'green']);
  });

  it('a branch yields another value; an else-if is added after a branch and removed again', () => {
    expect(lightOf(redefined(setBranchValue(light.def.logic, chain.branches[2]!, 'red').logic), 70)).toBe('red');

    const added = must(addBranchAfter(light.def.logic, chain.branches[2]!));
    const four = chainOf(added);
    expect(four.branches).toHaveLength(4);
    const lower = must(setThreshold(added, four.branches[3]!, { kind: 'number', value: 0.4 }));
    const grey = setBranchValue(lower, chainOf(lower).branches[3]!, 'grey').logic;
    const rule = redefined(grey);
    expect([50, 30, 70].map((p) => lightOf(rule, p))).toEqual(['grey', 'red', 'yellow']);

    const withoutYellow = must(removeBranch(light.def.logic, chain, chain.branches[2]!));
    expect(chainOf(withoutYellow).branches).toHaveLength(2);
    expect(lightOf(redefined(withoutYellow), 70)).toBe('red');
    const alone = { if: [{ '>': [{ var: 'actual' }, 1] }, 'green', 'red'] };
    expect(removeBranch(alone, chainOf(alone), chainOf(alone).branches[0]!)).toBeUndefined();
    // nested else-ifs read as one chain; a nested `if` left with its otherwise alone becomes it
    const nested = { if: [{ '<': [{ var: 'actual' }, 1] }, 'red', { if: [{ '<': [{ var: 'actual' }, 2] }, 'yellow', 'green'] }] };
    const two = chainOf(nested);
    expect(two.branches.map((b) => b.valueAt)).toEqual(['/if/1', '/if/2/if/1']);
    expect(removeBranch(nested, two, two.branches[1]!)!.logic).toEqual({ if: [{ '<': [{ var: 'actual' }, 1] }, 'red', 'green'] });
  });

  it('reads a typed threshold as a percent, a number parameter, or nothing', () => {
    expect(typedThreshold('75', true, params)).toEqual({ kind: 'number', value: 0.75 });
    expect(typedThreshold('lights.yellow.from', true, params)).toEqual({ kind: 'param', path: 'lights.yellow.from' });
    expect(typedThreshold('lights.green', true, params)).toBeUndefined();
    expect(typedThreshold('lights.green.inclusive', true, params)).toBeUndefined();
    expect(typedThreshold('abc', true, params)).toBeUndefined();
    expect(typedValue('12', params, true)).toEqual({ value: 12 });
    expect(typedValue('fast', params, true)).toBeUndefined();
    expect(typedValue('points.events.dealSigned', params, true)).toEqual({ value: { param: 'points.events.dealSigned' } });
  });
});

describe('any sequence of branch edits', () => {
  type Step =
    | { kind: 'op'; branch: number; op: (typeof COMPARE_OPS)[number] }
    | { kind: 'threshold'; branch: number; value: number }
    | { kind: 'value'; branch: number; value: string }
    | { kind: 'add' | 'remove'; branch: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('op' as const), branch: fc.nat(5), op: fc.constantFrom(...COMPARE_OPS) }),
    fc.record({ kind: fc.constant('threshold' as const), branch: fc.nat(5), value: fc.integer({ min: 0, max: 150 }).map((n) => n / 100) }),
    fc.record({ kind: fc.constant('value' as const), branch: fc.nat(5), value: fc.constantFrom('green', 'yellow', 'red', 'grey') }),
    fc.record({ kind: fc.constantFrom('add' as const, 'remove' as const), branch: fc.nat(5) }),
  );

  it('leaves a rule the runtime defines without problems, whose examples run and whose result is a colour', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 5 }), (steps) => {
      let logic: unknown = light.def.logic;
      for (const s of steps) {
        const chain = chainOf(logic);
        const branch = chain.branches[s.branch % chain.branches.length]!;
        const edit = s.kind === 'op' ? setOperator(logic, branch, s.op)
          : s.kind === 'threshold' ? setThreshold(logic, branch, { kind: 'number', value: s.value })
            : s.kind === 'value' ? setBranchValue(logic, branch, s.value)
              : s.kind === 'add' ? addBranchAfter(logic, branch) : removeBranch(logic, chain, branch);
        if (edit) logic = edit.logic;
      }
      const rule = redefined(logic);
      expect(runExamples([rule]).length).toBe(light.def.examples.length);
      for (const percent of [0, 59, 60, 80, 81, 200]) expect(['green', 'yellow', 'red', 'grey']).toContain(lightOf(rule, percent));
    }), { numRuns: 60 });
  });
});
