/**
 * Allocation bench: the seeded 50,000-rep company (the sample generator at scale), scored once
 * through the bundle's factor rules, then the three plans cascaded over the four levels in
 * both tracks, timed beside one plain pass over the same units (each unit's proportional share
 * of its parent: the floor any allocation pays). The checksum checks that every parent's
 * children sum exactly to it in every plan.
 */
import { createHash } from 'node:crypto';
import { allocatePlan, createAllocation, loadBundle, parseAllocationUnits, type PlanResult, type PreparedAllocation } from '../../plugin/index.js';
import { generateSampleCompany, sampleUnitRows } from '../../plugin/sample/index.js';
import type { BenchContext, BenchSection } from './section.js';
import { readDefaultBundle } from './default-bundle.js';

const REPS = 50_000;
const PASSES = 3;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU time of this process (all its threads, the GC's included) since `start`, in ms: steadier than wall time on a loaded machine. */
const cpuMs = (start: NodeJS.CpuUsage) => { const d = process.cpuUsage(start); return (d.user + d.system) / 1e3; };

function exactSums(plan: PlanResult): boolean {
  const base = new Map<string, number>();
  const stretch = new Map<string, number>();
  for (const u of plan.units) {
    if (u.parentId === null) continue;
    base.set(u.parentId, (base.get(u.parentId) ?? 0) + u.base);
    stretch.set(u.parentId, (stretch.get(u.parentId) ?? 0) + u.stretch);
  }
  return plan.units.every((u) => !base.has(u.id) || (base.get(u.id) === u.base && stretch.get(u.id) === u.stretch));
}

/**
 * SHA-256 of what the allocation hands its callers, as JSON (the form the worker, the CLI and
 * NocoBase pass on): the prepared units, then each plan's figures, units and risks. Taken outside
 * the timed passes; the same digest before and after a speed change says the outputs did not move.
 */
function outputDigest(prepared: PreparedAllocation, plans: readonly PlanResult[]): string {
  const hash = createHash('sha256');
  for (const u of prepared.list) hash.update(JSON.stringify(u));
  for (const r of plans) {
    const { plan, companyTarget, base, stretch, outsideBand, infeasibleParents } = r;
    hash.update(JSON.stringify({ plan, companyTarget, base, stretch, outsideBand, infeasibleParents }));
    for (const u of r.units) hash.update(JSON.stringify(u));
    for (const risk of r.risks) hash.update(JSON.stringify(risk));
  }
  return hash.digest('hex');
}

export const allocationBench: BenchSection = {
  name: `allocation: ${REPS.toLocaleString('en')}-rep company, three plans, four levels`,
  run({ log, ratio }: BenchContext): boolean {
    const loaded = loadBundle(readDefaultBundle());
    if (!loaded.ok) throw new Error('the default bundle does not load');
    let t = process.hrtime.bigint();
    const company = generateSampleCompany({ reps: REPS, history: false });
    const rows = sampleUnitRows(company);
    log(`generated ${company.units.length.toLocaleString('en')} units (${REPS.toLocaleString('en')} reps) in ${ms(t).toFixed(0)} ms`);

    t = process.hrtime.bigint();
    const units = parseAllocationUnits(rows, 'bench');
    if (!units.ok) throw new Error('units refused');
    const parsedMs = ms(t);
    t = process.hrtime.bigint();
    let cpu = process.cpuUsage();
    const prepared = createAllocation(loaded.bundle, units.units, 'bench');
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems.slice(0, 3)));
    const prepareMs = ms(t);
    const prepareCpu = cpuMs(cpu);
    log(`parse rows ${parsedMs.toFixed(0)} ms; org tree + factor scores through the bundle rules (${prepared.prepared.model.factors.length} factors × ${company.units.length.toLocaleString('en')} units) + tiers ${prepareMs.toFixed(0)} ms`);

    const total = company.suggestedBase * 100;
    const plans = prepared.prepared.model.plans.map((p) => p.id);
    let best = Infinity;
    let bestCpu = Infinity;
    let results: PlanResult[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      t = process.hrtime.bigint();
      cpu = process.cpuUsage();
      results = plans.map((id) => {
        const r = allocatePlan(prepared.prepared, id, { base: total });
        if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
        return r.plan;
      });
      best = Math.min(best, ms(t));
      bestCpu = Math.min(bestCpu, cpuMs(cpu));
    }

    // the floor: one pass top down, each unit's share of its parent by last period, no bands, no rounding
    const tree = prepared.prepared.tree;
    const last = new Map([...prepared.prepared.units].map(([id, u]) => [id, u.lastRevenue]));
    let plainBest = Infinity;
    let plainChecksum = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      t = process.hrtime.bigint();
      const amount = new Map<string, number>([[tree.root.id, total]]);
      for (const id of tree.topDown) {
        const kids = tree.get(id)!.childIds;
        if (!kids.length) continue;
        let sum = 0;
        for (const k of kids) sum += last.get(k) ?? 0;
        const a = amount.get(id) ?? 0;
        for (const k of kids) amount.set(k, sum > 0 ? (a * (last.get(k) ?? 0)) / sum : 0);
      }
      plainBest = Math.min(plainBest, ms(t));
      plainChecksum = amount.size;
    }

    const ok = results.every(exactSums) && plainChecksum === company.units.length;
    ratio('a plan (best of three plans / 3)', best / 3, 'plain pass', plainBest);
    ratio('factor scores + tiers', prepareMs, 'plain pass', plainBest);
    log(`three plans (Base + Stretch, bands, risks, explanations): best of ${PASSES} ${best.toFixed(0)} ms (${(best / 3).toFixed(0)} ms a plan); goal < 1000 ms`);
    log(`plain pass over the same units (proportional share, floats, nothing else): ${plainBest.toFixed(1)} ms; the plans cost ${(best / 3 / plainBest).toFixed(1)}x a plain pass each`);
    log(`with scoring: ${(prepareMs + best).toFixed(0)} ms for scores + three plans; exact sums in every plan and track: ${ok ? 'yes' : 'NO'}`);
    log(`CPU time (this process, GC threads included): org tree + scores + tiers ${prepareCpu.toFixed(0)} ms, three plans ${bestCpu.toFixed(0)} ms (best of ${PASSES}), together ${(prepareCpu + bestCpu).toFixed(0)} ms; goal < 1000 ms on a quiet machine`);
    log(`outputs (prepared units + three plans as JSON) sha256 ${outputDigest(prepared.prepared, results)}`);
    for (const r of results) log(`  ${r.plan.id.padEnd(13)} base ${(r.base / 100).toFixed(2).padStart(16)}  stretch ${(r.stretch / 100).toFixed(2).padStart(16)}  risks ${r.risks.length}`);
    return ok;
  },
};
