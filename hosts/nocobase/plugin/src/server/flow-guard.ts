/**
 * The flow's own rules applied to NocoBase records: who may take a transition (role, scope in
 * the org tree, no self-approval), what the record becomes, who decides next, and which rules a
 * caller may evaluate. Every decision is the runtime's (createFlowRuntime), so NocoBase answers
 * as the CLI and the playground do. Knows nothing of NocoBase: records and users come in as
 * plain objects, writes go out as values.
 */
import {
  buildOrgTree,
  checkLetterIssue,
  createFlowRuntime,
  letterFlowOf,
  parseCsv,
  signLetter,
  type Actor,
  type FlowDef,
  type FlowInstance,
  type FlowRuntime,
  type LetterFlow,
  type LoadedBundle,
  type Localized,
  type OrgLevel,
  type OrgTree,
} from '../../../../../plugin/index.js';
import {
  ACTION_FIELD, ACTOR_FIELD, AUDIT_FIELD, MESSAGE_FIELD, OWNER_FIELD, PATH_FIELD, RECORD_KEY_FIELD, STATUS_FIELD, UNIT_FIELD,
  collectionNameOf, roleNameOf,
} from '../../../contract.js';
import { hashedLetterOfRecord, letterFieldsOf } from './signing.js';

/** A row being saved, as far as the guard needs it. */
interface SavedRow {
  isNew: boolean;
  get(field: string): unknown;
  /** Whether the save changes the field's value (not merely touches it). */
  changes(field: string): boolean;
}

/** A letter collection's issuing rule, as checkSave applies it to a new record. */
interface LetterIssuing {
  letters: LetterFlow;
  tree: OrgTree;
  actorOf(user: HostUser): Actor;
}

/**
 * What a user's save of a flow's record may do: a new record starts in the initial state,
 * owned by its creator, at his unit when he has one (an administrator's import keeps the unit
 * it names), with an empty trail; afterwards the state, owner, unit, trail and asker are only
 * the step node's, and the fields that bind the record (`bound`, the guard's boundOf; by default
 * the flow's alone, without its forms) are the step node's or an administrator's. A new letter
 * (`letter`, the guard's issuingOf) is issued only as the runtime's checkLetterIssue allows,
 * and stays at the unit it names. Returns the values to set, or the refusal. `asker` is the
 * requesting user.
 */
export function checkSave(runtime: FlowRuntime, row: SavedRow, asker: HostUser | undefined, bound: readonly string[] = boundFields(runtime.def), letter?: LetterIssuing):
  { ok: true; set: Record<string, unknown> } | { ok: false; message: Localized } {
  const id = asker ? String(asker.id) : null;
  if (row.isNew) {
    const status = row.get(STATUS_FIELD);
    if (status !== undefined && status !== null && status !== runtime.def.initial) {
      return { ok: false, message: { zh: `新记录只能从“${runtime.def.initial}”开始，状态由流程改变`, en: `a new record starts in "${runtime.def.initial}"; only the flow changes its state` } };
    }
    // an administrator (or the plugin's own code, with no user) may file any letter, as he may correct one
    const issuing = letter && asker && !isAdmin(asker) ? letter : undefined;
    if (issuing && asker) {
      const verdict = checkLetterIssue(issuing.letters, issuing.tree, issuing.actorOf(asker), { [UNIT_FIELD]: row.get(UNIT_FIELD), headId: row.get('headId') }, { unit: UNIT_FIELD, head: 'headId' });
      if (!verdict.ok) return verdict;
    }
    return {
      ok: true,
      set: {
        [STATUS_FIELD]: runtime.def.initial, [AUDIT_FIELD]: [], [OWNER_FIELD]: id,
        // a letter is about the unit it names, not its issuer's
        ...(asker?.unitId && !issuing ? { [UNIT_FIELD]: asker.unitId } : {}),
        [ACTOR_FIELD]: row.get(ACTION_FIELD) ? id : null,
      },
    };
  }
  const touched = PROTECTED_FIELDS.find((field) => row.changes(field));
  if (touched) {
    return { ok: false, message: { zh: `字段 ${touched} 只能由流程改变：请用“请求的操作”（${ACTION_FIELD}）`, en: `field ${touched} is changed only by the flow: ask for an action (${ACTION_FIELD}) instead` } };
  }
  // an administrator may correct a record (a signed letter's MAC then shows it); server code
  // without a user is the plugin's or an administrator's own
  const touchedBound = asker && !isAdmin(asker) ? bound.find((field) => row.changes(field)) : undefined;
  if (touchedBound) {
    return { ok: false, message: { zh: `记录创建后，字段 ${touchedBound} 只能由流程或管理员改变`, en: `once the record exists, field ${touchedBound} is changed only by the flow or an administrator` } };
  }
  return { ok: true, set: row.changes(ACTION_FIELD) ? { [ACTOR_FIELD]: id } : {} };
}

/** Fields the plugin keeps for itself: never part of what a flow reads as the record's data. */
const SYSTEM_FIELDS: readonly string[] = [STATUS_FIELD, ACTION_FIELD, MESSAGE_FIELD, RECORD_KEY_FIELD, OWNER_FIELD, UNIT_FIELD, PATH_FIELD, AUDIT_FIELD, ACTOR_FIELD];
/** Of those, the ones a user's write may never change: only a transition moves them (the path follows the unit). */
const PROTECTED_FIELDS: readonly string[] = [STATUS_FIELD, OWNER_FIELD, UNIT_FIELD, PATH_FIELD, AUDIT_FIELD, ACTOR_FIELD];

/** NocoBase's built-in roles that may do anything. */
const ADMIN_ROLES = new Set(['root', 'admin']);
export const isAdmin = (user: Pick<HostUser, 'roleNames'>): boolean => user.roleNames.some((r) => ADMIN_ROLES.has(r));

const boundCache = new WeakMap<FlowDef, readonly string[]>();

/** The data fields a form lets a person edit (a read-only one shows what the record holds). */
function editableFields(form: unknown, into: Set<string>): void {
  const properties = typeof form === 'object' && form !== null ? (form as { properties?: unknown }).properties : undefined;
  if (typeof properties !== 'object' || properties === null) return;
  for (const [name, child] of Object.entries(properties as Record<string, Record<string, unknown>>)) {
    if (child.type === 'void') editableFields(child, into);
    else if (child['x-pattern'] !== 'readPretty' && child['x-pattern'] !== 'readOnly' && child['x-read-only'] !== true) into.add(name);
  }
}

/** The record fields `logic` reads as `<root>.field` into `into`. */
function recordReads(logic: unknown, root: 'instance' | 'payload', into: Set<string>): void {
  if (Array.isArray(logic)) logic.forEach((l) => recordReads(l, root, into));
  else if (typeof logic === 'object' && logic !== null) {
    for (const [op, args] of Object.entries(logic)) {
      const path = op === 'var' ? [args].flat()[0] : undefined;
      if (typeof path === 'string' && path.startsWith(`${root}.`)) into.add(path.slice(root.length + 1).split('.')[0] ?? '');
      recordReads(args, root, into);
    }
  }
}

/**
 * The fields that identify or bind a flow's record once it exists: what its transitions assign
 * and what its guards and assignments read from the instance (a letter's head, a filing's
 * Base), and of a letter every field its hash and signature cover. In NocoBase a request's
 * payload is the record itself, so a field a person's transition asks for (`requires`,
 * `payload.x`) stays writable: an appeal's requested Base is typed into the record. A letter's
 * fields stay bound even so: its hash is compared, never typed.
 */
function boundFields(def: FlowDef, forms?: Readonly<Record<string, unknown>>, letters?: LetterFlow): readonly string[] {
  const known = forms ? undefined : boundCache.get(def);
  if (known) return known;
  const binding = new Set<string>();
  const inputs = new Set<string>();
  for (const t of def.transitions) {
    for (const path of Object.keys(t.assign ?? {})) binding.add(path.split('.')[0] ?? '');
    const logics = [...(t.guard && 'logic' in t.guard ? [t.guard.logic] : []), ...Object.values(t.assign ?? {})];
    for (const logic of logics) recordReads(logic, 'instance', binding);
    // a system transition's payload comes from the plugin, not from a person's write
    if (t.roles.every((r) => r === 'system')) continue;
    for (const field of t.requires ?? []) inputs.add(field);
    // a decider's manual task writes its form's fields into the record (a review's decision)
    if (t.form && forms) editableFields(forms[t.form], inputs);
    for (const logic of logics) recordReads(logic, 'payload', inputs);
  }
  const fields = new Set([...binding].filter((f) => f && !inputs.has(f) && !SYSTEM_FIELDS.includes(f)));
  if (letters) for (const f of [...letterFieldsOf(letters), 'hash']) if (!SYSTEM_FIELDS.includes(f)) fields.add(f);
  const list = [...fields];
  if (!forms) boundCache.set(def, list);
  return list;
}

const HOST_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'createdById', 'updatedById', 'createdBy', 'updatedBy']);

/** A NocoBase user as the flow sees him: his id, NocoBase role names and unit. */
export interface HostUser {
  id: string | number;
  roleNames: string[];
  unitId?: string | null;
}

export interface FlowGuard {
  readonly tree: OrgTree;
  /** The flow of a collection made from a template, if it has one. */
  flowOf(collection: string): FlowRuntime | undefined;
  /** The collections whose records follow a flow. */
  flowCollections(): Iterable<string>;
  /** The letter flow of a collection whose records are letters (letterFlowOf). */
  letterOf(collection: string): LetterFlow | undefined;
  /** Who may create a letter of the collection, and naming whom: checkSave's `letter`. */
  issuingOf(collection: string): LetterIssuing | undefined;
  /** The fields of a flow collection's records that users other than administrators may not change once it exists. */
  boundOf(collection: string): readonly string[];
  /** The bundle roles a user holds through his NocoBase roles. */
  actorOf(user: HostUser): Actor;
  /** The NocoBase role names of a bundle role. */
  roleNamesOf(roleId: string): string[];
  /** The rules of the templates whose roles include one of `roles` (bundle role ids). */
  rulesFor(roles: readonly string[]): Set<string>;
}

/** The org tree of the bundle: the first CSV dataset with `id` and `parent_id` columns. */
function orgTreeOf(bundle: LoadedBundle): OrgTree {
  for (const { def, content } of bundle.datasets.values()) {
    if (typeof content !== 'string') continue;
    const csv = parseCsv(content, def.file);
    if (!csv.ok || !csv.columns.includes('id') || !csv.columns.includes('parent_id')) continue;
    const built = buildOrgTree(csv.records.map(({ line, record }) => ({
      id: record.id ?? '', parentId: record.parent_id || null, name: record.name ?? record.id ?? '',
      ...(record.level ? { level: record.level as OrgLevel } : {}), ...(record.head ? { head: record.head } : {}), row: line,
    })), def.file);
    if (built.ok) return built.tree;
  }
  // a bundle without an org: one root, so that scope checks refuse rather than crash
  const lone = buildOrgTree([{ id: bundle.manifest.id, parentId: null, name: bundle.manifest.name.zh }]);
  if (!lone.ok) throw new Error('a one-unit org tree does not build');
  return lone.tree;
}

export function createFlowGuard(bundle: LoadedBundle): FlowGuard {
  const tree = orgTreeOf(bundle);
  const flows = new Map<string, FlowRuntime>();
  const bound = new Map<string, readonly string[]>();
  const letters = new Map<string, LetterFlow>();
  for (const { def: template } of bundle.templates) {
    const def = template.flow ? bundle.flows.find((f) => f.def.id === template.flow)?.def : undefined;
    if (!def) continue;
    const letterFlow = letterFlowOf(template, def);
    if (letterFlow) letters.set(collectionNameOf(template.id), letterFlow);
    flows.set(collectionNameOf(template.id), createFlowRuntime(def, tree, bundle));
    bound.set(collectionNameOf(template.id), boundFields(def, template.forms, letterFlow ?? undefined));
  }
  const byRoleName = new Map(bundle.manifest.roles.map((r) => [roleNameOf(r.id), r.id]));
  const actorOf = (user: HostUser): Actor => ({
    id: String(user.id),
    roles: user.roleNames.flatMap((name) => byRoleName.get(name) ?? []),
    unitId: user.unitId ?? '',
  });
  return {
    tree,
    flowOf: (collection) => flows.get(collection),
    flowCollections: () => flows.keys(),
    letterOf: (collection) => letters.get(collection),
    issuingOf(collection) {
      const letterFlow = letters.get(collection);
      return letterFlow ? { letters: letterFlow, tree, actorOf } : undefined;
    },
    boundOf: (collection) => bound.get(collection) ?? [],
    actorOf,
    roleNamesOf: (roleId) => (byRoleName.size && [...byRoleName.values()].includes(roleId) ? [roleNameOf(roleId)] : []),
    rulesFor(roles) {
      const rules = new Set<string>();
      for (const { def: template } of bundle.templates) {
        if (!template.roles.some((r) => roles.includes(r))) continue;
        for (const rule of template.rules) rules.add(rule);
        for (const binding of template.bindings ?? []) rules.add(binding.rule);
        const flow = template.flow ? bundle.flows.find((f) => f.def.id === template.flow)?.def : undefined;
        for (const t of flow?.transitions ?? []) if (t.guard && 'rule' in t.guard) rules.add(t.guard.rule);
      }
      return rules;
    },
  };
}

/** The record's own fields: what the flow reads as its data and as the request's payload. */
function dataOf(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !SYSTEM_FIELDS.includes(k) && !HOST_FIELDS.has(k)));
}

/** The flow instance a record stands for: its state, owner, unit and trail are the plugin's fields. */
export function instanceOf(runtime: FlowRuntime, record: Record<string, unknown>): FlowInstance {
  const audit = Array.isArray(record[AUDIT_FIELD]) ? record[AUDIT_FIELD] as FlowInstance['audit'] : [];
  const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  return {
    id: str(record.id), flowId: runtime.def.id,
    state: typeof record[STATUS_FIELD] === 'string' ? record[STATUS_FIELD] : runtime.def.initial,
    version: audit.length, ownerId: str(record[OWNER_FIELD]), unitId: str(record[UNIT_FIELD]),
    data: dataOf(record), createdAt: str(record.createdAt), due: null, audit,
  };
}

type RecordStep =
  | { ok: true; to: string; values: Record<string, unknown>; instance: FlowInstance }
  | { ok: false; code: string; message: Localized; values: Record<string, unknown> };

/**
 * The action the record asks for (its `tk_action`), taken by `actor` through the flow's step:
 * the values to write back (the new state, the assigned fields the collection has, the trail),
 * or the refusal with the flow's message. `fields` are the collection's field names. When the
 * record is a letter (`letters`, the guard's letterOf), its signing transition is signed with
 * `key`, the plugin's secret (see signLetterRecord).
 */
export function stepRecord(runtime: FlowRuntime, record: Record<string, unknown>, actor: Actor | null, fields: ReadonlySet<string>, now: string, key?: string, letters?: LetterFlow): RecordStep {
  const action = typeof record[ACTION_FIELD] === 'string' ? record[ACTION_FIELD] : '';
  const refused = (code: string, message: Localized): RecordStep => ({ ok: false, code, message, values: { [ACTION_FIELD]: null, [MESSAGE_FIELD]: message.zh } });
  if (!actor) return refused('FLOW_ACTOR_UNKNOWN', { zh: '无法确定是谁请求了这个操作', en: 'who asked for this action is not known' });
  const instance = instanceOf(runtime, record);
  const result = runtime.step(instance, action, actor, dataOf(record), now, instance.version);
  if (!result.ok) return refused(result.refusal.code, result.refusal.message);
  const next = result.instance;
  const values: Record<string, unknown> = { [STATUS_FIELD]: next.state, [ACTION_FIELD]: null, [MESSAGE_FIELD]: null, [AUDIT_FIELD]: next.audit };
  for (const change of next.audit.at(-1)?.changes ?? []) {
    const field = change.path.split('.')[0] ?? '';
    if (fields.has(field) && !SYSTEM_FIELDS.includes(field)) values[field] = next.data[field] ?? null;
  }
  if (letters?.signing.includes(action)) {
    const signed = signLetterRecord(record, letterFieldsOf(letters), actor, now, key);
    if (!signed.ok) return refused('LETTER_SIGNER', signed.message);
    for (const [field, value] of Object.entries(signed.values)) if (fields.has(field)) values[field] = value;
  }
  return { ok: true, to: next.state, values, instance: next };
}

/**
 * A letter record signed by `actor` through the runtime's signLetter: the record's `hash` is
 * stamped with its content's, and the signature (who, when, which hash, the MAC under the
 * plugin's secret) replaces whatever the request's payload offered, so only the server's MAC
 * is ever stored. Without a key the signature is unkeyed, as the runtime makes it.
 */
function signLetterRecord(record: Record<string, unknown>, letterFields: readonly string[], actor: Actor, now: string, key: string | undefined):
  { ok: true; values: Record<string, unknown> } | { ok: false; message: Localized } {
  const letter = hashedLetterOfRecord(record, letterFields);
  const signed = signLetter(letter, { id: actor.id }, now, key);
  if (!signed.ok) return signed;
  const { signature } = signed;
  return {
    ok: true,
    values: { hash: letter.hash, signedHash: signature.hash, signerId: signature.signerId, signedBy: signature.name, signedAt: signature.at, signedMac: signature.mac ?? null },
  };
}

/** The users who may take one of the (non-system) actions now open on the instance. */
export function decidersOf(runtime: FlowRuntime, instance: FlowInstance, candidates: readonly Actor[]): string[] {
  return candidates
    .filter((actor) => runtime.available(instance, actor).some((t) => !t.roles.includes('system')))
    .map((actor) => actor.id);
}
