/**
 * Seeded sample actuals and daily activity for the sample company, so the progress board,
 * escalation and health screens have something real to show: most reps near pace, some ahead,
 * some behind (a few sliding in the last weeks), some with runs of days without the basic
 * action. Deterministic: the same seed gives the same files on every machine.
 */
import { addDays, periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import { seededRandom as prng } from '../random.js';

interface SampleRep {
  id: string;
  /** The rep's Base for the period. */
  base: Fen;
}

interface SampleActualsOptions {
  reps: readonly SampleRep[];
  calendar: WorkingCalendar;
  period: Period;
  asOf: Day;
  /** Activity is generated for this many working days up to asOf. */
  activityDays?: number;
  seed?: number;
}

interface SampleActuals {
  /** A day or, for older weeks wholly inside the period, an ISO week key (one row per week). */
  actuals: Array<{ id: string; date: string; amount: Fen }>;
  activity: Array<{ id: string; date: Day; actions: number }>;
  /** Each rep's form: the share of pace he sells at (for tests and the README). */
  form: Map<string, { pace: number; sliding: boolean }>;
}


export function generateSampleActuals(options: SampleActualsOptions): SampleActuals {
  const { reps, calendar, period, asOf } = options;
  const random = prng(options.seed ?? 20260515);
  const days = calendar.workingDays(period.start, asOf < period.end ? asOf : period.end);
  const total = calendar.workingDaysBetween(period.start, period.end);
  const lastWeeksFrom = days[Math.max(0, days.length - 10)] as Day;
  const actuals: SampleActuals['actuals'] = [];
  const activity: SampleActuals['activity'] = [];
  const form = new Map<string, { pace: number; sliding: boolean }>();
  const activityDays = days.slice(-(options.activityDays ?? 20));
  const dealChance = 0.6;
  // weeks that ended three weeks or more before asOf and lie wholly inside the period are one row per week
  const dailyFrom = addDays(asOf, -21);
  const rowKey = (day: Day): string => {
    const week = periodOf(day, 'week');
    return week.start >= period.start && week.end < dailyFrom ? week.key : day;
  };
  for (const rep of reps) {
    const r = random();
    const pace = r < 0.12 ? 0.4 + random() * 0.25 : r < 0.37 ? 1.05 + random() * 0.25 : 0.85 + random() * 0.2;
    const sliding = pace >= 0.7 && random() < 0.08;
    form.set(rep.id, { pace: Math.round(pace * 1000) / 1000, sliding });
    const perDay = total > 0 ? rep.base / total : 0;
    const rows = new Map<string, Fen>();
    for (const day of days) {
      if (random() >= dealChance) continue;
      const p = sliding && day >= lastWeeksFrom ? pace * 0.3 : pace;
      const amount = Math.round((perDay * p / dealChance) * (0.6 + random() * 0.8) / 100) * 100;
      const key = rowKey(day);
      if (amount > 0) rows.set(key, (rows.get(key) ?? 0) + amount);
    }
    for (const [date, amount] of rows) actuals.push({ id: rep.id, date, amount });
    // basic actions: usually a few a day; some reps have a run of empty days, a few still open
    const gapStart = random() < 0.1 ? Math.floor(random() * (activityDays.length - 5)) : -1;
    const gapLength = 3 + Math.floor(random() * 3);
    const openGap = random() < 0.03;
    activityDays.forEach((day, i) => {
      const inGap = (gapStart >= 0 && i >= gapStart && i < gapStart + gapLength) || (openGap && i >= activityDays.length - 3);
      const actions = inGap ? 0 : Math.floor(random() * 6) + (random() < 0.1 ? 0 : 1);
      if (actions > 0) activity.push({ id: rep.id, date: day, actions });
    });
  }
  return { actuals, activity, form };
}
