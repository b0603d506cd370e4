/**
 * `validate` catches what would fail later, with one message per mistake (issue 16, items 3
 * and 5): schema noise folded under the real problem, patterns in words, references checked
 * across files, and a column a factor rule needs checked against the bundle's own sample data.
 */
import { describe, expect, it } from 'vitest';
import { factorColumns, loadBundle, type BundleFiles, type Problem } from '../../plugin/index.js';
import { withCrossBorder as addCrossBorder } from '../support/cross-border.js';
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
    // whoever named factor-history (templates, the factor) keeps naming it: that is one more real problem each
    const named = (p: Problem) => ['REF_UNKNOWN_RULE', 'ALLOC_UNKNOWN_RULE'].includes(p.code) && p.message.en.includes('rule factor-history');
    const problems = problemsOf(files).filter((p) => !named(p));
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

/** The implementer's three edits for a new factor: a parameter entry, a rule, and (optionally) its column in the sample units. */
/** The README's 跨境服务能力 factor on the default bundle (tests/support/cross-border.ts). */
const withCrossBorder = (column: 'absent' | 'filled' | 'partly blank') => addCrossBorder(defaultBundleFiles(), column) as Json;

describe('parameters followed into rules and the sample data', () => {
  it('a factor naming a rule that does not exist is refused when the bundle loads, once, at the factor', () => {
    const files = defaultBundleFiles() as Json;
    files['parameters/allocation.json'].parameters.allocationFactors.competition.rule = 'factor-competitio';
    const problems = problemsOf(files);
    expect(problems.map(line)).toEqual(['ALLOC_UNKNOWN_RULE parameters/allocation.json#/parameters/allocationFactors/competition/rule']);
    expect(problems[0]!.message.zh).toContain('factor-competition');
  });

  it('a new factor whose column the sample units lack is refused with one message naming the column', () => {
    const problems = problemsOf(withCrossBorder('absent'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'ALLOC_SAMPLE_COLUMN_MISSING', file: 'data/sample-company/units.csv', row: 1, column: 'cross_border' });
    expect(problems[0]!.message.zh).toContain('缺少列 cross_border');
    expect(problems[0]!.message.en).toContain('factor crossBorder (factor-cross-border)');
  });

  it('blank cells in that column are one message with their count', () => {
    const problems = problemsOf(withCrossBorder('partly blank'));
    expect(problems.map((p) => [p.code, p.row, p.column])).toEqual([['ALLOC_SAMPLE_CELLS_BLANK', 3, 'cross_border']]);
    expect(problems[0]!.message.zh).toContain('有 3 个单位为空');
  });

  it('with the column filled, the new factor loads', () => {
    const result = loadBundle(withCrossBorder('filled'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems.map(line)));
    expect(result.warnings).toEqual([]);
  });

  it('a product line with its own factor weights that omits a factor is refused, not given 0% silently', () => {
    const files = withCrossBorder('filled');
    const lines = files['parameters/phasing.json'].parameters.productLines.lines;
    const i = lines.findIndex((l: Json) => l.factors);
    delete lines[i].factors.crossBorder;
    const problems = problemsOf(files);
    expect(problems.map(line)).toEqual([`LINE_MISSING_FACTOR parameters/phasing.json#/parameters/productLines/lines/${i}/factors`]);
    expect(problems[0]!.message.zh).toContain('crossBorder');
    expect(problems[0]!.message.en).toContain('would weigh 0%');
  });
});

describe('flow guards and assignments against the forms they read', () => {
  const appealOf = (files: Json) => {
    const flow = files['flows/allocation-review.flow.json'];
    const i = flow.transitions.findIndex((t: Json) => t.action === 'appeal');
    return { t: flow.transitions[i], at: `/transitions/${i}` };
  };

  it('a typo in a guard\'s input path is refused at the path, with the field it probably meant', () => {
    const files = defaultBundleFiles() as Json;
    const { t, at } = appealOf(files);
    t.guard.inputs.requestedBase = 'payload.requestedBse';
    const problems = problemsOf(files);
    expect(problems.map(line)).toEqual([`FLOW_UNKNOWN_PAYLOAD_FIELD flows/allocation-review.flow.json#${at}/guard/inputs/requestedBase`]);
    expect(problems[0]!.message.zh).toContain('是不是 payload.requestedBase');
    expect(problems[0]!.message.en).toContain('did you mean payload.requestedBase');
  });

  it('a typo in an assignment is refused at the var; a read with a default stays optional', () => {
    const files = defaultBundleFiles() as Json;
    const { t, at } = appealOf(files);
    t.assign.reason = { var: 'payload.reasn' };
    t.assign.note = { var: ['payload.note', ''] };
    expect(problemsOf(files).map(line)).toEqual([`FLOW_UNKNOWN_PAYLOAD_FIELD flows/allocation-review.flow.json#${at}/assign/reason/var`]);
  });

  it('an action naming a form its templates do not have is refused at the form', () => {
    const files = defaultBundleFiles() as Json;
    const { t, at } = appealOf(files);
    t.form = 'apeal';
    expect(problemsOf(files).map(line)).toEqual([`REF_UNKNOWN_FORM flows/allocation-review.flow.json#${at}/form`]);
  });
});

describe('the columns a units import offers follow the factor rules', () => {
  it('the default factors\' columns, and a new factor\'s column once it is added in JSON', () => {
    const before = loadBundle(defaultBundleFiles());
    const after = loadBundle(withCrossBorder('filled'));
    if (!before.ok || !after.ok) throw new Error('the bundles do not load');
    expect(factorColumns(before.bundle)).toEqual([
      { name: 'market_index', required: true }, { name: 'new_city', required: false }, { name: 'tenure_months', required: true },
      { name: 'product_fit', required: true }, { name: 'competitor_share', required: true },
    ]);
    expect(factorColumns(after.bundle)).toContainEqual({ name: 'cross_border', required: true });
  });
});
