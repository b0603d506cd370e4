/**
 * Points from the pipeline's activities (活动积分): which recorded activity is which key action
 * is bundle data, `points.fromActivities`, an ordered list of `{ activity, toStage?, event }`
 * read first match wins. A matched activity is posted to the ledger (`createLedger`, the rule
 * points-for-event) under the event's hyphenated type (`dealSigned` → `deal-signed`), with the
 * activity's id as its idempotency key. The figures a board shows come from here: each unit's
 * balance at the as-of day and its points of the as-of month over its subtree, and the month's
 * top places across the company. Activities after the as-of day have not happened yet.
 */
import type { LoadedBundle } from '../bundle/index.js';
import { shanghaiDay, type Day } from '../calendar/index.js';
import type { ActivityRecord } from '../indicators/model.js';
import type { OrgTree } from '../org/index.js';
import type { Problem } from '../problems.js';
import { createLedger } from './ledger.js';

/** One line of `points.fromActivities`: an activity of this type (and, when given, to this stage) earns `event`. */
interface ActivityPointsRule {
  activity: string;
  toStage?: string;
  /** A key of `points.events`. */
  event: string;
}

export interface ActivityPoints {
  /** False when the bundle has no `points.fromActivities`: then no activity earns points. */
  mapped: boolean;
  /** The month ranked: the as-of day's. */
  month: string;
  /** Each unit asked for: its people's balances at the as-of day and this month's points, summed over its subtree. */
  units: Array<{ unitId: string; unit: string; people: number; balance: number; monthPoints: number }>;
  /** The month's top places across the company (public recognition), by the bundle's monthlyTop. */
  top: Array<{ person: string; name: string; points: number; place: number }>;
  /** Activities posted as point events up to the as-of day. */
  posted: number;
}

interface ActivityPointsInput {
  /** The recorded activities, in file order: `id`, `owner_id`, `type`, `at`, and `to_stage` for a stage change. */
  activities: readonly ActivityRecord[];
  tree: OrgTree;
  asOf: Day;
  unitIds: readonly string[];
}

const text = (record: ActivityRecord, column: string): string => (typeof record[column] === 'string' ? (record[column] as string) : '');

/** The type points-for-event takes for a `points.events` key: `dealSigned` → `deal-signed`. */
function eventType(event: string): string {
  return event.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The mapping the bundle gives (already checked when it loaded), or null when it has none. */
function readMapping(parameters: Record<string, unknown>): readonly ActivityPointsRule[] | null {
  const points = parameters.points as { fromActivities?: unknown } | undefined;
  return Array.isArray(points?.fromActivities) ? (points.fromActivities as ActivityPointsRule[]) : null;
}

/** The event the first matching line gives `record`, or null when no line matches. */
function eventOf(mapping: readonly ActivityPointsRule[], record: ActivityRecord): string | null {
  const type = text(record, 'type');
  const line = mapping.find((m) => m.activity === type && (m.toStage === undefined || m.toStage === text(record, 'to_stage')));
  return line ? line.event : null;
}

/**
 * The points of `unitIds` from the activities up to the as-of day, posted in file order. The
 * ledger's problems when the bundle's points rules do not load.
 */
export function activityPoints(bundle: LoadedBundle, input: ActivityPointsInput): { ok: true; points: ActivityPoints } | { ok: false; problems: Problem[] } {
  const made = createLedger(bundle);
  if (!made.ok) return made;
  const { ledger } = made;
  const mapping = readMapping(bundle.parameters);
  let posted = 0;
  for (const record of mapping ? input.activities : []) {
    const event = eventOf(mapping!, record);
    const person = text(record, 'owner_id');
    const at = text(record, 'at');
    const day = at ? shanghaiDay(at) : null;
    if (!event || !person || !day || day > input.asOf) continue;
    const type = eventType(event);
    if (ledger.earn({ key: String(record.id ?? `${person}:${at}:${type}`), person, type, at, record }).status === 'posted') posted++;
  }
  const month = input.asOf.slice(0, 7);
  const balances = new Map(ledger.balances(input.asOf).map((b) => [b.person, b.balance]));
  const monthly = new Map(ledger.monthlyTop(month, Number.MAX_SAFE_INTEGER).map((r) => [r.person, r.points]));
  const units = input.unitIds.map((unitId) => {
    const people = input.tree.subtree(unitId).filter((u) => balances.has(u.id) || monthly.has(u.id));
    return {
      unitId, unit: input.tree.get(unitId)?.name ?? unitId, people: people.length,
      balance: people.reduce((s, u) => s + (balances.get(u.id) ?? 0), 0),
      monthPoints: people.reduce((s, u) => s + (monthly.get(u.id) ?? 0), 0),
    };
  });
  const top = ledger.monthlyTop(month).map((r) => ({ ...r, name: input.tree.get(r.person)?.name ?? r.person }));
  return { ok: true, points: { mapped: mapping !== null, month, units, top, posted } };
}
