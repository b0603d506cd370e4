/**
 * Allocation-by-line bench: the seeded 50,000-rep company, scored once through the bundle's
 * factor rules, the default plan (balanced) allocated over the four levels (a plain allocation pass: Base
 * and Stretch, bands, risks), then that plan split over the bundle's product lines with each
 * line's own factor weights (`allocateByLine`: every unit re-scored per line, each parent's
 * children × lines table fitted to both totals). The checksum checks, in both tracks, that every
 * unit's lines sum exactly to its plan amount and every line's children to their parent's line.
 */
import { allocateByLine, allocatePlan, createAllocation, loadBundle, parseAllocationUnits, readProductLines, type LineAllocation, type PlanResult } from '../../plugin/index.js';
import { generateSampleCompany, sampleUnitRows } from '../../plugin/sample/index.js';
import { readDefaultBundle } from './default-bundle.js';
import type { BenchContext, BenchSection } from './section.js';

const REPS = 50_000;
const PASSES = 3;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function best<T>(run: () => T): { ms: number; result: T } {
  let fastest = Infinity;
  let result = run(); // warm-up
  for (let pass = 0; pass < PASSES; pass++) {
    const t = process.hrtime.bigint();
    result = run();
    fastest = Math.min(fastest, ms(t));
  }
  return { ms: fastest, result };
}

function exactByLine(plan: PlanResult, split: LineAllocation): boolean {
  const sums = new Map<string, { base: number[]; stretch: number[] }>();
  for (const u of plan.units) {
    const lines = split.units.get(u.id);
    if (!lines) return false;
    let base = 0;
    let stretch = 0;
    for (const l of lines) {
      if (l.stretch < l.base) return false;
      base += l.base;
      stretch += l.stretch;
    }
    if (base !== u.base || stretch !== u.stretch) return false;
    if (u.parentId === null) continue;
    const acc = sums.get(u.parentId) ?? { base: lines.map(() => 0), stretch: lines.map(() => 0) };
    lines.forEach((l, j) => { acc.base[j]! += l.base; acc.stretch[j]! += l.stretch; });
    sums.set(u.parentId, acc);
  }
  for (const [id, acc] of sums) {
    const lines = split.units.get(id)!;
    if (lines.some((l, j) => l.base !== acc.base[j] || l.stretch !== acc.stretch[j])) return false;
  }
  return true;
}

export const linesBench: BenchSection = {
  name: `allocation by product line: ${REPS.toLocaleString('en')}-rep company, one plan, four levels`,
  run({ log, ratio }: BenchContext): boolean {
    const loaded = loadBundle(readDefaultBundle());
    if (!loaded.ok) throw new Error('the default bundle does not load');
    const settings = readProductLines(loaded.bundle.parameters);
    if (!settings) throw new Error('the default bundle has no productLines');
    const company = generateSampleCompany({ reps: REPS, history: false });
    const units = parseAllocationUnits(sampleUnitRows(company), 'bench');
    if (!units.ok) throw new Error('units refused');
    let t = process.hrtime.bigint();
    const prepared = createAllocation(loaded.bundle, units.units, 'bench');
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems.slice(0, 3)));
    log(`${company.units.length.toLocaleString('en')} units scored through the bundle rules in ${ms(t).toFixed(0)} ms (once, not in the times below)`);

    // the CLI's default plan
    const plans = prepared.prepared.model.plans.map((p) => p.id);
    const planId = plans.includes('balanced') ? 'balanced' : plans[0]!;
    const total = company.suggestedBase * 100;
    const plain = best(() => {
      const r = allocatePlan(prepared.prepared, planId, { base: total });
      if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
      return r.plan;
    });
    const byLine = best(() => {
      const r = allocateByLine(prepared.prepared, plain.result, settings);
      if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
      return r.allocation;
    });
    t = process.hrtime.bigint();
    const ok = exactByLine(plain.result, byLine.result);
    ratio('by product line', byLine.ms, 'plain plan', plain.ms);
    const checkMs = ms(t);

    const own = settings.lines.filter((l) => l.factors).map((l) => l.id);
    log(`plain allocation pass (plan ${planId}: Base + Stretch, bands, risks, explanations): best of ${PASSES} ${plain.ms.toFixed(0)} ms`);
    log(`by product line (${settings.lines.length} lines, own factor weights on ${own.join(', ') || 'none'}; per-line scores, fitted tables, both tracks): best of ${PASSES} ${byLine.ms.toFixed(0)} ms`);
    log(`ratio: by line ${(byLine.ms / plain.ms).toFixed(2)}x the plain pass; plan + lines ${(plain.ms + byLine.ms).toFixed(0)} ms`);
    log(`exact sums (each unit's lines = its plan amount, each line's children = the parent's line, Stretch ≥ Base), checked in ${checkMs.toFixed(0)} ms: ${ok ? 'yes' : 'NO'}`);
    return ok;
  },
};
