/**
 * Workflow node `target-kit-alerts` (每日预警): the scheduled workflow's one node. It reads the
 * stored org and targets, actuals and daily actions, the opportunities and their activities and
 * the flow collections' records back, runs the runtime's `dayNotices` (the use case
 * `target-kit notify` runs over files: escalation, the health review, overdue follow-ups and
 * flow to-dos, and the week's digests), and keeps `tk_alerts` in step: a new notice or a
 * manager's weekly digest becomes a row and an in-app message to its recipients, a cleared
 * notice gets its resolved time and note. The rows are the delivery log: a key already notified
 * is not sent again, so a second run the same day (a digest: the same ISO week) sends nothing.
 *
 * Recipients are people of the org tree (a unit's id, or its head's) and role holders: each
 * becomes the NocoBase users placed at that unit (`users.tk_unit`) or holding that role.
 * Everything NocoBase is reached through `AlertsHost`, so the node is plain code over it.
 */
import { dayNotices, readNotificationSettings, shanghaiIso, type FlowInstance, type LoadedBundle, type Notice, type NoticeTable, type WeeklyDigest } from '../../../../../plugin/index.js';
import { boardLink, PATH_FIELD, RECORD_KEY_FIELD, UNIT_FIELD, roleNameOf } from '../../../contract.js';

/** plugin-workflow's JOB_STATUS values (dist/server/constants.js). */
const JOB_STATUS = { RESOLVED: 1, ERROR: -2 } as const;
const RESOLVED = '|resolved';
/** A role holder's id in the notices: a NocoBase user, not a unit of the tree. */
const USER_ID = 'user:';

/** The node's config, written by the importer: which datasets hold the targets, the actuals and the daily actions. */
interface AlertsNodeConfig {
  targets?: unknown;
  actuals?: unknown;
  activity?: unknown;
  /** The targets' period to read (2026-H2); default the one holding the as-of day (the runtime's targetsOfPeriod). */
  period?: unknown;
}

/** A stored alert, as far as the node reads it back. */
interface StoredAlert {
  id: unknown;
  key: string;
  notifiedAt: unknown;
  resolvedAt: unknown;
}

export interface AlertsHost {
  bundle(): LoadedBundle | undefined;
  /** A dataset's stored rows as a table with the dataset's own columns (all of them, no scope); undefined when it was never loaded. */
  readTable(datasetId: string): Promise<NoticeTable | undefined>;
  /** The bundle's opportunities and their activities as stored, when it has them and they were loaded. */
  pipelineTables(bundle: LoadedBundle): Promise<{ opportunities: NoticeTable; activities: NoticeTable } | undefined>;
  /** The flow collections' records as flow instances (due times are the runtime's to take again from the trails); an owner is `user:<id>`. */
  flowInstances(): Promise<FlowInstance[]>;
  storedAlerts(): Promise<StoredAlert[]>;
  /** New alerts in one statement: a first run over a whole company raises hundreds. */
  createAlerts(rows: Array<Record<string, unknown>>): Promise<void>;
  updateAlert(id: unknown, values: Record<string, unknown>): Promise<void>;
  /** NocoBase users placed at any of these units, with their unit. */
  usersAtUnits(units: string[]): Promise<Array<{ id: number; unit: string }>>;
  /** NocoBase users holding a NocoBase role, with a name to show. */
  usersWithRole(roleName: string): Promise<Array<{ id: number; name: string }>>;
  /** One in-app message to each of these users; `url` a NocoBase page it opens. */
  send(userIds: number[], title: string, content: string, url: string): Promise<void>;
  now(): string;
}

interface FlowNode { id: number | string; key: string; config: AlertsNodeConfig | null }
/** What of plugin-workflow's Processor the node reads: the trigger's time (a schedule's fire time, or the date `workflows:execute` was given). */
interface RunContext { execution?: { context?: { date?: unknown } | null } }
interface Job { status: number; result?: unknown; [key: string]: unknown }

interface AlertsRun {
  asOf: string;
  raised: number;
  resolved: number;
  held: number;
  messages: number;
  /** Weekly digests sent (one per manager and ISO week). */
  digests: number;
  /** Notices nobody in NocoBase could be found for (no user at the unit or in the role). */
  unreached: number;
}

/** Each unit's path from the root (`/YQ/HN/HN01/HN01-01/`), from a targets table's id and parent_id. */
function pathsOf(targets: NoticeTable): Map<string, string> {
  const parent = new Map(targets.records.map(({ record }) => [String(record.id ?? ''), String(record.parent_id ?? record.parentId ?? '')]));
  const paths = new Map<string, string>();
  const pathOf = (unit: string, depth: number): string => {
    const known = paths.get(unit);
    if (known) return known;
    const up = parent.get(unit) ?? '';
    // the runtime refused a cycle already; the depth only keeps this from looping on one
    const path = up === '' || depth > parent.size ? `/${unit}/` : `${pathOf(up, depth + 1)}${unit}/`;
    paths.set(unit, path);
    return path;
  };
  for (const unit of parent.keys()) pathOf(unit, 0);
  return paths;
}

const titleOf = (n: Notice): string => `${n.resolved ? '【已解除】' : n.level !== null ? `【${n.level} 级预警】` : '【目标预警】'}${n.unitName}`;

/** A digest's row in tk_alerts: its key (`digest|unit|week`) keeps it to one a week. */
const digestRow = (d: WeeklyDigest, now: string, path: string | null): Record<string, unknown> => ({
  [RECORD_KEY_FIELD]: d.key, kind: 'weekly-digest', level: null, rule: 'weekly-digest', since: d.week, unitName: d.unitName,
  recipients: `${d.recipient.name}（manager）`, text: d.text.zh, textEn: d.text.en, link: boardLink(d.unitId),
  raisedAt: now, notifiedAt: now, [UNIT_FIELD]: d.unitId, [PATH_FIELD]: path,
});

/** One run: plan the day's notices over the stored tables, write the alerts, send the messages. */
async function runAlerts(host: AlertsHost, config: AlertsNodeConfig, now: string): Promise<AlertsRun> {
  const bundle = host.bundle();
  if (!bundle) throw new Error('目标包尚未导入 / no bundle is loaded');
  const settings = readNotificationSettings(bundle.parameters);
  const dataset = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || !value) throw new Error(`节点配置缺少 ${what} 数据集 / the node's config names no ${what} dataset`);
    return value;
  };
  const read = async (id: string): Promise<NoticeTable> => {
    const table = await host.readTable(id);
    if (!table) throw new Error(`数据集 ${id} 尚未导入 NocoBase / dataset ${id} is not loaded into NocoBase`);
    return table;
  };
  const targets = await read(dataset(config.targets, 'targets'));
  const actuals = await read(dataset(config.actuals, 'actuals'));
  const activity = typeof config.activity === 'string' && config.activity ? await read(config.activity) : undefined;
  // the pipeline's follow-ups where the bundle has its tables and they were loaded
  const pipeline = await host.pipelineTables(bundle);
  const storedFlows = await host.flowInstances();

  const stored = await host.storedAlerts();
  const byKey = new Map(stored.map((a) => [a.key, a]));
  const delivered = new Set<string>();
  for (const a of stored) {
    if (!a.notifiedAt) continue;
    delivered.add(a.key);
    if (a.resolvedAt) delivered.add(a.key + RESOLVED);
  }
  const roles = [...new Set(Object.values(settings?.kinds ?? {}).flatMap((k) => k.recipients).filter((r) => r !== 'self' && r !== 'manager'))];
  const roleHolders = new Map<string, Array<{ id: string; name: string }>>();
  for (const role of roles) roleHolders.set(role, (await host.usersWithRole(roleNameOf(role))).map((u) => ({ id: `${USER_ID}${u.id}`, name: u.name })));

  // the messages link to NocoBase's board page at the unit, not to the playground's path
  const day = dayNotices(bundle, {
    targets, actuals, ...(activity ? { activity } : {}), ...(typeof config.period === 'string' && config.period ? { period: config.period } : {}), now, delivered, roleHolders, link: boardLink('{unit}'),
    ...(pipeline ? { pipeline } : {}), storedFlows, digests: true,
  });
  if (!day.ok) {
    const first = day.problems[0];
    throw new Error(`${first?.file ?? ''} ${first?.row !== undefined ? `第 ${first.row} 行 ` : ''}${first?.column ?? ''}：${first?.message.zh ?? ''} / ${first?.message.en ?? ''}`.trim());
  }
  const { plan, asOf } = day.day;
  // in the quiet hours the digests wait with the notices: not logged, so the first run after sends them
  const digests = plan.notBefore ? [] : day.day.digests;
  const paths = pathsOf(targets);
  const unitIds = [...new Set([...plan.send.flatMap((n) => n.recipients.map((r) => r.id)), ...digests.map((d) => d.recipient.id)].filter((id) => !id.startsWith(USER_ID)))];
  const usersByUnit = new Map<string, number[]>();
  for (const u of await host.usersAtUnits(unitIds)) usersByUnit.set(u.unit, [...usersByUnit.get(u.unit) ?? [], u.id]);
  const usersOf = (n: Notice): number[] => [...new Set(n.recipients.flatMap((r) => (r.id.startsWith(USER_ID) ? [Number(r.id.slice(USER_ID.length))] : usersByUnit.get(r.id) ?? [])))];

  const run: AlertsRun = { asOf, raised: 0, resolved: 0, held: plan.held.length, messages: 0, digests: 0, unreached: 0 };
  const rowOf = (n: Notice, notified: string | null): Record<string, unknown> => ({
    [RECORD_KEY_FIELD]: n.key, kind: n.kind, level: n.level, rule: n.rule, since: n.since, unitName: n.unitName,
    recipients: n.recipients.map((r) => `${r.name}（${r.as}）`).join('、'), text: n.text.zh, textEn: n.text.en, link: n.link,
    raisedAt: now, notifiedAt: notified, [UNIT_FIELD]: n.unitId, [PATH_FIELD]: paths.get(n.unitId) ?? null,
  });
  const created: Array<Record<string, unknown>> = [];
  for (const n of plan.send) {
    const users = usersOf(n);
    if (users.length) {
      await host.send(users, titleOf(n), n.text.zh, n.link);
      run.messages += users.length;
    } else run.unreached++;
    if (n.resolved) {
      const alert = byKey.get(n.key.slice(0, -RESOLVED.length));
      if (alert) await host.updateAlert(alert.id, { resolvedAt: now, resolvedText: n.text.zh });
      run.resolved++;
      continue;
    }
    const have = byKey.get(n.key);
    // written after the send: a crash before the write sends it again rather than never
    if (have) await host.updateAlert(have.id, { notifiedAt: now });
    else created.push(rowOf(n, now));
    run.raised++;
  }
  for (const n of plan.held) if (!byKey.has(n.key)) created.push(rowOf(n, null));
  for (const d of digests) {
    const users = usersByUnit.get(d.recipient.id) ?? [];
    if (users.length) {
      await host.send(users, d.title.zh, d.text.zh, boardLink(d.unitId));
      run.messages += users.length;
    } else run.unreached++;
    // written after the send, as a notice's row: a crash between sends it again rather than never
    created.push(digestRow(d, now, paths.get(d.unitId) ?? null));
    run.digests++;
  }
  if (created.length) await host.createAlerts(created);
  // an alert held by the quiet hours and never sent, no longer open: resolved without a note
  const open = new Set([...plan.send, ...plan.held].map((n) => n.key));
  for (const a of stored) {
    if (a.notifiedAt || a.resolvedAt || open.has(a.key)) continue;
    await host.updateAlert(a.id, { resolvedAt: now });
    run.resolved++;
  }
  return run;
}

/** The node as plugin-workflow runs it: the run's counts as the job's result, a failure as ERROR with its message. */
/** The trigger's time as a Shanghai instant, when it has one: the run is judged at the moment it was scheduled for, not when a busy host got to it. */
function runTime(processor: RunContext | undefined): string | null {
  const date = processor?.execution?.context?.date;
  const ms = date instanceof Date ? date.getTime() : typeof date === 'string' ? Date.parse(date) : NaN;
  return Number.isNaN(ms) ? null : shanghaiIso(ms);
}

export function createAlertsInstruction(host: AlertsHost, ready: () => Promise<void>): { run(node: FlowNode, prevJob: { id?: unknown } | null, processor?: RunContext): Promise<Job> } {
  return {
    async run(node, prevJob, processor) {
      await ready();
      const base = { nodeId: node.id, nodeKey: node.key, upstreamId: prevJob?.id ?? null };
      try {
        return { ...base, status: JOB_STATUS.RESOLVED, result: await runAlerts(host, node.config ?? {}, runTime(processor) ?? host.now()) };
      } catch (error) {
        return { ...base, status: JOB_STATUS.ERROR, result: { message: error instanceof Error ? error.message : String(error) } };
      }
    },
  };
}
