/**
 * The flow engine: a pure transition function over flow definitions. It checks, in order, the
 * instance version (conflicts), that the action exists from the current state, the actor's
 * role, his scope in the org tree, that nobody approves his own request, the payload's
 * required fields, and the guard; then computes the assignments, the audit entry, the due
 * time and the events. Inputs are never mutated; refusals carry a code and zh/en reasons.
 */
import type { DefinedRule } from '../bundle/rule-definition.js';
import { resolveParamTexts } from '../bundle/param-text.js';
import { bindingInputs } from '../bundle/rule-inputs.js';
import type { FlowDef, FlowTransition } from '../bundle/types.js';
import type { OrgLevel, OrgTree } from '../org/org-tree.js';
import { valueAtPath } from '../json.js';
import { fenToYuan, readAmount } from '../money/index.js';
import { isRuleError, type Localized } from '../problems.js';
import type { CompiledLogic, Engine } from '../rules/types.js';
import { canonicalJson } from '../digest/canonical.js';
import { broken, checkTrail, entryHash, genesisHash, unchained } from './audit-chain.js';
import type { Actor, AuditEntry, FlowEvent, FlowInstance, Refusal, StepResult, WorkingClock } from './types.js';

/** What a flow needs from its bundle (a LoadedBundle is one). */
interface FlowSources {
  rules: ReadonlyMap<string, DefinedRule>;
  engine: Engine;
  parameters: Record<string, unknown>;
  /** The bundle's roles: the org level a holder of each belongs to places him in the tree. */
  manifest?: { roles: ReadonlyArray<{ id: string; level?: OrgLevel }> };
}

export interface FlowRuntime {
  readonly def: FlowDef;
  /** A new instance in the initial state. */
  start(init: { id: string; ownerId: string; unitId: string; data?: Record<string, unknown>; now: string }): FlowInstance;
  /** The actions `actor` may take now, for hosts to show (guards are not run). */
  available(instance: FlowInstance, actor: Actor): FlowTransition[];
  step(instance: FlowInstance, action: string, actor: Actor, payload: Record<string, unknown>, now: string, expectedVersion: number): StepResult;
  /** The overdue event of an instance at `now`, if its due time has passed. */
  overdue(instance: FlowInstance, now: string): FlowEvent | null;
  /**
   * Rebuilds an instance from its start and its audit trail, re-applying every action and
   * checking that each entry records what the action did (its `to`, its `changes`, its chain
   * hashes); the refusal's pointer names the first altered entry. `legacy` accepts entries
   * saved before trails were chained and gives back the instance with a chained trail: the
   * migration of an old trail, whose recorded steps are still re-checked one by one.
   */
  replay(start: FlowInstance, audit: readonly AuditEntry[], options?: { legacy?: boolean }): { ok: true; instance: FlowInstance } | { ok: false; seq: number; refusal: Refusal };
}

interface CompiledTransition {
  t: FlowTransition;
  from: Set<string>;
  guard?: (scope: Record<string, unknown>) => { ok: true; value: unknown } | { ok: false; message: Localized };
  assign: Array<{ path: string; logic: CompiledLogic }>;
}

function refuse(code: string, zh: string, en: string): StepResult {
  return { ok: false, refusal: { code, message: { zh, en } } };
}

export function createFlowRuntime(written: FlowDef, tree: OrgTree, sources: FlowSources, clock?: WorkingClock): FlowRuntime {
  // titles, guard messages and notifications quote parameters by reference: a refusal says the
  // bundle's current appeal limit, never a copy
  const def = resolveParamTexts(written, sources.parameters);
  const transitions: CompiledTransition[] = def.transitions.map((t) => {
    const compiled: CompiledTransition = {
      t,
      from: new Set(Array.isArray(t.from) ? t.from : [t.from]),
      assign: Object.entries(t.assign ?? {}).map(([path, logic]) => ({ path, logic: sources.engine.compile(logic, { params: sources.parameters }) })),
    };
    if (t.guard && 'rule' in t.guard) {
      const rule = sources.rules.get(t.guard.rule);
      if (!rule) throw new Error(`flow ${def.id}: guard rule ${t.guard.rule} is not defined`);
      const inputs = t.guard.inputs;
      compiled.guard = (scope) => {
        // a guard's inputs map is a binding of the rule to the flow's scope: read as a form's is
        const r = rule.evaluate(bindingInputs({ inputs }, scope));
        return r.ok ? r : { ok: false, message: r.problem.message };
      };
    } else if (t.guard && 'logic' in t.guard) {
      const logic = sources.engine.compile(t.guard.logic, { params: sources.parameters });
      compiled.guard = (scope) => {
        try {
          return { ok: true, value: logic(scope) };
        } catch (e) {
          if (isRuleError(e)) return { ok: false, message: e.messages };
          throw e;
        }
      };
    }
    return compiled;
  });
  const states = new Map(def.states.map((s) => [s.id, s]));

  const scopeOf = (instance: FlowInstance, actor: Actor, payload: Record<string, unknown>, now: string) => ({
    instance: { ...instance.data, state: instance.state, ownerId: instance.ownerId, unitId: instance.unitId, version: instance.version },
    payload,
    actor: { id: actor.id, roles: actor.roles, unitId: actor.unitId },
    now,
  });

  const find = (state: string, action: string) => transitions.find((c) => c.t.action === action && c.from.has(state));

  /** Role, scope and self-approval: who may act, from the org tree and the audit trail. */
  const authorise = (c: CompiledTransition, instance: FlowInstance, actor: Actor): StepResult | null => {
    const t = c.t;
    if (!t.roles.some((r) => actor.roles.includes(r))) {
      return refuse('FLOW_ROLE', `只有 ${t.roles.join('、')} 可以执行“${t.title.zh}”`, `only ${t.roles.join(', ')} may ${t.title.en}`);
    }
    const scope = t.scope ?? 'unit';
    if (scope === 'own' && actor.id !== instance.ownerId) {
      return refuse('FLOW_SCOPE', `只能处理自己的${def.title.zh}`, `you may act only on your own ${def.title.en}`);
    }
    if (scope === 'unit') {
      if (!tree.get(actor.unitId)) return refuse('FLOW_SCOPE', `组织中没有单位 ${actor.unitId}`, `unit ${actor.unitId} is not in the organisation`);
      const misplaced = placement(t, actor);
      if (misplaced) return misplaced;
      if (!tree.isWithin(instance.unitId, actor.unitId)) {
        return refuse('FLOW_SCOPE', `${instance.unitId} 不在你负责的范围（${actor.unitId}）内`, `${instance.unitId} is outside your unit (${actor.unitId})`);
      }
    }
    // the trail was checked whole (checkTrail) before this: these are the chain's actors
    for (const other of t.notActorOf ?? []) {
      if (instance.audit.some((a) => a.action === other && a.actor.id === actor.id)) {
        return refuse('FLOW_SELF_APPROVAL', `不能对自己发起的“${other}”执行“${t.title.zh}”`, `you cannot ${t.title.en} what you did yourself (${other})`);
      }
    }
    return null;
  };

  const levelOf = new Map((sources.manifest?.roles ?? []).map((r) => [r.id, r.level]));

  /**
   * Scope by identity: an actor's subtree is that of the unit he stands at, and he stands there
   * only if the org says so, whatever his role. The unit's named head is the one person there;
   * a rep unit is its rep (unit id = person id); a unit that names no head takes a holder of a
   * role the transition allows whose level (bundle roles) is the unit's — so a team lead cannot
   * stand at a region or the company root and reach every team below it. The role then only
   * decides which transitions he may take.
   */
  const placement = (t: FlowTransition, actor: Actor): StepResult | null => {
    const unit = tree.get(actor.unitId);
    if (!unit) return null;
    const head = unit.input.head;
    if (head) {
      return head === actor.id ? null : refuse('FLOW_SCOPE', `组织中 ${unit.name}（${unit.id}）的负责人是 ${head}，不是 ${actor.id}`, `the organisation names ${head} as the head of ${unit.name} (${unit.id}), not ${actor.id}`);
    }
    if (unit.level === 'rep') {
      return unit.id === actor.id ? null : refuse('FLOW_SCOPE', `${unit.name}（${unit.id}）是另一名销售，${actor.id} 不能以他的身份操作`, `${unit.name} (${unit.id}) is another rep; ${actor.id} cannot act as him`);
    }
    const held = t.roles.filter((r) => actor.roles.includes(r));
    if (held.some((r) => levelOf.get(r) === undefined || levelOf.get(r) === unit.level)) return null;
    return refuse('FLOW_SCOPE', `以 ${held.join('、')} 身份只能在 ${held.map((r) => levelOf.get(r)).join('、')} 层级的单位任职，${unit.name}（${unit.id}）是 ${unit.level}；除非组织把他登记为该单位的负责人（head）`,
      `as ${held.join(', ')} one stands at a ${held.map((r) => levelOf.get(r)).join(', ')} unit, and ${unit.name} (${unit.id}) is a ${unit.level}, unless the organisation names him its head`);
  };
  /**
   * The instances replay is building, whose trails step made itself: not checked again at every
   * entry (that would make a replay quadratic). None of them leaves replay while it is here.
   */
  const replaying = new WeakSet<FlowInstance>();

  const runtime: FlowRuntime = {
    def,
    start({ id, ownerId, unitId, data = {}, now }) {
      return { id, flowId: def.id, state: def.initial, version: 0, ownerId, unitId, data: structuredClone(data), createdAt: now, due: null, audit: [] };
    },

    available(instance, actor) {
      if (checkTrail(instance, def.initial)) return [];
      return transitions.filter((c) => c.from.has(instance.state) && !authorise(c, instance, actor)).map((c) => c.t);
    },

    step(instance, action, actor, payload, now, expectedVersion) {
      if (!replaying.has(instance)) {
        const trail = checkTrail(instance, def.initial);
        if (trail) return { ok: false, refusal: trail };
      }
      if (expectedVersion !== instance.version) {
        return refuse('FLOW_CONFLICT', `这条记录已被他人修改（你看到的是第 ${expectedVersion} 版，现在是第 ${instance.version} 版），请重新加载后再操作`,
          `someone changed this record meanwhile (you saw version ${expectedVersion}, it is now ${instance.version}); reload and try again`);
      }
      if (states.get(instance.state)?.final) {
        return refuse('FLOW_FINAL', `“${states.get(instance.state)?.title.zh}”是终态，不能再操作`, `"${states.get(instance.state)?.title.en}" is final; no action is possible`);
      }
      const c = find(instance.state, action);
      if (!c) {
        const known = transitions.some((x) => x.t.action === action);
        return known
          ? refuse('FLOW_ACTION_NOT_AVAILABLE', `当前状态“${states.get(instance.state)?.title.zh ?? instance.state}”下不能执行 ${action}`, `${action} is not possible in state "${states.get(instance.state)?.title.en ?? instance.state}"`)
          : refuse('FLOW_UNKNOWN_ACTION', `流程 ${def.id} 没有动作 ${action}`, `flow ${def.id} has no action ${action}`);
      }
      const denied = authorise(c, instance, actor);
      if (denied) return denied;
      const t = c.t;
      for (const field of t.requires ?? []) {
        if (!present(payload[field])) {
          return refuse('FLOW_MISSING_FIELD', `“${t.title.zh}”需要填写 ${field}`, `${t.title.en} needs ${field}`);
        }
      }
      const read = readAmounts(t, payload);
      if (!read.ok) return read;
      payload = read.payload;
      for (const field of t.evidence ?? []) {
        if (!isEvidence(payload[field])) {
          return refuse('FLOW_MISSING_EVIDENCE', `“${t.title.zh}”需要依据 ${field}：至少一段非空文字或一个文件`, `${t.title.en} needs evidence in ${field}: at least one non-empty text or file`);
        }
      }
      const scope = scopeOf(instance, actor, payload, now);
      if (c.guard) {
        const g = c.guard(scope);
        if (!g.ok) return { ok: false, refusal: { code: 'FLOW_GUARD_ERROR', message: g.message } };
        if (g.value !== true) {
          const m = t.guardMessage ?? { zh: `不满足“${t.title.zh}”的条件`, en: `the conditions for ${t.title.en} are not met` };
          return { ok: false, refusal: { code: 'FLOW_GUARD', message: m } };
        }
      }
      const data = structuredClone(instance.data);
      const changes: AuditEntry['changes'] = [];
      for (const { path, logic } of c.assign) {
        let value: unknown;
        try {
          value = logic(scope);
        } catch (e) {
          if (isRuleError(e)) return { ok: false, refusal: { code: 'FLOW_ASSIGN_ERROR', message: e.messages } };
          throw e;
        }
        const before = valueAtPath(data, path);
        setPath(data, path, structuredClone(value));
        changes.push({ path, before: before === undefined ? null : before, after: value === undefined ? null : value });
      }
      const content: Omit<AuditEntry, 'hash'> = {
        seq: instance.audit.length + 1, action, actor: { id: actor.id, roles: [...actor.roles], unitId: actor.unitId },
        at: now, from: instance.state, to: t.to, payload: structuredClone(payload), changes, version: instance.version,
        prev: instance.audit.at(-1)?.hash ?? genesisHash(instance),
      };
      const entry: AuditEntry = { ...content, hash: entryHash(content) };
      const due = t.due && clock
        ? { at: clock(now, t.due.workingHours), state: t.to, event: t.due.event ?? `${def.id}.overdue`, action }
        : null;
      const next: FlowInstance = {
        ...instance, state: t.to, version: instance.version + 1, data, due,
        audit: [...instance.audit, entry],
      };
      const events: FlowEvent[] = (t.emits ?? []).map((e) => ({
        event: e.event, instanceId: instance.id, flowId: def.id, action, ownerId: instance.ownerId, unitId: instance.unitId, at: now,
        ...(e.to !== undefined ? { to: e.to } : {}), ...(e.message !== undefined ? { message: e.message } : {}),
      }));
      return { ok: true, instance: next, events };
    },

    overdue(instance, now) {
      const due = instance.due;
      if (!due || due.state !== instance.state || Date.parse(now) <= Date.parse(due.at)) return null;
      return { event: due.event, instanceId: instance.id, flowId: def.id, action: due.action, ownerId: instance.ownerId, unitId: instance.unitId, at: due.at };
    },

    replay(start, audit, options = {}) {
      if (start.version !== 0 || start.audit.length > 0 || start.state !== def.initial) {
        return { ok: false, seq: 0, refusal: broken('', `重放须从流程的起点（${def.initial}，第 0 版，无记录）开始`, `a replay starts from the flow's start (${def.initial}, version 0, no entries)`, 'FLOW_REPLAY_START') };
      }
      let current: FlowInstance = { ...start, audit: [] };
      replaying.add(current);
      for (const [i, entry] of audit.entries()) {
        const at = `/audit/${i}`;
        const seq = i + 1;
        const chained = typeof entry.hash === 'string' && typeof entry.prev === 'string';
        if (!chained && !options.legacy) return { ok: false, seq, refusal: unchained(at) };
        if (entry.seq !== seq) return { ok: false, seq, refusal: broken(`${at}/seq`, `应为 ${seq}`, `it should be ${seq}`) };
        const malformed = malformedEntry(entry);
        if (malformed) return { ok: false, seq, refusal: broken(`${at}/${malformed}`, '格式不对', 'it is malformed') };
        const r = runtime.step(current, entry.action, entry.actor, entry.payload, entry.at, entry.version);
        if (!r.ok) return { ok: false, seq, refusal: { ...r.refusal, pointer: at } };
        const made = r.instance.audit[i] as AuditEntry;
        // the recorded fields against what the action does now; an unchained entry has no hashes to compare
        const fields = (Object.keys(made) as Array<keyof AuditEntry>).filter((k) => chained || (k !== 'prev' && k !== 'hash'));
        const altered = fields.find((k) => canonicalJson(made[k]) !== canonicalJson(entry[k]));
        if (altered) {
          return { ok: false, seq, refusal: broken(`${at}/${altered}`, `记录的值与重放的结果（${canonicalJson(made[altered]).slice(0, 120)}）不符`, `the recorded value differs from what replaying gives (${canonicalJson(made[altered]).slice(0, 120)})`) };
        }
        current = r.instance;
        replaying.add(current);
      }
      // what leaves replay is checked again at its next step, like any instance from outside
      replaying.delete(current);
      return { ok: true, instance: current };
    },
  };
  return runtime;
}

/**
 * The transition's amount fields, read by the one amount reader: 1e300 or 1200.005 yuan is
 * refused here, before a guard that only compares numbers could let it through. Text amounts
 * are recorded as the number they read as, so the guard, the assignments and a replay see one value.
 */
function readAmounts(t: FlowTransition, payload: Record<string, unknown>): { ok: true; payload: Record<string, unknown> } | { ok: false; refusal: Refusal } {
  let out = payload;
  for (const field of t.amounts ?? []) {
    const v = payload[field];
    if (v === undefined || v === null) continue;
    const r = readAmount(v);
    if (!r.ok) {
      return { ok: false, refusal: { code: 'FLOW_NOT_AMOUNT', message: {
        zh: `“${t.title.zh}”的 ${field} 应为非负金额（元，最多两位小数），实际是 ${describe(v)}：${r.reason.zh}`,
        en: `${t.title.en}: ${field} must be an amount >= 0 in yuan (at most 2 decimals), got ${describe(v)}: ${r.reason.en}`,
      } } };
    }
    const yuan = fenToYuan(r.fen);
    if (yuan !== v) out = { ...out, [field]: yuan };
  }
  return { ok: true, payload: out };
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' ? String(v) : typeof v;
}

function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = data;
  keys.slice(0, -1).forEach((key) => {
    const next = Object.hasOwn(cur, key) ? cur[key] : undefined;
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  });
  cur[keys[keys.length - 1] as string] = value;
}

/** The first field of a stored entry that replay cannot even run, or null. */
function malformedEntry(entry: AuditEntry): keyof AuditEntry | null {
  const record = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (typeof entry.action !== 'string') return 'action';
  const a = entry.actor as unknown as Record<string, unknown> | null;
  if (!record(a) || typeof a?.id !== 'string' || typeof a.unitId !== 'string' || !Array.isArray(a.roles) || !a.roles.every((r) => typeof r === 'string')) return 'actor';
  if (typeof entry.at !== 'string') return 'at';
  if (!record(entry.payload)) return 'payload';
  if (typeof entry.version !== 'number') return 'version';
  return null;
}

/**
 * A required field is there when it holds something: blank text, `{}` or `[""]` do not count.
 * A yes/no is there either way; whether it must be yes is the guard's to say.
 */
function present(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  // Infinity is there, just not an amount: the amount check says so in words
  if (typeof v === 'number') return !Number.isNaN(v);
  if (typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.some(present);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(present);
  return false;
}

/**
 * Evidence (依据) is at least one non-empty text or file: a string, a file (an object whose
 * `name`, `filename`, `url`, `path` or `content` is non-empty text, as upload fields give), or
 * a list of them.
 * A number or a yes/no is not evidence.
 */
function isEvidence(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(isEvidence);
  if (typeof v === 'object' && v !== null) {
    const file = v as Record<string, unknown>;
    return ['name', 'filename', 'url', 'path', 'content'].some((k) => typeof file[k] === 'string' && (file[k] as string).trim() !== '');
  }
  return false;
}
