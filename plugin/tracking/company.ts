/**
 * Tracking a company's period (跟踪), the use case every host calls: the actual rows booked into
 * the period (`bookActuals`), each unit's progress, lights and gaps (the tracker), per product
 * line when asked (`trackProductLines`), and the alerts (`trackAlerts`). Hosts read the files,
 * call this, and render what it returns; none of these figures is computed in a host.
 */
import type { LoadedBundle } from '../bundle/index.js';
import type { Day, Period, WorkingCalendar } from '../calendar/index.js';
import type { SplitTable } from '../credit/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { formatYuan, isAmountFen, MAX_FEN } from '../money/index.js';
import { joinPointer, problem, type Problem } from '../problems.js';
import type { ActualRow } from './actuals.js';
import { trackAlerts, type PeriodAlerts } from './alerts.js';
import { bookActuals, readBookingSettings, type Booking, type BookingResult, type BookingSettings } from './booking.js';
import { trackProductLines } from './lines.js';
import { createTracker, type TimeProfile, type TrackRecord, type TrackTarget, type UnitProgress } from './progress.js';

interface TrackCompanyInput<T extends OrgUnitInput> {
  tree: OrgTree<T>;
  /** The tracked period's targets by unit. */
  targets: ReadonlyMap<string, TrackTarget>;
  /**
   * Actual rows as `readActuals` gives them; or `booked`, a booking made row by row
   * (`createActualsBooker`) from a streamed file, or the booker's result as it finished (a refused
   * booking is refused here, after the targets' checks, where booking the rows would refuse it).
   */
  rows?: readonly ActualRow[];
  booked?: Booking | BookingResult;
  /** The actuals file, for problems. */
  file: string;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  /** Default: the bundle's `booking` parameter group. */
  booking?: BookingSettings;
  /** Shared deals credited by percent (rows with an order_id in the table). */
  splits?: SplitTable;
  /** Phasing profiles: time progress, run rates and the weekly expectations follow them. */
  timelines?: ReadonlyMap<string, TimeProfile>;
  missingActuals?: 'zero' | 'grey';
  /** What the lights compare with: the period's target (default) or the part due by asOf (the tracker's TrackInput.basis). */
  basis?: 'period' | 'to-date';
  /** A light preset (parameter lightPresets). */
  preset?: string;
  /**
   * Each unit's row of the targets file, with the file's columns: a tracking rule's further
   * declared inputs are read from it (see the tracker's TrackInput.records); a required one that
   * is no column refuses the run.
   */
  records?: { file: string; columns: readonly string[]; byUnit: ReadonlyMap<string, TrackRecord> };
  /** Basic actions per unit and day (level-1 escalation). */
  activity?: ReadonlyMap<string, ReadonlyMap<Day, number>>;
  /** Track per product line too: the line ids in order and each unit's tracked target per line. */
  lines?: { ids: readonly string[]; targets: ReadonlyMap<string, ReadonlyMap<string, TrackTarget>> };
}

interface CompanyTracking extends PeriodAlerts {
  booking: Booking;
  /** Every unit's progress, top down. */
  progress: UnitProgress[];
  /** With `lines`: by line id, every unit's progress on that line, in the order of `progress`. */
  lines?: Map<string, UnitProgress[]>;
}

type TrackCompanyResult = { ok: true; tracking: CompanyTracking } | { ok: false; problems: Problem[] };

export function trackCompany<T extends OrgUnitInput>(bundle: LoadedBundle, input: TrackCompanyInput<T>): TrackCompanyResult {
  const { tree, targets, period, asOf, calendar } = input;
  const badTargets = checkTargets(targets, input.records?.file ?? '<targets>');
  if (badTargets.length) return { ok: false, problems: badTargets };
  // the parts are read by the per-line tracking only: without lines, a large file keeps none
  const given = input.booked;
  const booked = given ? ('ok' in given ? given : { ok: true as const, booking: given }) : bookActuals({
    rows: input.rows ?? [], period, asOf, calendar, file: input.file,
    settings: input.booking ?? readBookingSettings(bundle.parameters),
    ...(input.splits ? { splits: input.splits } : {}),
    keepParts: input.lines !== undefined,
  });
  if (!booked.ok) return booked;
  const { booking } = booked;
  // per line reads the parts: a streamed booking made without them cannot be split by line
  if (input.lines && input.booked && !booking.parts.length && booking.own.size) {
    return { ok: false, problems: [problem('TRACK_PARTS_NOT_KEPT', input.file, '', {
      zh: '按产品线跟踪需要逐笔入账明细，而这次入账没有保留（createActualsBooker 需 keepParts: true）',
      en: 'tracking by product line needs every booked part, and this booking kept none (createActualsBooker with keepParts: true)',
    })] };
  }
  // every row is within MAX_FEN, but the company's actual is their sum: past MAX_FEN it would
  // print as a yuan number that is no longer the sum of its children's
  // a booking made against this tree (the reader and booker given `tree.flat`) is read by place
  const byPlace = booking.byPlace?.units === tree.flat ? booking.byPlace : undefined;
  let volume = 0;
  if (byPlace) volume = byPlace.volume();
  else for (const amount of booking.own.values()) volume += Math.abs(amount);
  if (volume > MAX_FEN) {
    return { ok: false, problems: [actualsPastRange(input.file)] };
  }
  const { records } = input;
  const tracker = createTracker(bundle, {
    ...(input.preset !== undefined ? { preset: input.preset } : {}),
    ...(records ? { columns: records.columns, source: { zh: `目标表 ${records.file}`, en: `the targets file ${records.file}` } } : {}),
  });
  if (!tracker.ok) return tracker;
  const common = {
    tree, period, asOf, calendar, missingActuals: input.missingActuals ?? 'zero',
    ...(input.basis ? { basis: input.basis } : {}),
    ...(input.timelines ? { timelines: input.timelines } : {}),
    ...(records ? { records: records.byUnit, recordsFile: records.file } : {}),
  } as const;
  let progress: UnitProgress[];
  let lines: Map<string, UnitProgress[]> | undefined;
  if (input.lines) {
    const byLine = trackProductLines(tracker.tracker, { ...common, targets }, input.lines.targets, input.lines.ids, booking.parts);
    progress = byLine.total;
    lines = byLine.lines;
  } else {
    progress = tracker.tracker.track({ ...common, targets, ...(byPlace ? { actuals: new Map(), ownAt: byPlace.own } : { actuals: booking.own }) });
  }
  const alerts = trackAlerts(bundle, {
    tree, period, asOf, calendar, targets, ...(byPlace ? { daily: new Map(), byPlace } : { daily: booking.daily }),
    ...(input.activity ? { activity: input.activity } : {}),
    ...(input.timelines ? { timelines: input.timelines } : {}),
  });
  if (!alerts.ok) return alerts;
  // the weekly series stay unbuilt until read (trackAlerts builds them then)
  return {
    ok: true,
    tracking: { booking, progress, ...(lines ? { lines } : {}), alerts: alerts.alerts, reviews: alerts.reviews, get weekly() { return alerts.weekly; } },
  };
}

/**
 * A target comes in as fen from any host: Base and Stretch must be whole fen in [0, MAX_FEN]
 * (a negative Base made every actual "ahead of target").
 */
export function checkTargets(targets: ReadonlyMap<string, TrackTarget>, file: string): Problem[] {
  const out: Problem[] = [];
  for (const [id, t] of targets) {
    for (const key of ['base', 'stretch'] as const) {
      const fen = t[key];
      if (isAmountFen(fen)) continue;
      out.push(problem('TRACK_BAD_TARGET', file, joinPointer('', id, key), {
        zh: `单位 ${id} 的 ${key} 应为 0 到 ${formatYuan(MAX_FEN)} 元之间的金额，实际是 ${String(fen / 100)} 元`,
        en: `unit ${id}: ${key} must be an amount from 0 to ${formatYuan(MAX_FEN)} yuan, got ${String(fen / 100)} yuan`,
      }));
    }
  }
  return out;
}

/**
 * Targets of a longer period (the half year) for a part of it (a month): each amount times the
 * part's share of the whole's working days, rounded to the fen. Each unit is rounded on its own
 * (as the tracker reads each unit's target), so children need not sum to their parent here.
 */
export function spreadTargets(targets: ReadonlyMap<string, TrackTarget>, whole: Period, period: Period, calendar: WorkingCalendar): Map<string, TrackTarget> {
  let share = 1;
  if (whole.key !== period.key) {
    const all = calendar.workingDaysBetween(whole.start, whole.end);
    share = all > 0 ? calendar.workingDaysBetween(period.start, period.end) / all : 0;
  }
  const part = (f: number) => Math.round(f * share);
  return new Map([...targets].map(([id, t]) => [id, { base: part(t.base), stretch: part(t.stretch) }]));
}

/** Actuals whose absolute amounts add up past MAX_FEN: the company's actual would no longer be the exact sum of its children's. */
export function actualsPastRange(file: string): Problem {
  return problem('ACTUALS_TOTAL_RANGE', file, '', {
    zh: `实际金额合计超出最大金额 ${formatYuan(MAX_FEN)} 元，无法精确汇总`,
    en: `the actuals add up past the largest amount, ${formatYuan(MAX_FEN)} yuan, and cannot be rolled up exactly`,
  });
}

