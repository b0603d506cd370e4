/**
 * The scheduled alerts node's host over NocoBase (the node itself is alerts-node.ts): the stored
 * datasets, the flow collections' records, tk_alerts through its repository, the users by unit
 * or role, and the in-app messages through NocoBase's notification manager.
 */
import { shanghaiIso, type FlowInstance, type LoadedBundle, type NoticeTable } from '../../../../../plugin/index.js';
import { ALERTS_CHANNEL, ALERTS_COLLECTION, RECORD_KEY_FIELD, USER_UNIT_FIELD } from '../../../contract.js';
import type { Application } from '@nocobase/server';
import type { AlertsHost } from './alerts-node.js';
import type { DataModel } from './data-load.js';
import { instanceOf, type FlowGuard } from './flow-guard.js';
import { pipelineDatasets } from './pipeline.js';

export { ALERTS_NODE_TYPE } from '../../../contract.js';
export { createAlertsInstruction } from './alerts-node.js';

/** A role holder's or a flow record owner's id in the notices: a NocoBase user, not a unit of the tree. */
const USER_ID = 'user:';

/** What the notification manager plugin offers (plugin-notification-manager 2.2.15, server). */
interface NotificationManager {
  send(options: { channelName: string; message: Record<string, unknown>; triggerFrom: string; receivers: { type: 'userId'; value: number[] } }): Promise<{ status?: string; reason?: string }>;
}

const isNotificationManager = (value: unknown): value is NotificationManager =>
  typeof value === 'object' && value !== null && typeof (value as { send?: unknown }).send === 'function';

/**
 * The node's host over NocoBase: our collections through its repositories, the users by their
 * unit or role, and the messages through its notification manager on our in-app channel,
 * created on first use (the in-app message plugin ships in NocoBase's preset, enabled).
 */
export function nocobaseAlertsHost(app: Application, bundle: () => LoadedBundle | undefined, readTable: (datasetId: string) => Promise<NoticeTable | undefined>, guard: () => FlowGuard | undefined): AlertsHost {
  const alerts = () => app.db.getRepository(ALERTS_COLLECTION);
  let channel: Promise<void> | undefined;
  const ensureChannel = async (): Promise<void> => {
    const channels = app.db.getRepository('notificationChannels');
    if (await channels.findOne({ filter: { name: ALERTS_CHANNEL } })) return;
    await channels.create({ values: { name: ALERTS_CHANNEL, title: '目标预警', notificationType: 'in-app-message', options: {}, description: 'target-kit' } });
  };
  return {
    bundle,
    readTable,
    pipelineTables: async (loaded) => {
      const ids = pipelineDatasets(loaded);
      if (!ids.opportunities || !ids.activities) return undefined;
      const [opportunities, activities] = await Promise.all([readTable(ids.opportunities), readTable(ids.activities)]);
      return opportunities && activities ? { opportunities, activities } : undefined;
    },
    flowInstances: async () => {
      const flows = guard();
      if (!flows) return [];
      const out: FlowInstance[] = [];
      for (const collection of flows.flowCollections()) {
        const runtime = flows.flowOf(collection);
        if (!runtime || !app.db.getCollection(collection)) continue;
        for (const r of await app.db.getRepository(collection).find({})) {
          const instance = instanceOf(runtime, r.toJSON() as Record<string, unknown>);
          // the owner is a NocoBase user (tk_owner), reached as one; the record is known by collection and id
          out.push({ ...instance, id: `${collection}/${instance.id}`, ownerId: instance.ownerId ? `${USER_ID}${instance.ownerId}` : instance.unitId });
        }
      }
      return out;
    },
    storedAlerts: async () => (await alerts().find({})).map((r) => ({ id: r.get('id'), key: String(r.get(RECORD_KEY_FIELD)), notifiedAt: r.get('notifiedAt'), resolvedAt: r.get('resolvedAt') })),
    createAlerts: async (rows) => {
      // through the model with NocoBase's hooks, which give each row its id
      const model = app.db.getModel(ALERTS_COLLECTION) as DataModel;
      await app.db.sequelize.transaction((transaction) => model.bulkCreate(rows, { transaction, returning: false }));
    },
    updateAlert: async (id, values) => { await alerts().update({ filterByTk: id, values }); },
    usersAtUnits: async (units) => (units.length ? await app.db.getRepository('users').find({ filter: { [USER_UNIT_FIELD]: { $in: units } } }) : [])
      .map((u) => ({ id: Number(u.get('id')), unit: String(u.get(USER_UNIT_FIELD)) })),
    usersWithRole: async (roleName) => (await app.db.getRepository('users').find({ filter: { 'roles.name': roleName } }))
      .map((u) => ({ id: Number(u.get('id')), name: String(u.get('nickname') ?? u.get('username') ?? u.get('id')) })),
    send: async (userIds, title, content, url) => {
      const manager = app.pm.get('notification-manager') ?? app.pm.get('@nocobase/plugin-notification-manager');
      if (!isNotificationManager(manager)) throw new Error('NocoBase 的通知管理插件未启用 / NocoBase\'s notification manager plugin is not enabled');
      channel ??= ensureChannel().catch((e: unknown) => { channel = undefined; throw e; });
      await channel;
      const sent = await manager.send({ channelName: ALERTS_CHANNEL, message: { title, content, options: { url } }, triggerFrom: 'target-kit', receivers: { type: 'userId', value: userIds } });
      if (sent.status === 'failure') throw new Error(`站内信发送失败 / the in-app message failed: ${sent.reason ?? ''}`);
    },
    now: () => shanghaiIso(Date.now()),
  };
}
