/**
 * Rules get what they declare (issue 14, item 2), for the tracker: a tracking rule that an
 * implementer gives a further input reads it from the unit's row of the targets file (by name or
 * snake_case column); a required one that no column provides refuses the run once, at the start,
 * naming the rule and the input; a blank cell greys that unit with its row and column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTracker, loadBundle, toSingleFile, type RuleDef } from '../../plugin/index.js';
import { boardProgress, boardTracker, trackerOf } from '../../playground/src/board/boardModel.js';
import { companyModel } from '../../playground/src/company/companyModel.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * traffic-light with a per-unit green boundary: a unit whose `greenFrom` (column green_from) is
 * reached is green whatever the bundle's boundaries say. Optional, or required with `required`.
 */
function withGreenFrom(required: boolean): Files {
  const files = clone(defaultBundleFiles()) as Files;
  const rule = (files['rules/tracking.rules.json'].rules as RuleDef[]).find((r) => r.id === 'traffic-light')!;
  rule.inputs.push({ name: 'greenFrom', type: 'number', required, description: { zh: '本单位的绿灯起点', en: "This unit's green boundary" } });
  rule.logic = {
    if: [
      { and: [{ '>': [{ var: 'target' }, 0] }, { '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, { var: ['greenFrom', 99] }] }] },
      'green',
      rule.logic,
    ],
  };
  if (required) {
    for (const e of rule.examples) if (e.expectError === undefined) e.data.greenFrom = 99;
    // the progress board's forms bind the rule: a required input needs a field there
    for (const path of files['bundle.json'].templates as string[]) {
      const t = files[path];
      for (const b of t.bindings ?? []) {
        if (b.rule !== 'traffic-light') continue;
        const form = t.forms[b.form ?? Object.keys(t.forms)[0]!];
        form.properties.greenFrom = { type: 'number', title: 'greenFrom', 'x-decorator': 'FormItem', 'x-component': 'NumberPicker' };
        if (b.inputs) b.inputs.greenFrom = 'greenFrom';
      }
    }
  }
  rule.examples.push({ note: 'a unit green from 30%', data: { actual: 31, target: 100, greenFrom: 0.3 }, expect: 'green' });
  return files;
}

function dir(files: Record<string, string | object>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-track-inputs-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
  return d;
}

const targets = (extra: Record<string, string>, column = 'green_from') => `id,parent_id,name,base,stretch,${column}
co,,公司,1000,1200,${extra.co ?? ''}
t1,co,一组,1000,1200,${extra.t1 ?? ''}
r1,t1,王磊,500,600,${extra.r1 ?? ''}
r2,t1,李娜,500,600,${extra.r2 ?? ''}
`;
const actuals = `id,date,amount
r1,2026-04-01,450
r2,2026-04-02,160
`;

function parseCsvOut(text: string): Map<string, Record<string, string>> {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head!.replace(/^\ufeff/, '').split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
  return new Map(rows.map((r) => [r.id!, r]));
}

const track = (d: string, bundle: string[] = []) =>
  runCli(['track', ...bundle, '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--lang', 'en'], { cwd: d });

describe('track: the tracking rules get every input they declare', () => {
  it('reads an optional added input from the targets column of its snake_case name', async () => {
    const d = dir({ 'custom.json': toSingleFile(withGreenFrom(false)), 'targets.csv': targets({ r2: '0.3' }), 'actuals.csv': actuals });
    const plain = await track(d);
    expect(plain.code).toBe(0);
    expect(parseCsvOut(plain.stdout).get('r2')).toMatchObject({ completion_base: '0.32', light: 'red' });

    const custom = await track(d, ['--bundle', 'custom.json']);
    expect(custom.stderr).toBe('');
    expect(custom.code).toBe(0);
    const by = parseCsvOut(custom.stdout);
    // 160 / 500 = 32% ≥ r2's own 30%: green; r1 (90%) and the rest as with the default bundle
    expect(by.get('r2')).toMatchObject({ completion_base: '0.32', light: 'green' });
    expect(by.get('r1')).toMatchObject({ light: 'green' });
    expect(by.get('t1')).toMatchObject({ light: 'yellow' });
    // without the column the rule's own default applies: the same lights as the default bundle
    writeFileSync(join(d, 'targets.csv'), targets({ r2: '0.3' }, 'note'));
    const without = await track(d, ['--bundle', 'custom.json']);
    expect(without.code).toBe(0);
    expect(parseCsvOut(without.stdout).get('r2')).toMatchObject({ light: 'red' });
  });

  it('refuses a required added input that no targets column provides, once, at the start', async () => {
    const d = dir({ 'custom.json': toSingleFile(withGreenFrom(true)), 'targets.csv': targets({}, 'note'), 'actuals.csv': actuals });
    const r = await track(d, ['--bundle', 'custom.json']);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[RULE_INPUT_MISSING]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('traffic-light');
    expect(lines[0]).toContain('greenFrom');
    expect(lines[0]).toContain('targets.csv');
  });

  it('greys a unit whose required cell is blank, with its row and column', async () => {
    const d = dir({ 'custom.json': toSingleFile(withGreenFrom(true)), 'targets.csv': targets({ co: '0.8', t1: '0.8', r1: '0.8' }), 'actuals.csv': actuals });
    const r = await track(d, ['--bundle', 'custom.json']);
    expect(r.code).toBe(0);
    const by = parseCsvOut(r.stdout);
    expect(by.get('r1')).toMatchObject({ light: 'green' });
    expect(by.get('r2')).toMatchObject({ light: 'grey' });
    expect(r.stdout).toMatch(/r2,.*greenFrom.*green_from/);
  });
});

describe('createTracker: a required input nobody computes or provides', () => {
  const bundleOf = (files: Files) => {
    const r = loadBundle(files);
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    return r.bundle;
  };

  it('is refused when the tracker is created, naming the rule input', () => {
    const made = createTracker(bundleOf(withGreenFrom(true)));
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.problems).toHaveLength(1);
    expect(made.problems[0]).toMatchObject({ code: 'RULE_INPUT_MISSING', file: 'rules/tracking.rules.json' });
    expect(made.problems[0]!.pointer).toMatch(/\/inputs\/2$/);
    expect(made.problems[0]!.message.en).toContain('greenFrom');
    // a records file with that column is a source
    expect(createTracker(bundleOf(withGreenFrom(true)), { columns: ['id', 'green_from'] }).ok).toBe(true);
  });

  it('an optional one is no reason to refuse; tracker.light reads it from the record', () => {
    const made = createTracker(bundleOf(withGreenFrom(false)));
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.tracker.light(32, 100).light).toBe('red');
    expect(made.tracker.light(32, 100, { values: { green_from: '0.3' } }).light).toBe('green');
    const bad = made.tracker.light(32, 100, { values: { greenFrom: 'high' }, row: 4 }, 'targets.csv');
    expect(bad.light).toBe('grey');
    expect(bad.problem).toMatchObject({ code: 'RULE_INPUT_TYPE', file: 'targets.csv', row: 4, column: 'greenFrom' });
  });
});

describe('the playground board: the targets rows are the unit records, as in the CLI', () => {
  const TARGETS = 'data/sample-actuals/targets.csv';
  const load = (files: Files) => {
    const r = loadBundle(files);
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    return r.bundle;
  };
  /** The sample targets with a green_from column: `value` for every unit. */
  const withColumn = (files: Files, value: string): Files => {
    const [head, ...rows] = (files[TARGETS] as string).trimEnd().split('\n');
    files[TARGETS] = [`${head},green_from`, ...rows.map((r) => `${r},${value}`)].join('\n') + '\n';
    return files;
  };

  it('a required input the targets file has no column for refuses the board with the CLI\'s problem', () => {
    const made = boardTracker(load(withGreenFrom(true)));
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.problems).toHaveLength(1);
    expect(made.problems[0]).toMatchObject({ code: 'RULE_INPUT_MISSING', file: 'rules/tracking.rules.json' });
    expect(made.problems[0]!.message.en).toContain(`the targets file ${TARGETS}`);
    expect(trackerOf(load(withGreenFrom(true)))).toBeNull();
  });

  it('the board reads the input from the unit\'s targets row: a column changes the lights', () => {
    const plain = load(withGreenFrom(false));
    const model = companyModel(plain);
    if (!model.ok) throw new Error('model');
    const before = boardProgress(plain, trackerOf(plain)!, model.model, {}).progress;
    const custom = load(withColumn(withGreenFrom(false), '0.01'));
    const customModel = companyModel(custom);
    if (!customModel.ok) throw new Error('model');
    const made = boardTracker(custom);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const after = boardProgress(custom, made.tracker, customModel.model, {}).progress;
    const withTarget = [...after.values()].filter((p) => p.base !== null && p.base > 0);
    expect(withTarget.length).toBeGreaterThan(0);
    expect(withTarget.every((p) => p.light === 'green')).toBe(true);
    expect(withTarget.some((p) => before.get(p.id)!.light !== 'green')).toBe(true);
    // a required input with its column: not refused
    expect(boardTracker(load(withColumn(withGreenFrom(true), '0.01'))).ok).toBe(true);
  });

  it('a bad cell greys the unit with the targets file, row and column', () => {
    const custom = load(withColumn(withGreenFrom(false), 'soon'));
    const model = companyModel(custom);
    if (!model.ok) throw new Error('model');
    const progress = boardProgress(custom, trackerOf(custom)!, model.model, {}).progress;
    const unit = [...progress.values()].find((p) => p.base !== null && p.base > 0)!;
    expect(unit.light).toBe('grey');
    expect(unit.problem).toMatchObject({ code: 'RULE_INPUT_TYPE', file: TARGETS, column: 'green_from' });
    expect(unit.problem!.row).toBeGreaterThan(1);
  });
});
