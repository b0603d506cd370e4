/**
 * One period of targets (目标期间) out of a targets table that holds several: the bundle's own
 * rows (period empty: the bundle's default period) beside one set per publication (2026-H2).
 * Every reader that tracks, scores or notifies reads one period's rows through here, so the
 * CLI and NocoBase pick the same period for the same table and day, and say which they picked.
 */
import { parsePeriod, shanghaiDay, type Day, type Period } from '../calendar/index.js';
import type { LoadedBundle } from '../bundle/index.js';
import { problem, type Localized, type Problem } from '../problems.js';

/** A table as a host read it (parseCsv's shape, or a stored collection read back). */
interface PeriodTable {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

/** Why a period was taken: asked for, holding the as-of day, holding the latest actual, the newest, or the only one. */
type PeriodChoice = 'asked' | 'as-of' | 'latest-actual' | 'newest' | 'only';

interface TargetsPeriodPick {
  /** The period's key as the rows give it ('' when its rows are empty and the bundle states no period). */
  key: string;
  /** The period parsed; null for '' . */
  period: Period | null;
  why: PeriodChoice;
  /** Every period the table holds, in the order first met. */
  periods: string[];
  /** Which period was taken and why, to show beside the figures. */
  message: Localized;
}

interface PickOptions {
  /** The period a reader asks for: a period of the table, or one inside exactly one of them (a month of a half year). */
  asked?: string | undefined;
  /** The day read up to; the period holding it is the default. */
  asOf?: Day | undefined;
  /** The latest day of the actuals (`latestTableDay`): the default when no period holds the as-of day. */
  latestActual?: Day | undefined;
  /** The period of rows whose period cell is empty (`statedTargetsPeriod`). */
  defaultPeriod?: string | undefined;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

const label = (key: string): Localized => (key === '' ? { zh: '默认期间（期间为空的行）', en: 'the default period (rows with no period)' } : { zh: key, en: key });

/**
 * The period a bundle states for its own targets: a JSON dataset's `period` (the sample
 * company's summary says 2026-H1); undefined when none does.
 */
export function statedTargetsPeriod(bundle: LoadedBundle): string | undefined {
  for (const { def, content } of bundle.datasets.values()) {
    if (def.format !== 'json' || typeof content !== 'object' || content === null) continue;
    const stated = (content as { period?: unknown }).period;
    const period = typeof stated === 'string' ? parsePeriod(stated) : null;
    if (period) return period.key;
  }
  return undefined;
}

/**
 * The latest day an actuals table reaches, read from its `date` cells alone (a day, a time with
 * its offset, or a period's last day), before the table is read in full: the default period is
 * chosen before the org the actuals are checked against is known. Cells that are no date are
 * skipped here; the full read refuses them by their row.
 */
export function latestTableDay(actuals: PeriodTable): Day | undefined {
  let latest: Day | undefined;
  for (const { record } of actuals.records) {
    const day = tableRecordDay(record);
    if (day && (latest === undefined || day > latest)) latest = day;
  }
  return latest;
}

/** The day one record's `date` cell reaches, as `latestTableDay` reads it (for a file streamed a row at a time). */
export function tableRecordDay(record: Readonly<Record<string, unknown>>): Day | undefined {
  const cell = text(record.date);
  return shanghaiDay(cell) ?? parsePeriod(cell)?.end;
}

const holds = (p: Period | null, day: Day): boolean => p !== null && p.start <= day && day <= p.end;
const length = (p: Period): number => Date.parse(p.end) - Date.parse(p.start);

/**
 * The rows of one period, and which period that is. A table without a period column is one
 * period already (the rows come back as they are, the stated period named). Otherwise the
 * period asked for, else the one holding the as-of day, else the latest actual day, else the
 * newest. Refused, with the place named, when a period cell is no period, when the period
 * asked for is not in the table, or when the chosen period has a unit twice (a product line's
 * rows, with a `line` cell, are apart from the unit's total).
 */
export function targetsOfPeriod<T extends PeriodTable>(table: T, options: PickOptions = {}):
  { ok: true; table: T; pick: TargetsPeriodPick } | { ok: false; problems: Problem[] } {
  const stated = options.defaultPeriod ? parsePeriod(options.defaultPeriod) : null;
  if (!table.columns.includes('period')) {
    const key = stated?.key ?? '';
    return { ok: true, table, pick: { key, period: stated, why: 'only', periods: [key], message: { zh: `目标期间：${label(key).zh}`, en: `targets' period: ${label(key).en}` } } };
  }
  const problems: Problem[] = [];
  const byKey = new Map<string, { period: Period | null; records: T['records'][number][] }>();
  for (const r of table.records) {
    const cell = text(r.record.period);
    let period: Period | null = stated;
    if (cell !== '') {
      period = parsePeriod(cell);
      if (!period) {
        problems.push({ ...problem('TARGETS_PERIOD_INVALID', table.file, '', { zh: `期间 "${cell}" 无效（如 2026-H1、2026-Q2、2026-05）`, en: `period "${cell}" is not a period (e.g. 2026-H1, 2026-Q2, 2026-05)` }), row: r.line, column: 'period' });
        continue;
      }
    }
    const key = period?.key ?? '';
    const group = byKey.get(key) ?? { period, records: [] };
    group.records.push(r);
    byKey.set(key, group);
  }
  if (problems.length) return { ok: false, problems };
  const periods = [...byKey.keys()];
  const list = periods.map((p) => label(p).zh).join('、') || '无';
  const listEn = periods.map((p) => label(p).en).join(', ') || 'none';

  let key: string | undefined;
  let why: PeriodChoice = 'only';
  if (options.asked !== undefined) {
    const asked = parsePeriod(options.asked);
    const exact = asked ? periods.find((p) => p === asked.key) : undefined;
    // a month of a half year's targets: the only period that holds it all
    const within = asked ? periods.filter((p) => { const q = byKey.get(p)!.period; return q !== null && q.start <= asked.start && asked.end <= q.end; }) : [];
    key = exact ?? (within.length === 1 ? within[0] : undefined);
    if (key === undefined) {
      return { ok: false, problems: [{ ...problem('TARGETS_PERIOD_MISSING', table.file, '', {
        zh: `目标表中没有期间 ${options.asked} 的目标（表中有：${list}）`, en: `the targets hold no targets for period ${options.asked} (they hold: ${listEn})`,
      }), column: 'period' }] };
    }
    why = 'asked';
  } else if (periods.length > 1) {
    const holding = (day: Day | undefined): string | undefined => {
      if (day === undefined) return undefined;
      // the narrowest period holding the day: a quarter's targets before the half year's
      const found = periods.filter((p) => holds(byKey.get(p)!.period, day));
      found.sort((a, b) => length(byKey.get(a)!.period!) - length(byKey.get(b)!.period!) || (a < b ? -1 : 1));
      return found[0];
    };
    key = holding(options.asOf);
    why = 'as-of';
    if (key === undefined) { key = holding(options.latestActual); why = 'latest-actual'; }
    if (key === undefined) {
      // the newest by its last day; the unnamed default period counts as the oldest
      key = [...periods].sort((a, b) => {
        const pa = byKey.get(a)!.period, pb = byKey.get(b)!.period;
        return (pb?.end ?? '').localeCompare(pa?.end ?? '') || (pb?.start ?? '').localeCompare(pa?.start ?? '');
      })[0];
      why = 'newest';
    }
  }
  key ??= periods[0] ?? '';
  const chosen = byKey.get(key) ?? { period: stated, records: [] };

  // one row per unit (and product line) in the period: a unit twice has two targets
  const seen = new Map<string, number>();
  for (const { line, record } of chosen.records) {
    const unit = `${text(record.id)}\u0000${text(record.line)}`;
    const first = seen.get(unit);
    if (first !== undefined) {
      problems.push({ ...problem('TARGETS_UNIT_TWICE', table.file, '', {
        zh: `期间 ${label(key).zh} 中单位 ${text(record.id)} 有两行目标（第 ${first} 行与第 ${line} 行）`,
        en: `unit ${text(record.id)} has two target rows in period ${label(key).en} (lines ${first} and ${line})`,
      }), row: line, column: 'id' });
    } else seen.set(unit, line);
  }
  if (problems.length) return { ok: false, problems };

  const reason: Record<PeriodChoice, Localized> = {
    asked: { zh: '按请求的期间', en: 'as asked' },
    'as-of': { zh: `含截至日 ${options.asOf ?? ''}`, en: `holds the as-of day ${options.asOf ?? ''}` },
    'latest-actual': { zh: `含最近的实际日 ${options.latestActual ?? ''}`, en: `holds the latest actual day ${options.latestActual ?? ''}` },
    newest: { zh: '表中最新的期间', en: 'the newest period in the table' },
    only: { zh: '表中唯一的期间', en: 'the only period in the table' },
  };
  const others = periods.length > 1 ? { zh: `；表中共有：${list}`, en: `; the table holds: ${listEn}` } : { zh: '', en: '' };
  return {
    ok: true,
    table: { ...table, records: chosen.records },
    pick: {
      key, period: chosen.period, why, periods,
      message: { zh: `目标期间：${label(key).zh}（${reason[why].zh}${others.zh}）`, en: `targets' period: ${label(key).en} (${reason[why].en}${others.en})` },
    },
  };
}
