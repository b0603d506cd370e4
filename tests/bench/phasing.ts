/**
 * Phasing bench: the seeded 50,000-rep company (with 24 months of history), each rep's quarter
 * target (last period × 1.15, rolled up the tree) phased into the 14 ISO weeks of 2026-Q2 —
 * profiles learned from history per team (the reference level), reps cascaded under their team,
 * Base and Stretch — timed beside one plain pass (each unit's target × each week's working-day
 * share, floats, rounded, nothing else). The checksum checks that every unit's weeks sum exactly
 * to its target in both tracks, and that every cascaded parent's children add up in every week.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PHASING, buildOrgTree, parseCalendar, parsePeriod, phaseTargets, type Fen, type OrgUnitInput, type PhasingResult } from '../../plugin/index.js';
import { generateSampleCompany } from '../../plugin/sample/index.js';
import type { BenchContext, BenchSection } from './section.js';
import { templatesDir } from './default-bundle.js';

const REPS = 50_000;
const PASSES = 3;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU time of this process (all its threads, the GC's included) since `start`, in ms: steadier than wall time on a loaded machine. */
const cpuMs = (start: NodeJS.CpuUsage) => { const d = process.cpuUsage(start); return (d.user + d.system) / 1e3; };

function exact(result: PhasingResult): boolean {
  const byId = new Map(result.units.map((u) => [u.id, u]));
  for (const u of result.units) {
    let b = 0;
    let s = 0;
    for (const x of u.phasedBase.slots) b += x;
    for (const x of u.phasedStretch.slots) s += x;
    if (b !== u.base || s !== u.stretch) return false;
  }
  const sums = new Map<string, Fen[]>();
  for (const u of result.units) {
    if (!u.cascaded || u.parentId === null) continue;
    const acc = sums.get(u.parentId) ?? result.slots.map(() => 0);
    u.phasedBase.slots.forEach((x, i) => { acc[i] = (acc[i] as number) + x; });
    sums.set(u.parentId, acc);
  }
  for (const [id, acc] of sums) if (acc.some((x, i) => x !== byId.get(id)!.phasedBase.slots[i])) return false;
  return true;
}

/** The period's cut for the exact plain pass: month shares by working days, each month's pieces (slot, working days). */
interface ExactLayout { monthShares: number[]; monthFrom: number[]; pieceSlot: number[]; pieceWeight: number[]; weeks: number }

function exactLayout(result: PhasingResult): ExactLayout {
  const monthIndex = new Map(result.months.map((m, i) => [m.key, i]));
  const byMonth = result.months.map(() => [] as Array<[number, number]>);
  result.slots.forEach((s, si) => { for (const p of s.parts) byMonth[monthIndex.get(p.month)!]!.push([si, p.workingDays]); });
  const monthFrom: number[] = [];
  const pieceSlot: number[] = [];
  const pieceWeight: number[] = [];
  for (const ps of byMonth) { monthFrom.push(pieceSlot.length); for (const [si, w] of ps) { pieceSlot.push(si); pieceWeight.push(w); } }
  monthFrom.push(pieceSlot.length);
  return { monthShares: result.months.map((m) => m.workingDays), monthFrom, pieceSlot, pieceWeight, weeks: result.slots.length };
}

const order: number[] = [];
const rest: number[] = [];
/** `total` over `weights[from..from+n)` by the largest remainder (ties to the lower index), into `out[at..]`. */
function largestRemainder(total: number, weights: readonly number[], from: number, n: number, out: Float64Array | number[], at: number): void {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[from + i]!;
  let left = total;
  for (let i = 0; i < n; i++) {
    const quota = (total * weights[from + i]!) / sum;
    const floor = Math.floor(quota);
    out[at + i] = floor;
    left -= floor;
    rest[i] = quota - floor;
    let k = i;
    while (k > 0 && rest[order[k - 1]!]! < rest[i]!) { order[k] = order[k - 1]!; k--; }
    order[k] = i;
  }
  for (let k = 0; left > 0; k++, left--) out[at + order[k]!] = out[at + order[k]!]! + 1;
}

/** Every unit's weeks in both tracks (unit × 2 tracks × weeks, flat). */
function exactPlainPass(ids: readonly string[], targets: ReadonlyMap<string, { base: Fen; stretch: Fen }>, layout: ExactLayout): Float64Array {
  const { monthShares, monthFrom, pieceSlot, pieceWeight, weeks } = layout;
  const m = monthShares.length;
  const out = new Float64Array(ids.length * 2 * weeks);
  const months = new Array<number>(m).fill(0);
  const pieces = new Array<number>(pieceSlot.length).fill(0);
  for (let u = 0; u < ids.length; u++) {
    const x = targets.get(ids[u]!)!;
    for (let track = 0; track < 2; track++) {
      largestRemainder(track === 0 ? x.base : x.stretch, monthShares, 0, m, months, 0);
      for (let mi = 0; mi < m; mi++) largestRemainder(months[mi]!, pieceWeight, monthFrom[mi]!, monthFrom[mi + 1]! - monthFrom[mi]!, pieces, monthFrom[mi]!);
      const at = (u * 2 + track) * weeks;
      for (let p = 0; p < pieceSlot.length; p++) out[at + pieceSlot[p]!] = out[at + pieceSlot[p]!]! + pieces[p]!;
    }
  }
  return out;
}

function exactSums(ids: readonly string[], targets: ReadonlyMap<string, { base: Fen; stretch: Fen }>, out: Float64Array, weeks: number): boolean {
  for (let u = 0; u < ids.length; u++) {
    const x = targets.get(ids[u]!)!;
    for (let track = 0; track < 2; track++) {
      let sum = 0;
      for (let w = 0; w < weeks; w++) sum += out[(u * 2 + track) * weeks + w]!;
      if (sum !== (track === 0 ? x.base : x.stretch)) return false;
    }
  }
  return true;
}

export const phasingBench: BenchSection = {
  name: `phasing: ${REPS.toLocaleString('en')}-rep company, 2026-Q2 into 14 ISO weeks`,
  run({ log, ratio }: BenchContext): boolean {
    const root = templatesDir();
    const cal = parseCalendar(JSON.parse(readFileSync(join(root, 'calendars', 'cn-2026.json'), 'utf8')));
    if (!cal.ok) throw new Error('calendar');
    let t = process.hrtime.bigint();
    const company = generateSampleCompany({ reps: REPS, history: true });
    log(`generated ${company.units.length.toLocaleString('en')} units with ${company.months.length} months of history in ${ms(t).toFixed(0)} ms`);
    const built = buildOrgTree<OrgUnitInput>(company.units.map((u) => ({ id: u.id, parentId: u.parent_id || null, name: u.name, level: u.level })), 'bench');
    if (!built.ok) throw new Error('tree');
    const tree = built.tree;
    const lastRevenue = new Map(company.units.map((u) => [u.id, u.last_revenue]));
    const targets = new Map<string, { base: Fen; stretch: Fen }>();
    for (let i = tree.topDown.length - 1; i >= 0; i--) {
      const id = tree.topDown[i] as string;
      const kids = tree.get(id)!.childIds;
      if (!kids.length) {
        const last = Math.round((lastRevenue.get(id) ?? 0) * 115);
        targets.set(id, { base: last, stretch: Math.round(last * 1.2) });
      } else {
        let base = 0;
        let stretch = 0;
        for (const k of kids) { base += targets.get(k)!.base; stretch += targets.get(k)!.stretch; }
        targets.set(id, { base, stretch });
      }
    }
    const history = new Map([...company.history].map(([id, months]) => [id, new Map(company.months.map((m, i) => [m, Math.round((months[i] ?? 0) * 100)]))]));
    const period = parsePeriod('2026-Q2')!;
    const settings = { ...DEFAULT_PHASING, profile: 'history' as const };

    let best = Infinity;
    let bestCpu = Infinity;
    let result: PhasingResult | undefined;
    const passCpu: number[] = [];
    for (let pass = 0; pass < PASSES; pass++) {
      t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const r = phaseTargets({ tree, targets, period, by: 'week', calendar: cal.calendar, settings, history });
      if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
      best = Math.min(best, ms(t));
      passCpu.push(cpuMs(cpu));
      bestCpu = Math.min(bestCpu, passCpu[pass]!);
      result = r.result;
    }
    const weeks = result!.slots;
    const total = weeks.reduce((a, w) => a + w.workingDays, 0);
    const shares = weeks.map((w) => w.workingDays / total);
    let plainBest = Infinity;
    let plainCpu = Infinity;
    let plainChecksum = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      let sum = 0;
      for (const id of tree.topDown) {
        const x = targets.get(id)!;
        for (const s of shares) sum += Math.round(x.base * s) + Math.round(x.stretch * s);
      }
      plainBest = Math.min(plainBest, ms(t));
      plainCpu = Math.min(plainCpu, cpuMs(cpu));
      plainChecksum = sum;
    }
    // the honest floor: the same splits with the same exactness, written by hand over flat arrays
    // (each unit's target over the months by working days, each month over its week pieces by
    // working days, both by the largest remainder, the pieces added into the weeks), no profiles
    // learned, no cascade, no objects per unit
    const layout = exactLayout(result!);
    let exactBest = Infinity;
    let exactCpu = Infinity;
    let exactOk = false;
    for (let pass = 0; pass < PASSES; pass++) {
      t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const out = exactPlainPass(tree.topDown, targets, layout);
      exactBest = Math.min(exactBest, ms(t));
      exactCpu = Math.min(exactCpu, cpuMs(cpu));
      exactOk = exactSums(tree.topDown, targets, out, layout.weeks);
    }
    const ok = exact(result!) && plainChecksum > 0 && exactOk;
    ratio('phasing', best, 'exact plain pass', exactBest);
    const cascaded = result!.units.filter((u) => u.cascaded).length;
    const learned = result!.units.filter((u) => u.profile.source === 'own' && u.profile.kind === 'history').length;
    log(`phase ${tree.topDown.length.toLocaleString('en')} units × ${weeks.length} weeks × 2 tracks (history profiles, cascade, straddling weeks): best of ${PASSES} ${best.toFixed(0)} ms`);
    log(`plain pass (target × working-day share per week, floats, rounded): ${plainBest.toFixed(1)} ms; phasing costs ${(best / plainBest).toFixed(1)}x a plain pass`);
    log(`exact plain pass (the same month and week splits, largest remainder, flat arrays, working-day shares): ${exactBest.toFixed(1)} ms; phasing costs ${(best / exactBest).toFixed(1)}x it`);
    // the first pass compiles; a unit's months and weeks become arrays when first read (the sha256 below reads them all)
    log(`phasing's CPU time pass by pass: ${passCpu.map((x) => x.toFixed(0)).join(', ')} ms`);
    log(`CPU time (this process, GC threads included), best of ${PASSES}: phasing ${bestCpu.toFixed(0)} ms, plain pass ${plainCpu.toFixed(1)} ms (${(bestCpu / plainCpu).toFixed(1)}x), exact plain pass ${exactCpu.toFixed(1)} ms (${(bestCpu / exactCpu).toFixed(1)}x); goal within 10x`);
    // the whole result as JSON (every unit's months and weeks in both tracks, profiles, differences):
    // a change to the phasing's speed must leave this the same
    const sha = createHash('sha256').update(JSON.stringify(result)).digest('hex');
    log(`sha256 of the phasing result as JSON: ${sha.slice(0, 16)}`);
    log(`profiles learned ${learned}, cascaded units ${cascaded.toLocaleString('en')}, differences reported ${result!.differences.length}; exact sums in every unit, track and week: ${ok ? 'yes' : 'NO'}`);
    return ok;
  },
};
