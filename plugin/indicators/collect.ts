/**
 * Collecting process indicators per person per day, then everything read from the daily values:
 * the weekly growth curve beside the team median, anomalies against the person's own trailing
 * baseline, the behaviour health index (行为健康度) and its coaching step, and the team playbook.
 *
 * The collector keeps, per person, one small array of day × indicator accumulators, and for
 * duration measures only the times of the two activity types it pairs; never the activities, so a
 * million rows stream through in bounded memory.
 */
import { dayFromNumber, periodOf } from '../calendar/index.js';
import type { OrgTree } from '../org/index.js';
import type { Localized } from '../problems.js';
import { shanghaiDayNumber, HOUR_MS } from '../calendar/instants.js';
import { strategyRule, type ActivityRecord, type IndicatorDef, type IndicatorModel } from './model.js';

interface CollectOptions {
  /** Only this role's indicators (default rep). */
  role?: string;
  /** Inclusive Shanghai days; activities outside are skipped. */
  from?: string;
  to?: string;
}

interface FinishOptions {
  /** Working days for the anomaly baseline; Monday to Friday by default. */
  isWorkingDay?: (day: string) => boolean;
  /** Teams (the person's parent unit) for the team median, team health and the playbook. */
  tree?: OrgTree;
  /** Leave out the per-day rows (the anomalies and curves are still computed). */
  daily?: boolean;
}

export interface Anomaly {
  personId: string;
  indicator: string;
  /** The first working day of the run. */
  date: string;
  value: number;
  baseline: number;
  direction: 'up' | 'down';
  /** The last working day of the same run (one alert per run). */
  through: string;
  days: number;
}

export interface WeeklyPoint { personId: string; indicator: string; week: string; value: number | null; teamMedian: number | null }
export interface HealthPoint { personId: string; week: string; index: number | null; scores: Record<string, number> }
export interface TeamHealthPoint { teamId: string; week: string; index: number | null; members: number }
interface CoachingStep { personId: string; level: 3; action: 'coaching'; since: string; weeks: number; open: boolean; training: { dimension: string; name: Localized } | null }
export interface Recommendation {
  teamId: string;
  week: string;
  weeksBelow: number;
  health: number;
  strategies: Array<{ id: string; name: Localized; score: number; reason: Localized }>;
}

export interface IndicatorResults {
  role: string;
  indicators: IndicatorDef[];
  from: string | null;
  to: string | null;
  daily: Array<{ personId: string; date: string; values: Record<string, number | null> }>;
  weekly: WeeklyPoint[];
  anomalies: Anomaly[];
  health: HealthPoint[];
  teamHealth: TeamHealthPoint[];
  coaching: CoachingStep[];
  recommendations: Recommendation[];
}

/**
 * What one class of records does to a person's day (records alike in every field the filters
 * read, see `compileClassifier`): the accumulator slots it adds 1 to, the sum indicators it adds
 * its field to, the duration indicators it starts or ends. Worked out once per class, so a record
 * costs a class look-up and a few additions, not a filter run per indicator.
 */
interface Plan {
  /** Offsets in a day's row that take +1. */
  ones: number[];
  /** Sum indicators whose field the record adds. */
  sums: number[];
  /** Duration indicators whose `from` (starts) or `to` (ends) the record is. */
  starts: number[];
  ends: number[];
}

/**
 * The people seen so far, numbered in first-seen order. Each has a block of day rows (per
 * indicator two accumulators: count or sum or numerator, denominator) cut from shared chunks,
 * so fifty thousand people cost a few large arrays rather than one small array each.
 */
interface People {
  index: Map<string, number>;
  ids: string[];
  /** The chunk holding each person's block, where the block begins in it, its first day number and how many days it holds. */
  data: Float64Array[];
  at: number[];
  start: number[];
  days: number[];
}

/**
 * The times of the records that start or end a duration (a quote request, a quote): one entry
 * each, in flat columns, paired per person and opportunity when the collection finishes.
 */
interface DurationEnds {
  person: number[];
  /** Indicator index × 2, + 1 for an end. */
  kind: number[];
  /** The opportunity. */
  key: string[];
  at: number[];
}

interface IndicatorCollector {
  /** `at` in epoch milliseconds; `record` is what the filters see. */
  add(personId: string, at: number, record: ActivityRecord): void;
  finish(options?: FinishOptions): IndicatorResults;
}

const SLOTS = 2;
/** Doubles in a chunk of day rows (8 MB). */
const CHUNK = 1 << 20;
/** A person's first block: at least MIN_DAYS days; the whole period seen so far when it is at most MAX_FIRST_DAYS days. */
const MIN_DAYS = 32;
const MAX_FIRST_DAYS = 120;

export function createIndicatorCollector(model: IndicatorModel, options: CollectOptions = {}): IndicatorCollector {
  const role = options.role ?? 'rep';
  const defs = model.settings.list.filter((d) => d.role === role);
  const n = defs.length;
  const width = n * SLOTS;
  // every filter of the role's indicators in one classifier, by position
  const logics: unknown[] = [];
  const filterAt = defs.map((d) => (d.filter !== undefined ? logics.push(d.filter) - 1 : -1));
  const numeratorAt = defs.map((d) => (d.measure.kind === 'ratio' ? logics.push(d.measure.numerator) - 1 : -1));
  const denominatorAt = defs.map((d) => (d.measure.kind === 'ratio' ? logics.push(d.measure.denominator) - 1 : -1));
  // a duration reads the record's type as well
  const classifier = model.compileClassifier(logics, defs.some((d) => d.measure.kind === 'duration') ? ['type'] : []);
  const plans: Plan[] = [];
  const planOf = (record: ActivityRecord): Plan => {
    const plan: Plan = { ones: [], sums: [], starts: [], ends: [] };
    for (let i = 0; i < n; i++) {
      const m = defs[i]!.measure;
      const passes = () => filterAt[i]! < 0 || classifier.test(filterAt[i]!, record);
      if (m.kind === 'duration') {
        const type = record.type;
        if ((type !== m.from && type !== m.to) || !passes()) continue;
        (type === m.from ? plan.starts : plan.ends).push(i);
        continue;
      }
      if (!passes()) continue;
      if (m.kind === 'ratio') {
        if (classifier.test(numeratorAt[i]!, record)) plan.ones.push(i * SLOTS);
        if (classifier.test(denominatorAt[i]!, record)) plan.ones.push(i * SLOTS + 1);
      } else if (m.kind === 'count') plan.ones.push(i * SLOTS);
      else plan.sums.push(i);
    }
    return plan;
  };
  const fields = defs.map((d) => (d.measure.kind === 'sum' ? d.measure.field : ''));
  const fromDay = options.from !== undefined ? Date.parse(`${options.from}T00:00:00+08:00`) : -Infinity;
  const toDay = options.to !== undefined ? Date.parse(`${options.to}T00:00:00+08:00`) + 86_400_000 : Infinity;
  const people: People = { index: new Map(), ids: [], data: [], at: [], start: [], days: [] };
  const ends: DurationEnds = { person: [], kind: [], key: [], at: [] };
  let minDay = Infinity;
  let maxDay = -Infinity;
  // records usually come a person at a time (an export sorted by owner): the last one is kept
  let lastId: string | undefined;
  let last = -1;

  let chunk = new Float64Array(0);
  let chunkUsed = 0;
  /** A zeroed block of `days` rows: its chunk and where it begins. A block outlives a move only as unused space in its chunk. */
  const block = (days: number): void => {
    const size = days * width;
    if (size > CHUNK) { blockData = new Float64Array(size); blockAt = 0; return; }
    if (chunkUsed + size > chunk.length) { chunk = new Float64Array(CHUNK); chunkUsed = 0; }
    blockData = chunk;
    blockAt = chunkUsed;
    chunkUsed += size;
  };
  let blockData = chunk;
  let blockAt = 0;
  /** Where `day`'s row of person `p` is in `people.data[p]`, moving the block to a larger one when the day is outside it. */
  const rowOf = (p: number, day: number): number => {
    let start = people.start[p]!;
    const days = people.days[p]!;
    if (day >= start && day < start + days) return people.at[p]! + (day - start) * width;
    let next: number;
    if (!days) {
      // a first block over the days seen so far (everyone's period, when people share one), else around the day
      const span = maxDay - minDay + 1;
      next = Math.max(MIN_DAYS, span <= MAX_FIRST_DAYS ? span : MIN_DAYS);
      start = span <= MAX_FIRST_DAYS ? minDay : day - (MIN_DAYS >> 1);
    } else if (day < start) {
      const shift = start - day + 16;
      next = days + shift;
      start -= shift;
    } else next = Math.max(days * 2, day - start + 16);
    block(next);
    if (days) blockData.set(people.data[p]!.subarray(people.at[p]!, people.at[p]! + days * width), blockAt + (people.start[p]! - start) * width);
    people.data[p] = blockData;
    people.at[p] = blockAt;
    people.start[p] = start;
    people.days[p] = next;
    return blockAt + (day - start) * width;
  };

  return {
    add(personId, at, record) {
      if (at < fromDay || at >= toDay) return;
      if (personId !== lastId) {
        let p = people.index.get(personId);
        if (p === undefined) {
          p = people.ids.length;
          people.index.set(personId, p);
          people.ids.push(personId);
          people.data.push(chunk);
          people.at.push(0);
          people.start.push(0);
          people.days.push(0);
        }
        lastId = personId;
        last = p;
      }
      const p = last;
      const day = shanghaiDayNumber(at);
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
      const c = classifier.classOf(record);
      const plan = c < 0 ? planOf(record) : (plans[c] ??= planOf(record));
      const base = rowOf(p, day);
      const data = people.data[p]!;
      const { ones, sums, starts, ends: stops } = plan;
      for (let k = 0; k < ones.length; k++) data[base + ones[k]!]! += 1;
      for (let k = 0; k < sums.length; k++) {
        const i = sums[k]!;
        const v = Number(record[fields[i]!]);
        if (Number.isFinite(v)) data[base + i * SLOTS]! += v;
      }
      if (starts.length || stops.length) {
        const key = String(record.opportunity_id ?? '');
        for (const i of starts) { ends.person.push(p); ends.kind.push(i * 2); ends.key.push(key); ends.at.push(at); }
        for (const i of stops) { ends.person.push(p); ends.kind.push(i * 2 + 1); ends.key.push(key); ends.at.push(at); }
      }
    },
    finish(finishOptions = {}) {
      return finishIndicators(model, role, defs, people, ends, options.from ?? (Number.isFinite(minDay) ? dayFromNumber(minDay) : null), options.to ?? (Number.isFinite(maxDay) ? dayFromNumber(maxDay) : null), finishOptions);
    },
  };
}

const weekday = (n: number) => ((((n + 3) % 7) + 7) % 7) + 1;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Insertion sort of `a[from..to)` ascending: the lists here are a few values long. */
function sortRange(a: Float64Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const x = a[i]!;
    let j = i;
    while (j > from && a[j - 1]! > x) { a[j] = a[j - 1]!; j--; }
    a[j] = x;
  }
}

/** The median of `a[from..to)`, already sorted; NaN when the range is empty. */
function sortedMedian(a: Float64Array, from: number, to: number): number {
  const len = to - from;
  if (!len) return NaN;
  const mid = from + (len >> 1);
  return len % 2 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/**
 * Everything read from the daily values. Per person the work runs in flat arrays reused from one
 * person to the next (NaN stands for "no value"); objects are made only for the results.
 */
function finishIndicators(model: IndicatorModel, role: string, defs: IndicatorDef[], people: People, ends: DurationEnds, from: string | null, to: string | null, o: FinishOptions): IndicatorResults {
  const empty: IndicatorResults = { role, indicators: defs, from, to, daily: [], weekly: [], anomalies: [], health: [], teamHealth: [], coaching: [], recommendations: [] };
  if (from === null || to === null) return empty;
  const { anomaly, health } = model.settings;
  const reopenAfter = anomaly.reopenAfter ?? 1;
  const first = Date.parse(`${from}T00:00:00Z`) / 86_400_000;
  const last = Date.parse(`${to}T00:00:00Z`) / 86_400_000;
  const dayCount = last - first + 1;
  const isWorking = o.isWorkingDay ?? ((d: string) => weekday(Date.parse(`${d}T00:00:00Z`) / 86_400_000) <= 5);
  const dayKeys = Array.from({ length: dayCount }, (_, i) => dayFromNumber(first + i));
  const working = dayKeys.map(isWorking);
  const weekOfDay = dayKeys.map((d) => periodOf(d, 'week').key);
  const weeks = [...new Set(weekOfDay)];
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const weekAt = Int32Array.from(weekOfDay, (w) => weekIndex.get(w)!);
  const nW = weeks.length;
  const workingInWeek = new Int32Array(nW);
  dayKeys.forEach((_, i) => { if (working[i]) workingInWeek[weekAt[i]!]!++; });
  const workDays: number[] = [];
  for (let day = 0; day < dayCount; day++) if (working[day]) workDays.push(day);
  const n = defs.length;
  const width = n * SLOTS;
  const P = people.ids.length;
  const isDuration = defs.map((d) => d.measure.kind === 'duration');

  const daily: IndicatorResults['daily'] = [];
  const anomalies: Anomaly[] = [];
  /** Person × indicator × week: the weekly value, NaN for none. */
  const weekly = new Float64Array(P * n * nW);

  // the duration ends grouped by person (a counting sort), each person's then paired by opportunity
  const E = ends.person.length;
  const endsFrom = new Int32Array(P + 1);
  for (let e = 0; e < E; e++) endsFrom[ends.person[e]! + 1]!++;
  for (let p = 0; p < P; p++) endsFrom[p + 1]! += endsFrom[p]!;
  const endsOrder = new Int32Array(E);
  const fill = endsFrom.slice(0, P);
  for (let e = 0; e < E; e++) endsOrder[fill[ends.person[e]!]!++] = e;
  // by indicator, opportunity, then the starts before the ends, each ascending in time
  const byKindKeyAt = (a: number, b: number) => (ends.kind[a]! >> 1) - (ends.kind[b]! >> 1) || (ends.key[a]! < ends.key[b]! ? -1 : ends.key[a]! > ends.key[b]! ? 1 : 0) || (ends.kind[a]! & 1) - (ends.kind[b]! & 1) || ends.at[a]! - ends.at[b]!;
  /** Every duration indicator's durations of the person under way, by indicator and day, sorted within a day. */
  let durStore = new Float64Array(64);
  const durDay: number[][] = defs.map(() => []);
  const durHours: number[][] = defs.map(() => []);
  /** Per duration indicator and day: where its sorted durations start and end in `durStore`. */
  const durFrom = new Int32Array(n * dayCount);
  const durTo = new Int32Array(n * dayCount);
  let weekBuf = new Float64Array(64);
  /** The person's duration ends, sorted by `byKindKeyAt` (few: an insertion sort). */
  let mine = new Int32Array(64);

  const series = new Float64Array(dayCount);
  const trailing = new Float64Array(anomaly.workingDays);
  const a = new Float64Array(nW);
  const b = new Float64Array(nW);
  for (let p = 0; p < P; p++) {
    const id = people.ids[p]!;
    const data = people.data[p]!;
    // the person's rows cover days lo..hi-1 of the period (day numbers from `first`)
    const lo = people.start[p]! - first;
    const hi = lo + people.days[p]!;
    const row0 = people.at[p]! - lo * width;
    const acc = (day: number, i: number, slot: number): number => (day >= lo && day < hi ? data[row0 + day * width + i * SLOTS + slot]! : 0);
    // durations: each start paired with the first unused end at or after it, per opportunity
    const count = endsFrom[p + 1]! - endsFrom[p]!;
    if (mine.length < count) mine = new Int32Array(count * 2);
    for (let k = 0; k < count; k++) {
      const e = endsOrder[endsFrom[p]! + k]!;
      let q = k;
      while (q > 0 && byKindKeyAt(mine[q - 1]!, e) > 0) { mine[q] = mine[q - 1]!; q--; }
      mine[q] = e;
    }
    for (let i = 0; i < n; i++) if (isDuration[i]) { durDay[i]!.length = 0; durHours[i]!.length = 0; }
    for (let g = 0; g < count;) {
      const kindBase = ends.kind[mine[g]!]! & ~1;
      const key = ends.key[mine[g]!]!;
      let h = g;
      while (h < count && (ends.kind[mine[h]!]! & ~1) === kindBase && ends.key[mine[h]!]! === key) h++;
      // within the group the starts come before the ends (kind), each ascending
      let s = g;
      while (s < h && ends.kind[mine[s]!]! === kindBase) s++;
      const i = kindBase >> 1;
      let j = s;
      for (let f = g; f < s; f++) {
        const at = ends.at[mine[f]!]!;
        while (j < h && ends.at[mine[j]!]! < at) j++;
        if (j >= h) break;
        const endAt = ends.at[mine[j]!]!;
        const rel = shanghaiDayNumber(endAt) - first;
        if (rel >= 0 && rel < dayCount) { durDay[i]!.push(rel); durHours[i]!.push((endAt - at) / HOUR_MS); }
        j++;
      }
      g = h;
    }
    // each duration indicator's values laid out by day, sorted within the day
    let used = 0;
    for (let i = 0; i < n; i++) {
      if (!isDuration[i]) continue;
      const days = durDay[i]!;
      const hours = durHours[i]!;
      if (durStore.length < used + days.length) { const next = new Float64Array(Math.max(durStore.length * 2, used + days.length)); next.set(durStore); durStore = next; }
      const counts = durTo.subarray(i * dayCount, (i + 1) * dayCount).fill(0);
      for (const d of days) counts[d]!++;
      const starts = durFrom.subarray(i * dayCount, (i + 1) * dayCount);
      for (let d = 0; d < dayCount; d++) { starts[d] = used; used += counts[d]!; counts[d] = starts[d]!; }
      for (let k = 0; k < days.length; k++) durStore[counts[days[k]!]!++] = hours[k]!;
      for (let d = 0; d < dayCount; d++) sortRange(durStore, starts[d]!, counts[d]!);
    }
    const dayValue = (day: number, i: number): number => {
      const m = defs[i]!.measure;
      if (m.kind === 'duration') return sortedMedian(durStore, durFrom[i * dayCount + day]!, durTo[i * dayCount + day]!);
      if (m.kind === 'ratio') { const d = acc(day, i, 1); return d ? acc(day, i, 0) / d : NaN; }
      return acc(day, i, 0);
    };
    if (o.daily !== false) {
      for (let day = 0; day < dayCount; day++) {
        const values: Record<string, number | null> = {};
        let any = false;
        for (let i = 0; i < n; i++) { const v = dayValue(day, i); values[defs[i]!.id] = v !== v ? null : round(v, 4); if (v) any = true; }
        if (any || working[day]) daily.push({ personId: id, date: dayKeys[day]!, values });
      }
    }
    // anomalies: daily indicators against the trailing working-day median
    for (let i = 0; i < n; i++) {
      if (defs[i]!.period !== 'day') continue;
      for (let j = 0; j < workDays.length; j++) series[j] = dayValue(workDays[j]!, i);
      // one alert per anomaly: a run in one direction stays open through fewer than
      // reopenAfter normal working days, so a noisy fall is one alert, not one a day
      let run: Anomaly | null = null;
      let normal = 0;
      // the trailing window's values kept sorted as it slides: one value in, one out per day
      let m = 0;
      const enter = (x: number) => {
        if (x !== x) return;
        let q = m++;
        while (q > 0 && trailing[q - 1]! > x) { trailing[q] = trailing[q - 1]!; q--; }
        trailing[q] = x;
      };
      for (let k = 0; k < anomaly.workingDays && k < workDays.length; k++) enter(series[k]!);
      for (let j = anomaly.workingDays; j < workDays.length; j++) {
        const v = series[j]!;
        if (j > anomaly.workingDays) {
          const out = series[j - anomaly.workingDays - 1]!;
          if (out === out) {
            let q = 0;
            while (trailing[q] !== out) q++;
            for (m--; q < m; q++) trailing[q] = trailing[q + 1]!;
          }
          enter(series[j - 1]!);
        }
        const base = m >= anomaly.minValues ? sortedMedian(trailing, 0, m) : NaN;
        let dir: 'up' | 'down' | null = null;
        if (v === v && base === base && base >= anomaly.minBaseline && Math.abs(v - base) > anomaly.deviation * base) dir = v > base ? 'up' : 'down';
        if (run && dir === run.direction) { run.through = dayKeys[workDays[j]!]!; run.days++; normal = 0; continue; }
        if (run && dir === null && ++normal < reopenAfter) continue;
        if (run) { anomalies.push(run); run = null; }
        normal = 0;
        if (dir) run = { personId: id, indicator: defs[i]!.id, date: dayKeys[workDays[j]!]!, value: round(v, 4), baseline: round(base, 4), direction: dir, through: dayKeys[workDays[j]!]!, days: 1 };
      }
      if (run) anomalies.push(run);
    }
    // weekly values
    for (let i = 0; i < n; i++) {
      const d = defs[i]!;
      const out = (p * n + i) * nW;
      if (d.measure.kind === 'duration') {
        // a week's durations: its days' runs, one after the other, sorted together
        for (let w = 0, day = 0; w < nW; w++) {
          let len = 0;
          for (; day < dayCount && weekAt[day] === w; day++) {
            const lo = durFrom[i * dayCount + day]!;
            const hi = durTo[i * dayCount + day]!;
            if (weekBuf.length < len + hi - lo) { const next = new Float64Array(Math.max(weekBuf.length * 2, len + hi - lo)); next.set(weekBuf); weekBuf = next; }
            for (let k = lo; k < hi; k++) weekBuf[len++] = durStore[k]!;
          }
          weekBuf.subarray(0, len).sort();
          weekly[out + w] = sortedMedian(weekBuf, 0, len);
        }
        continue;
      }
      a.fill(0);
      b.fill(0);
      // the days the person has rows for; the others add nothing
      for (let day = Math.max(0, lo), end = Math.min(dayCount, hi), k = row0 + day * width + i * SLOTS; day < end; day++, k += width) {
        const w = weekAt[day]!;
        a[w]! += data[k]!;
        b[w]! += data[k + 1]!;
      }
      for (let w = 0; w < nW; w++) {
        weekly[out + w] = d.measure.kind === 'ratio' ? (b[w] ? a[w]! / b[w]! : NaN)
          : d.period === 'day' ? (workingInWeek[w] ? a[w]! / workingInWeek[w]! : NaN)
          : a[w]!;
      }
    }
  }

  // team median, health
  const teamOf = (id: string): string | null => o.tree?.get(id)?.parentId ?? null;
  const teams = new Map<string, number[]>();
  /** Each person's team, by its place in `teams`; -1 for none. */
  const teamAt = new Int32Array(P).fill(-1);
  const teamIndex = new Map<string, number>();
  for (let p = 0; p < P; p++) {
    const t = teamOf(people.ids[p]!);
    if (t === null) continue;
    let l = teams.get(t);
    if (!l) { teams.set(t, (l = [])); teamIndex.set(t, teamIndex.size); }
    teamAt[p] = teamIndex.get(t)!;
    l.push(p);
  }
  /** Team (in `teams` order) × indicator × week: the median of its members' values, NaN for none. */
  const teamMedian = new Float64Array(teams.size * n * nW);
  let scratch = new Float64Array(16);
  let ti = 0;
  for (const members of teams.values()) {
    if (scratch.length < members.length) scratch = new Float64Array(members.length);
    for (let i = 0; i < n; i++) {
      for (let w = 0; w < nW; w++) {
        let m = 0;
        for (const p of members) { const v = weekly[(p * n + i) * nW + w]!; if (v === v) scratch[m++] = v; }
        scratch.subarray(0, m).sort();
        teamMedian[(ti * n + i) * nW + w] = sortedMedian(scratch, 0, m);
      }
    }
    ti++;
  }
  const weeklyPoints: WeeklyPoint[] = [];
  /** Person × week: the health index, NaN for none. */
  const indexOf = new Float64Array(P * nW);
  /** (Person × week) × indicator: the indicator's health score (rounded), NaN where it has none. */
  const scoreOf = new Float64Array(P * nW * n);
  const cap = health.scoreCap;
  for (let p = 0; p < P; p++) {
    const id = people.ids[p]!;
    const t = teamAt[p]!;
    for (let w = 0; w < nW; w++) {
      const week = weeks[w]!;
      for (let i = 0; i < n; i++) {
        const v = weekly[(p * n + i) * nW + w]!;
        const tm = t >= 0 ? teamMedian[(t * n + i) * nW + w]! : NaN;
        weeklyPoints.push({ personId: id, indicator: defs[i]!.id, week, value: v !== v ? null : round(v, 4), teamMedian: tm !== tm ? null : round(tm, 4) });
      }
      let sw = 0;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = defs[i]!;
        const v = weekly[(p * n + i) * nW + w]!;
        scoreOf[(p * nW + w) * n + i] = NaN;
        if (d.weight <= 0 || v !== v) continue;
        const raw = d.better === 'higher' ? v / d.thresholds.target : v > 0 ? d.thresholds.target / v : cap;
        const score = Math.min(cap, Math.max(0, raw));
        scoreOf[(p * nW + w) * n + i] = round(score, 4);
        sw += d.weight;
        s += d.weight * score;
      }
      indexOf[p * nW + w] = sw > 0 ? round((100 * s) / sw, 1) : NaN;
    }
  }
  /** A person's week of scores as the object a health point carries: indicator id → score, in the indicators' order. */
  const scoresAt = (p: number, w: number): Record<string, number> => {
    const scores: Record<string, number> = {};
    for (let i = 0; i < n; i++) { const v = scoreOf[(p * nW + w) * n + i]!; if (v === v) scores[defs[i]!.id] = v; }
    return scores;
  };

  const trainingFor = (scores: Record<string, number>) => weakestTraining(model, scores);
  const coaching: CoachingStep[] = [];
  for (let p = 0; p < P; p++) {
    let streak: CoachingStep | null = null;
    for (let w = 0; w < nW; w++) {
      const v = indexOf[p * nW + w]!;
      if (v === v && v < health.threshold) {
        if (streak) { streak.weeks++; continue; }
        streak = { personId: people.ids[p]!, level: 3, action: 'coaching', since: weeks[w]!, weeks: 1, open: false, training: trainingFor(scoresAt(p, w)) };
        coaching.push(streak);
      } else streak = null;
    }
    if (streak) streak.open = true;
  }

  const teamHealth: TeamHealthPoint[] = [];
  const recommendations: Recommendation[] = [];
  const pb = model.playbook;
  for (const [t, members] of teams) {
    let below = 0;
    weeks.forEach((week, w) => {
      const vals = members.map((m) => indexOf[m * nW + w]!).filter((x) => x === x);
      const index = vals.length ? round(vals.reduce((x, y) => x + y, 0) / vals.length, 1) : null;
      teamHealth.push({ teamId: t, week, index, members: vals.length });
      if (index === null || index >= pb.redLine) { below = 0; return; }
      below++;
      if (below !== pb.weeks) return;
      // the team's weakest indicator this week: the lowest mean score
      let weakest: string | null = null;
      let weakestScore = Infinity;
      for (let i = 0; i < n; i++) {
        const d = defs[i]!;
        const s = members.map((m) => scoreOf[(m * nW + w) * n + i]!).filter((x) => x === x);
        if (!s.length) continue;
        const mean = s.reduce((x, y) => x + y, 0) / s.length;
        if (mean < weakestScore) { weakestScore = mean; weakest = d.id; }
      }
      recommendations.push({ teamId: t, week, weeksBelow: below, health: index, strategies: recommend(model, defs, { health: index, weeksBelow: below, size: members.length, weakest, weakestScore: weakest === null ? null : round(weakestScore, 2) }) });
    });
  }
  // the health points (a person a week, each with its scores object: two objects per point) are
  // made when first read, from the flat index and scores; an own enumerable getter, so JSON,
  // spreads and structuredClone carry them as if they had been written at once
  let healthPoints: HealthPoint[] | undefined;
  const healthOf = (): HealthPoint[] => {
    const out: HealthPoint[] = [];
    for (let p = 0; p < P; p++) {
      const personId = people.ids[p]!;
      for (let w = 0; w < nW; w++) { const v = indexOf[p * nW + w]!; out.push({ personId, week: weeks[w]!, index: v === v ? v : null, scores: scoresAt(p, w) }); }
    }
    return out;
  };
  return {
    role, indicators: defs, from, to, daily, weekly: weeklyPoints, anomalies,
    get health(): HealthPoint[] { return (healthPoints ??= healthOf()); },
    set health(value: HealthPoint[]) { healthPoints = value; },
    teamHealth, coaching, recommendations,
  };
}

/** The playbook's strategies scored by their rules, the best `count` with their reasons. */
export function recommend(model: IndicatorModel, defs: readonly IndicatorDef[], team: { health: number; weeksBelow: number; size: number; weakest: string | null; weakestScore: number | null }): Recommendation['strategies'] {
  const pb = model.playbook;
  const data: Record<string, unknown> = { health: team.health, weeksBelow: team.weeksBelow, size: team.size };
  if (team.weakest !== null) { data.weakest = team.weakest; data.weakestScore = team.weakestScore; }
  const name = defs.find((d) => d.id === team.weakest)?.name ?? { zh: team.weakest ?? '—', en: team.weakest ?? '—' };
  const fill = (text: string, lang: 'zh' | 'en') => text
    .replaceAll('{weakest}', name[lang]).replaceAll('{weakestScore}', String(team.weakestScore ?? '—'))
    .replaceAll('{health}', String(team.health)).replaceAll('{weeks}', String(team.weeksBelow)).replaceAll('{size}', String(team.size));
  const scored = pb.strategies.map((s, order) => {
    const r = strategyRule(model.rules.get(s.rule)!).call(data);
    return { s, order, score: r.ok && typeof r.value === 'number' && Number.isFinite(r.value) ? r.value : 0 };
  });
  return scored.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || a.order - b.order).slice(0, pb.count)
    .map(({ s, score }) => ({ id: s.id, name: s.name, score, reason: { zh: fill(s.reason.zh, 'zh'), en: fill(s.reason.en, 'en') } }));
}

/** The training for the weakest of the given dimension scores (score dimensions or indicator ids); `*` is the fallback. */
export function weakestTraining(model: IndicatorModel, scores: Record<string, number>): { dimension: string; name: Localized } | null {
  const entries = Object.entries(scores).sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  if (!entries.length) return null;
  const [dimension] = entries[0]!;
  const t = model.playbook.training.find((x) => x.dimension === dimension) ?? model.playbook.training.find((x) => x.dimension === '*');
  return t ? { dimension, name: t.name } : null;
}
