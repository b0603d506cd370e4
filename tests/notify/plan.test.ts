import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOrgTree, loadBundle, planNotifications, readNotificationSettings,
  type EscalationAlert, type NotificationSettings, type OrgUnitInput,
} from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

const FILE = 'parameters/notifications.json';
type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function settings(): NotificationSettings {
  const r = loadBundle(defaultBundleFiles());
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const s = readNotificationSettings(r.bundle.parameters);
  if (!s) throw new Error('no notifications group');
  return s;
}

function refused(mutate: (group: Files) => void) {
  const files = clone(defaultBundleFiles()) as Files;
  mutate(files[FILE].parameters.notifications);
  const r = loadBundle(files);
  return r.ok ? [] : r.problems.filter((p) => p.severity === 'error');
}

// co → east (head h-east) → t1 (head h-t1) → r1, r2
const built = buildOrgTree<OrgUnitInput>([
  { id: 'co', parentId: null, name: '公司' },
  { id: 'east', parentId: 'co', name: '华东', head: 'h-east' },
  { id: 't1', parentId: 'east', name: '上海一组', head: 'h-t1' },
  { id: 'r1', parentId: 't1', name: '王磊' },
  { id: 'r2', parentId: 't1', name: '李娜' },
]);
if (!built.ok) throw new Error('org');
const tree = built.tree;

const alert = (over: Partial<EscalationAlert> = {}): EscalationAlert => ({
  unitId: 'r1', unitName: '王磊', level: 1, action: 'reminder', rule: 'missed-basic-action',
  notify: { unitId: 'r1', name: '王磊', role: 'self' }, since: '2026-05-11', raisedAt: '2026-05-13', through: '2026-05-15',
  streak: 5, open: true, why: { zh: '连续 5 天', en: '5 days in a row' }, ...over,
});
const NOON = '2026-05-15T12:00:00+08:00';
const hrbp = new Map([['hrbp', [{ id: 'hr1', name: '周敏' }]]]);

describe('the notifications group is checked like every other group', () => {
  it('the default bundle carries it', () => {
    expect(Object.keys(settings().kinds)).toHaveLength(6);
  });
  it('a misspelt placeholder is refused by its pointer, in zh and en', () => {
    const p = refused((g) => { g.kinds.reminder.text.en = 'Hello {unti}'; });
    expect(p.map((x) => [x.code, x.file, x.pointer])).toEqual([['NOTIFY_UNKNOWN_PLACEHOLDER', FILE, '/parameters/notifications/kinds/reminder/text/en']]);
    expect(p[0]!.message.zh).toContain('{unti}');
  });
  it('a placeholder another kind knows is refused where it would render empty', () => {
    const p = refused((g) => { g.kinds['flow-overdue'].text.zh = '{streak} 周'; });
    expect(p.map((x) => x.pointer)).toEqual(['/parameters/notifications/kinds/flow-overdue/text/zh']);
  });
  it('a recipient that is no role of the bundle is refused by its pointer', () => {
    const p = refused((g) => { g.kinds['coaching-plan'].recipients = ['manager', 'hr-bp']; });
    expect(p.map((x) => [x.code, x.pointer])).toEqual([['NOTIFY_UNKNOWN_ROLE', '/parameters/notifications/kinds/coaching-plan/recipients/1']]);
    expect(p[0]!.message.en).toContain('hr-bp');
  });
  it('bad quiet hours and a missing kind are refused', () => {
    const p = refused((g) => { g.quietHours.start = '25:00'; delete g.kinds.reminder; });
    const pointers = p.map((x) => x.pointer);
    expect(pointers).toContain('/parameters/notifications/quietHours/start');
    expect(pointers.some((x) => x.startsWith('/parameters/notifications/kinds'))).toBe(true);
  });
  it('the digest\'s texts are checked too: a placeholder its line does not know, and a missing kind name, by pointer', () => {
    const p = refused((g) => { g.digest.row.zh = '{unit}：{streak}'; g.digest.columns.en = 'unit | {light}'; });
    expect(p.map((x) => [x.code, x.pointer]).sort()).toEqual([
      ['NOTIFY_UNKNOWN_PLACEHOLDER', '/parameters/notifications/digest/columns/en'], ['NOTIFY_UNKNOWN_PLACEHOLDER', '/parameters/notifications/digest/row/zh'],
    ]);
    expect(p.find((x) => x.pointer.endsWith('/row/zh'))!.message.en).toContain('{streak}');
    const missing = refused((g) => { delete g.digest.kindNames.reminder; }).map((x) => `${x.pointer} ${x.message.en}`);
    expect(missing.some((x) => x.startsWith('/parameters/notifications/digest/kindNames') && x.includes('reminder')), missing.join('\n')).toBe(true);
  });
});

describe('planNotifications', () => {
  const s = settings();
  it('level 1 goes to the rep, level 2 to the head of the parent unit, level 3 to rep, manager and HRBP', () => {
    const plan = planNotifications({
      settings: s, tree, now: NOON, delivered: new Set(), roleHolders: hrbp,
      alerts: [alert(), alert({ level: 2, action: 'manager-notice', rule: 'week-below-threshold', since: '2026-W19' }), alert({ level: 3, action: 'coaching-plan', rule: 'week-below-threshold', since: '2026-W18' })],
    });
    expect(plan.send.map((n) => n.recipients.map((r) => `${r.as}:${r.id}`))).toEqual([['self:r1'], ['manager:h-t1'], ['self:r1', 'manager:h-t1', 'hrbp:hr1']]);
    expect(plan.send[0]!.text.zh).toBe('【一级提醒】王磊：连续 5 天。请今天完成基础动作。/track?unit=r1&record=&kind=reminder');
    expect(plan.send[1]!.text.en).toContain('上海一组, your report 王磊 has been below the weekly threshold since 2026-W19');
    expect(plan.send[0]!.key).toBe('reminder|r1|missed-basic-action|2026-05-11|1|-');
  });
  it('a role nobody holds is reported, not dropped silently', () => {
    const plan = planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts: [alert({ level: 3, action: 'coaching-plan', rule: 'week-below-threshold' })] });
    expect(plan.send[0]!.unfilledRoles).toEqual(['hrbp']);
  });
  it('a cleared alert that was never delivered sends nothing; one that was sends its note once', () => {
    const open = planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts: [alert()] });
    const key = open.send[0]!.key;
    expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts: [alert({ open: false, clearedAt: '2026-05-16' })] }).send).toEqual([]);
    const cleared = planNotifications({ settings: s, tree, now: NOON, delivered: new Set([key]), alerts: [alert({ open: false, clearedAt: '2026-05-16' })] });
    expect(cleared.send.map((n) => [n.key, n.resolved, n.recipients.map((r) => r.id)])).toEqual([[`${key}|resolved`, true, ['r1']]]);
    expect(cleared.send[0]!.text.en).toBe('[Resolved] The alert on 王磊 since 2026-05-11 (missed-basic-action) has cleared. /track?unit=r1&record=&kind=reminder');
    expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set([key, `${key}|resolved`]), alerts: [] }).send).toEqual([]);
  });
  it('a delivered key the host marks for retry is offered again while open, and not once cleared', () => {
    const key = planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts: [alert()] }).send[0]!.key;
    expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set([key]), retry: new Set([key]), alerts: [alert()] }).send.map((n) => n.key)).toEqual([key]);
    expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set([key]), retry: new Set([key]), alerts: [alert({ open: false })] }).send.map((n) => n.key)).toEqual([`${key}|resolved`]);
  });
  it('a source the host did not give resolves nothing', () => {
    const key = 'follow-up-overdue|r1|first-contact|2026-05-10T09%3A00%3A00%2B08%3A00|-|o1';
    expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set([key]), alerts: [] }).send).toEqual([]);
    expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set([key]), followUps: [] }).send.map((n) => n.key)).toEqual([`${key}|resolved`]);
  });
  it('overdue follow-ups and flow steps go to the owner and his manager', () => {
    const plan = planNotifications({
      settings: s, tree, now: NOON, delivered: new Set(),
      followUps: [{ opportunityId: 'o1', ownerId: 'r2', rule: 'first-contact', stage: 'lead', due: '2026-05-14T09:00:00+08:00', raisedAt: '2026-05-14T09:00:00+08:00', open: true, clearedAt: null }],
      overdueFlows: [{ event: 'target-filing.overdue', instanceId: 'f-7', flowId: 'target-filing', ownerId: 'h-t1', unitId: 't1', at: '2026-05-14T18:00:00+08:00' }],
    });
    expect(plan.send.map((n) => [n.kind, n.recipients.map((r) => r.id)])).toEqual([['follow-up-overdue', ['r2', 'h-t1']], ['flow-overdue', ['h-t1', 'h-east']]]);
    expect(plan.send[1]!.text.zh).toContain('上海一组 的 target-filing 流程（f-7）');
  });
  it('a follow-up time-out without a stage (only stalled-in-stage has one) renders no empty brackets', () => {
    const plan = planNotifications({
      settings: s, tree, now: NOON, delivered: new Set(),
      followUps: [{ opportunityId: 'o1', ownerId: 'r2', rule: 'feedback-48h', due: '2026-05-14T09:00:00+08:00', raisedAt: '2026-05-14T09:00:00+08:00', open: true, clearedAt: null }],
    });
    expect(plan.send[0]!.text.zh).toBe('【跟进超时】李娜 的商机 o1 已于 2026-05-14T09:00:00+08:00 超时（feedback-48h）。/track?unit=r2&record=o1&kind=follow-up-overdue');
    for (const lang of ['zh', 'en'] as const) expect(plan.send[0]!.text[lang]).not.toMatch(/（\s*）|\(\s*\)/);
  });
  it('quiet hours (Shanghai, wrapping midnight) hold everything until they end', () => {
    const night = planNotifications({ settings: s, tree, now: '2026-05-15T14:30:00Z', delivered: new Set(), alerts: [alert()] }); // 22:30 Shanghai
    expect([night.send.length, night.held.length, night.notBefore]).toEqual([0, 1, '2026-05-16T08:00:00+08:00']);
    const early = planNotifications({ settings: s, tree, now: '2026-05-15T07:59:00+08:00', delivered: new Set(), alerts: [alert()] });
    expect(early.notBefore).toBe('2026-05-15T08:00:00+08:00');
    expect(planNotifications({ settings: s, tree, now: '2026-05-15T08:00:00+08:00', delivered: new Set(), alerts: [alert()] }).send).toHaveLength(1);
    expect(planNotifications({ settings: s, tree, now: '2026-05-15T20:59:00+08:00', delivered: new Set(), alerts: [alert()] }).send).toHaveLength(1);
  });
});

describe('properties: once each, and a note once for what cleared', () => {
  const units = ['r1', 'r2', 't1', 'east', 'a|b'];
  const arbAlert = fc.record({
    unitId: fc.constantFrom(...units), level: fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, since: fc.constantFrom('2026-05-04', '2026-05-11', '2026-W19'), open: fc.boolean(),
  }).map(({ unitId, level, since, open }) => alert({
    unitId, unitName: unitId, level, since, open, action: (['reminder', 'manager-notice', 'coaching-plan'] as const)[level - 1], rule: level === 1 ? 'missed-basic-action' : 'week-below-threshold',
  }));
  const s = settings();
  it('delivering what a run offers leaves nothing new for the same alerts, and every open alert was offered', () => {
    fc.assert(fc.property(fc.array(arbAlert, { maxLength: 12 }), (alerts) => {
      const first = planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts });
      const keys = first.send.map((n) => n.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(new Set(alerts.filter((a) => a.open).map((a) => `${a.unitId}/${a.level}/${a.since}`)).size);
      expect(planNotifications({ settings: s, tree, now: NOON, delivered: new Set(keys), alerts }).send).toEqual([]);
    }));
  });
  it('of the delivered alerts, exactly those no longer open get one note, and never a second', () => {
    fc.assert(fc.property(fc.array(arbAlert, { maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (alerts, stays) => {
      const sent = planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts }).send.map((n) => n.key);
      const later = alerts.map((a, i) => ({ ...a, open: a.open && stays[i]! }));
      const stillOpen = new Set(planNotifications({ settings: s, tree, now: NOON, delivered: new Set(), alerts: later }).send.map((n) => n.key));
      const notes = planNotifications({ settings: s, tree, now: NOON, delivered: new Set(sent), alerts: later }).send;
      expect(notes.every((n) => n.resolved)).toBe(true);
      expect(notes.map((n) => n.key).sort()).toEqual(sent.filter((k) => !stillOpen.has(k)).map((k) => `${k}|resolved`).sort());
      const all = new Set([...sent, ...notes.map((n) => n.key)]);
      expect(planNotifications({ settings: s, tree, now: NOON, delivered: all, alerts: later }).send).toEqual([]);
    }));
  });
});
