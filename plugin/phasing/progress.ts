/**
 * A unit's target over time against its actuals (分阶段目标与进度): the targets table phased into
 * months or weeks by the bundle's `phasing` profile (learned from the history table), each
 * sub-period's phased Base and Stretch beside its booked actual and light, and the period to
 * date: the share of the target due by the as-of day under the profile against the actual so
 * far. Tables come in the shape parseCsv gives, so the CLI's files and a host's stored rows take
 * the same path: `phase` for the split, `track --phase` for each light.
 */
import { parsePeriod, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { readHistoryTable } from '../forecast/index.js';
import type { Fen } from '../money/index.js';
import { problem, type Problem } from '../problems.js';
import type { LoadedBundle } from '../bundle/index.js';
import { latestActualDay, readActuals, targetUnitsOf, trackCompany, type Light } from '../tracking/index.js';
import type { OrgTree } from '../org/index.js';
import { phaseTargets, type PhaseBy, type PhasingResult } from './phase.js';
import { readPhasingSettings } from './settings.js';
import { phasedTrackTargets } from './tracking.js';

interface RowsTable {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

interface SlotProgress {
  key: string;
  start: Day;
  end: Day;
  base: Fen;
  stretch: Fen;
  /** Booked in the sub-period up to the as-of day; null before it starts. */
  actual: Fen | null;
  light: Light | null;
  /** The profile's share of the period in this sub-period (0..1). */
  share: number;
}

interface UnitPhasing {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  base: Fen;
  stretch: Fen;
  /** The profile the unit was phased by (history, explicit, working days), and the unit whose profile it is (itself, or an ancestor's). */
  profile: { kind: string; source: 'own' | 'inherited' | 'fallback'; from: string };
  slots: SlotProgress[];
  /** Period to date: the Base due by the as-of day under the profile (rounded to the fen), the actual so far, its light. */
  toDate: { due: Fen; dueShare: number; actual: Fen; light: Light | null };
}

interface PhasedProgress {
  period: string;
  by: PhaseBy;
  asOf: Day;
  tree: OrgTree;
  phasing: PhasingResult;
  units: Map<string, UnitPhasing>;
}

/**
 * Every unit's phased targets and progress; `unitIds` narrows which units get their
 * sub-periods tracked (the whole company is booked either way: actuals roll up the tree).
 */
export function phasedProgress(bundle: LoadedBundle, input: {
  targets: RowsTable; actuals: RowsTable; history?: RowsTable; calendar: WorkingCalendar;
  period: Period; by: PhaseBy; asOf?: Day; unitIds?: readonly string[];
}): { ok: true; progress: PhasedProgress } | { ok: false; problems: Problem[] } {
  const units = targetUnitsOf(input.targets.file, input.targets.columns, input.targets.records);
  if (!units.ok) return units;
  const { tree } = units;
  const settings = readPhasingSettings(bundle.parameters.phasing);
  if (!settings.ok) return settings;
  let history: Map<string, Map<string, Fen>> | undefined;
  if (input.history) {
    const read = readHistoryTable(input.history.columns, input.history.records, input.history.file);
    if (!read.ok) return read;
    history = new Map([...read.units].filter(([id]) => tree.get(id) !== undefined).map(([id, s]) => [id, s.months]));
  }
  const actuals = readActuals(input.actuals.records, input.actuals.file, { isUnit: (id) => tree.get(id) !== undefined });
  if (!actuals.ok) return actuals;
  const asOf = input.asOf ?? latestActualDay(actuals.rows);
  if (!asOf) return { ok: false, problems: [problem('ACTUALS_EMPTY', input.actuals.file, '', { zh: '没有实际数据，无法确定截至日期', en: 'no actuals: there is no as-of day' })] };
  const whole = new Map(units.units.filter((u) => u.base !== null && u.base >= 0).map((u) => [u.id, { base: u.base as Fen, stretch: Math.max(0, (u.stretch ?? u.base) as Fen) }]));
  const phased = phaseTargets({ tree, targets: whole, period: input.period, by: input.by, calendar: input.calendar, settings: settings.settings, ...(history ? { history } : {}) });
  if (!phased.ok) return phased;
  const result = phased.result;
  const wanted = new Set(input.unitIds ?? result.units.map((u) => u.id));
  // one tracking run per sub-period (as `track --phase --period <month>` does) and one for the period to date
  const track = (tracked: Period, until: Day) => {
    const sub = phasedTrackTargets(result, tracked);
    if (!sub.ok) return sub;
    const run = trackCompany(bundle, { tree, targets: new Map([...sub.targets].filter(([id]) => wanted.has(id))), rows: actuals.rows, file: input.actuals.file, period: tracked, asOf: until, calendar: input.calendar, timelines: sub.timelines });
    return run.ok ? { ok: true as const, byId: new Map(run.tracking.progress.map((p) => [p.id, p])) } : run;
  };
  const slotRuns: Array<Map<string, { actual: Fen; light: Light }> | undefined> = [];
  for (const s of result.slots) {
    if (s.start > asOf) { slotRuns.push(undefined); continue; }
    const tracked = parsePeriod(s.key);
    if (!tracked) { slotRuns.push(undefined); continue; }
    const run = track(tracked, asOf < s.end ? asOf : s.end);
    if (!run.ok) return run;
    slotRuns.push(run.byId);
  }
  const toDate = track(input.period, asOf < input.period.end ? asOf : input.period.end);
  if (!toDate.ok) return toDate;
  const out = new Map<string, UnitPhasing>();
  for (const u of result.units) {
    if (!wanted.has(u.id)) continue;
    const now = toDate.byId.get(u.id);
    out.set(u.id, {
      id: u.id, name: u.name, level: u.level, parentId: u.parentId, base: u.base, stretch: u.stretch,
      profile: { kind: u.profile.kind, source: u.profile.source, from: u.profile.from },
      slots: result.slots.map((s, i) => {
        const p = slotRuns[i]?.get(u.id);
        return { key: s.key, start: s.start, end: s.end, base: u.phasedBase.slots[i] as Fen, stretch: u.phasedStretch.slots[i] as Fen, actual: p ? p.actual : null, light: p ? p.light : null, share: u.slotShares[i] ?? 0 };
      }),
      toDate: { due: Math.round(u.base * (now?.timeElapsed ?? 0)), dueShare: now?.timeElapsed ?? 0, actual: now?.actual ?? 0, light: now?.light ?? null },
    });
  }
  return { ok: true, progress: { period: input.period.key, by: input.by, asOf, tree, phasing: result, units: out } };
}
