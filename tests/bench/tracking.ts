/**
 * Tracking bench: lights, gaps (with the run rate per remaining working day) and scores for the
 * same monthly records, through the default bundle's rules exactly as the tracker and the
 * scorer call them (DefinedRule.evaluate: input checks, coercion, output checks), beside
 * hand-written JavaScript computing the same numbers. Checksums must agree.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, createTracker, loadBundle, referencedPaths, type BundleFiles, type LoadedBundle } from '../../plugin/index.js';
import { roundHalfAway } from '../../plugin/rules/domain/round.js';
import { add, decimalOf, mul, roundFraction, roundedRatio, type Fraction } from '../../plugin/rules/exact.js';
import type { SalesRecord } from './records.js';
import type { BenchContext, BenchSection } from './section.js';
import { formatRate, timeBest } from './timing.js';

const PASSES = 3;
const WARMUP = 20_000;

function defaultBundle(): LoadedBundle {
  const dir = [join(import.meta.dirname, '..', '..', 'templates'), join(import.meta.dirname, '..', '..', '..', 'templates')]
    .find((d) => { try { readFileSync(join(d, 'bundle.json')); return true; } catch { return false; } })!;
  const read = (p: string): unknown => { const t = readFileSync(join(dir, p), 'utf8'); return p.endsWith('.json') ? JSON.parse(t) : t; };
  const files: BundleFiles = { 'bundle.json': read('bundle.json') };
  for (const p of referencedPaths(files['bundle.json'] as object)) files[p] = read(p);
  const r = loadBundle(files);
  if (!r.ok) throw new Error(`default bundle did not load: ${r.problems[0]?.message.en}`);
  return r.bundle;
}

/** A month's record as the tracker and scorer feed the rules. */
interface Monthly {
  actual: number; target: number; workingDaysLeft: number;
  revenue: number; revenueTarget: number; margin: number; marginTarget: number;
  newCustomers: number; newCustomersTarget: number; satisfaction: number; compliance: number;
}

function monthly(r: SalesRecord): Monthly {
  return {
    actual: r.sales, target: r.salesTarget, workingDaysLeft: r.id % 23,
    revenue: r.collection, revenueTarget: r.collectionTarget, margin: r.margin, marginTarget: r.marginTarget,
    newCustomers: r.newCustomers, newCustomersTarget: r.newCustomersTarget,
    satisfaction: Math.min(100, r.visits * 2), compliance: r.weeks.length * 8,
  };
}

const lightCode = (v: unknown) => (v === 'green' ? 1 : v === 'yellow' ? 10 : v === 'red' ? 100 : 1000);

export const trackingBench: BenchSection = {
  name: 'tracking: lights, gaps and scores through the bundle rules vs hand-written',
  run({ records, log, ratio }: BenchContext): boolean {
    const bundle = defaultBundle();
    const rules = bundle.rules;
    const made = createTracker(bundle);
    if (!made.ok) throw new Error(`tracker: ${made.problems[0]?.message.en}`);
    const tracker = made.tracker;
    const get = (id: string) => { const r = rules.get(id); if (!r) throw new Error(`no rule ${id}`); return r; };
    const light = get('traffic-light');
    const gap = get('gap-to-target');
    const runRate = get('run-rate-needed');
    const composite = get('score-composite');
    const dims = ['score-revenue', 'score-margin', 'score-new-customers', 'score-satisfaction', 'score-compliance'].map(get);
    const weights = [0.4, 0.25, 0.15, 0.1, 0.1];
    const data = records.map(monthly);
    const warm = data.slice(0, WARMUP);
    const value = (o: { ok: boolean; value?: unknown }) => { if (!o.ok) throw new Error('rule failed'); return o.value; };

    const cases: Array<{ name: string; ours: (m: Monthly) => number; hand: (m: Monthly) => number }> = [
      {
        name: 'traffic light',
        ours: (m) => lightCode(value(light.evaluate(m))),
        hand: (m) => lightCode(m.target <= 0 ? 'grey' : m.actual / m.target > 0.8 ? 'green' : m.actual / m.target >= 0.6 ? 'yellow' : 'red'),
      },
      {
        // the tracker's own call: traffic-light and completion-rate with their declared inputs
        name: 'traffic light, tracker',
        ours: (m) => lightCode(tracker.light(m.actual, m.target).light),
        hand: (m) => lightCode(m.target <= 0 ? 'grey' : m.actual / m.target > 0.8 ? 'green' : m.actual / m.target >= 0.6 ? 'yellow' : 'red'),
      },
      {
        name: 'gap + run rate',
        ours: (m) => {
          const g = value(gap.evaluate(m)) as number;
          const rr = value(runRate.evaluate({ gap: g, workingDaysLeft: m.workingDaysLeft })) as number | null;
          return g + (rr ?? -1);
        },
        hand: (m) => {
          const g = roundHalfAway(Math.max(0, m.target - m.actual), 2);
          // the engine rounds a quotient on its exact decimal value (rules/exact.ts), so the floor does too
          const rr = g <= 0 ? 0 : m.workingDaysLeft > 0 ? roundedRatio(g, m.workingDaysLeft, 2) : null;
          return g + (rr ?? -1);
        },
      },
      {
        name: 'score, composite rule',
        ours: (m) => value(composite.evaluate(m)) as number,
        hand: (m) => {
          const at = (a: number, t: number) => (t !== 0 && Number.isFinite(a / t) ? Math.min(Math.max(a / t, 0), 1.2) : 0);
          const pct = (x: number) => Math.min(Math.max(x / 100, 0), 1);
          // round over arithmetic is decided on the exact decimals of its terms (rules/exact.ts)
          const terms: Array<[number, number]> = [[0.4, at(m.revenue, m.revenueTarget)], [0.25, at(m.margin, m.marginTarget)],
            [0.15, at(m.newCustomers, m.newCustomersTarget)], [0.1, pct(m.satisfaction)], [0.1, pct(m.compliance)]];
          let sum: Fraction = { n: 0n, d: 1n };
          for (const [w, x] of terms) sum = add(sum, mul(decimalOf(w)!, decimalOf(x)!));
          return roundFraction(mul(decimalOf(100)!, sum), 2);
        },
      },
      {
        name: 'score, 5 dimension rules',
        ours: (m) => {
          let s = 0;
          for (let i = 0; i < 5; i++) s += weights[i]! * (value(dims[i]!.evaluate(m)) as number) * 100;
          return roundHalfAway(s, 2);
        },
        hand: (m) => {
          const at = (a: number, t: number) => (t !== 0 && Number.isFinite(a / t) ? Math.min(Math.max(a / t, 0), 1.2) : 0);
          const pct = (x: number) => Math.min(Math.max(x / 100, 0), 1);
          const n = [at(m.revenue, m.revenueTarget), at(m.margin, m.marginTarget), at(m.newCustomers, m.newCustomersTarget), pct(m.satisfaction), pct(m.compliance)];
          let s = 0;
          for (let i = 0; i < 5; i++) s += weights[i]! * n[i]! * 100;
          return roundHalfAway(s, 2);
        },
      },
    ];
    const pass = (f: (m: Monthly) => number) => (rs: readonly Monthly[]) => { let sum = 0; for (let i = 0; i < rs.length; i++) sum += f(rs[i]!); return sum; };
    log(`best of ${PASSES} passes over ${data.length.toLocaleString('en')} monthly records (rules called through DefinedRule.evaluate, as the tracker does)`);
    log(`${'computation'.padEnd(30)}${'ours (bundle rules)'.padEnd(24)}${'hand-written'.padEnd(16)}checksum`);
    let agree = true;
    let oursMs = 0;
    let handMs = 0;
    for (const c of cases) {
      const hand = timeBest(data, pass(c.hand), PASSES, warm);
      const ours = timeBest(data, pass(c.ours), PASSES, warm);
      const same = Math.abs(ours.checksum - hand.checksum) <= 1e-9 * Math.abs(hand.checksum);
      agree &&= same;
      ratio(c.name, ours.ms, 'hand-written', hand.ms);
      oursMs += ours.ms;
      handMs += hand.ms;
      log(c.name.padEnd(30) + `${formatRate(ours.recordsPerSecond)} 1/${(ours.ms / hand.ms).toFixed(1)}`.padEnd(24) + formatRate(hand.recordsPerSecond).padEnd(16)
        + `${hand.checksum.toFixed(2)} ${same ? 'agree' : `DIFFER: ours ${ours.checksum}`}`);
    }
    // the same rule as the bare compiled closure (no input or output checks), and through evaluateAll
    const bare = createEngine().compile(light.def.logic, { pointer: `${light.pointer}/logic`, params: bundle.parameters as Record<string, unknown> });
    const lightCodes = (f: (rs: readonly Monthly[]) => readonly unknown[]) => (rs: readonly Monthly[]) => {
      const values = f(rs);
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += lightCode(values[i]);
      return sum;
    };
    const bareT = timeBest(data, lightCodes((rs) => rs.map((m) => bare(m))), PASSES, warm);
    const calls = timeBest(data, lightCodes((rs) => rs.map((m) => value(light.evaluate(m)))), PASSES, warm);
    const batch = timeBest(data, lightCodes((rs) => { const r = light.evaluateAll(rs); if (!r.ok) throw new Error('rule failed'); return r.values; }), PASSES, warm);
    const sameLight = bareT.checksum === calls.checksum && batch.checksum === calls.checksum;
    agree &&= sameLight;
    log(`${'traffic light, bare closure'.padEnd(30)}${formatRate(bareT.recordsPerSecond).padEnd(24)}`);
    log(`${'  through evaluate'.padEnd(30)}${`${formatRate(calls.recordsPerSecond)} 1/${(calls.ms / bareT.ms).toFixed(2)}`.padEnd(24)}of the bare closure`);
    log(`${'  through evaluateAll'.padEnd(30)}${`${formatRate(batch.recordsPerSecond)} 1/${(batch.ms / bareT.ms).toFixed(2)}`.padEnd(24)}of the bare closure; ${sameLight ? 'agree' : 'DIFFER'}`);
    ratio('traffic light, evaluate', calls.ms, 'bare closure', bareT.ms);
    ratio('traffic light, evaluateAll', batch.ms, 'bare closure', bareT.ms);
    log(`${'all five, per record'.padEnd(30)}${`${formatRate((data.length / oursMs) * 1000)} 1/${(oursMs / handMs).toFixed(1)}`.padEnd(24)}${formatRate((data.length / handMs) * 1000)}`);
    return agree;
  },
};
