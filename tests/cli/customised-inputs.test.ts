/**
 * Inputs nobody here wrote (session 10's adversarial review): tables and bundles a customer
 * makes, read by the commands as the documented formats say, or refused by row and column.
 * Each case failed before its fix.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle } from '../../plugin/index.js';
import { TEMPLATES_DIR, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('the default bundle does not load');
const bundle = loaded.bundle;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-custom-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** The default bundle copied into `d`/bundle, each edit changing one of its JSON files. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach into bundle JSON of any shape
function customBundle(d: string, edits: Record<string, (json: any) => void>): string {
  const at = join(d, 'bundle');
  cpSync(TEMPLATES_DIR, at, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const json = JSON.parse(readFileSync(join(at, file), 'utf8'));
    edit(json);
    writeFileSync(join(at, file), JSON.stringify(json));
  }
  return at;
}

describe('a level cell that is not one of the four names', () => {
  // a Chinese office writes the levels in Chinese; read as blank, 销售 became a team
  const targets = `id,parent_id,name,level,base,stretch
co,,公司,company,1200,1400
tm,co,一组,团队,1200,1400
r1,tm,王磊,销售,600,700
r2,tm,李娜,rep,600,700
`;
  const d = dir({
    'targets.csv': targets,
    'actuals.csv': 'id,date,amount\nr1,2026-04-01,100\n',
    'history.csv': 'id,month,amount\nr1,2025-04,100\nr2,2025-04,100\n',
  });
  const tree = buildOrgTree([['co', ''], ['tm', 'co'], ['r1', 'tm'], ['r2', 'tm']].map(([id, parent]) => ({ id: id!, parentId: parent || null, name: id! })));
  if (!tree.ok) throw new Error('tree');
  const filing = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'target-filing')!.def, tree.tree, bundle);
  writeFileSync(join(d, 'instance.json'), JSON.stringify(filing.start({ id: 'f-1', ownerId: 'r1', unitId: 'r1', data: {}, now: '2026-04-01T09:00:00+08:00' })));
  const refusedRows = (stderr: string) => [...stderr.matchAll(/targets\.csv:(\d+):level .*\[ORG_LEVEL_UNKNOWN\]/g)].map((m) => Number(m[1]));

  it('track refuses it by row and column, naming the four', async () => {
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(refusedRows(r.stderr)).toEqual([3, 4]);
    expect(r.stderr).toContain('level must be company, region, team or rep (or blank, to take it from the org\'s shape), got "团队"');
    expect(r.stdout).toBe('');
  });

  it('phase and replay refuse it the same way', async () => {
    const phased = await runCli(['phase', '--targets', 'targets.csv', '--history', 'history.csv', '--period', '2026-Q2', '--by', 'month', '--lang', 'en'], { cwd: d });
    expect(phased.code).toBe(1);
    expect(refusedRows(phased.stderr)).toEqual([3, 4]);
    const replayed = await runCli(['replay', '--instance', 'instance.json', '--org', 'targets.csv', '--lang', 'en'], { cwd: d });
    expect(replayed.code).toBe(1);
    expect(refusedRows(replayed.stderr)).toEqual([3, 4]);
  });
});

describe('score: a dimension rule whose input is named as its column is spelt', () => {
  it('reads training_hours from the column training_hours', async () => {
    const d = dir({
      'scores.csv': `id,name,revenue,revenue_target,margin,margin_target,new_customers,new_customers_target,satisfaction,compliance,training_hours
a,甲,100,100,30,30,5,5,90,100,20
b,乙,90,100,30,30,5,5,90,100,40
`,
    });
    // a sixth dimension (培训) added in JSON, its rule's input spelt as the customer's column
    const b = customBundle(d, {
      'parameters/scoring.json': (json) => {
        json.parameters.score.weights.compliance = 0.05;
        json.parameters.score.weights.training = 0.05;
        json.parameters.score.dimensions.training = 'score-training';
      },
      'rules/scoring.rules.json': (json) => {
        json.rules.push({
          id: 'score-training', description: { zh: '培训时长：40 小时为满分', en: 'Training: 40 hours is full marks' },
          inputs: [{ name: 'training_hours', type: 'number', required: true, description: { zh: '培训小时数', en: 'Training hours' } }],
          output: { type: 'number' },
          logic: { clamp: [{ '/': [{ var: 'training_hours' }, 40] }, 0, 1] },
          examples: [{ data: { training_hours: 20 }, expect: 0.5 }],
        });
      },
    });
    const r = await runCli(['score', '--data', 'scores.csv', '--bundle', b, '--out', 'json', '--lang', 'en'], { cwd: d });
    expect(r.stderr).not.toContain('RULE_INPUT_MISSING');
    expect(r.code).toBe(0);
    const people = JSON.parse(r.stdout) as Array<{ id: string; dimensions: Array<{ dimension: string; raw: Record<string, unknown>; normalised: number }> }>;
    const training = people.find((p) => p.id === 'a')!.dimensions.find((x) => x.dimension === 'training')!;
    expect(training.normalised).toBe(0.5);
    expect(training.raw).toEqual({ training_hours: '20' });
  });
});

describe('letters: every unit its own file, whatever its id', () => {
  it('ids that make one file name (a/b and a_b, X and x) and a long Chinese id', async () => {
    const long = '区'.repeat(90); // 270 bytes of UTF-8: more than a file name may hold
    const d = dir({
      'plan.csv': `id,parent_id,name,level,base,stretch
co,,公司,company,3000,3600
a/b,co,斜杠,region,1000,1200
a_b,co,下划线,region,1000,1200
X,co,大写,region,500,600
x,co,小写,region,500,600
${long},co,长名,region,0,0
`,
    });
    const r = await runCli(['letters', '--plan', 'plan.csv', '--out', 'out', '--no-pdf', '--period', '2026-Q2', '--lang', 'en'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = readdirSync(join(d, 'out')).filter((f) => f.endsWith('.html'));
    expect(files.length).toBe(6);
    // no two names one file on a disk that ignores case
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(6);
    const text = (f: string) => readFileSync(join(d, 'out', f), 'utf8');
    expect(files.filter((f) => text(f).includes('斜杠')).length).toBe(1);
    expect(files.filter((f) => text(f).includes('下划线')).length).toBe(1);
    expect(files.find((f) => f.startsWith('区'))!.length).toBeLessThan(60);
  });
});

describe('allocate on a bundle whose plans have other names', () => {
  it('takes the plan that meets the company total exactly when --plan is not given', async () => {
    const d = dir({});
    const b = customBundle(d, {
      'parameters/allocation.json': (json) => {
        const plans = json.parameters.allocationPlans;
        json.parameters.allocationPlans = { steady: { ...plans.balanced, name: { zh: '稳健型', en: 'Steady' } }, 'push-hard': plans.aggressive };
      },
      'rules/allocation.rules.json': (json) => {
        const rule = json.rules.find((r: { id: string }) => r.id === 'plan-stretch-total');
        rule.logic = { round: [{ '*': [{ var: 'total' }, { '+': [1, { if: [{ '==': [{ var: 'plan' }, 'push-hard'] }, { param: 'allocationPlans.push-hard.stretchUplift' }, { param: 'allocationPlans.steady.stretchUplift' }] }] }] }, 2] };
        rule.examples = [{ data: { total: 100, plan: 'push-hard' }, expect: 115 }];
      },
    });
    const r = await runCli(['allocate', '--total', '120250000', '--bundle', b, '--out', 'plan.csv', '--lang', 'en'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Steady: Base 120250000 yuan/);
  });
});
