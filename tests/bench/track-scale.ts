/**
 * Track-at-scale bench (two sections, each in its own process so each peak is its own): the 50,000-rep company (60,606 units) tracked over 2026-Q2 from one
 * million daily actual rows (`id, date, amount` as a CSV reader hands them over, text cells),
 * read, booked, rolled up, lit and escalated by the runtime's use case (`trackCompany`, the CLI's
 * and the playground's), beside a plain pass that sums the same rows per unit and period (parse
 * the amount, compare the date, add to the unit, roll up the tree). Then a year of daily actuals
 * for every rep (18.25M rows, 2026) streamed through the runtime's booker one row at a time, so
 * the rows never sit in memory: the section's peak memory is what that costs. The checksum checks
 * that the runtime's company actual equals the plain sum, in both runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildOrgTree, createActualsBooker, createActualsReader, loadBundle, parseCalendar, parsePeriod, readBookingSettings, trackCompany,
  type Fen, type OrgUnitInput, type TrackTarget, type WorkingCalendar,
} from '../../plugin/index.js';
import { generateSampleCompany, seededRandom, type SampleCompany } from '../../plugin/sample/index.js';
import { readDefaultBundle, templatesDir } from './default-bundle.js';
import type { BenchContext, BenchSection } from './section.js';

const REPS = 50_000;
const ROWS = 1_000_000;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU milliseconds (user + system, every thread: the collector's too) since `from`: on a machine at load 30 the wall clock times the others' work. */
const cpuMs = (from: NodeJS.CpuUsage) => { const u = process.cpuUsage(from); return (u.user + u.system) / 1000; };
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

type Cells = { line: number; record: { id: string; date: string; amount: string } };

/** Plain: sum the rows that fall in the period per unit, then roll the sums up the tree. */
function plainPass(rows: Iterable<Cells>, from: string, to: string, parents: ReadonlyMap<string, string | null>, bottomUp: readonly string[]): number {
  const own = new Map<string, number>();
  for (const { record } of rows) {
    if (record.date < from || record.date > to) continue;
    own.set(record.id, (own.get(record.id) ?? 0) + Math.round(Number(record.amount) * 100));
  }
  const rolled = new Map<string, number>();
  let company = 0;
  for (const id of bottomUp) {
    const v = (rolled.get(id) ?? 0) + (own.get(id) ?? 0);
    const p = parents.get(id) ?? null;
    if (p === null) company = v;
    else rolled.set(p, (rolled.get(p) ?? 0) + v);
  }
  return company;
}

/** Working days of the period up to asOf, every rep a row on each (the year run) or ROWS spread over reps and days. */
export function* dailyRows(reps: readonly string[], days: readonly string[], perRep: number, seed: number): Generator<Cells> {
  const rnd = seededRandom(seed);
  const cells: Cells = { line: 1, record: { id: '', date: '', amount: '' } };
  for (let r = 0; r < reps.length; r++) {
    for (let k = 0; k < perRep; k++) {
      cells.line++;
      cells.record.id = reps[r]!;
      cells.record.date = perRep >= days.length ? days[k % days.length]! : days[Math.floor(rnd() * days.length)]!;
      cells.record.amount = String(Math.round(rnd() * 5_000_000) / 100);
      yield cells;
    }
  }
}

/** The company, its tree and targets, the calendar and the bundle, as both sections use them. */
export function setUp(log: (line: string) => void, repCount = REPS) {
  const loaded = loadBundle(readDefaultBundle());
  if (!loaded.ok) throw new Error('the default bundle does not load');
  const bundle = loaded.bundle;
  const cal = parseCalendar(JSON.parse(readFileSync(join(templatesDir(), 'calendars', 'cn-2026.json'), 'utf8')));
  if (!cal.ok) throw new Error('calendar');
  const calendar: WorkingCalendar = cal.calendar;
  const company: SampleCompany = generateSampleCompany({ reps: repCount, history: false });
  const built = buildOrgTree<OrgUnitInput>(company.units.map((u) => ({ id: u.id, parentId: u.parent_id || null, name: u.name, level: u.level })), 'bench');
  if (!built.ok) throw new Error('tree');
  const tree = built.tree;
  const reps = company.units.filter((u) => u.level === 'rep').map((u) => u.id);
  const parents = new Map(company.units.map((u) => [u.id, u.parent_id || null]));
  const bottomUp = [...tree.topDown].reverse();
  // targets: each rep's last period × 1.15 for the quarter, rolled up
  const targets = new Map<string, TrackTarget>();
  const lastRevenue = new Map(company.units.map((u) => [u.id, u.last_revenue]));
  for (const id of bottomUp) {
    const kids = tree.get(id)!.childIds;
    if (!kids.length) { const base: Fen = Math.round((lastRevenue.get(id) ?? 0) * 57.5); targets.set(id, { base, stretch: Math.round(base * 1.2) }); continue; }
    let base = 0, stretch = 0;
    for (const k of kids) { base += targets.get(k)!.base; stretch += targets.get(k)!.stretch; }
    targets.set(id, { base, stretch });
  }
  log(`${company.units.length.toLocaleString('en')} units, ${reps.length.toLocaleString('en')} reps`);
  return { bundle, calendar, company, tree, reps, parents, bottomUp, targets };
}

export const trackScaleBench: BenchSection = {
  name: `track at scale: ${REPS.toLocaleString('en')}-rep company, 1M daily rows over a quarter`,
  run({ log, ratio }: BenchContext): boolean {
    const { bundle, calendar, company, tree, reps, parents, bottomUp, targets } = setUp(log);
    // one quarter, 1M rows in memory (as the CLI reads a file today)
    const quarter = parsePeriod('2026-Q2')!;
    const asOf = '2026-06-19';
    const qDays = calendar.workingDays(quarter.start, asOf);
    const rows = Array.from(dailyRows(reps, qDays, ROWS / reps.length, 2026_06_19), (c) => ({ line: c.line, record: { ...c.record } }));
    let t = process.hrtime.bigint();
    let c = process.cpuUsage();
    const plain = plainPass(rows, quarter.start, asOf, parents, bottomUp);
    const plainMs = ms(t), plainCpu = cpuMs(c);
    t = process.hrtime.bigint();
    c = process.cpuUsage();
    // as `target-kit track` reads its file: each row read and booked as it comes, then tracked
    const reader = createActualsReader('actuals.csv', { units: tree.flat });
    const booker = createActualsBooker({ period: quarter, asOf, calendar, settings: readBookingSettings(bundle.parameters), file: 'actuals.csv', units: tree.flat });
    for (const { line, record } of rows) {
      const row = reader.read(line, record);
      if (row) booker.add(row);
    }
    if (reader.problems.length) throw new Error(JSON.stringify(reader.problems.slice(0, 3)));
    const tracked = trackCompany(bundle, { tree, targets, booked: booker.finish(), file: 'actuals.csv', period: quarter, asOf, calendar });
    if (!tracked.ok) throw new Error(JSON.stringify(tracked.problems.slice(0, 3)));
    const oursMs = ms(t), oursCpu = cpuMs(c);
    const top = tracked.tracking.progress[0]!;
    const same = top.actual === plain;
    ratio(`1M rows, ${company.units.length.toLocaleString('en')} units (CPU time)`, oursCpu, 'plain sum per unit', plainCpu);
    log(`quarter: ${rows.length.toLocaleString('en')} rows, ${tracked.tracking.progress.length.toLocaleString('en')} units tracked, ${tracked.tracking.alerts.length.toLocaleString('en')} alerts, ${tracked.tracking.reviews.length} reviews in ${(oursCpu / 1000).toFixed(2)} s CPU (${(oursMs / 1000).toFixed(2)} s wall); plain pass ${plainCpu.toFixed(0)} ms CPU (${plainMs.toFixed(0)} ms wall): ${(oursCpu / plainCpu).toFixed(1)}x CPU, ${(oursMs / plainMs).toFixed(1)}x wall; company actual ${same ? 'agrees' : `DIFFERS (${top.actual} vs ${plain})`}`);
    return same;
  },
};

export const trackStreamBench: BenchSection = {
  name: `track streamed: ${REPS.toLocaleString('en')}-rep company, a year of daily rows (18.25M), read and booked one row at a time`,
  run({ log, ratio }: BenchContext): boolean {
    const { bundle, calendar, tree, reps, parents, bottomUp, targets } = setUp(log);
    // a row per rep and day, streamed: the rows never sit in memory
    const year = parsePeriod('2026')!;
    const yearEnd = '2026-12-31';
    const allDays: string[] = [];
    for (let d = new Date(`${year.start}T00:00:00Z`); d.toISOString().slice(0, 10) <= yearEnd; d.setUTCDate(d.getUTCDate() + 1)) allDays.push(d.toISOString().slice(0, 10));
    const stream = () => dailyRows(reps, allDays, allDays.length, 2026_12_31);
    let t = process.hrtime.bigint();
    const plainYear = plainPass(stream(), year.start, yearEnd, parents, bottomUp);
    const plainYearMs = ms(t);
    t = process.hrtime.bigint();
    const reader = createActualsReader('actuals.csv', { units: tree.flat });
    const booker = createActualsBooker({ period: year, asOf: yearEnd, calendar, settings: readBookingSettings(bundle.parameters), file: 'actuals.csv', units: tree.flat });
    let count = 0;
    for (const c of stream()) {
      const row = reader.read(c.line, c.record);
      if (row) booker.add(row);
      count++;
    }
    if (reader.problems.length) throw new Error(JSON.stringify(reader.problems.slice(0, 3)));
    const booked = booker.finish();
    if (!booked.ok) throw new Error(JSON.stringify(booked.problems.slice(0, 3)));
    const yearTracked = trackCompany(bundle, { tree, targets, booked: booked.booking, file: 'actuals.csv', period: year, asOf: yearEnd, calendar });
    if (!yearTracked.ok) throw new Error(JSON.stringify(yearTracked.problems.slice(0, 3)));
    const yearMs = ms(t);
    const sameYear = yearTracked.tracking.progress[0]!.actual === plainYear;
    ratio('18.25M rows streamed', yearMs, 'plain sum per unit', plainYearMs);
    log(`year: ${count.toLocaleString('en')} rows streamed, ${yearTracked.tracking.alerts.length.toLocaleString('en')} alerts, in ${(yearMs / 1000).toFixed(1)} s; plain pass ${(plainYearMs / 1000).toFixed(1)} s (${(yearMs / plainYearMs).toFixed(1)}x); peak so far ${mb(process.resourceUsage().maxRSS)} (the booking holds units × days, never the rows); company actual ${sameYear ? 'agrees' : `DIFFERS (${yearTracked.tracking.progress[0]!.actual} vs ${plainYear})`}`);
    return sameYear;
  },
};
