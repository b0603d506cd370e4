/**
 * One runtime, one answer (issue 14): a seeded random company with its bundle, and the same
 * company under a customised bundle (an added allocation factor read from a new units column,
 * an added rule input, an optional input on traffic-light read from a new targets column, other
 * light boundaries), run through the three hosts:
 * - the CLI (`allocate`, `track` for the half year and each month, `--alerts`, `score`, `points`),
 * - the playground's models in node (the simulator's plans, the board's progress, month lights,
 *   alerts and score cards),
 * - the NocoBase plugin's server code in node (its rule store and workflow node, fed records as
 *   NocoBase stores them).
 * Every figure must be identical: targets, actuals per period, lights, gaps, alerts, scores,
 * points. A host that books, maps inputs or rounds on its own makes this test fail.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addDays, allocatePlans, fenToYuan, loadBundle, parseCsv, periodOf, toSingleFile, type BundleFiles, type LoadedBundle, type RuleDef,
} from '../../plugin/index.js';
import { generateSampleCompany, sampleCompanyFiles, seededRandom } from '../../plugin/sample/index.js';
import { boardActuals, boardAlerts, boardProgress, boardScoreCards, scoreValues, timelinesOf, trackerOf } from '../../playground/src/board/boardModel.js';
import { companyModel, DATASET, type CompanyModel } from '../../playground/src/company/companyModel.js';
import { periodLights, phaseCompany } from '../../playground/src/phasing/phasingModel.js';
import { RuleStore, compileBundle } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { createRuleInstruction } from '../../hosts/nocobase/plugin/src/server/rule-instruction.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Row = Record<string, unknown>;

const AS_OF = '2026-05-15';
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];

/**
 * The implementer's changes: a 跨境服务能力 factor, an `amount` input on points-for-event, lights
 * at 85/65, and a per-unit green boundary on traffic-light: the optional input `greenFrom`, read
 * from the targets file's column green_from (a unit that reaches it is green whatever the
 * boundaries say; blank: the boundaries decide).
 */
function customise(files: Files): void {
  const factors = files['parameters/allocation.json'].parameters.allocationFactors;
  factors.history.weight = 0.2;
  factors.crossBorder = { name: { zh: '跨境服务能力', en: 'Cross-border service' }, weight: 0.1, rule: 'factor-cross-border' };
  // a product line with weights of its own names every factor (the loader refuses a silent 0%)
  for (const line of files['parameters/phasing.json'].parameters.productLines.lines) if (line.factors) line.factors.crossBorder = 0;
  (files['rules/allocation.rules.json'].rules as RuleDef[]).push({
    id: 'factor-cross-border',
    description: { zh: '跨境服务能力因子（0–1）', en: 'Cross-border service factor (0-1)' },
    inputs: [{ name: 'cross_border', type: 'number', required: true, description: { zh: '跨境服务能力（0–100）', en: 'Cross-border capability (0-100)' } }],
    output: { type: 'number' },
    logic: { clamp: [{ '/': [{ var: 'cross_border' }, 100] }, 0, 1] },
    examples: [{ data: { cross_border: 40 }, expect: 0.4 }],
  } as RuleDef);
  const points = (files['rules/points.rules.json'].rules as RuleDef[]).find((r) => r.id === 'points-for-event')!;
  points.inputs.push({ name: 'amount', type: 'number', required: false, description: { zh: '签约金额（元）', en: 'Deal amount (yuan)' } });
  points.logic = {
    if: [
      { and: [{ '==': [{ var: 'type' }, 'deal-signed'] }, { '>': [{ var: ['amount', 0] }, 500000] }] },
      { '+': [{ param: 'points.events.dealSigned' }, 20] },
      points.logic,
    ],
  };
  const lights = files['parameters/tracking.json'].parameters.lights;
  lights.green.from = 0.85;
  lights.yellow.from = 0.65;
  // the rules' own examples pin the default boundaries; the implementer updates them with the parameters
  for (const rule of files['rules/tracking.rules.json'].rules as RuleDef[]) {
    if (rule.id === 'traffic-light') rule.examples = [{ data: { actual: 86, target: 100 }, expect: 'green' }, { data: { actual: 70, target: 100 }, expect: 'yellow' }, { data: { actual: 50, target: 100 }, expect: 'red' }];
  }
  const light = (files['rules/tracking.rules.json'].rules as RuleDef[]).find((r) => r.id === 'traffic-light')!;
  light.inputs.push({ name: 'greenFrom', type: 'number', required: false, description: { zh: '本单位的绿灯起点', en: "This unit's green boundary" } });
  light.logic = {
    if: [
      { and: [{ '>': [{ var: 'target' }, 0] }, { '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, { var: ['greenFrom', 99] }] }] },
      'green',
      light.logic,
    ],
  };
  light.examples!.push({ note: 'a unit green from 30%', data: { actual: 31, target: 100, greenFrom: 0.3 }, expect: 'green' });
}

interface Company {
  seed: number;
  custom: boolean;
  files: Files;
  dir: string;
  suggestedBase: number;
  /** Customised: each unit's green_from cell of the targets file (blank for some units). */
  greenFrom: Map<string, string>;
}

const csv = (columns: string[], rows: Row[]) => [columns.join(','), ...rows.map((r) => columns.map((c) => String(r[c] ?? '')).join(','))].join('\n') + '\n';

/** A random company: units with a cross_border column when customised, history, and actual rows of days, ISO weeks (straddling months too) and a month. */
function randomCompany(seed: number, custom: boolean): Company {
  const company = generateSampleCompany({ seed, reps: 40 });
  const made = sampleCompanyFiles(company);
  const rng = seededRandom(seed * 7 + 1);
  let units = made['units.csv']!;
  if (custom) {
    const lines = units.trimEnd().split('\n');
    units = [`${lines[0]},cross_border`, ...lines.slice(1).map((l) => `${l},${Math.floor(rng() * 101)}`)].join('\n') + '\n';
  }
  const files = clone(defaultBundleFiles()) as Files;
  if (custom) customise(files);
  const fileOf = (id: string) => (files['bundle.json'].datasets as Array<{ id: string; file: string }>).find((d) => d.id === id)!.file;
  files[fileOf(DATASET.units)] = units;
  const history = made['history.csv']!;
  files[fileOf(DATASET.history)] = history;
  files[fileOf(DATASET.company)] = JSON.parse(made['company.json']!);
  // no shared deals: their table names the sample's people
  for (const id of ['sample-credit-orders', 'sample-credit-splits']) files[fileOf(id)] = (files[fileOf(id)] as string).split('\n')[0] + '\n';

  const reps = company.units.filter((u) => u.level === 'rep').map((u) => u.id);
  const actuals: Row[] = [];
  for (const id of reps) {
    // days from January to after the as-of day (those must not count)
    for (let k = 0; k < 12; k++) {
      const day = addDays('2026-01-02', Math.floor(rng() * 145));
      actuals.push({ id, date: day, amount: (Math.floor(rng() * 2_000_000) / 100).toFixed(2) });
    }
    // ISO weeks, straddling month ends among them (W05: Jan/Feb, W09: Feb/Mar, W14: Mar/Apr, W18: Apr/May, W20: the as-of week)
    for (const week of ['2026-W05', '2026-W09', '2026-W14', '2026-W18', '2026-W20']) {
      if (rng() < 0.7) actuals.push({ id, date: week, amount: (Math.floor(rng() * 5_000_000) / 100).toFixed(2) });
    }
    if (rng() < 0.3) actuals.push({ id, date: '2026-02', amount: (Math.floor(rng() * 3_000_000) / 100).toFixed(2) });
  }
  files[fileOf(DATASET.actuals)] = csv(['id', 'date', 'amount'], actuals);
  files[fileOf(DATASET.targets)] = 'id,parent_id,name,level,base,stretch\n';

  const dir = mkdtempSync(join(tmpdir(), `tk-parity-${seed}-`));
  writeFileSync(join(dir, 'units.csv'), units);
  writeFileSync(join(dir, 'history.csv'), history);
  writeFileSync(join(dir, 'actuals.csv'), files[fileOf(DATASET.actuals)]);
  return { seed, custom, files, dir, suggestedBase: company.suggestedBase, greenFrom: new Map() };
}

function load(files: Files): LoadedBundle {
  const r = loadBundle(files as BundleFiles);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.bundle;
}

function modelOf(bundle: LoadedBundle): CompanyModel {
  const r = companyModel(bundle);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.model;
}

async function cli(c: Company, args: string[]): Promise<string> {
  const r = await runCli([...args, '--bundle', 'company.bundle.json', '--lang', 'en'], { cwd: c.dir });
  if (r.code !== 0) throw new Error(`target-kit ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

const json = (text: string) => JSON.parse(text) as Row[];
const table = (path: string) => {
  const parsed = parseCsv(readFileSync(path, 'utf8'), path);
  if (!parsed.ok) throw new Error(parsed.problem.code);
  return parsed.records.map((r) => r.record);
};

async function nocobaseStore(files: Files): Promise<RuleStore> {
  const compiled = compileBundle(toSingleFile(files as BundleFiles));
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.code).join(', '));
  const store = new RuleStore();
  store.activate(compiled.bundle);
  return store;
}

/** The workflow node on one record, as NocoBase runs it: the record's fields are the rule's data. */
async function nocobaseNode(store: RuleStore, rule: string, record: Row): Promise<unknown> {
  const node = { id: 1, key: 'n', upstreamId: null, branchIndex: null, config: { rule } };
  const job = await createRuleInstruction(store, async () => undefined).run(node, null, {
    execution: { context: { data: record } }, nodes: [node],
    saveJob: (j: Row) => j, run: async () => undefined, exit: async () => undefined, findBranchParentJob: () => null, getParsedValue: (v: unknown) => v,
  } as never);
  return (job as { result?: unknown } | undefined)?.result;
}

for (const [seed, custom] of [[11, false], [29, true]] as const) {
  describe(`parity on random company ${seed}${custom ? ' with the customised bundle' : ''}`, () => {
    const c = randomCompany(seed, custom);
    let bundle: LoadedBundle;
    let model: CompanyModel;
    /** The CLI's rows whose light differs from the light of the same figures without the unit's record (no green_from). */
    const changedByColumn = (rows: Row[]) => {
      const tracker = trackerOf(bundle)!;
      return rows.filter((r) => typeof r.base === 'number' && r.base > 0 && tracker.light(r.actual as number, r.base).light !== r.light).length;
    };

    it('targets: the CLI allocation and the simulator give every unit the same Base and Stretch in all three plans', async () => {
      writeFileSync(join(c.dir, 'company.bundle.json'), JSON.stringify(toSingleFile(c.files as BundleFiles)));
      const total = String(c.suggestedBase);
      const cliPlans = json(await cli(c, ['allocate', '--units', 'units.csv', '--total', total, '--plan', 'all', '--out', 'json']));
      const sim = allocatePlans(modelOf(load(c.files)).prepared, { base: Math.round(c.suggestedBase * 100) });
      if (!sim.ok) throw new Error(JSON.stringify(sim.problems));
      const simRows = sim.plans.flatMap((p) => p.units.map((u) => ({ plan: p.plan.id, id: u.id, base: fenToYuan(u.base), stretch: fenToYuan(u.stretch) })));
      expect(cliPlans.map((r) => ({ plan: r.plan, id: r.id, base: r.base, stretch: r.stretch }))).toEqual(simRows);
      expect(simRows.length).toBeGreaterThan(3 * 40);

      // the balanced plan becomes the targets both hosts track
      const balanced = cliPlans.filter((r) => r.plan === 'balanced');
      // customised: a green_from column for traffic-light's added input, blank for about a third of the units
      if (custom) {
        const rng = seededRandom(seed * 13 + 5);
        for (const r of balanced) c.greenFrom.set(String(r.id), rng() < 0.35 ? '' : (0.2 + Math.floor(rng() * 60) / 100).toFixed(2));
      }
      const columns = ['id', 'parent_id', 'name', 'level', 'base', 'stretch', ...(custom ? ['green_from'] : [])];
      const targets = csv(columns, balanced.map((r) => ({ ...r, green_from: c.greenFrom.get(String(r.id)) ?? '' })));
      writeFileSync(join(c.dir, 'targets.csv'), targets);
      const fileOf = (id: string) => (c.files['bundle.json'].datasets as Array<{ id: string; file: string }>).find((d) => d.id === id)!.file;
      c.files[fileOf(DATASET.targets)] = targets;
      writeFileSync(join(c.dir, 'company.bundle.json'), JSON.stringify(toSingleFile(c.files as BundleFiles)));
      bundle = load(c.files);
      model = modelOf(bundle);
    });

    it('the half year: every unit has the same actual, targets, lights (against the target due by the as-of day), gaps and completion in the CLI and on the board', async () => {
      const rows = json(await cli(c, ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-H1', '--as-of', AS_OF,
        '--phase', '--history', 'history.csv', '--alerts', 'alerts.csv', '--basis', 'to-date', '--out', 'json']));
      const board = boardProgress(bundle, trackerOf(bundle)!, model, {});
      const seen = rows.map((r) => ({ id: r.id, actual: r.actual, base: r.base, stretch: r.stretch, light: r.light, lightStretch: r.light_stretch, gapBase: r.gap_base, gapStretch: r.gap_stretch, completion: r.completion_base }));
      const shown = rows.map((r) => {
        const p = board.progress.get(r.id as string)!;
        const y = (f: number | null) => (f === null ? null : fenToYuan(f));
        return { id: r.id, actual: fenToYuan(p.actual), base: y(p.base), stretch: y(p.stretch), light: p.light, lightStretch: p.lightStretch, gapBase: y(p.gapBase), gapStretch: y(p.gapStretch), completion: p.completionBase };
      });
      expect(seen).toEqual(shown);
      expect(new Set(seen.map((r) => r.light)).size).toBeGreaterThan(1);
      // customised: the green_from column lights some units otherwise than the boundaries alone, in both hosts
      if (custom) expect(changedByColumn(rows)).toBeGreaterThan(0);
    });

    it('actuals per month: each month books the same amount, phased target and light in the CLI and in the month lights', async () => {
      const month = phaseCompany(bundle, model, 'month');
      const week = phaseCompany(bundle, model, 'week');
      if (!month.ok || !week.ok) throw new Error('phasing');
      const byDay = boardActuals(bundle, model, {}).byDay;
      const ids = [...model.tree.topDown];
      const lit = periodLights(trackerOf(bundle)!, model, { month: month.result, week: week.result }, byDay, ids, ['month']);
      let changed = 0;
      for (const m of MONTHS) {
        const rows = json(await cli(c, ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', m, '--targets-period', '2026-H1', '--as-of', AS_OF,
          '--phase', '--history', 'history.csv', '--basis', 'to-date', '--out', 'json']));
        const cliMonth = rows.map((r) => ({ id: r.id, actual: r.actual, base: r.base, light: r.light }));
        const boardMonth = rows.map((r) => {
          const l = lit.get(r.id as string)!.months.find((x) => x.key === m)!;
          return { id: r.id, actual: fenToYuan(l.actual), base: fenToYuan(l.target), light: l.progress?.light };
        });
        expect(cliMonth, m).toEqual(boardMonth);
        changed += changedByColumn(rows);
      }
      if (custom) expect(changed).toBeGreaterThan(0);
      // a straddling week is in both months: January's and February's company actuals include parts of W05
      expect(periodOf('2026-01-29', 'week').key).toBe('2026-W05');
    });

    it('alerts: the CLI raises the same escalations and adjustment reviews as the board', () => {
      const month = phaseCompany(bundle, model, 'month');
      const timelines = month.ok ? timelinesOf(month.result, model) : undefined;
      const raised = boardAlerts(bundle, model, boardActuals(bundle, model, {}).byDay, timelines);
      if (!raised.ok) throw new Error(JSON.stringify(raised.problems));
      const fromBoard = [
        ...raised.alerts.map((a) => `${a.unitId} ${a.action} L${a.level} ${a.since} ${a.open}`),
        ...raised.reviews.map((r) => `${r.unitId} ${r.type} ${r.since} ${r.open}`),
      ].sort();
      const fromCli = table(join(c.dir, 'alerts.csv')).map((a) => (a.level === '' ? `${a.unit} ${a.kind} ${a.since} ${a.open}` : `${a.unit} ${a.kind} L${a.level} ${a.since} ${a.open}`)).sort();
      expect(fromCli).toEqual(fromBoard);
      expect(fromCli.length).toBeGreaterThan(0);
    });

    it('lights in NocoBase: the rule node on a unit record (yuan, as NocoBase stores it) lights every unit as the CLI does', async () => {
      const store = await nocobaseStore(c.files);
      const rows = json(await cli(c, ['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--targets-period', '2026-H1', '--as-of', AS_OF, '--out', 'json']));
      for (const r of rows.filter((x) => typeof x.base === 'number' && (x.base as number) > 0)) {
        // the unit's green boundary as a NocoBase field (a number), when its targets row has one
        const greenFrom = c.greenFrom.get(String(r.id));
        expect(await nocobaseNode(store, 'traffic-light', { id: r.id, actual: r.actual, target: r.base, ...(greenFrom ? { greenFrom: Number(greenFrom) } : {}) }), String(r.id)).toBe(r.light);
      }
    });

    it('scores: the CLI scores the board\'s figures to the same points and ranks as the board', async () => {
      const progress = boardProgress(bundle, trackerOf(bundle)!, model, {}).progress;
      const values = scoreValues(model, progress);
      const columns = Object.keys(values[0]!.values);
      writeFileSync(join(c.dir, 'scores.csv'), csv(['id', 'name', ...columns], values.map((v) => ({ id: v.id, name: v.name, ...v.values }))));
      const scored = json(await cli(c, ['score', '--data', 'scores.csv', '--out', 'json']));
      const cards = boardScoreCards(bundle, model, {});
      expect(scored.map((s) => ({ id: s.id, score: s.score, rank: s.rank }))).toEqual(cards.map((k) => ({ id: k.id, score: k.score, rank: k.rank })));
    });

    it('points: the CLI ledger posts for every event what the NocoBase rule node and eval give', async () => {
      const rng = seededRandom(seed);
      const types = ['deal-signed', 'customer-revisit', 'new-customer', 'demo-held'];
      const reps = model.tree.topDown.filter((id) => model.tree.get(id)!.level === 'rep');
      const events = Array.from({ length: 40 }, (_, i) => {
        const type = types[Math.floor(rng() * types.length)]!;
        return { key: `e${i}`, id: reps[Math.floor(rng() * reps.length)]!, date: addDays('2026-04-01', i % 28), kind: 'earn', type, amount: type === 'deal-signed' ? Math.floor(rng() * 1_000_000) : '' };
      });
      writeFileSync(join(c.dir, 'events.csv'), csv(['key', 'id', 'date', 'kind', 'type', 'amount'], events));
      await cli(c, ['points', '--events', 'events.csv', '--as-of', '2026-04-30', '--ledger', 'ledger.csv', '--out', 'json']);
      const posted = new Map(table(join(c.dir, 'ledger.csv')).map((e) => [e.key, Number(e.points)]));
      const evaluated = (await cli(c, ['eval', '--rule', 'points-for-event', '--data', 'events.csv', '--each'])).trim().split('\n').map((l) => JSON.parse(l) as unknown);
      const store = await nocobaseStore(c.files);
      for (const [i, e] of events.entries()) {
        const record: Row = { type: e.type, ...(e.amount === '' ? {} : { amount: e.amount }) };
        const inNocoBase = await nocobaseNode(store, 'points-for-event', record);
        expect(posted.get(e.key), e.key).toBe(inNocoBase);
        expect(evaluated[i], e.key).toBe(inNocoBase);
      }
      if (custom) expect(events.some((e) => e.type === 'deal-signed' && Number(e.amount) > 500_000 && posted.get(e.key) === 70)).toBe(true);
    });
  });
}
