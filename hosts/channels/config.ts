/**
 * The channels file: which robots and mail servers to use, who is who (mobile, e-mail), who holds
 * a role (HRBP). It names the environment variables that hold the secrets and never a secret
 * itself: a value that looks like one (a long token, a URL with `key=` or `access_token=`, a
 * field called password) is refused by its pointer, so a file that leaks nothing can be committed.
 */
import { problem, type Problem } from '../../plugin/index.js';
import { createDingtalkChannel } from './dingtalk.js';
import { createEmailChannel } from './email.js';
import { createFeishuChannel } from './feishu.js';
import type { Channel } from './types.js';
import { createWecomChannel } from './wecom.js';

export interface Person { id: string; name: string; mobile?: string; email?: string }

export interface ChannelsConfig {
  /** Prefixed to a notice's relative link. */
  linkBase: string;
  lang: 'zh' | 'en';
  channels: ChannelDef[];
  people: Map<string, Person>;
  roles: Map<string, Person[]>;
}

type ChannelDef =
  | { id: string; type: 'wecom'; tokenEnv: string; endpoint?: string; perMinute?: number; batch?: number }
  | { id: string; type: 'dingtalk' | 'feishu'; tokenEnv: string; secretEnv: string; endpoint?: string; perMinute?: number; batch?: number }
  | { id: string; type: 'email'; host: string; port: number; tls: 'implicit' | 'starttls' | 'none'; from: string; userEnv?: string; passwordEnv?: string; perMinute?: number };

/** RFC 6901: `~` and `/` in a token escaped. */
const joinPointer = (base: string, ...tokens: Array<string | number>) => base + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const SECRET_FIELD = /(secret|password|passwd|token|apikey|api_key|key)$/i;
const SECRET_QUERY = /[?&](key|access_token|token|sign|secret)=/i;
/** A long run of token characters with letters and digits: a webhook key, a SEC… signing secret. */
const looksLikeToken = (s: string) => /^[A-Za-z0-9+/_=-]{24,}$/.test(s) && /\d/.test(s) && /[A-Za-z]/.test(s);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function secretProblems(value: unknown, file: string, pointer: string, field: string): Problem[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretProblems(v, file, joinPointer(pointer, i), field));
  if (isObj(value)) return Object.entries(value).flatMap(([k, v]) => secretProblems(v, file, joinPointer(pointer, k), k));
  if (typeof value !== 'string') return [];
  const secretish = field.endsWith('Env') ? !ENV_NAME.test(value) : SECRET_FIELD.test(field) || SECRET_QUERY.test(value) || value.split(/[/?&=#:@]/).some(looksLikeToken);
  if (!secretish) return [];
  // the message names the place, never the value: it may be a real secret
  return [problem('CHANNELS_SECRET_IN_FILE', file, pointer, {
    zh: field.endsWith('Env') ? `${field} 应为环境变量名（大写字母、数字、下划线），而不是密钥本身` : '此处的值像是密钥：请把它放进环境变量，在文件中用 …Env 字段写变量名',
    en: field.endsWith('Env') ? `${field} must name an environment variable (capitals, digits, underscores), not hold the secret` : 'this value looks like a secret: put it in an environment variable and name the variable in a …Env field',
  })];
}

type Read<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function readChannelsConfig(json: unknown, file: string): Read<ChannelsConfig> {
  const bad = (pointer: string, zh: string, en: string) => problem('CHANNELS_INVALID', file, pointer, { zh, en });
  if (!isObj(json)) return { ok: false, problems: [bad('', '通道配置应为 JSON 对象', 'the channels file must be a JSON object')] };
  const problems = secretProblems(json, file, '', '');
  if (problems.length) return { ok: false, problems };
  const channels: ChannelDef[] = [];
  const list = json.channels;
  if (!Array.isArray(list) || list.length === 0) problems.push(bad('/channels', 'channels 应为非空列表', 'channels must be a non-empty list'));
  const seen = new Set<string>();
  (Array.isArray(list) ? list : []).forEach((c, i) => {
    const at = joinPointer('/channels', i);
    if (!isObj(c) || typeof c.id !== 'string' || !c.id) { problems.push(bad(at, '每个通道需要 id', 'every channel needs an id')); return; }
    if (seen.has(c.id)) problems.push(bad(joinPointer(at, 'id'), `通道 id ${c.id} 重复`, `channel id ${c.id} appears twice`));
    seen.add(c.id);
    const env = (name: string, required = true): string | undefined => {
      const v = c[name];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string') { problems.push(bad(joinPointer(at, name), `缺少 ${name}（保存密钥的环境变量名）`, `${name} is missing (the environment variable holding the secret)`)); return undefined; }
      return v;
    };
    const perMinute = c.perMinute === undefined ? undefined : Number.isInteger(c.perMinute) && (c.perMinute as number) > 0 ? c.perMinute as number : (problems.push(bad(joinPointer(at, 'perMinute'), 'perMinute 应为正整数', 'perMinute must be a whole number > 0')), undefined);
    const endpoint = c.endpoint === undefined ? undefined : typeof c.endpoint === 'string' && /^https?:\/\//.test(c.endpoint) ? c.endpoint : (problems.push(bad(joinPointer(at, 'endpoint'), 'endpoint 应为 http(s) 地址', 'endpoint must be an http(s) URL')), undefined);
    const batch = c.batch === undefined ? undefined : Number.isInteger(c.batch) && (c.batch as number) >= 1 && (c.batch as number) <= 50 ? c.batch as number : (problems.push(bad(joinPointer(at, 'batch'), 'batch 应为 1 到 50 的整数', 'batch must be a whole number from 1 to 50')), undefined);
    const extra = { ...(endpoint ? { endpoint } : {}), ...(perMinute ? { perMinute } : {}), ...(batch ? { batch } : {}) };
    if (c.type === 'wecom') {
      const tokenEnv = env('tokenEnv');
      if (tokenEnv) channels.push({ id: c.id, type: 'wecom', tokenEnv, ...extra });
    } else if (c.type === 'dingtalk' || c.type === 'feishu') {
      const tokenEnv = env('tokenEnv');
      const secretEnv = env('secretEnv');
      if (tokenEnv && secretEnv) channels.push({ id: c.id, type: c.type, tokenEnv, secretEnv, ...extra });
    } else if (c.type === 'email') {
      const tls = c.tls ?? 'starttls';
      const loopback = c.host === '127.0.0.1' || c.host === 'localhost' || c.host === '::1';
      if (typeof c.host !== 'string' || !c.host) problems.push(bad(joinPointer(at, 'host'), '缺少 SMTP 服务器 host', 'the SMTP host is missing'));
      if (!Number.isInteger(c.port)) problems.push(bad(joinPointer(at, 'port'), 'port 应为端口号', 'port must be a port number'));
      if (typeof c.from !== 'string' || !c.from.includes('@')) problems.push(bad(joinPointer(at, 'from'), 'from 应为发件地址', 'from must be a sender address'));
      if (tls !== 'implicit' && tls !== 'starttls' && tls !== 'none') problems.push(bad(joinPointer(at, 'tls'), 'tls 只能是 implicit、starttls 或 none', 'tls must be implicit, starttls or none'));
      // a password over plain SMTP crosses the network readable: only on this machine
      else if (tls === 'none' && !loopback) problems.push(bad(joinPointer(at, 'tls'), '不加密的 SMTP 只允许本机地址', 'unencrypted SMTP is allowed on loopback only'));
      const userEnv = env('userEnv', false);
      const passwordEnv = env('passwordEnv', false);
      channels.push({
        id: c.id, type: 'email', host: c.host as string, port: c.port as number, tls: tls as 'implicit', from: c.from as string,
        ...(userEnv ? { userEnv } : {}), ...(passwordEnv ? { passwordEnv } : {}), ...(perMinute ? { perMinute } : {}),
      });
    } else {
      problems.push(bad(joinPointer(at, 'type'), `未知通道类型 ${String(c.type)}（wecom、dingtalk、feishu、email）`, `unknown channel type ${String(c.type)} (wecom, dingtalk, feishu, email)`));
    }
  });

  const people = new Map<string, Person>();
  const readPerson = (id: string, p: unknown, at: string): Person | null => {
    if (!isObj(p)) { problems.push(bad(at, '人员应为对象 {name, mobile, email}', 'a person must be an object {name, mobile, email}')); return null; }
    return { id, name: typeof p.name === 'string' ? p.name : id, ...(typeof p.mobile === 'string' ? { mobile: p.mobile } : {}), ...(typeof p.email === 'string' ? { email: p.email } : {}) };
  };
  if (json.people !== undefined) {
    if (!isObj(json.people)) problems.push(bad('/people', 'people 应为 {人员 id: {…}} 对象', 'people must be an object {person id: {…}}'));
    else for (const [id, p] of Object.entries(json.people)) { const r = readPerson(id, p, joinPointer('/people', id)); if (r) people.set(id, r); }
  }
  const roles = new Map<string, Person[]>();
  if (json.roles !== undefined) {
    if (!isObj(json.roles)) problems.push(bad('/roles', 'roles 应为 {角色 id: [人员 id]} 对象', 'roles must be an object {role id: [person ids]}'));
    else for (const [role, ids] of Object.entries(json.roles)) {
      if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) { problems.push(bad(joinPointer('/roles', role), '应为人员 id 列表', 'must be a list of person ids')); continue; }
      roles.set(role, ids.map((id) => people.get(id) ?? { id, name: id }));
    }
  }
  const lang = json.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') problems.push(bad('/lang', 'lang 只能是 zh 或 en', 'lang must be zh or en'));
  if (json.linkBase !== undefined && typeof json.linkBase !== 'string') problems.push(bad('/linkBase', 'linkBase 应为文本', 'linkBase must be text'));
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { linkBase: (json.linkBase as string | undefined) ?? '', lang: lang as 'zh', channels, people, roles } };
}

/** The secrets, read from the environment when sending (a dry run needs none). */
interface OpenChannels { channels: Channel[]; secrets: string[] }

export function openChannels(config: ChannelsConfig, env: Readonly<Record<string, string | undefined>>, file: string, options: { timeoutMs?: number } = {}): Read<OpenChannels> {
  const problems: Problem[] = [];
  const secrets: string[] = [];
  const get = (name: string, at: string): string => {
    const v = env[name];
    if (v === undefined || v === '') {
      problems.push(problem('CHANNELS_ENV_MISSING', file, at, { zh: `环境变量 ${name} 未设置`, en: `the environment variable ${name} is not set` }));
      return '';
    }
    secrets.push(v);
    return v;
  };
  const channels: Channel[] = config.channels.map((c, i) => {
    const at = (f: string) => joinPointer('/channels', i, f);
    const common = { id: c.id, ...(c.perMinute ? { perMinute: c.perMinute } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
    if (c.type === 'email') {
      const user = c.userEnv ? get(c.userEnv, at('userEnv')) : undefined;
      const password = c.passwordEnv ? get(c.passwordEnv, at('passwordEnv')) : undefined;
      return createEmailChannel({ ...common, host: c.host, port: c.port, tls: c.tls, from: c.from, ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}) });
    }
    const endpoint = { ...(c.endpoint ? { endpoint: c.endpoint } : {}), ...(c.batch ? { batch: c.batch } : {}) };
    if (c.type === 'wecom') return createWecomChannel({ ...common, ...endpoint, key: get(c.tokenEnv, at('tokenEnv')) });
    const robot = { ...common, ...endpoint, token: get(c.tokenEnv, at('tokenEnv')), secret: get(c.secretEnv, at('secretEnv')) };
    return c.type === 'dingtalk' ? createDingtalkChannel(robot) : createFeishuChannel(robot);
  });
  if (problems.length) {
    for (const c of channels) c.close?.();
    return { ok: false, problems };
  }
  return { ok: true, value: { channels, secrets } };
}

/** Every secret and its URL-encoded form replaced: errors from a library may quote a URL or a login. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  return out;
}
