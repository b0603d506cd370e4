/**
 * The `notifications` parameter group (通知): per kind of notice, who gets it and its text in zh
 * and en with `{placeholder}`s; the text of the note a cleared alert sends; the link to the
 * record; the quiet hours (Asia/Shanghai) in which nothing is sent. Checked when the bundle
 * loads, so a misspelt placeholder or a role the bundle lacks is refused there, by its pointer,
 * and never reaches a person as a raw `{unti}`.
 */
import type { BundleCheck, BundleCheckContext } from '../bundle/index.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';

const NOTIFICATIONS_GROUP = 'notifications';

/** Escalation levels 1-3, the health trigger, overdue follow-ups and overdue flow steps. */
export const NOTICE_KINDS = ['reminder', 'manager-notice', 'coaching-plan', 'adjustment-review', 'follow-up-overdue', 'flow-overdue'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * What a text may quote, per kind: a placeholder outside its kind's list would render empty, so
 * it is refused instead. `resolved` may quote anything the key carries.
 */
const COMMON = ['unit', 'unitId', 'level', 'since', 'rule', 'link'];
const PLACEHOLDERS: Readonly<Record<NoticeKind | 'resolved', readonly string[]>> = {
  reminder: [...COMMON, 'through', 'streak', 'why'],
  'manager-notice': [...COMMON, 'through', 'streak', 'why', 'manager'],
  'coaching-plan': [...COMMON, 'through', 'streak', 'why', 'manager'],
  'adjustment-review': [...COMMON, 'through', 'streak', 'why'],
  'follow-up-overdue': [...COMMON, 'record', 'stage'],
  'flow-overdue': [...COMMON, 'record', 'flow'],
  resolved: [...COMMON, 'record', 'kind'],
};

/** The weekly digest's texts and what each may quote (digest.ts fills them). */
const DIGEST_TEXTS = {
  title: ['unit', 'week', 'asOf'],
  overall: ['completion', 'light', 'actual', 'gap'],
  lights: ['green', 'yellow', 'red', 'grey'],
  /** The markdown table's header cells, `|` between them. */
  columns: [],
  row: ['unit', 'light', 'completion', 'gap'],
  openAlerts: ['count'],
  alert: ['kind', 'unit', 'why'],
  more: ['count'],
  amount: ['amount'],
  followUpWhy: ['record', 'rule', 'due'],
} as const satisfies Record<string, readonly string[]>;
const LIGHT_NAMES = ['green', 'yellow', 'red', 'grey'] as const;

export type DigestTexts = Record<keyof typeof DIGEST_TEXTS, Localized> & {
  lightNames: Record<(typeof LIGHT_NAMES)[number], Localized>;
  kindNames: Record<NoticeKind, Localized>;
};

/** 'self' is the person the notice is about, 'manager' his direct manager; anything else is a bundle role. */
type RecipientSpec = 'self' | 'manager' | string;

export interface NotificationSettings {
  kinds: Record<NoticeKind, { recipients: RecipientSpec[]; text: Localized }>;
  resolved: Localized;
  /** The weekly digest's headings and texts. */
  digest: DigestTexts;
  /** A link template, `{unit}`, `{record}`, `{kind}` filled in; a host prefixes its base URL to a relative one. */
  link: string;
  /** HH:MM in Asia/Shanghai; start after end wraps past midnight (21:00-08:00). */
  quietHours: { start: string; end: string } | null;
  /** When a host runs the day's notices on its own schedule: HH:MM Shanghai time on ISO weekdays (1 Monday … 7 Sunday). */
  schedule: { time: string; days: number[] } | null;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const bad = (file: string, pointer: string, zh: string, en: string): Problem => problem('NOTIFY_PARAM_INVALID', file, pointer, { zh, en });

function textProblems(text: unknown, allowed: readonly string[], file: string, pointer: string): Problem[] {
  if (!isObject(text) || typeof text.zh !== 'string' || typeof text.en !== 'string' || !text.zh || !text.en) {
    return [bad(file, pointer, '文本应为 {"zh": "…", "en": "…"}，两者都不能为空', 'a text must be {"zh": "…", "en": "…"}, neither empty')];
  }
  const out: Problem[] = [];
  for (const lang of ['zh', 'en'] as const) {
    for (const m of (text[lang] as string).matchAll(PLACEHOLDER)) {
      const name = m[1]!;
      if (!allowed.includes(name)) {
        out.push(problem('NOTIFY_UNKNOWN_PLACEHOLDER', file, joinPointer(pointer, lang), {
          zh: allowed.length ? `未知占位符 {${name}}；此处可用：${allowed.map((a) => `{${a}}`).join('、')}` : `此处不能用占位符，却有 {${name}}`,
          en: allowed.length ? `unknown placeholder {${name}}; usable here: ${allowed.map((a) => `{${a}}`).join(', ')}` : `no placeholder is usable here, yet it has {${name}}`,
        }));
      }
    }
  }
  return out;
}

/** The digest's texts: each a zh/en text quoting only what its line knows, the light and kind names plain. */
function digestProblems(value: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(value)) return [bad(file, pointer, 'digest 应为对象：周报的标题与文本', 'digest must be an object: the weekly digest\'s headings and texts')];
  const out: Problem[] = [];
  for (const [name, allowed] of Object.entries(DIGEST_TEXTS)) out.push(...textProblems(value[name], allowed, file, joinPointer(pointer, name)));
  const names = (key: string, ids: readonly string[]) => {
    const group = value[key];
    const at = joinPointer(pointer, key);
    if (!isObject(group)) { out.push(bad(file, at, `${key} 应为对象：${ids.join('、')} 各一个中英文名称`, `${key} must be an object: a zh/en name for each of ${ids.join(', ')}`)); return; }
    for (const id of ids) out.push(...textProblems(group[id], [], file, joinPointer(at, id)));
  };
  names('lightNames', LIGHT_NAMES);
  names('kindNames', NOTICE_KINDS);
  return out;
}

/** The group's own shape; roles are checked against the bundle by `notificationRoleCheck`. */
function checkNotificationParameters(value: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(value)) return [bad(file, pointer, '通知参数应为对象', 'the notifications group must be an object')];
  const out: Problem[] = [];
  const kinds = value.kinds;
  if (!isObject(kinds)) {
    out.push(bad(file, joinPointer(pointer, 'kinds'), 'kinds 应为对象，每种通知一项', 'kinds must be an object, one entry per kind of notice'));
  } else {
    for (const kind of NOTICE_KINDS) {
      const at = joinPointer(pointer, 'kinds', kind);
      const k = kinds[kind];
      if (!isObject(k)) {
        out.push(bad(file, at, `缺少通知种类 ${kind}`, `the kind of notice ${kind} is missing`));
        continue;
      }
      if (!Array.isArray(k.recipients) || k.recipients.length === 0 || !k.recipients.every((r) => typeof r === 'string' && r !== '')) {
        out.push(bad(file, joinPointer(at, 'recipients'), 'recipients 应为非空的角色列表（self、manager 或包中的角色 id）', 'recipients must be a non-empty list (self, manager or a bundle role id)'));
      }
      out.push(...textProblems(k.text, PLACEHOLDERS[kind], file, joinPointer(at, 'text')));
    }
    for (const name of Object.keys(kinds)) {
      if (!(NOTICE_KINDS as readonly string[]).includes(name)) {
        out.push(bad(file, joinPointer(pointer, 'kinds', name), `未知通知种类 ${name}（可用：${NOTICE_KINDS.join('、')}）`, `unknown kind of notice ${name} (known: ${NOTICE_KINDS.join(', ')})`));
      }
    }
  }
  out.push(...textProblems(value.resolved, PLACEHOLDERS.resolved, file, joinPointer(pointer, 'resolved')));
  out.push(...digestProblems(value.digest, file, joinPointer(pointer, 'digest')));
  if (typeof value.link !== 'string') {
    out.push(bad(file, joinPointer(pointer, 'link'), 'link 应为链接模板文本', 'link must be a link template'));
  } else {
    for (const m of value.link.matchAll(PLACEHOLDER)) {
      if (!['unit', 'record', 'kind'].includes(m[1]!)) {
        out.push(problem('NOTIFY_UNKNOWN_PLACEHOLDER', file, joinPointer(pointer, 'link'), {
          zh: `链接中未知占位符 {${m[1]}}；可用：{unit}、{record}、{kind}`, en: `unknown placeholder {${m[1]}} in the link; usable: {unit}, {record}, {kind}`,
        }));
      }
    }
  }
  const quiet = value.quietHours;
  if (quiet !== undefined && quiet !== null) {
    if (!isObject(quiet)) out.push(bad(file, joinPointer(pointer, 'quietHours'), 'quietHours 应为 {"start": "21:00", "end": "08:00"}', 'quietHours must be {"start": "21:00", "end": "08:00"}'));
    else {
      for (const end of ['start', 'end'] as const) {
        if (typeof quiet[end] !== 'string' || !HHMM.test(quiet[end] as string)) {
          out.push(bad(file, joinPointer(pointer, 'quietHours', end), `${end} 应为上海时间 HH:MM，实际是 ${JSON.stringify(quiet[end])}`, `${end} must be a Shanghai time HH:MM, got ${JSON.stringify(quiet[end])}`));
        }
      }
    }
  }
  const schedule = value.schedule;
  if (schedule !== undefined && schedule !== null) {
    const at = joinPointer(pointer, 'schedule');
    if (!isObject(schedule)) out.push(bad(file, at, 'schedule 应为 {"time": "08:30", "days": [1, 2, 3, 4, 5]}', 'schedule must be {"time": "08:30", "days": [1, 2, 3, 4, 5]}'));
    else {
      if (typeof schedule.time !== 'string' || !HHMM.test(schedule.time)) {
        out.push(bad(file, joinPointer(at, 'time'), `time 应为上海时间 HH:MM，实际是 ${JSON.stringify(schedule.time)}`, `time must be a Shanghai time HH:MM, got ${JSON.stringify(schedule.time)}`));
      }
      const days = schedule.days;
      if (!Array.isArray(days) || days.length === 0 || !days.every((d) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7) || new Set(days).size !== days.length) {
        out.push(bad(file, joinPointer(at, 'days'), `days 应为不重复的星期几（1 周一 … 7 周日），实际是 ${JSON.stringify(days)}`, `days must be distinct weekdays (1 Monday … 7 Sunday), got ${JSON.stringify(days)}`));
      }
    }
  }
  return out;
}

export const notificationParameterChecks = { [NOTIFICATIONS_GROUP]: checkNotificationParameters };

/** Every recipient names self, manager or a role of the bundle (bundle.json's roles). */
function checkRecipientRoles(b: BundleCheckContext): Problem[] {
  const group = b.parameters[NOTIFICATIONS_GROUP];
  const file = b.fileOf(NOTIFICATIONS_GROUP);
  if (!isObject(group) || file === undefined || !isObject(group.kinds)) return [];
  const out: Problem[] = [];
  for (const kind of NOTICE_KINDS) {
    const k = group.kinds[kind];
    if (!isObject(k) || !Array.isArray(k.recipients)) continue;
    k.recipients.forEach((r, i) => {
      if (typeof r !== 'string' || r === 'self' || r === 'manager' || b.roleIds.has(r)) return;
      out.push(problem('NOTIFY_UNKNOWN_ROLE', file, joinPointer('/parameters', NOTIFICATIONS_GROUP, 'kinds', kind, 'recipients', i), {
        zh: `收件人 ${r} 不是 self、manager，也不是包中的角色（${[...b.roleIds].join('、')}）`,
        en: `recipient ${r} is neither self, manager nor a role of the bundle (${[...b.roleIds].join(', ')})`,
      }));
    });
  }
  return out;
}

export const notificationBundleChecks: readonly BundleCheck[] = [checkRecipientRoles];

/** The settings of a loaded bundle (its checks passed), or null when it has no notifications group. */
export function readNotificationSettings(parameters: Readonly<Record<string, unknown>>): NotificationSettings | null {
  const g = parameters[NOTIFICATIONS_GROUP];
  if (!isObject(g)) return null;
  const quiet = isObject(g.quietHours) ? { start: g.quietHours.start as string, end: g.quietHours.end as string } : null;
  const schedule = isObject(g.schedule) ? { time: g.schedule.time as string, days: [...g.schedule.days as number[]].sort((a, b) => a - b) } : null;
  return { kinds: g.kinds as NotificationSettings['kinds'], resolved: g.resolved as Localized, digest: g.digest as DigestTexts, link: g.link as string, quietHours: quiet, schedule };
}

/** Fills `{name}` from `values`; the checks above guarantee every name is known. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
