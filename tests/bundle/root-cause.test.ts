/**
 * `validate` catches what would fail later, with one message per mistake (issue 16, items 3
 * and 5): schema noise folded under the real problem, patterns in words, references checked
 * across files, and a column a factor rule needs checked against the bundle's own sample data.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, type BundleFiles, type Problem } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are mutated freely

function problemsOf(files: BundleFiles): Problem[] {
  const result = loadBundle(files);
  if (result.ok) throw new Error(`the bundle loaded; warnings: ${JSON.stringify(result.warnings.map((w) => w.code))}`);
  return result.problems;
}

const line = (p: Problem) => `${p.code} ${p.file}#${p.pointer}`;

describe('one schema mistake, one message', () => {
  it('a typo in a guard input path is one problem in words, not the other guard form\'s oneOf noise', () => {
    const files = defaultBundleFiles() as Json;
    const flow = files['flows/allocation-review.flow.json'];
    const appeal = flow.transitions.find((t: Json) => t.action === 'appeal');
    appeal.guard.inputs.requestedBase = 'payload requestedBase';
    const problems = problemsOf(files);
    expect(problems.map(line)).toEqual([
      `SCHEMA flows/allocation-review.flow.json#/transitions/${flow.transitions.indexOf(appeal)}/guard/inputs/requestedBase`,
    ]);
    const [p] = problems;
    expect(p!.message.zh).toContain('"payload requestedBase"');
    expect(p!.message.zh).toContain('payload.');
    expect(p!.message.en).toContain('dotted field path');
    expect(JSON.stringify(p!.message)).not.toContain('^(');
  });

  it('a bad rule id is said in words, and the templates naming that file\'s other rules are not told they do not exist', () => {
    const files = defaultBundleFiles() as Json;
    const rules = files['rules/allocation.rules.json'].rules;
    const i = rules.findIndex((r: Json) => r.id === 'factor-history');
    rules[i].id = 'Factor History';
    // every template that named factor-history keeps naming it: that is one more real problem each
    const problems = problemsOf(files).filter((p) => !(p.code === 'REF_UNKNOWN_RULE' && JSON.stringify(p.message).includes('factor-history')));
    expect(problems.map(line)).toEqual([`SCHEMA rules/allocation.rules.json#/rules/${i}/id`]);
    expect(problems[0]!.message.zh).toContain('"Factor History" 不符合要求');
    expect(problems[0]!.message.en).toContain('lowercase letters and digits');
  });

  it('a flow file that fails its schema is not reported again as an unknown flow by its template', () => {
    const files = defaultBundleFiles() as Json;
    files['flows/allocation-review.flow.json'].states[0].colour = 'red';
    expect(problemsOf(files).map((p) => p.code)).toEqual(['SCHEMA']);
  });
});
