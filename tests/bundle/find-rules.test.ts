/**
 * One way to fetch named rules from a loaded bundle (`findRules`), each room keeping its own
 * problem code: a missing rule is refused by name, never skipped.
 */
import { describe, expect, it } from 'vitest';
import {
  createIndicatorModel, createPipelineModel, findRules, loadBundle, problem, suggestFilingRange,
  type DefinedRule, type LoadedBundle, type Fen,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('the default bundle must load');
const bundle = loaded.bundle;
const without = (id: string): LoadedBundle => ({ ...bundle, rules: new Map([...bundle.rules].filter(([k]) => k !== id)) });

describe('findRules', () => {
  it('gives every missing id the caller\'s problem, in the order named, and the rules when none is missing', () => {
    const [a, b] = [...bundle.rules.keys()] as [string, string];
    const missing = (id: string, i: number) => problem('X', 'f', `/${i}`, { zh: id, en: id });
    const none = findRules(bundle.rules, ['nope-1', a, 'nope-2'], missing);
    expect(none.ok ? [] : none.problems.map((p) => [p.pointer, p.message.en])).toEqual([['/0', 'nope-1'], ['/2', 'nope-2']]);
    const all = findRules(bundle.rules, [a, b], missing);
    expect(all.ok && [...all.rules.keys()]).toEqual([a, b]);
  });

  it('the pipeline, the playbook and the filing refuse a missing rule with their own codes', () => {
    const timeout = (bundle.parameters.pipeline as { timeoutRule: string }).timeoutRule;
    const p = createPipelineModel(without(timeout));
    expect(p.ok ? [] : p.problems.map((x) => [x.code, x.message.en])).toEqual([['REF_UNKNOWN_RULE', `pipeline names rule ${timeout}, which does not exist`]]);

    const strategy = (bundle.parameters.playbook as { strategies: Array<{ id: string; rule: string }> }).strategies[0]!;
    const i = createIndicatorModel(without(strategy.rule));
    expect(i.ok ? [] : i.problems.map((x) => x.code)).toContain('REF_UNKNOWN_RULE');
    expect(i.ok ? '' : i.problems[0]!.message.en).toBe(`strategy ${strategy.id} names rule ${strategy.rule}, which does not exist`);

    const f = suggestFilingRange(new Map<string, DefinedRule>(), { quarters: [0, 0, 0, 0] as unknown as readonly [Fen, Fen, Fen, Fen], regionPotential: 50 });
    expect(f.ok ? null : [f.problem.code, f.problem.message.en]).toEqual(['FILING_RULE_MISSING', 'the filing rule filing-trend is missing']);
  });
});
