import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocatePlans, createAllocation, fenToYuan, formFields, loadBundle, parseAllocationUnits, summarizeRisks, type TemplateDef } from '../../plugin/index.js';
import { generateSampleCompany, sampleUnitRows } from '../../plugin/sample/index.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;

/** What the simulator form shows for the sample company, computed by the plugin. */
function simulatorSample(): Record<string, unknown> {
  const company = generateSampleCompany();
  const units = parseAllocationUnits(sampleUnitRows(company), 'units.csv');
  if (!units.ok) throw new Error('units');
  const prepared = createAllocation(bundle, units.units);
  if (!prepared.ok) throw new Error('prepare');
  const all = allocatePlans(prepared.prepared, { base: company.suggestedBase * 100 });
  if (!all.ok) throw new Error('plans');
  const factors = prepared.prepared.model.factors;
  const balanced = all.plans.find((p) => p.plan.id === 'balanced')!;
  const pct = (x: number) => Math.round(x * 10000) / 100;
  return {
    total: company.suggestedBase,
    plan: 'balanced',
    stretch: fenToYuan(balanced.stretch),
    // shares are fractions in the form's data too; the form shows them in percent
    weights: factors.map((f) => ({ factor: f.id, name: f.name.zh, weight: f.weight })),
    weightsTotal: 1,
    plans: all.plans.map((p) => ({ name: p.plan.name.zh, base: fenToYuan(p.base), stretch: fenToYuan(p.stretch), outsideBand: fenToYuan(p.outsideBand), risks: summarizeRisks(p.risks, 'zh') })),
    regions: balanced.units.filter((u) => u.level === 'region').map((u) => ({
      name: u.name, tier: u.tier, lastRevenue: fenToYuan(u.lastRevenue), base: fenToYuan(u.base), stretch: fenToYuan(u.stretch),
      growth: u.growth === null ? null : Math.round(u.growth * 10_000) / 10_000, band: u.band ? `${pct(u.band.low)}%–${pct(u.band.high)}%` : '', risks: summarizeRisks(u.risks, 'zh'),
    })),
  };
}

describe('allocation and filing templates', () => {
  it('the simulator shows the plugin\'s own plans for the sample company (UPDATE_SAMPLE=1 rewrites them)', () => {
    const path = join(TEMPLATES_DIR, 'target-allocation', 'template.json');
    const template = JSON.parse(readFileSync(path, 'utf8')) as TemplateDef;
    const sample = simulatorSample();
    if (process.env.UPDATE_SAMPLE === '1') {
      template.sampleData = { main: sample };
      writeFileSync(path, JSON.stringify(template, null, 2) + '\n');
    }
    expect(template.sampleData?.main).toEqual(sample);
    const plans = sample.plans as Array<{ risks: string }>;
    expect(plans[2]!.risks).toContain('未达公司目标');
  });

  it('binds live rules: factor weights summing to 100%, the plan\'s Stretch, the filing range and Stretch >= Base', () => {
    const byId = new Map(bundle.templates.map((t) => [t.def.id, t.def]));
    const alloc = byId.get('target-allocation')!;
    const filing = byId.get('target-filing')!;
    const run = (t: TemplateDef, target: string, values: Record<string, unknown>) => {
      const b = t.bindings!.find((x) => x.target === target)!;
      const data = Object.fromEntries(Object.entries(b.inputs).map(([input, field]) => [input, values[field]]));
      return bundle.rules.get(b.rule)!.evaluate(data);
    };
    const weights = (alloc.sampleData!.main as { weights: Array<{ weight: number }> }).weights;
    expect(run(alloc, 'weights', { weights })).toEqual({ ok: true, value: true });
    expect(run(alloc, 'weights', { weights: [...weights.slice(1), { factor: 'x', weight: 20 }] })).toEqual({ ok: true, value: false });
    expect(run(alloc, 'stretch', { total: 120250000, plan: 'balanced' })).toEqual({ ok: true, value: 134680000 });
    const f = filing.sampleData!.main as Record<string, number>;
    const projection = run(filing, 'projection', f);
    expect(projection.ok).toBe(true);
    const withProjection = { ...f, projection: (projection as { value: number }).value };
    const low = (run(filing, 'low', withProjection) as { value: number }).value;
    const high = (run(filing, 'high', withProjection) as { value: number }).value;
    expect(low).toBeLessThan(high);
    expect(run(filing, 'declaredBase', { ...withProjection, low, high })).toEqual({ ok: true, value: true });
    expect(run(filing, 'declaredStretch', { ...f, declaredStretch: f.declaredBase! - 1 })).toEqual({ ok: true, value: false });
    for (const t of [alloc, filing]) {
      const fields = new Set(formFields(t.forms.main!).map((x) => x.path));
      for (const b of t.bindings!) expect(fields.has(b.target)).toBe(true);
    }
  });
});
