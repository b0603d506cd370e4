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
import { median } from '../stats.js';
import { strategyRule, type ActivityFilter, type ActivityRecord, type IndicatorDef, type IndicatorModel } from './model.js';

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

interface Person {
  id: string;
  start: number;
  /** (day − start) × slots: per indicator two accumulators (count or sum or numerator, denominator). */
  data: Float64Array;
  /** Per duration indicator: per opportunity, the from and to times. */
  pairs: Map<string, { from: number[]; to: number[] }>[];
}

interface IndicatorCollector {
  /** `at` in epoch milliseconds; `record` is what the filters see. */
  add(personId: string, at: number, record: ActivityRecord): void;
  finish(options?: FinishOptions): IndicatorResults;
}

const SLOTS = 2;

export function createIndicatorCollector(model: IndicatorModel, options: CollectOptions = {}): IndicatorCollector {
  const role = options.role ?? 'rep';
  const defs = model.settings.list.filter((d) => d.role === role);
  const n = defs.length;
  const width = n * SLOTS;
  const always: ActivityFilter = () => true;
  const filters = defs.map((d) => (d.filter !== undefined ? model.compileFilter(d.filter) : always));
  const num = defs.map((d) => (d.measure.kind === 'ratio' ? model.compileFilter(d.measure.numerator) : null));
  const den = defs.map((d) => (d.measure.kind === 'ratio' ? model.compileFilter(d.measure.denominator) : null));
  const fromDay = options.from !== undefined ? Date.parse(`${options.from}T00:00:00+08:00`) : -Infinity;
  const toDay = options.to !== undefined ? Date.parse(`${options.to}T00:00:00+08:00`) + 86_400_000 : Infinity;
  const people = new Map<string, Person>();
  let minDay = Infinity;
  let maxDay = -Infinity;

  const slotOf = (p: Person, day: number): number => {
    if (!p.data.length) {
      p.start = day;
      p.data = new Float64Array(32 * width);
    } else if (day < p.start) {
      const shift = p.start - day + 16;
      const next = new Float64Array(p.data.length + shift * width);
      next.set(p.data, shift * width);
      p.data = next;
      p.start -= shift;
    } else if ((day - p.start + 1) * width > p.data.length) {
      const next = new Float64Array(Math.max(p.data.length * 2, (day - p.start + 16) * width));
      next.set(p.data);
      p.data = next;
    }
    return (day - p.start) * width;
  };

  return {
    add(personId, at, record) {
      if (at < fromDay || at >= toDay) return;
      let p = people.get(personId);
      if (!p) people.set(personId, (p = { id: personId, start: 0, data: new Float64Array(0), pairs: defs.map(() => new Map()) }));
      const day = shanghaiDayNumber(at);
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
      let base = -1;
      for (let i = 0; i < n; i++) {
        const d = defs[i]!;
        const m = d.measure;
        if (m.kind === 'duration') {
          const type = record.type;
          if (type !== m.from && type !== m.to) continue;
          if (!filters[i]!(record)) continue;
          const key = String(record.opportunity_id ?? '');
          let pair = p.pairs[i]!.get(key);
          if (!pair) p.pairs[i]!.set(key, (pair = { from: [], to: [] }));
          (type === m.from ? pair.from : pair.to).push(at);
          continue;
        }
        if (!filters[i]!(record)) continue;
        if (m.kind === 'ratio') {
          const isDen = den[i]!(record);
          const isNum = num[i]!(record);
          if (!isDen && !isNum) continue;
          if (base < 0) base = slotOf(p, day);
          if (isNum) p.data[base + i * SLOTS]! += 1;
          if (isDen) p.data[base + i * SLOTS + 1]! += 1;
          continue;
        }
        if (base < 0) base = slotOf(p, day);
        if (m.kind === 'count') p.data[base + i * SLOTS]! += 1;
        else {
          const v = Number(record[m.field]);
          if (Number.isFinite(v)) p.data[base + i * SLOTS]! += v;
        }
      }
      if (base < 0) slotOf(p, day);
    },
    finish(finishOptions = {}) {
      return finishIndicators(model, role, defs, people, options.from ?? (Number.isFinite(minDay) ? dayFromNumber(minDay) : null), options.to ?? (Number.isFinite(maxDay) ? dayFromNumber(maxDay) : null), finishOptions);
    },
  };
}

const weekday = (n: number) => ((((n + 3) % 7) + 7) % 7) + 1;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Pairs each `from` with the first unused `to` at or after it; durations in hours, by the day of the `to`. */
function durations(pair: { from: number[]; to: number[] }): Array<{ day: number; hours: number }> {
  const from = [...pair.from].sort((a, b) => a - b);
  const to = [...pair.to].sort((a, b) => a - b);
  const out: Array<{ day: number; hours: number }> = [];
  let j = 0;
  for (const f of from) {
    while (j < to.length && to[j]! < f) j++;
    if (j >= to.length) break;
    out.push({ day: shanghaiDayNumber(to[j]!), hours: (to[j]! - f) / HOUR_MS });
    j++;
  }
  return out;
}

function finishIndicators(model: IndicatorModel, role: string, defs: IndicatorDef[], people: Map<string, Person>, from: string | null, to: string | null, o: FinishOptions): IndicatorResults {
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
  const workingInWeek = new Int32Array(weeks.length);
  dayKeys.forEach((_, i) => { if (working[i]) workingInWeek[weekIndex.get(weekOfDay[i]!)!]!++; });
  const n = defs.length;
  const width = n * SLOTS;

  const daily: IndicatorResults['daily'] = [];
  const anomalies: Anomaly[] = [];
  /** person → indicator → week values. */
  const weekly = new Map<string, Array<Array<number | null>>>();

  const series = new Float64Array(dayCount);
  const trailing = new Float64Array(anomaly.workingDays);
  for (const p of people.values()) {
    const acc = (day: number, i: number, slot: number): number => {
      const k = (first + day - p.start) * width + i * SLOTS + slot;
      return k >= 0 && k < p.data.length && first + day >= p.start ? p.data[k]! : 0;
    };
    const dur = defs.map((d, i) => {
      if (d.measure.kind !== 'duration') return null;
      const byDay = new Map<number, number[]>();
      for (const pair of p.pairs[i]!.values()) {
        for (const x of durations(pair)) {
          const rel = x.day - first;
          if (rel < 0 || rel >= dayCount) continue;
          let l = byDay.get(rel);
          if (!l) byDay.set(rel, (l = []));
          l.push(x.hours);
        }
      }
      return byDay;
    });
    const dayValue = (day: number, i: number): number | null => {
      const m = defs[i]!.measure;
      if (m.kind === 'duration') { const l = dur[i]!.get(day); return l ? median(l) : null; }
      if (m.kind === 'ratio') { const d = acc(day, i, 1); return d ? acc(day, i, 0) / d : null; }
      return acc(day, i, 0);
    };
    if (o.daily !== false) {
      for (let day = 0; day < dayCount; day++) {
        const values: Record<string, number | null> = {};
        let any = false;
        for (let i = 0; i < n; i++) { const v = dayValue(day, i); values[defs[i]!.id] = v === null ? null : round(v, 4); if (v) any = true; }
        if (any || working[day]) daily.push({ personId: p.id, date: dayKeys[day]!, values });
      }
    }
    // anomalies: daily indicators against the trailing working-day median
    const workDays: number[] = [];
    for (let day = 0; day < dayCount; day++) if (working[day]) workDays.push(day);
    for (let i = 0; i < n; i++) {
      if (defs[i]!.period !== 'day') continue;
      // NaN stands for no value, so the series and the trailing window are flat numbers
      for (let j = 0; j < workDays.length; j++) series[j] = dayValue(workDays[j]!, i) ?? NaN;
      // one alert per anomaly: a run in one direction stays open through fewer than
      // reopenAfter normal working days, so a noisy fall is one alert, not one a day
      let run: Anomaly | null = null;
      let normal = 0;
      for (let j = anomaly.workingDays; j < workDays.length; j++) {
        const v = series[j]!;
        let m = 0;
        for (let k = j - anomaly.workingDays; k < j; k++) if (series[k] === series[k]) trailing[m++] = series[k]!;
        let b: number | null = null;
        if (m >= anomaly.minValues) {
          const w = trailing.subarray(0, m).sort();
          b = m % 2 ? w[m >> 1]! : (w[(m >> 1) - 1]! + w[m >> 1]!) / 2;
        }
        let dir: 'up' | 'down' | null = null;
        if (v === v && b !== null && b >= anomaly.minBaseline && Math.abs(v - b) > anomaly.deviation * b) dir = v > b ? 'up' : 'down';
        if (run && dir === run.direction) { run.through = dayKeys[workDays[j]!]!; run.days++; normal = 0; continue; }
        if (run && dir === null && ++normal < reopenAfter) continue;
        if (run) { anomalies.push(run); run = null; }
        normal = 0;
        if (dir) run = { personId: p.id, indicator: defs[i]!.id, date: dayKeys[workDays[j]!]!, value: round(v, 4), baseline: round(b!, 4), direction: dir, through: dayKeys[workDays[j]!]!, days: 1 };
      }
      if (run) anomalies.push(run);
    }
    // weekly values
    const perInd: Array<Array<number | null>> = [];
    for (let i = 0; i < n; i++) {
      const d = defs[i]!;
      const a = new Float64Array(weeks.length);
      const b = new Float64Array(weeks.length);
      const lists: number[][] = weeks.map(() => []);
      for (let day = 0; day < dayCount; day++) {
        const w = weekIndex.get(weekOfDay[day]!)!;
        if (d.measure.kind === 'duration') { const l = dur[i]!.get(day); if (l) lists[w]!.push(...l); continue; }
        a[w]! += acc(day, i, 0);
        b[w]! += acc(day, i, 1);
      }
      perInd.push(weeks.map((_, w) => {
        if (d.measure.kind === 'duration') return median(lists[w]!);
        if (d.measure.kind === 'ratio') return b[w] ? a[w]! / b[w]! : null;
        if (d.period === 'day') return workingInWeek[w] ? a[w]! / workingInWeek[w]! : null;
        return a[w]!;
      }));
    }
    weekly.set(p.id, perInd);
  }

  // team median, health
  const teamOf = (id: string): string | null => o.tree?.get(id)?.parentId ?? null;
  const teams = new Map<string, string[]>();
  for (const id of people.keys()) {
    const t = teamOf(id);
    if (t === null) continue;
    let l = teams.get(t);
    if (!l) teams.set(t, (l = []));
    l.push(id);
  }
  const teamMedian = new Map<string, Array<Array<number | null>>>();
  for (const [t, members] of teams) {
    teamMedian.set(t, defs.map((_, i) => weeks.map((_, w) => median(members.map((m) => weekly.get(m)![i]![w]).filter((x): x is number => x !== null && x !== undefined)))));
  }
  const weeklyPoints: WeeklyPoint[] = [];
  const healthPoints: HealthPoint[] = [];
  const indexOf = new Map<string, Array<number | null>>();
  const scoresOf = new Map<string, Array<Record<string, number>>>();
  const cap = health.scoreCap;
  for (const [id, perInd] of weekly) {
    const t = teamOf(id);
    const idx: Array<number | null> = [];
    const sc: Array<Record<string, number>> = [];
    weeks.forEach((week, w) => {
      defs.forEach((d, i) => {
        const v = perInd[i]![w]!;
        const tm = t !== null ? teamMedian.get(t)![i]![w]! : null;
        weeklyPoints.push({ personId: id, indicator: d.id, week, value: v === null ? null : round(v, 4), teamMedian: tm === null ? null : round(tm, 4) });
      });
      const scores: Record<string, number> = {};
      let sw = 0;
      let s = 0;
      defs.forEach((d, i) => {
        const v = perInd[i]![w]!;
        if (d.weight <= 0 || v === null) return;
        const raw = d.better === 'higher' ? v / d.thresholds.target : v > 0 ? d.thresholds.target / v : cap;
        const score = Math.min(cap, Math.max(0, raw));
        scores[d.id] = round(score, 4);
        sw += d.weight;
        s += d.weight * score;
      });
      const index = sw > 0 ? round((100 * s) / sw, 1) : null;
      idx.push(index);
      sc.push(scores);
      healthPoints.push({ personId: id, week, index, scores });
    });
    indexOf.set(id, idx);
    scoresOf.set(id, sc);
  }

  const trainingFor = (scores: Record<string, number>) => weakestTraining(model, scores);
  const coaching: CoachingStep[] = [];
  for (const [id, idx] of indexOf) {
    let streak: CoachingStep | null = null;
    idx.forEach((v, w) => {
      if (v !== null && v < health.threshold) {
        if (streak) { streak.weeks++; return; }
        streak = { personId: id, level: 3, action: 'coaching', since: weeks[w]!, weeks: 1, open: false, training: trainingFor(scoresOf.get(id)![w]!) };
        coaching.push(streak);
      } else streak = null;
    });
    if (streak) (streak as CoachingStep).open = true;
  }

  const teamHealth: TeamHealthPoint[] = [];
  const recommendations: Recommendation[] = [];
  const pb = model.playbook;
  for (const [t, members] of teams) {
    let below = 0;
    weeks.forEach((week, w) => {
      const vals = members.map((m) => indexOf.get(m)![w]!).filter((x): x is number => x !== null);
      const index = vals.length ? round(vals.reduce((a, b) => a + b, 0) / vals.length, 1) : null;
      teamHealth.push({ teamId: t, week, index, members: vals.length });
      if (index === null || index >= pb.redLine) { below = 0; return; }
      below++;
      if (below !== pb.weeks) return;
      // the team's weakest indicator this week: the lowest mean score
      let weakest: string | null = null;
      let weakestScore = Infinity;
      for (const d of defs) {
        const s = members.map((m) => scoresOf.get(m)![w]![d.id]).filter((x): x is number => x !== undefined);
        if (!s.length) continue;
        const mean = s.reduce((a, b) => a + b, 0) / s.length;
        if (mean < weakestScore) { weakestScore = mean; weakest = d.id; }
      }
      recommendations.push({ teamId: t, week, weeksBelow: below, health: index, strategies: recommend(model, defs, { health: index, weeksBelow: below, size: members.length, weakest, weakestScore: weakest === null ? null : round(weakestScore, 2) }) });
    });
  }
  return { role, indicators: defs, from, to, daily, weekly: weeklyPoints, anomalies, health: healthPoints, teamHealth, coaching, recommendations };
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
