/**
 * From a run's alerts to the notices people get (通知): each open alert (escalation levels 1-3,
 * the health trigger, an overdue follow-up, an overdue flow step) becomes one notice with its
 * recipients from the org tree and the bundle's roles, its zh/en text from the bundle's
 * templates, a link, and a stable key; a key already delivered is not offered again, and a
 * delivered alert that is no longer open gets one "resolved" note. Pure: the host reads its
 * delivery log into `delivered`, sends what comes back and logs it.
 */
import { parseInstant, shanghaiIso } from '../calendar/instants.js';
import type { FlowEvent } from '../flow/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import type { TimeoutAlert } from '../pipeline/index.js';
import type { Lang, Localized } from '../problems.js';
import type { AdjustmentReview, EscalationAlert } from '../tracking/index.js';
import { fillPlaceholders, NOTICE_KINDS, type NoticeKind, type NotificationSettings } from './settings.js';

export interface NoticeRecipient {
  /** The person's id (a rep's unit id, a unit's head, a role holder's id as the host gives it). */
  id: string;
  name: string;
  /** Why he gets it: self, manager or the role. */
  as: string;
}

export interface Notice {
  /** Stable across runs: kind, unit, rule, streak start, level and record; `|resolved` for the note. */
  key: string;
  /** The kind of the alert; a resolved note keeps its alert's kind. */
  kind: NoticeKind;
  resolved: boolean;
  unitId: string;
  unitName: string;
  level: number | null;
  rule: string;
  since: string;
  /** The opportunity or flow instance, for follow-ups and flow steps. */
  record: string | null;
  recipients: NoticeRecipient[];
  /** Recipient roles nobody holds in `roleHolders`: told to the host rather than dropped silently. */
  unfilledRoles: string[];
  text: Localized;
  link: string;
}

interface NotifyInput<T extends OrgUnitInput> {
  settings: NotificationSettings;
  tree: OrgTree<T>;
  /** The run's instant (ISO with offset): quiet hours are judged on it. */
  now: string;
  /** Each source given is also the authority on which of its alerts are cleared; a source left out resolves nothing. */
  alerts?: readonly EscalationAlert[];
  reviews?: readonly AdjustmentReview[];
  followUps?: readonly TimeoutAlert[];
  /** The overdue events of the open flow instances at `now` (the flow runtime's `overdue`). */
  overdueFlows?: readonly FlowEvent[];
  /** Who holds a bundle role (HRBP, finance): role id → people. */
  roleHolders?: ReadonlyMap<string, ReadonlyArray<{ id: string; name: string }>>;
  /** Keys the host's delivery log holds as sent to somebody (or possibly sent: never twice). */
  delivered: ReadonlySet<string>;
  /** Of those, keys with a delivery that failed: offered again while open, for the host to retry that delivery. */
  retry?: ReadonlySet<string>;
}

export interface NotifyPlan {
  /** New notices to send now. */
  send: Notice[];
  /** New notices held by the quiet hours, and the Shanghai time they may go from. */
  held: Notice[];
  notBefore: string | null;
}

const RESOLVED = '|resolved';
const KIND_OF_ACTION: Record<EscalationAlert['action'], NoticeKind> = { reminder: 'reminder', 'manager-notice': 'manager-notice', 'coaching-plan': 'coaching-plan' };
const SOURCES: Record<NoticeKind, keyof NotifyInput<OrgUnitInput>> = {
  reminder: 'alerts', 'manager-notice': 'alerts', 'coaching-plan': 'alerts', 'adjustment-review': 'reviews', 'follow-up-overdue': 'followUps', 'flow-overdue': 'overdueFlows',
};

interface Identity { kind: NoticeKind; unitId: string; rule: string; since: string; level: number | null; record: string | null }

/** The key of an alert: its parts percent-encoded so a unit id with a `|` cannot collide with another key. */
function noticeKey(id: Identity): string {
  return [id.kind, id.unitId, id.rule, id.since, id.level === null ? '-' : String(id.level), id.record ?? '-'].map(encodeURIComponent).join('|');
}

function parseKey(key: string): Identity | null {
  const parts = key.split('|').map((p) => { try { return decodeURIComponent(p); } catch { return null; } });
  if (parts.length !== 6 || parts.some((p) => p === null)) return null;
  const [kind, unitId, rule, since, level, record] = parts as string[];
  if (!(NOTICE_KINDS as readonly string[]).includes(kind!)) return null;
  return { kind: kind as NoticeKind, unitId: unitId!, rule: rule!, since: since!, level: level === '-' ? null : Number(level), record: record === '-' ? null : record! };
}

interface Candidate extends Identity { unitName: string; owner: string | null; values: (lang: Lang) => Record<string, string> }

/** Minutes since Shanghai midnight of an HH:MM text. */
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When `nowMs` falls in the quiet hours, the Shanghai instant they end; otherwise null. */
function quietUntil(quiet: NotificationSettings['quietHours'], nowMs: number): string | null {
  if (!quiet) return null;
  const local = new Date(nowMs + 8 * 3_600_000);
  const m = local.getUTCHours() * 60 + local.getUTCMinutes();
  const s = minutes(quiet.start);
  const e = minutes(quiet.end);
  const inside = s < e ? m >= s && m < e : s > e ? m >= s || m < e : false;
  if (!inside) return null;
  // the end is today if still ahead, else tomorrow (a window wrapping past midnight)
  const startOfMinute = nowMs - local.getUTCSeconds() * 1000 - local.getUTCMilliseconds();
  const ahead = (e - m + 1440) % 1440;
  return shanghaiIso(startOfMinute + ahead * 60_000);
}

export function planNotifications<T extends OrgUnitInput>(input: NotifyInput<T>): NotifyPlan {
  const { settings, tree } = input;
  const nowMs = parseInstant(input.now);
  if (nowMs === null) throw new RangeError(`now must be an ISO time with its offset, got ${input.now}`);
  const nameOf = (id: string) => tree.get(id)?.name ?? id;
  const personAt = (unitId: string): { id: string; name: string } => {
    const u = tree.get(unitId);
    return u ? { id: u.input.head ?? u.id, name: u.name } : { id: unitId, name: unitId };
  };
  const managerOf = (unitId: string): { id: string; name: string } | null => {
    const parent = tree.get(unitId) ? tree.ancestors(unitId)[0] : undefined;
    return parent ? { id: parent.input.head ?? parent.id, name: parent.name } : null;
  };

  const candidates: Candidate[] = [];
  for (const a of input.alerts ?? []) {
    if (!a.open) continue;
    candidates.push({
      kind: KIND_OF_ACTION[a.action], unitId: a.unitId, unitName: a.unitName, rule: a.rule, since: a.since, level: a.level, record: null, owner: null,
      values: (lang) => ({ through: a.through, streak: String(a.streak), why: a.why[lang], manager: managerOf(a.unitId)?.name ?? '' }),
    });
  }
  for (const r of input.reviews ?? []) {
    if (!r.open) continue;
    candidates.push({
      kind: 'adjustment-review', unitId: r.unitId, unitName: nameOf(r.unitId), rule: 'health-off-track', since: r.since, level: null, record: null, owner: null,
      values: (lang) => ({ through: r.through, streak: String(r.weeks), why: r.why[lang] }),
    });
  }
  for (const f of input.followUps ?? []) {
    if (!f.open) continue;
    candidates.push({
      kind: 'follow-up-overdue', unitId: f.ownerId, unitName: nameOf(f.ownerId), rule: f.rule, since: f.due, level: null, record: f.opportunityId, owner: f.ownerId,
      values: () => ({ record: f.opportunityId, stage: f.stage ?? '' }),
    });
  }
  for (const e of input.overdueFlows ?? []) {
    candidates.push({
      kind: 'flow-overdue', unitId: e.unitId, unitName: nameOf(e.unitId), rule: e.event, since: e.at, level: null, record: e.instanceId, owner: e.ownerId,
      values: () => ({ record: e.instanceId, flow: e.flowId }),
    });
  }

  const recipientsOf = (kind: NoticeKind, unitId: string, owner: string | null) => {
    const recipients: NoticeRecipient[] = [];
    const unfilledRoles: string[] = [];
    const add = (p: { id: string; name: string } | null, as: string) => {
      if (!p) unfilledRoles.push(as);
      else if (!recipients.some((r) => r.id === p.id)) recipients.push({ ...p, as });
    };
    for (const spec of settings.kinds[kind].recipients) {
      if (spec === 'self') add(owner !== null ? { id: owner, name: nameOf(owner) } : personAt(unitId), 'self');
      else if (spec === 'manager') add(managerOf(unitId), 'manager');
      else {
        const holders = input.roleHolders?.get(spec) ?? [];
        if (!holders.length) add(null, spec);
        for (const h of holders) add(h, spec);
      }
    }
    return { recipients, unfilledRoles };
  };
  const link = (kind: NoticeKind, unitId: string, record: string | null) =>
    fillPlaceholders(settings.link, { unit: encodeURIComponent(unitId), record: encodeURIComponent(record ?? ''), kind });

  const notices: Notice[] = [];
  const open = new Set<string>();
  for (const c of candidates) {
    const key = noticeKey(c);
    if (open.has(key)) continue;
    open.add(key);
    if (input.delivered.has(key) && !input.retry?.has(key)) continue;
    const href = link(c.kind, c.unitId, c.record);
    const text = (lang: Lang) => fillPlaceholders(settings.kinds[c.kind].text[lang], {
      unit: c.unitName, unitId: c.unitId, level: c.level === null ? '' : String(c.level), since: c.since, rule: c.rule, link: href, ...c.values(lang),
    });
    notices.push({
      key, kind: c.kind, resolved: false, unitId: c.unitId, unitName: c.unitName, level: c.level, rule: c.rule, since: c.since, record: c.record,
      ...recipientsOf(c.kind, c.unitId, c.owner), text: { zh: text('zh'), en: text('en') }, link: href,
    });
  }

  // a delivered alert this run's sources no longer hold open: its note, once
  for (const key of [...input.delivered].sort()) {
    if (key.endsWith(RESOLVED) || open.has(key) || input.delivered.has(key + RESOLVED)) continue;
    const id = parseKey(key);
    if (!id || input[SOURCES[id.kind]] === undefined) continue;
    const unitName = nameOf(id.unitId);
    const href = link(id.kind, id.unitId, id.record);
    const text = (lang: Lang) => fillPlaceholders(settings.resolved[lang], {
      unit: unitName, unitId: id.unitId, level: id.level === null ? '' : String(id.level), since: id.since, rule: id.rule, link: href, record: id.record ?? '', kind: id.kind,
    });
    const owner = id.kind === 'follow-up-overdue' ? id.unitId : null;
    notices.push({
      ...id, key: key + RESOLVED, resolved: true, unitName, ...recipientsOf(id.kind, id.unitId, owner), text: { zh: text('zh'), en: text('en') }, link: href,
    });
  }

  const until = quietUntil(settings.quietHours, nowMs);
  return until ? { send: [], held: notices, notBefore: until } : { send: notices, held: [], notBefore: null };
}
