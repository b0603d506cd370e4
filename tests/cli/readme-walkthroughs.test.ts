/**
 * The README's walk-throughs "add a factor", "change score weights" and "add a rule input"
 * (issue 16, Done means), step by step through the CLI on a fresh `target-kit init` copy. Each key
 * line is checked twice, in the command's output and in README.md, so neither the runtime nor the
 * README can drift from the other without this failing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- edits of parsed rules files

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** A line the README shows and the command printed. */
function shown(output: string, line: string): void {
  expect(output).toContain(line);
  expect(README).toContain(line);
}

async function init(name: string): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'tk-walk-')), name);
  const r = await runCli(['init', dir, '--lang', 'en']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`^created the customer bundle .*${name}: \\d+ files name their schema in \\.schemas/`));
  return dir;
}

/** A text edit, as the implementer makes it: line and column of later messages stay as in the README. */
function replaceIn(dir: string, file: string, pairs: [string, string][]): void {
  const path = join(dir, file);
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of pairs) {
    expect(text, `${file} has ${from}`).toContain(from);
    text = text.replace(from, to);
  }
  writeFileSync(path, text);
}

function editRules(dir: string, file: string, edit: (rules: Json[]) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(json.rules as Json[]);
  writeFileSync(path, JSON.stringify(json, null, 2) + '\n');
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

describe('README walk-through "add a factor" (跨境服务能力)', () => {
  it('validate names what is missing, then test, explain and allocate show the factor by name', async () => {
    const dir = await init('acme-factor');
    replaceIn(dir, 'parameters/allocation.json', [
      ['"weight": 0.25, "rule": "factor-potential"', '"weight": 0.2, "rule": "factor-potential"'],
      ['"weight": 0.15, "rule": "factor-product-fit" },', '"weight": 0.1, "rule": "factor-product-fit" },'],
      ['"weight": 0.1, "rule": "factor-competition" }\n',
        '"weight": 0.1, "rule": "factor-competition" },\n      "crossBorder": { "name": { "zh": "跨境服务能力", "en": "Cross-border service capability" }, "weight": 0.1, "rule": "factor-cross-border" }\n'],
    ]);
    editRules(dir, 'rules/allocation.rules.json', (rules) => {
      rules.push({
        id: 'factor-cross-border',
        description: { zh: '跨境服务能力因子（0–1）：跨境服务能力评分（0–100）/ 100。', en: 'Cross-border service factor (0-1): the cross-border service rating (0-100) / 100.' },
        inputs: [{ name: 'cross_border', type: 'number', required: true, description: { zh: '跨境服务能力（0–100）', en: 'Cross-border service capability (0-100)' } }],
        output: { type: 'number' },
        logic: { clamp: [{ '/': [{ var: 'cross_border' }, 100] }, 0, 1] },
        examples: [{ data: { cross_border: 80 }, expect: 0.8 }, { data: { cross_border: 130 }, expect: 1 }],
      });
    });

    const before = await runCli(['validate', dir, '--lang', 'en']);
    expect(before.code).toBe(1);
    shown(before.stderr, 'parameters/phasing.json:14:22 #/parameters/productLines/lines/0/factors  line cloud: factors omits crossBorder, which would weigh 0% on this line; give it a weight (0 if that is meant) and keep the sum at 100% [LINE_MISSING_FACTOR]');
    shown(before.stderr, 'parameters/phasing.json:17:22 #/parameters/productLines/lines/2/factors  line ai: factors omits crossBorder');
    shown(before.stderr, 'data/sample-company/units.csv:1:cross_border  the sample units have no column cross_border, which factor crossBorder (factor-cross-border) requires: 546 unit(s) cannot be scored. Add a cross_border column with a value for every unit [ALLOC_SAMPLE_COLUMN_MISSING]');
    shown(before.stderr, 'invalid bundle: 3 error(s)');

    // the README's awk: 80 in the port cities (column 5), 40 elsewhere
    const unitsPath = join(dir, 'data/sample-company/units.csv');
    const [head, ...rows] = readFileSync(unitsPath, 'utf8').trimEnd().split('\n');
    writeFileSync(unitsPath, [`${head},cross_border`, ...rows.map((r) => `${r},${/^(上海|深圳|广州|宁波)$/.test(r.split(',')[4]!) ? 80 : 40}`)].join('\n') + '\n');
    replaceIn(dir, 'parameters/phasing.json', [
      ['"maturity": 0.25, "productFit": 0.1, "competition": 0.1 }', '"maturity": 0.2, "productFit": 0.1, "competition": 0.1, "crossBorder": 0.05 }'],
      ['"productFit": 0.4, "competition": 0.1 }', '"productFit": 0.4, "competition": 0.1, "crossBorder": 0 }'],
    ]);

    const valid = await runCli(['validate', dir, '--lang', 'en']);
    expect(valid.stderr).toBe('');
    shown(valid.stdout, 'valid: target-kit-default 0.1.0 (folder): 15 templates, 61 rules, 6 flows, 25 parameter groups, 15 datasets');

    const test = await runCli(['test', dir, '--lang', 'en']);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/reading no parameter: 90$/m);
    expect(README).toMatch(/reading no parameter: 90\n/);
    shown(lastLine(test.stdout), '200 passed, 0 failed');

    const explain = await runCli(['explain', 'factor-cross-border', '--bundle', dir, '--lang', 'en']);
    expect(explain.code).toBe(0);
    shown(explain.stdout, '    clamp(Cross-border service capability ÷ 100, 0%, 100%)');
    shown(explain.stdout, '  factor:\n    Cross-border service capability, weight 10% (allocationFactors.crossBorder)\n');
    shown(explain.stdout, '    cross_border  Cross-border service capability (0-100); number\n');
    const explainZh = await runCli(['explain', 'factor-cross-border', '--bundle', dir]);
    shown(explainZh.stdout, '限定(跨境服务能力 ÷ 100, 0%, 100%)');

    const allocate = await runCli(['allocate', '--total', '115000000', '--bundle', dir, '--out', 'json', '--lang', 'en']);
    expect(allocate.code).toBe(0);
    const hd = (JSON.parse(allocate.stdout) as Json[]).find((u) => u.id === 'HD')!;
    const factors = (hd.explanation.factors as Json[]).map((f) => JSON.stringify(f));
    expect(factors).toHaveLength(6);
    for (const f of factors) expect(README).toContain(f);
    shown(factors.at(-1)!, '{"id":"crossBorder","name":"Cross-border service capability","weight":0.1,"score":0.8}');
    shown(allocate.stderr, 'Balanced: Base 115000000 yuan, Stretch 128800000 yuan');
  }, 120_000);
});

describe('README walk-through "change score weights"', () => {
  const weights = (dir: string, from: string[], to: string[]) => replaceIn(dir, 'parameters/scoring.json',
    ['revenue', 'margin', 'newCustomers', 'satisfaction', 'compliance'].map((k, i) => [`"${k}": ${from[i]}`, `"${k}": ${to[i]}`]));

  it('refuses 35/30/15/10/10 with a hint per weight, accepts the fractions, and explain shows them', async () => {
    const dir = await init('acme-weights');
    weights(dir, ['0.4', '0.25', '0.15', '0.1', '0.1'], ['35', '30', '15', '10', '10']);
    const en = await runCli(['validate', dir, '--lang', 'en']);
    expect(en.code).toBe(1);
    shown(en.stderr, 'parameters/scoring.json:6:20 #/parameters/score/weights/revenue  weights.revenue is 35; it must be a fraction from 0 to 1 (write 0.35 for 35%) [PARAM_NOT_FRACTION]');
    shown(en.stderr, 'parameters/scoring.json:10:23 #/parameters/score/weights/compliance  weights.compliance is 10; it must be a fraction from 0 to 1 (write 0.1 for 10%) [PARAM_NOT_FRACTION]');
    shown(en.stderr, 'invalid bundle: 5 error(s)');
    const zh = await runCli(['validate', dir]);
    shown(zh.stderr, 'parameters/scoring.json:6:20 #/parameters/score/weights/revenue  weights.revenue 为 35，应为 0 到 1 之间的小数（写 0.35 表示 35%） [PARAM_NOT_FRACTION]');
    shown(zh.stderr, '包无效：5 个错误');

    weights(dir, ['35', '30', '15', '10', '10'], ['0.35', '0.3', '0.15', '0.1', '0.05']);
    const sum = await runCli(['validate', dir, '--lang', 'en']);
    shown(sum.stderr, '#/parameters/score/weights  the score weights sum to 95%; they must sum to 100% [PARAM_WEIGHTS_SUM]');

    weights(dir, ['0.35', '0.3', '0.15', '0.1', '0.05'], ['0.35', '0.3', '0.15', '0.1', '0.1']);
    const valid = await runCli(['validate', dir, '--lang', 'en']);
    expect(valid.code).toBe(0);
    shown(valid.stdout, 'valid: target-kit-default 0.1.0 (folder): 15 templates, 60 rules, 6 flows, 25 parameter groups, 15 datasets');
    const test = await runCli(['test', dir, '--lang', 'en']);
    expect(test.code).toBe(0);
    shown(test.stdout, '  score-composite examples #0 #1 #2 #3 #4: score.weights.revenue, score.cap, score.weights.margin, score.weights.newCustomers, score.weights.satisfaction, score.weights.compliance');
    shown(lastLine(test.stdout), '198 passed, 0 failed');
    const explain = await runCli(['explain', 'score-composite', '--bundle', dir, '--lang', 'en']);
    shown(explain.stdout, '    round(100 × (0.35 × clamp(ratio(Received revenue, Revenue target; else 0), 0%, 120%)');
    shown(explain.stdout, '        + 0.3 × clamp(ratio(Gross-margin contribution, Margin target; else 0), 0%, 120%)');
    shown(explain.stdout, '        + 0.1 × clamp(Compliance ÷ 100, 0%, 100%)), 2)');
  }, 120_000);
});

describe('README walk-through "add a rule input"', () => {
  const targets = (greenFrom: string) => `id,parent_id,name,base,stretch,green_from
co,,公司,1000,1200,
t1,co,一组,1000,1200,
r1,t1,王磊,500,600,
r2,t1,李娜,500,600,${greenFrom}
`;
  const actuals = 'id,date,amount\nr1,2026-04-01,450\nr2,2026-04-02,320\n';
  /** The columns the README keeps with `cut -d, -f1,7,9,10,12,13`. */
  const cut = (csv: string) => csv.trim().split('\n').map((l) => [0, 6, 8, 9, 11, 12].map((i) => l.split(',')[i]).join(',')).join('\n');

  it('traffic-light reads greenFrom from the green_from column of the targets', async () => {
    const dir = await init('acme-input');
    editRules(dir, 'rules/tracking.rules.json', (rules) => {
      const rule = rules.find((r) => r.id === 'traffic-light')!;
      rule.inputs.push({ name: 'greenFrom', type: 'number', required: false, description: { zh: '本单位的绿灯起点（0.6 表示 60%）', en: "This unit's own green boundary (0.6 = 60%)" } });
      rule.logic = {
        if: [
          { and: [{ '!!': [{ var: 'greenFrom' }] }, { '>': [{ var: 'target' }, 0] }, { '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, { var: 'greenFrom' }] }] },
          'green',
          rule.logic,
        ],
      };
      rule.examples.push({ note: 'a unit with its own green boundary of 60%', data: { actual: 61, target: 100, greenFrom: 0.6 }, expect: 'green' });
    });
    const valid = await runCli(['validate', dir, '--lang', 'en']);
    expect(valid.code).toBe(0);
    const test = await runCli(['test', dir, '--lang', 'en']);
    shown(lastLine(test.stdout), '199 passed, 0 failed');
    const explain = await runCli(['explain', 'traffic-light', '--bundle', dir, '--lang', 'en']);
    shown(explain.stdout, [
      '    if truthy(This unit\'s own green boundary)',
      '        and Target amount > 0',
      '        and completion ≥ This unit\'s own green boundary then green',
      '    else if Target amount ≤ 0 then grey',
    ].join('\n'));
    shown(explain.stdout, '    greenFrom  This unit\'s own green boundary (0.6 = 60%); number, optional');

    const work = mkdtempSync(join(tmpdir(), 'tk-walk-track-'));
    writeFileSync(join(work, 'targets.csv'), targets('0.6'));
    writeFileSync(join(work, 'actuals.csv'), actuals);
    expect(README).toContain(`$ cat targets.csv\n${targets('0.6')}$ cat actuals.csv\n${actuals}`);
    const track = (bundle: string[]) => runCli(['track', ...bundle, '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--lang', 'en'], { cwd: work });
    const custom = await track(['--bundle', dir]);
    expect(custom.code).toBe(0);
    const table = cut(custom.stdout);
    expect(table).toBe('id,base,actual,completion_base,light,light_stretch\nco,1000,770,0.77,yellow,yellow\nt1,1000,770,0.77,yellow,yellow\nr1,500,450,0.9,green,yellow\nr2,500,320,0.64,green,red');
    expect(README).toContain(table);
    // without the customised bundle she is yellow at 64%
    expect(cut((await track([])).stdout)).toContain('r2,500,320,0.64,yellow,red');

    writeFileSync(join(work, 'targets.csv'), targets('60%'));
    const percent = await track(['--bundle', dir]);
    // the reason names the row and, for a percent, the fraction to write
    expect(percent.stdout).toMatch(/^r2,.*,grey,grey,"targets\.csv row 5: input greenFrom of rule traffic-light \(column green_from\) must be number, got string ""60%"" \(write 0\.6 for 60%\)"/m);
    expect(README).toContain('`targets.csv row 5: input greenFrom of rule traffic-light (column\ngreen_from) must be number, got string "60%" (write 0.6 for 60%)`');
    const zh = await runCli(['track', '--bundle', dir, '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--as-of', '2026-04-30', '--out', 'csv'], { cwd: work });
    expect(zh.stdout).toContain('targets.csv 第 5 行：规则 traffic-light 的输入 greenFrom（列 green_from）应为 number，实际是 string ""60%""（写 0.6 表示 60%）');
    expect(README).toContain('`targets.csv 第 5 行：规则 traffic-light 的输入 greenFrom（列 green_from）应为\nnumber，实际是 string "60%"（写 0.6 表示 60%）`');
  }, 120_000);
});
