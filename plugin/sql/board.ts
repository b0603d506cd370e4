/**
 * The whole board in the database (看板，在数据库中): the booking of booking.ts summed by unit and
 * week instead of by day, rolled up the org tree, the lights decided by the bundle's compiled
 * rule, and the weekly streaks behind escalation (levels 2-3) and the health review found by
 * compiled window functions. One query; what comes back is one row per unit (its rolled actual
 * and lights), the company's volume, and only the weeks of the streaks long enough to raise an
 * alert (each followed by the week that cleared it): the runtime hands those to the same
 * escalation and health review the file path runs, so an alert cannot differ.
 *
 * Why weeks: the board reads the days only through the week they fall in (the weekly series of
 * escalation and the health review; a to-date light compares the whole actual up to as-of with
 * the target's share due, which the calendar gives). So the buckets are the tracked period's
 * completed ISO weeks (clipped to the period, as the weekly series clips them) and one tail of
 * the days after the last of them up to as-of. A year of daily rows for 50,000 reps is summed to
 * at most 50,000 × 53 groups, not 50,000 × 365.
 *
 * Every figure that the compiler refuses for the dialect (DuckDB has no arbitrary-precision
 * NUMERIC, and the health review's deviation rounds the decimal a double difference prints as)
 * is left to the runtime: the plan says which, and the query returns what that figure needs
 * instead (the units' weekly sums for the health review). The lights read the fen as yuan
 * (`scale: 2`) and are decided on the fen in both dialects. Nothing here talks to a database.
 */
import { paramAt, type LoadedBundle } from '../bundle/index.js';
import type { RuleDef } from '../bundle/types.js';
import { dayNumber, periodOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { MAX_FEN, type Fen } from '../money/index.js';
import type { Light } from '../tracking/lights.js';
import { elapsedShare } from '../tracking/progress.js';
import { compileRuleToSql } from './rule.js';
import { compileToSql } from './compile.js';
import { bookedFenSql } from './booking.js';
import { DIALECTS, quoteText, type SqlDialect } from './dialect.js';

/** A bucket of the booking: a completed week of the period (clipped to it) or the tail after the last one. */
interface BoardBucket {
  /** 1, 2, 3 … in time order; the completed weeks first. */
  ord: number;
  /** The week's key (2026-W16); the tail's is empty. */
  week: string;
  from: Day;
  to: Day;
  /** Whether the week has ended by as-of (the weekly series' weeks); the tail has not. */
  completed: boolean;
}

/**
 * The buckets of `period` up to `asOf`: its completed weeks as the weekly series takes them
 * (tracking/weekly.ts) and the tail, so that every counted day lies in exactly one bucket.
 */
export function boardBuckets(period: Period, asOf: Day): BoardBucket[] {
  const last = asOf < period.end ? asOf : period.end;
  const out: BoardBucket[] = [];
  let w = periodOf(period.start, 'week');
  while (w.start <= period.end && w.end <= asOf) {
    out.push({ ord: out.length + 1, week: w.key, from: w.start < period.start ? period.start : w.start, to: w.end > period.end ? period.end : w.end, completed: true });
    w = periodOf(nextDay(w.end), 'week');
  }
  const tailFrom = out.length ? nextDay(out[out.length - 1]!.to) : period.start;
  if (tailFrom <= last) out.push({ ord: out.length + 1, week: '', from: tailFrom, to: last, completed: false });
  return out;
}

function nextDay(day: Day): Day {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The bucket a counted day falls in, by day number (buckets are consecutive). */
export function bucketOfDay(buckets: readonly BoardBucket[]): (day: Day) => BoardBucket | undefined {
  const starts = buckets.map((b) => dayNumber(b.from) as number);
  return (day) => {
    const n = dayNumber(day);
    if (n === null) return undefined;
    for (let i = buckets.length - 1; i >= 0; i--) if (n >= starts[i]! && day <= buckets[i]!.to) return buckets[i];
    return undefined;
  };
}

/** One entry of the day map (booking.ts's bookingDayMap): a row with this date books the idx-th of n parts on day. */
interface MappedDay { date: string; day: Day; idx: number; n: number }

/** A unit of the tree, with its tracked targets in fen (null: no target). */
export interface BoardTreeUnit {
  id: string;
  parentId: string | null;
  rep: boolean;
  base: Fen | null;
  stretch: Fen | null;
}

/**
 * The rules the board's query compiles, from the bundle (the preset's lights in place of the
 * lights group, as the tracker takes them); undefined when one is missing (trackCompany then
 * names it).
 */
export function boardRules(bundle: LoadedBundle, preset?: string): BoardRules | undefined {
  const def = (id: string) => bundle.rules.get(id)?.def;
  const [light, below, deviation, offTrack] = ['traffic-light', 'week-below-threshold', 'health-deviation', 'health-off-track'].map(def);
  const lights = preset !== undefined ? paramAt(bundle.parameters, `lightPresets.${preset}`) : bundle.parameters.lights;
  if (!light || !below || !deviation || !offTrack || lights === undefined) return undefined;
  const params = { ...bundle.parameters, lights };
  const n = (path: string) => paramAt(params, path) as number;
  return {
    light, below, deviation, offTrack, params,
    escalationWeeks: Math.min(n('escalation.noticeWeeks'), n('escalation.coachingWeeks')),
    healthWeeks: n('health.weeks'),
  };
}

interface BoardRules {
  /** traffic-light, with the parameters (the preset's lights) it runs with. */
  light: RuleDef;
  below: RuleDef;
  deviation: RuleDef;
  offTrack: RuleDef;
  params: Record<string, unknown>;
  /** The shortest run of weeks that raises an escalation alert (level 2 or 3), and one that raises a review. */
  escalationWeeks: number;
  healthWeeks: number;
}

interface BoardSqlInput {
  dialect: SqlDialect;
  /** The actuals relation (quoted by the caller): id, date, amount. */
  relation: string;
  days: readonly MappedDay[];
  buckets: readonly BoardBucket[];
  /** Every unit, top down. */
  units: readonly BoardTreeUnit[];
  /** The tracked period and its calendar: a week's share of a target is its working days' (the weekly series' share). */
  period: Period;
  calendar: WorkingCalendar;
  rules: BoardRules;
  /** Decide the lights in the database (where no light rule reads a record). */
  lights: boolean;
  /**
   * The to-date basis (--basis to-date): a light compares the actual with the part of the target
   * due by `asOf`, Math.round(target × share) fen (tracking/progress.ts), not with the whole target.
   */
  toDate?: { asOf: Day };
}

/** What the query decides in the database, and what it leaves to the runtime (with the compiler's reason). */
interface BoardPlan {
  sql: string;
  lightsInDb: boolean;
  escalationInDb: boolean;
  healthInDb: boolean;
  /** Why a figure stays in the runtime: the refusal naming the rule's node, per figure. */
  fallbacks: Array<{ figure: 'lights' | 'escalation' | 'health'; why: string }>;
}

/**
 * The board's query. Its rows: `kind` 'u' (a unit: `fen` its rolled actual, NULL when nothing
 * was booked at or below it; `lb`, `ls` the Base and Stretch lights when decided here), 'v'
 * (`fen` the sum over units of |own actual|, the runtime's range check), 'e' (a rep's week in
 * an escalation streak, or the week after it: `ord` the week's ordinal, `fen` the rolled actual),
 * 'h' (the same for the health review, or every week with an expected value when the review is
 * left to the runtime). The buckets must not be empty (an as-of day before the period has none).
 */
export function boardSql(input: BoardSqlInput): BoardPlan {
  const { dialect, relation, days, buckets, units, rules } = input;
  const d = DIALECTS[dialect];
  const fallbacks: BoardPlan['fallbacks'] = [];
  const bucketOf = bucketOfDay(buckets);
  const int = d.integer;
  const dbl = d.double;
  // exact integers past BIGINT for the weekly rate (2 × |actual| × 10^4): NUMERIC, or DuckDB's HUGEINT
  const wide = dialect === 'duckdb' ? 'HUGEINT' : 'NUMERIC';
  const intDiv = (a: string, b: string) => (dialect === 'duckdb' ? `((${a}) // (${b}))` : `DIV(${a}, ${b})`);
  const num = (x: number | null) => (x === null ? `CAST(NULL AS ${int})` : String(x));
  const float = (x: number) => `CAST(${quoteText(String(x))} AS ${dbl})`;

  // no day to book on (no actuals in the period yet) still makes a board: every week is a zero and
  // the streaks run; a VALUES list cannot be empty, so it holds one row that matches no date
  const map = days.length ? days.map((b) => `(${quoteText(b.date)}, ${bucketOf(b.day)!.ord}, ${b.idx}, ${b.n})`).join(', ')
    : `(CAST(NULL AS ${d.text}), 0, 0, 1)`;
  // a leaf (no unit names it as parent; the reps) is rolled up from its own booking alone
  const parents = new Set(units.map((u) => u.parentId));
  // in the ids' UTF-16 order (a database with the C collation sorts plain ids so): the
  // layout below (each unit's every bucket) then comes out in (id, bucket) order, and the sort
  // before the escalation's windows finds its input already in order (measured on 1.8M rows:
  // about 0.1 s of the board query's 2.5 s of server CPU); any other order gives the same rows
  const tree = [...units].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)).map((u) => `(${quoteText(u.id)}, ${u.parentId === null ? `CAST(NULL AS ${d.text})` : quoteText(u.parentId)}, ${u.rep ? 'TRUE' : 'FALSE'}, `
    + `${parents.has(u.id) ? 'FALSE' : 'TRUE'}, ${num(u.base)}, ${num(u.stretch)})`).join(', ');
  const completed = buckets.filter((b) => b.completed);
  const total = input.calendar.workingDaysBetween(input.period.start, input.period.end);
  const shareOf = (b: BoardBucket) => (total > 0 ? input.calendar.workingDaysBetween(b.from, b.to) / total : 0);
  const weeks = completed.map((b) => `(${b.ord}, ${float(shareOf(b))})`).join(', ');
  // Math.round on a double: the fraction part of x is exact, so ties go up as in JavaScript
  const jsRound = (x: string) => `(CASE WHEN (${x}) - FLOOR(${x}) >= 0.5 THEN FLOOR(${x}) + 1 ELSE FLOOR(${x}) END)`;
  // the expected fen of a week: Math.round(fenToYuan(base) × share × 100), the weekly series' doubles
  const expected = `(CASE WHEN base > 0 THEN CAST(${jsRound(`((CAST(base AS ${dbl}) / 100) * w.share) * 100`)} AS ${int}) ELSE 0 END)`;
  // each unit's fen by bucket, summed as the booking sums it (booking.ts: a day-keyed row's NUMERIC amount, summed once a group)
  const { amount, fen: ownFen } = bookedFenSql(dialect, days);

  // The booking is summed once by unit and bucket (own) and laid out as every unit's every bucket
  // (book: a week with nothing booked is a NULL there, so the weekly series has no holes). The
  // roll-up goes in two steps: the leaves' weeks (the reps, most of the rows) are summed by their
  // parent, and only those parents' sums (a few hundred units × 53 weeks) go through the tree's
  // closure; joining every rep's every week to each of its ancestors and grouping the lot cost
  // more. The reps' own series come straight from the booking. (Reading own twice instead of
  // laying out book, measured: 2.7 s of server CPU against 2.4 s.)
  const ctes = [
    `m(date, ord, idx, n) AS (VALUES ${map})`,
    `b(ord) AS (VALUES ${buckets.map((x) => `(${x.ord})`).join(', ')})`,
    `u(id, parent, rep, leaf, base, stretch) AS (VALUES ${tree})`,
    // the closure of the units with children (each with itself and every ancestor), from the parent column
    `up(id, anc) AS (SELECT id, id FROM u WHERE NOT leaf UNION ALL SELECT up.id, u.parent FROM up JOIN u ON u.id = up.anc WHERE u.parent IS NOT NULL)`,
    `a AS (SELECT CAST("id" AS ${d.text}) AS id, CAST("date" AS ${d.text}) AS date, ${amount} AS amount FROM ${relation})`,
    // grouped by the bucket list's ord, not the day map's: PostgreSQL has no statistics on a VALUES
    // list, and grouped by m.ord (365 rows) it guessed 9.3M groups for a 50,000-rep year (2.65M
    // real) and planned its hash aggregate in 8 partitions, spilling whatever the sums' size; joined
    // through b (one row a bucket) it guesses 1.35M, and with BIGINT sums (bookedFenSql) it fits in
    // the 512 MB of hash memory the CLI sets (work_mem 256 MB × hash_mem_multiplier 2)
    `own AS (SELECT a.id AS id, b.ord AS ord, ${ownFen} AS fen FROM a JOIN m ON a.date = m.date JOIN b ON b.ord = m.ord GROUP BY a.id, b.ord)`,
    `book AS (SELECT u.id AS id, u.parent AS parent, u.rep AS rep, u.leaf AS leaf, u.base AS base, b.ord AS ord, CAST(own.fen AS ${int}) AS fen FROM u CROSS JOIN b LEFT JOIN own ON own.id = u.id AND own.ord = b.ord)`,
    // each unit's own actual (NULL: nothing booked on it)
    `kept AS (SELECT id, CAST(SUM(fen) AS ${int}) AS fen FROM book GROUP BY id)`,
    // what each unit with children holds by bucket before the closure: its leaf children's sums and its own
    // (a child with children of its own holds its own, and reaches this unit through the closure)
    `held AS (SELECT parent AS id, ord, CAST(SUM(fen) AS ${int}) AS fen FROM book WHERE leaf AND parent IS NOT NULL GROUP BY parent, ord UNION ALL SELECT id, ord, fen FROM book WHERE NOT leaf)`,
    `upper AS (SELECT up.anc AS id, held.ord AS ord, CAST(SUM(held.fen) AS ${int}) AS fen FROM held JOIN up ON up.id = held.id GROUP BY up.anc, held.ord)`,
    `total AS (SELECT kept.id AS id, kept.fen AS fen FROM kept JOIN u ON u.id = kept.id WHERE u.leaf UNION ALL SELECT id, CAST(SUM(fen) AS ${int}) AS fen FROM upper GROUP BY id)`,
  ];
  const selects: string[] = [];
  const row = (kind: string, cols: { id?: string; ord?: string; fen?: string; efen?: string; lb?: string; ls?: string }, rest: string) =>
    `SELECT '${kind}' AS kind, ${cols.id ?? `CAST(NULL AS ${d.text})`} AS id, ${cols.ord ?? `CAST(NULL AS ${int})`} AS ord, ${cols.fen ?? `CAST(NULL AS ${int})`} AS fen, `
    + `${cols.efen ?? `CAST(NULL AS ${int})`} AS efen, ${cols.lb ?? `CAST(NULL AS ${d.text})`} AS lb, ${cols.ls ?? `CAST(NULL AS ${d.text})`} AS ls ${rest}`;

  // ---- units: the rolled actual, and the lights where the rule compiles
  let lightsInDb = false;
  let lb: string | undefined;
  let ls: string | undefined;
  if (input.lights) {
    // the rule reads yuan, the columns hold fen (BIGINT): each is read as fen / 100, the double the
    // tracker hands the rule, and decided exactly on the fen (10·actual >= 9·target), in DuckDB too;
    // every amount here is within the largest amount (the volume check's, the targets' reading)
    const fen = (column: string) => ({ column, sqlInteger: 'BIGINT' as const, scale: 2, maxAbs: MAX_FEN / 100, minAbs: 0.01 });
    const columns = (target: string) => ({ actual: fen('x.actual'), target: fen(target) });
    const onlyFigures = rules.light.inputs.every((i) => i.name === 'actual' || i.name === 'target');
    const base = onlyFigures ? compileRuleToSql(rules.light, { dialect, params: rules.params, columns: columns('x.tb') }) : undefined;
    const stretch = onlyFigures ? compileRuleToSql(rules.light, { dialect, params: rules.params, columns: columns('x.ts') }) : undefined;
    if (base?.ok && stretch?.ok && base.type === 'string') {
      lightsInDb = true;
      // (on the to-date basis x.tb and x.ts are the parts due, and a light with nothing due is the runtime's grey)
      lb = `CASE WHEN x.tb > 0 THEN CAST(${base.sql} AS ${d.text}) END`;
      ls = `CASE WHEN x.ts > 0 THEN CAST(${stretch.sql} AS ${d.text}) END`;
    } else {
      fallbacks.push({ figure: 'lights', why: base && !base.ok ? base.refusal.message.en : 'the light rule reads more than the actual and the target, or gives no text' });
    }
  }
  // the target a light compares with: the period's, or on the to-date basis the part due, Math.round(target × share)
  // on the same doubles as the tracker (a target of 0 or less has none: NULL)
  const share = input.toDate ? elapsedShare(input.calendar.progress(input.period, input.toDate.asOf)) : undefined;
  const lit = (col: string) => (share === undefined ? `CAST(${col} AS ${int})`
    : `(CASE WHEN ${col} > 0 THEN CAST(${jsRound(`CAST(${col} AS ${dbl}) * ${float(share)}`)} AS ${int}) END)`);
  selects.push(row('u', { id: 'x.id', fen: 'x.fen', ...(lb && ls ? { lb, ls } : {}) },
    `FROM (SELECT u.id AS id, total.fen AS fen, CAST(COALESCE(total.fen, 0) AS ${int}) AS actual, ${lit('u.base')} AS tb, ${lit('u.stretch')} AS ts `
    + `FROM u LEFT JOIN total ON total.id = u.id) x`));
  selects.push(row('v', { fen: `CAST(SUM(ABS(fen)) AS ${int})` }, 'FROM kept'));

  // ---- the weekly series: every completed week of every unit it judges, the rolled actual and the expected fen
  const streakOf = (miss: string) => {
    const s = compileToSql({ streak: [{ var: 'misses' }, { var: '' }] }, {
      dialect, inputs: { misses: { type: 'boolean', column: miss, series: { partitionBy: ['id'], ordinal: 'ord' } } },
    });
    if (!s.ok) throw new Error(s.refusal.message.en);
    return s.sql;
  };
  // a required input the week leaves out (a null rate) makes the rule fail: escalation then counts a miss
  const judged = (def: RuleDef, input: string, column: string, failing: boolean): string | { refused: string } => {
    const c = compileRuleToSql(def, { dialect, params: rules.params, columns: { [input]: { column, maxAbs: 1e15, minAbs: 1e-9 } } });
    if (!c.ok) return { refused: c.refusal.message.en };
    if (c.type !== 'boolean') return { refused: `${def.id} gives no true or false` };
    if (def.inputs.some((i) => i.name !== input)) return { refused: `${def.id} reads more than ${input}` };
    const required = def.inputs.find((i) => i.name === input)?.required !== false;
    const value = `((${c.sql}) IS NOT DISTINCT FROM TRUE)`;
    return required ? `(CASE WHEN ${column} IS NULL THEN ${failing ? 'TRUE' : 'FALSE'} ELSE ${value} END)` : value;
  };
  // only the weeks of runs at least `weeks` long come back, and the week after each (its clearing).
  // A miss week's run reaches `weeks` exactly when a streak of `weeks` is met within the next
  // weeks - 1 weeks (a run broken sooner cannot build a new one that long in time), and the week
  // after a run is the one whose LAG is the run's length: both windows share the streak's order
  // (id, ord), so the rows are sorted once and each frame is a few rows (a frame to the series'
  // end restarts its MIN at every row: 6.6 s on 260,000 rows)
  const runs = (kind: string, from: string, miss: string, weeks: number) => {
    const s = streakOf(miss);
    const reach = Math.max(0, Math.ceil(weeks) - 1);
    return [
      `${kind}1 AS (SELECT id, ord, wk, fen, efen, CAST(${s} AS ${int}) AS streak FROM ${from})`,
      // (a run of one week is reached at its own week)
      `${kind}2 AS (SELECT id, wk, fen, efen, streak, ${reach > 0 ? `MAX(streak) OVER (PARTITION BY id ORDER BY ord ROWS BETWEEN CURRENT ROW AND ${reach} FOLLOWING)` : 'streak'} AS reached, `
      + `LAG(streak) OVER (PARTITION BY id ORDER BY ord) AS before FROM ${kind}1)`,
      `${kind}3 AS (SELECT id, wk, fen, efen FROM ${kind}2 WHERE (streak > 0 AND reached >= ${weeks}) OR (streak = 0 AND before >= ${weeks}))`,
    ];
  };
  // the completed weeks of the units `which` picks (a condition on rep and base), from the booking or the roll-up
  const seriesOf = (which: string) => `(SELECT x.id AS id, x.ord AS wk, CAST(COALESCE(x.fen, 0) AS ${int}) AS fen, ${expected} AS efen FROM `
    + `(SELECT id, rep, base, ord, fen FROM book WHERE leaf UNION ALL SELECT upper.id, u.rep, u.base, upper.ord, upper.fen FROM upper JOIN u ON u.id = upper.id) x `
    + `JOIN w ON w.ord = x.ord WHERE ${which})`;

  let escalationInDb = false;
  let healthInDb = false;
  if (completed.length) {
    ctes.push(`w(ord, share) AS (VALUES ${weeks})`);
    // the week's rate, roundedRatio(actual, expected, 4) on the fen: half away from zero, exact, read
    // back as the nearest double. Below 4.5e11 fen (and an expected value below 1e15) the quotient k
    // stays under 2^53 and BIGINT holds every step, and k / 10^4 in doubles is the nearest double to
    // the decimal k·10⁻⁴ (IEEE division rounds once, as reading the decimal does); beyond, exact
    // integers past BIGINT and the decimal read back.
    const k = (t: string) => intDiv(`2 * CAST(ABS(fen) AS ${t}) * 10000 + efen`, `2 * CAST(efen AS ${t})`);
    const magnitude = `(CASE WHEN ABS(fen) < 450000000000 AND efen < 1000000000000000 THEN CAST(${k(int)} AS ${dbl}) / 10000 `
      + `ELSE CAST(CAST(${k(wide)} AS ${d.text}) || 'e-4' AS ${dbl}) END)`;
    const rate = `(CASE WHEN efen > 0 THEN (CASE WHEN fen < 0 THEN -1 ELSE 1 END) * ${magnitude} END)`;
    const below = judged(rules.below, 'rate', 'rate', true);
    if (typeof below === 'string') {
      escalationInDb = true;
      ctes.push(`reps AS (SELECT id, wk, wk AS ord, fen, efen, ${rate} AS rate FROM ${seriesOf('rep')} r)`);
      ctes.push(...runs('e', `(SELECT id, ord, wk, fen, efen, ${below} AS miss FROM reps) j`, 'miss', rules.escalationWeeks));
      selects.push(row('e', { id: 'id', ord: 'wk', fen: 'fen', efen: 'efen' }, 'FROM e3'));
    } else {
      // every rep's every week then comes back, and the runtime judges them
      fallbacks.push({ figure: 'escalation', why: below.refused });
      selects.push(row('e', { id: 'id', ord: 'wk', fen: 'fen', efen: 'efen' }, `FROM ${seriesOf('rep')} r`));
    }
    // the health review: teams and above with a target, over the weeks that expect something (renumbered)
    ctes.push(`judged AS (SELECT id, wk, ROW_NUMBER() OVER (PARTITION BY id ORDER BY wk) AS ord, fen, efen, CAST(fen AS ${dbl}) / 100 AS actual, CAST(efen AS ${dbl}) / 100 AS expected `
      + `FROM ${seriesOf('NOT rep AND base IS NOT NULL')} t WHERE efen > 0)`);
    const deviation = compileRuleToSql(rules.deviation, { dialect, params: rules.params, columns: { actual: { column: 'actual', maxAbs: 1e14, minAbs: 0.01 }, expected: { column: 'expected', maxAbs: 1e14, minAbs: 0.01 } } });
    const offTrack = deviation.ok && rules.deviation.inputs.every((i) => i.name === 'actual' || i.name === 'expected')
      ? judged(rules.offTrack, 'deviation', 'deviation', false) : { refused: deviation.ok ? 'health-deviation reads more than actual and expected' : deviation.refusal.message.en };
    if (deviation.ok && typeof offTrack === 'string') {
      healthInDb = true;
      ctes.push(...runs('h', `(SELECT id, ord, wk, fen, efen, ${offTrack} AS miss FROM (SELECT id, ord, wk, fen, efen, ${deviation.sql} AS deviation FROM judged) v) j`, 'miss', rules.healthWeeks));
      selects.push(row('h', { id: 'id', ord: 'wk', fen: 'fen', efen: 'efen' }, 'FROM h3'));
    } else {
      fallbacks.push({ figure: 'health', why: typeof offTrack === 'string' ? '' : offTrack.refused });
      selects.push(row('h', { id: 'id', ord: 'wk', fen: 'fen', efen: 'efen' }, 'FROM judged'));
    }
  } else {
    escalationInDb = true;
    healthInDb = true;
  }
  return { sql: `WITH RECURSIVE ${ctes.join(', ')} ${selects.join(' UNION ALL ')}`, lightsInDb, escalationInDb, healthInDb, fallbacks };
}

/** A row of the board's query, as a driver gives it (integers as numbers; NULL as null). */
export interface BoardRow {
  kind: string;
  id: string | null;
  ord: number | null;
  fen: number | null;
  efen: number | null;
  lb: string | null;
  ls: string | null;
}

/** What the board's query gave, gathered for the runtime's use case (tracking/company-sums.ts). */
export interface BoardSums {
  /** Each unit with anything booked at or below it: its rolled actual. */
  rolled: Map<string, Fen>;
  /** Σ |own actual| over the units (the company's volume, which must stay within MAX_FEN). */
  volume: Fen;
  /** The lights decided in the database, by unit (absent: the runtime decides). */
  lights?: Map<string, { base?: Light; stretch?: Light }>;
  /** By unit, the weeks that matter to escalation and the health review, in time order (see boardSql). */
  weeks: Map<string, Array<{ week: string; actual: Fen; expected: Fen }>>;
}

/** Gathers the rows into BoardSums (the weeks sorted by ordinal; `lights` only when the plan decided them). */
export function readBoardRows(rows: Iterable<BoardRow>, buckets: readonly BoardBucket[], lightsInDb: boolean): BoardSums {
  const rolled = new Map<string, Fen>();
  const lights = lightsInDb ? new Map<string, { base?: Light; stretch?: Light }>() : undefined;
  const byUnit = new Map<string, Array<{ ord: number; actual: Fen; expected: Fen }>>();
  let volume = 0;
  for (const r of rows) {
    if (r.kind === 'v') { volume = r.fen ?? 0; continue; }
    const id = r.id as string;
    if (r.kind === 'u') {
      if (r.fen !== null) rolled.set(id, r.fen);
      if (lights && (r.lb !== null || r.ls !== null)) lights.set(id, { ...(r.lb !== null ? { base: r.lb as Light } : {}), ...(r.ls !== null ? { stretch: r.ls as Light } : {}) });
      continue;
    }
    const points = byUnit.get(id) ?? [];
    points.push({ ord: r.ord as number, actual: r.fen ?? 0, expected: r.efen ?? 0 });
    byUnit.set(id, points);
  }
  const weeks = new Map<string, Array<{ week: string; actual: Fen; expected: Fen }>>();
  for (const [id, points] of byUnit) {
    points.sort((a, b) => a.ord - b.ord);
    weeks.set(id, points.map((p) => ({ week: buckets[p.ord - 1]!.week, actual: p.actual, expected: p.expected })));
  }
  return { rolled, volume, ...(lights ? { lights } : {}), weeks };
}
