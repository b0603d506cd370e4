/**
 * Rules bench: three typical target-kit rules evaluated per record by json-logic-js `apply`,
 * by our compiled engine, and by hand-written JavaScript, on the same records; records/s and
 * the ratio of each to hand-written, plus a combined line. All three must produce the same
 * checksum.
 */
import { loadavg } from 'node:os';
import { createEngine } from '../../plugin/rules/index.js';
import type { SalesRecord } from './records.js';
import { jsonLogic } from './reference.js';
import type { BenchContext, BenchSection } from './section.js';
import { formatRate, timeBest, type Timing } from './timing.js';
import { withUnmeteredEngine } from './unmetered.js';

const PASSES = 5;
const WARMUP = 20_000;

type Dim = [actual: keyof SalesRecord, target: keyof SalesRecord, weight: number];
const DIMENSIONS: Dim[] = [
  ['sales', 'salesTarget', 0.4], ['margin', 'marginTarget', 0.25], ['visits', 'visitsTarget', 0.15],
  ['newCustomers', 'newCustomersTarget', 0.1], ['collection', 'collectionTarget', 0.1],
];

/** Weighted score: each dimension min(1, actual/target), 0 when there is no target. */
const scoreRule = {
  '+': DIMENSIONS.map(([a, t, w]) => ({
    '*': [w, { if: [{ var: t }, { min: [1, { '/': [{ var: a }, { var: t }] }] }, 0] }],
  })),
};
/** The same score as a bundle writes it, with the ratio domain operator (same results here). */
const scoreRuleRatio = {
  '+': DIMENSIONS.map(([a, t, w]) => ({ '*': [w, { min: [1, { ratio: [{ var: a }, { var: t }, 0] }] }] })),
};
function scoreByHand(r: SalesRecord): number {
  return 0
    + 0.4 * (r.salesTarget ? Math.min(1, r.sales / r.salesTarget) : 0)
    + 0.25 * (r.marginTarget ? Math.min(1, r.margin / r.marginTarget) : 0)
    + 0.15 * (r.visitsTarget ? Math.min(1, r.visits / r.visitsTarget) : 0)
    + 0.1 * (r.newCustomersTarget ? Math.min(1, r.newCustomers / r.newCustomersTarget) : 0)
    + 0.1 * (r.collectionTarget ? Math.min(1, r.collection / r.collectionTarget) : 0);
}

/** Traffic light (红绿灯) on sales achievement. */
const rate = { '/': [{ var: 'sales' }, { var: 'salesTarget' }] };
const lightRule = { if: [{ '>=': [rate, 0.9] }, 'green', { '>=': [rate, 0.7] }, 'yellow', 'red'] };
function lightByHand(r: SalesRecord): string {
  // exact at the boundary, as our engine decides (rules/exact.ts): amounts have at most two
  // decimals, so sales / target >= 0.9 is 10·sales >= 9·target in whole fen
  const s = Math.round(r.sales * 100), t = Math.round(r.salesTarget * 100);
  if (t === 0) return r.sales / r.salesTarget >= 0.9 ? 'green' : r.sales / r.salesTarget >= 0.7 ? 'yellow' : 'red';
  const at = (num: number, den: number) => (t > 0 ? s * den >= num * t : s * den <= num * t);
  return at(9, 10) ? 'green' : at(7, 10) ? 'yellow' : 'red';
}

/** Escalation (预警升级): two or more trailing weeks below 70% is level 3. */
const below = { '<': [{ var: '' }, 0.7] };
const escalationRule = { if: [{ '>=': [{ streak: [{ var: 'weeks' }, below] }, 2] }, 3, 0] };
/** json-logic-js has no streak: a reduce that resets on a good week counts the same run. */
const escalationRuleReduce = {
  if: [{
    '>=': [{
      reduce: [{ var: 'weeks' }, { if: [{ '<': [{ var: 'current' }, 0.7] }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 0],
    }, 2],
  }, 3, 0],
};
function escalationByHand(r: SalesRecord): number {
  const w = r.weeks;
  let i = w.length - 1;
  while (i >= 0 && w[i]! < 0.7) i--;
  return w.length - 1 - i >= 2 ? 3 : 0;
}

const lightCode = (v: unknown) => (v === 'green' ? 1 : v === 'yellow' ? 1_000 : 1_000_000);

interface Case {
  name: string;
  /** What json-logic-js runs (it has no domain operators), and what our engine runs. */
  jsonLogic: unknown;
  ours: unknown;
  hand: (r: SalesRecord) => unknown;
  /** Turns a result into a number to add to the checksum. */
  code: (v: unknown) => number;
  /** Why json-logic-js may give another checksum (our deliberate deviation), when it may. */
  jsonLogicDiffers?: string;
  /** Which combined line(s) count this case. */
  sets: Array<'same JSON' | 'as bundles write it'>;
}

const score = (v: unknown) => v as number;
const cases: Case[] = [
  { name: 'score, guarded /', jsonLogic: scoreRule, ours: scoreRule, hand: scoreByHand, code: score, sets: ['same JSON'] },
  { name: 'score, ratio', jsonLogic: scoreRule, ours: scoreRuleRatio, hand: scoreByHand, code: score, sets: ['as bundles write it'] },
  { name: 'traffic light', jsonLogic: lightRule, ours: lightRule, hand: lightByHand, code: lightCode, sets: ['same JSON', 'as bundles write it'],
    jsonLogicDiffers: 'json-logic-js compares the binary quotient, we the exact decimals: they part exactly at a boundary' },
  { name: 'escalation, reduce', jsonLogic: escalationRuleReduce, ours: escalationRuleReduce, hand: escalationByHand, code: score, sets: ['same JSON'] },
  { name: 'escalation, streak', jsonLogic: escalationRuleReduce, ours: escalationRule, hand: escalationByHand, code: score, sets: ['as bundles write it'] },
];

function passOf(f: (r: SalesRecord) => unknown, code: (v: unknown) => number) {
  return (records: readonly SalesRecord[]) => {
    let sum = 0;
    for (let i = 0; i < records.length; i++) sum += code(f(records[i]!));
    return sum;
  };
}

const pad = (s: string, n: number) => s.padEnd(n);
const NAME = 32;
const ratio = (ms: number, handMs: number) => `1/${(ms / handMs).toFixed(1)}`;
const cell = (records: number, ms: number, handMs: number) => pad(`${formatRate((records / ms) * 1000)} ${ratio(ms, handMs)}`, 22);

export const rulesBench: BenchSection = {
  name: 'rules: json-logic-js apply vs compiled engine vs hand-written',
  async run(context: BenchContext): Promise<boolean> {
    // the budget's cost first, on two fresh engines: run after the comparison below, the
    // metered engine's operators would have seen more rules than the copy's (score 1.35x against 0.99x alone)
    const cheap = await withUnmeteredEngine((create) => meterCost(context, create));
    return compareEngines(context) && cheap;
  },
};

/**
 * Wall and CPU time of one pass. CPU time (user + system) leaves out other processes, but
 * counts this process's background threads too (GC, compiler); the table takes the better of
 * the two, and both variants are timed alike.
 */
function timed(pass: () => number): { ms: number; checksum: number } {
  const cpu = process.cpuUsage(), wall = process.hrtime.bigint();
  const checksum = pass();
  const wallMs = Number(process.hrtime.bigint() - wall) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms: Math.min(wallMs, (used.user + used.system) / 1000), checksum };
}

const METER_PASSES = 7;

/**
 * The work budget's cost: each rule compiled by the engine and by the same engine with the
 * budget compiled out (./unmetered.ts), passes interleaved so a change in the machine's load
 * falls on both, best CPU time of each.
 */
function meterCost({ records, log, ratio: summary }: BenchContext, createUnmetered: typeof createEngine): boolean {
  const metered = createEngine(), unmetered = createUnmetered();
  const warmup = records.slice(0, WARMUP);
  log(`the work budget's cost: metered engine vs the same engine with the budget compiled out; best of ${METER_PASSES} interleaved passes (the lesser of wall and CPU time); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log(`${pad('rule', NAME)}${pad('metered', 14)}${pad('unmetered', 14)}metered / unmetered`);
  let agree = true;
  // every rule warmed up on both engines before any is timed: the operators' code then has
  // seen the same mix of rules in both
  const pairs = [...new Set(cases.map((c) => c.ours))].map((logic) => {
    const c = cases.find((k) => k.ours === logic)!;
    const pair = { c, m: passOf(metered.compile(logic), c.code), u: passOf(unmetered.compile(logic), c.code) };
    pair.m(warmup); pair.u(warmup);
    return pair;
  });
  for (const { c, m, u } of pairs) {
    let mBest = Infinity, uBest = Infinity;
    for (let i = 0; i < METER_PASSES; i++) {
      // which goes first alternates: neither always inherits the other's garbage
      const first = i % 2 === 0;
      const b0 = first ? null : timed(() => u(records));
      const a = timed(() => m(records));
      const b = b0 ?? timed(() => u(records));
      agree &&= a.checksum === b.checksum;
      mBest = Math.min(mBest, a.ms);
      uBest = Math.min(uBest, b.ms);
    }
    summary(`${c.name}: budget`, mBest, 'unmetered', uBest);
    log(pad(c.name, NAME) + pad(formatRate((records.length / mBest) * 1000), 14) + pad(formatRate((records.length / uBest) * 1000), 14)
      + `${(mBest / uBest).toFixed(3)}x`);
  }
  return agree;
}

function compareEngines({ records, log, ratio: summary }: BenchContext): boolean {
  {
    log('');
    const engine = createEngine();
    const warmup = records.slice(0, WARMUP);
    const n = records.length;
    log(`best of ${PASSES} passes over ${n.toLocaleString('en')} records after a warm-up (json-logic-js: 1 pass per distinct rule)`);
    log(`${pad('rule', NAME)}${pad('json-logic-js', 22)}${pad('ours (compiled)', 22)}${pad('hand-written', 14)}checksum`);
    let agree = true;
    const jsonLogicTimes = new Map<unknown, Timing>();
    const totals = new Map<string, { jl: number; ours: number; hand: number }>();
    for (const c of cases) {
      const compiled = engine.compile(c.ours);
      const hand = timeBest(records, passOf(c.hand, c.code), PASSES, warmup);
      const ours = timeBest(records, passOf(compiled, c.code), PASSES, warmup);
      let jl = jsonLogicTimes.get(c.jsonLogic);
      if (!jl) {
        jl = timeBest(records, passOf((r) => jsonLogic.apply(c.jsonLogic, r), c.code), 1, warmup);
        jsonLogicTimes.set(c.jsonLogic, jl);
      }
      const jlSame = jl.checksum === hand.checksum;
      const same = ours.checksum === hand.checksum && (jlSame || c.jsonLogicDiffers !== undefined);
      summary(c.name, ours.ms, 'hand-written', hand.ms);
      agree &&= same;
      for (const set of c.sets) {
        const t = totals.get(set) ?? { jl: 0, ours: 0, hand: 0 };
        t.jl += jl.ms; t.ours += ours.ms; t.hand += hand.ms;
        totals.set(set, t);
      }
      log(pad(c.name, NAME) + cell(n, jl.ms, hand.ms) + cell(n, ours.ms, hand.ms) + pad(formatRate(hand.recordsPerSecond), 14)
        + `${hand.checksum} ${!same ? `DIFFER: json-logic-js ${jl.checksum}, ours ${ours.checksum}` : jlSame ? 'all agree' : `ours agrees; json-logic-js ${jl.checksum} (${c.jsonLogicDiffers})`}`);
    }
    for (const [set, t] of totals) {
      const count = n * cases.filter((c) => c.sets.includes(set as Case['sets'][number])).length;
      log(pad(`combined, ${set}`, NAME) + cell(count, t.jl, t.hand) + cell(count, t.ours, t.hand)
        + formatRate((count / t.hand) * 1000));
    }
    log('same JSON: both engines run identical logic. as bundles write it: ours uses ratio/streak, json-logic-js (which lacks them) the equivalent guarded / and reduce.');
    return agree;
  }
}
