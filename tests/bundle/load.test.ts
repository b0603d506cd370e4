import { describe, expect, it } from 'vitest';
import {
  fromSingleFile,
  loadBundle,
  loadSingleFileBundle,
  runExamples,
  toSingleFile,
  type BundleFiles,
  type Problem,
} from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

function problemsOf(files: BundleFiles): Problem[] {
  const result = loadBundle(files);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

function find(problems: Problem[], code: string): Problem {
  const p = problems.find((x) => x.code === code);
  if (!p) throw new Error(`no ${code} among ${JSON.stringify(problems.map((x) => `${x.code} ${x.file}#${x.pointer}`))}`);
  return p;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are mutated freely

describe('the default bundle (templates/)', () => {
  it('loads without errors or warnings', () => {
    const result = loadBundle(defaultBundleFiles());
    if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
    expect(result.warnings).toEqual([]);
    expect(result.bundle.templates.map((t) => t.def.id)).toEqual(expect.arrayContaining(['progress-board', 'scorecard']));
    expect([...result.bundle.rules.keys()]).toContain('traffic-light');
  });

  it('passes every rule example', () => {
    const result = loadBundle(defaultBundleFiles());
    if (!result.ok) throw new Error('bundle did not load');
    const failed = runExamples(result.bundle.rules.values()).filter((r) => !r.pass);
    expect(failed).toEqual([]);
  });

  it('evaluates rules with the bundle parameters and refuses missing data', () => {
    const result = loadBundle(defaultBundleFiles());
    if (!result.ok) throw new Error('bundle did not load');
    const light = result.bundle.rules.get('traffic-light')!;
    expect(light.evaluate({ actual: 81, target: 100 })).toEqual({ ok: true, value: 'green' });
    expect(light.evaluate({ actual: '80', target: '100' })).toEqual({ ok: true, value: 'yellow' });
    const missing = light.evaluate({ target: 100 });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problem.code).toBe('RULE_INPUT_MISSING');
    const text = light.evaluate({ actual: 'lots', target: 100 });
    expect(!text.ok && text.problem.code).toBe('RULE_INPUT_TYPE');
  });

  it('follows a changed parameter: the same rule, a different boundary', () => {
    const files = defaultBundleFiles() as Json;
    files['parameters/tracking.json'].parameters.lights = files['parameters/tracking.json'].parameters.lightPresets['green90-yellow70'];
    const result = loadBundle(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const light = result.bundle.rules.get('traffic-light')!;
    expect(light.evaluate({ actual: 90, target: 100 })).toEqual({ ok: true, value: 'green' });
    expect(light.evaluate({ actual: 89.99, target: 100 })).toEqual({ ok: true, value: 'yellow' });
    expect(light.evaluate({ actual: 69.99, target: 100 })).toEqual({ ok: true, value: 'red' });
  });
});

describe('single-file form', () => {
  it('converts both ways without loss and loads the same', () => {
    const files = defaultBundleFiles();
    const single = toSingleFile(files);
    expect(fromSingleFile(single)).toEqual(files);
    expect(toSingleFile(fromSingleFile(single))).toEqual(single);
    const roundTrip = JSON.parse(JSON.stringify(single));
    const result = loadSingleFileBundle(roundTrip, 'bundle.single.json');
    expect(result.ok).toBe(true);
  });

  it('points problems into the one file', () => {
    const single = toSingleFile(defaultBundleFiles()) as Json;
    single.files['rules/tracking.rules.json'].rules[2].logic = { frobnicate: [1] };
    const result = loadSingleFileBundle(single, 'my.bundle.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject({
      file: 'my.bundle.json',
      pointer: '/files/rules~1tracking.rules.json/rules/2/logic',
    });
  });
});

describe('refusals name the file and the JSON pointer', () => {
  it('a template naming a missing rule', () => {
    const files = defaultBundleFiles() as Json;
    files['progress-board/template.json'].rules[0] = 'no-such-rule';
    const p = find(problemsOf(files), 'REF_UNKNOWN_RULE');
    expect(p).toMatchObject({ file: 'progress-board/template.json', pointer: '/rules/0' });
    expect(p.message.zh).toContain('no-such-rule');
    expect(p.message.en).toContain('no-such-rule');
  });

  it('a template naming a missing flow or role', () => {
    const files = defaultBundleFiles() as Json;
    files['scorecard/template.json'].flow = 'ghost-flow';
    files['scorecard/template.json'].roles.push('ceo');
    const problems = problemsOf(files);
    expect(find(problems, 'REF_UNKNOWN_FLOW')).toMatchObject({ file: 'scorecard/template.json', pointer: '/flow' });
    expect(find(problems, 'REF_UNKNOWN_ROLE')).toMatchObject({ pointer: '/roles/4' });
  });

  it('duplicate rule ids across files', () => {
    const files = defaultBundleFiles() as Json;
    const index = files['rules/scoring.rules.json'].rules.push(clone(files['rules/tracking.rules.json'].rules[2])) - 1;
    const p = find(problemsOf(files), 'DUPLICATE_ID');
    expect(p).toMatchObject({ file: 'rules/scoring.rules.json', pointer: `/rules/${index}/id` });
    expect(p.message.en).toContain('rules/tracking.rules.json');
  });

  it('a rule reading a variable its inputs do not declare', () => {
    const files = defaultBundleFiles() as Json;
    files['rules/tracking.rules.json'].rules[2].logic.if[0] = { '<=': [{ var: 'goal' }, 0] };
    const p = find(problemsOf(files), 'RULE_UNDECLARED_INPUT');
    expect(p).toMatchObject({ file: 'rules/tracking.rules.json', pointer: '/rules/2/logic/if/0/<=/0/var' });
    expect(p.message.en).toContain('goal');
  });

  it('an example whose data misses a required input', () => {
    const files = defaultBundleFiles() as Json;
    delete files['rules/tracking.rules.json'].rules[0].examples[0].data.actual;
    const p = find(problemsOf(files), 'EXAMPLE_MISSING_INPUT');
    expect(p).toMatchObject({ file: 'rules/tracking.rules.json', pointer: '/rules/0/examples/0/data' });
  });

  it('a schema error, in both languages, at the missing property', () => {
    const files = defaultBundleFiles() as Json;
    delete files['scorecard/template.json'].title;
    const p = find(problemsOf(files), 'SCHEMA');
    expect(p).toMatchObject({ file: 'scorecard/template.json', pointer: '/title' });
    expect(p.message.zh).not.toEqual(p.message.en);
    expect(p.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a file the manifest names but the bundle lacks', () => {
    const files = defaultBundleFiles();
    delete files['scorecard/template.json'];
    expect(find(problemsOf(files), 'REF_MISSING_FILE')).toMatchObject({ file: 'bundle.json', pointer: '/templates/1' });
  });

  it('a Formily {{ }} expression in a form', () => {
    const files = defaultBundleFiles() as Json;
    files['scorecard/template.json'].forms.main.properties.person.title = '{{ $self.value }}';
    expect(find(problemsOf(files), 'FORM_EXPRESSION')).toMatchObject({ pointer: '/forms/main/properties/person/title' });
  });

  it('a binding to a field the form does not have, or an input the rule does not declare', () => {
    const files = defaultBundleFiles() as Json;
    files['progress-board/template.json'].bindings[1].inputs = { actual: 'actual', goal: 'nowhere' };
    const problems = problemsOf(files);
    expect(find(problems, 'BINDING_UNKNOWN_FIELD')).toMatchObject({ pointer: '/bindings/1/inputs/goal' });
    expect(find(problems, 'BINDING_UNKNOWN_INPUT')).toMatchObject({ pointer: '/bindings/1/inputs/goal' });
    expect(find(problems, 'BINDING_MISSING_INPUT')).toMatchObject({ pointer: '/bindings/1/inputs' });
  });

  it('a flow guard mapping an input the rule does not declare, or leaving a required one out', () => {
    const files = defaultBundleFiles() as Json;
    const flow = files['flows/allocation-review.flow.json'];
    const i = flow.transitions.findIndex((t: Json) => t.action === 'appeal');
    flow.transitions[i].guard.inputs = { base: 'instance.base', wanted: 'payload.requestedBase' };
    const problems = problemsOf(files);
    expect(find(problems, 'GUARD_UNKNOWN_INPUT')).toMatchObject({ file: 'flows/allocation-review.flow.json', pointer: `/transitions/${i}/guard/inputs/wanted` });
    expect(find(problems, 'GUARD_MISSING_INPUT').message.en).toContain('requestedBase');
  });

  it('a plugin version the bundle does not accept', () => {
    const files = defaultBundleFiles() as Json;
    files['bundle.json'].requires.plugin = '^2.0.0';
    expect(find(problemsOf(files), 'BUNDLE_PLUGIN_VERSION')).toMatchObject({ pointer: '/requires/plugin' });
  });

  it('an unknown parameter read by a rule', () => {
    const files = defaultBundleFiles() as Json;
    files['rules/scoring.rules.json'].rules[0].logic.round[1] = { param: 'score.digits' };
    const p = find(problemsOf(files), 'RULE_UNKNOWN_PARAM');
    expect(p.file).toBe('rules/scoring.rules.json');
    expect(p.pointer).toBe('/rules/0/logic/round/1');
  });

  it('reports every problem at once and returns nothing (all or nothing)', () => {
    const files = defaultBundleFiles() as Json;
    files['progress-board/template.json'].rules[0] = 'no-such-rule';
    delete files['scorecard/template.json'].title;
    files['rules/tracking.rules.json'].rules[2].logic = { frobnicate: [] };
    const result = loadBundle(files);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(new Set(result.problems.map((p) => p.file))).toEqual(
      new Set(['progress-board/template.json', 'scorecard/template.json', 'rules/tracking.rules.json']));
    expect(result).not.toHaveProperty('bundle');
  });

  it('JSON text that does not parse, with line and column', () => {
    const files = defaultBundleFiles();
    files['scorecard/template.json'] = '{\n  "id": "scorecard",\n  "title": oops\n}';
    const p = find(problemsOf(files), 'JSON_SYNTAX');
    expect(p).toMatchObject({ file: 'scorecard/template.json', row: 3 });
  });
});

describe('template parameter groups', () => {
  it('a template naming a parameter group the bundle lacks is refused', () => {
    const files = defaultBundleFiles() as Json;
    files['commitment-letter/template.json'].parameters = ['letters', 'letterz'];
    expect(find(problemsOf(files), 'REF_UNKNOWN_PARAMETER_GROUP')).toMatchObject({ file: 'commitment-letter/template.json', pointer: '/parameters/1' });
  });
});
