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
    for (let pass = 0; pass < PASSES; pass++) {
      t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const r = phaseTargets({ tree, targets, period, by: 'week', calendar: cal.calendar, settings, history });
      if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
      best = Math.min(best, ms(t));
      bestCpu = Math.min(bestCpu, cpuMs(cpu));
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
    const ok = exact(result!) && plainChecksum > 0;
    ratio('phasing', best, 'plain pass', plainBest);
    const cascaded = result!.units.filter((u) => u.cascaded).length;
    const learned = result!.units.filter((u) => u.profile.source === 'own' && u.profile.kind === 'history').length;
    log(`phase ${tree.topDown.length.toLocaleString('en')} units × ${weeks.length} weeks × 2 tracks (history profiles, cascade, straddling weeks): best of ${PASSES} ${best.toFixed(0)} ms`);
    log(`plain pass (target × working-day share per week, floats, rounded): ${plainBest.toFixed(1)} ms; phasing costs ${(best / plainBest).toFixed(1)}x a plain pass`);
    log(`CPU time (this process, GC threads included), best of ${PASSES}: phasing ${bestCpu.toFixed(0)} ms, plain pass ${plainCpu.toFixed(1)} ms (${(bestCpu / plainCpu).toFixed(1)}x); goal within 10x`);
    // the whole result as JSON (every unit's months and weeks in both tracks, profiles, differences):
    // a change to the phasing's speed must leave this the same
    const sha = createHash('sha256').update(JSON.stringify(result)).digest('hex');
    log(`sha256 of the phasing result as JSON: ${sha.slice(0, 16)}`);
    log(`profiles learned ${learned}, cascaded units ${cascaded.toLocaleString('en')}, differences reported ${result!.differences.length}; exact sums in every unit, track and week: ${ok ? 'yes' : 'NO'}`);
    return ok;
  },
};
