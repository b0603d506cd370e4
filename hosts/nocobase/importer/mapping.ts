/**
 * The NocoBase mapping: what a bundle becomes inside NocoBase 2.x (classic Formily pages).
 * This is the one module that knows NocoBase's shapes (collection fields and interfaces, the
 * page/route/block schema tree, workflow triggers and nodes); the importer only diffs and sends
 * what this returns. Pure: the same bundle always maps to the same desired state, so a second
 * import finds nothing to change.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, letterFlowOf, parseCsv, TRACKING_RULES, readNotificationSettings, resolveParamTexts, resolveTemplateTexts, sha256Hex, toSingleFile, type FlowDef, type FlowTransition, type LoadedBundle, type Localized, type TemplateDef } from '../../../plugin/index.js';

export {
  PLUGIN_PACKAGE, RULE_NODE_TYPE, STATUS_FIELD, ACTION_FIELD, MESSAGE_FIELD, RECORD_KEY_FIELD,
} from '../contract.js';
/** Our marker in routes' options and workflows' descriptions: how a re-import finds its own. */
export { WORKFLOW_KEY_PREFIX as KEY_PREFIX } from '../contract.js';
import {
  ACTION_FIELD, ACTOR_FIELD, AUDIT_FIELD, BOARD_COMPONENT, MESSAGE_FIELD, OWNER_FIELD, RECORD_KEY_FIELD, RESULT_COMPONENT, RULE_NODE_TYPE, SIMULATOR_COMPONENT, STATUS_FIELD, STEP_NODE_KEY, UNIT_FIELD,
  USER_UNIT_FIELD, WORKFLOW_KEY_PREFIX as KEY_PREFIX, collectionNameOf, roleNameOf, LETTER_COMPONENT,
  ORG_COLLECTION, PATH_FIELD, USER_PATH_FIELD, NO_PATH, dataCollectionOf, LINE_FIELD, ALERTS_COLLECTION, ALERTS_NODE_TYPE,
  DECIDED_BASE_FIELD, TARGET_KEY_FIELD, TARGET_RELATION, noteFieldOf,
} from '../contract.js';
import { BOARD_PAGE_UID, POINTS_COMPONENT, SCORES_COMPONENT } from '../contract.js';
import { BONUS_COMPONENT } from '../contract.js';
import { INDICATORS_COMPONENT, PHASING_COMPONENT, PIPELINE_COMPONENT } from '../contract.js';
import { hostCron, type ScheduleTime } from './schedule-cron.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface FieldSpec {
  name: string;
  type: string;
  interface: string;
  uiSchema: JsonObject;
  defaultValue?: Json;
  /** Column options NocoBase passes on to the database (exact decimals, a unique key, an index). */
  unique?: boolean;
  index?: boolean;
  precision?: number;
  scale?: number;
  /** Relations (the org tree's parent and children, a unit's head). */
  target?: string;
  foreignKey?: string;
  onDelete?: string;
  isForeignKey?: boolean;
  treeParent?: boolean;
  treeChildren?: boolean;
  /** Of a relation by a key other than the id (a target by its tk_key), and of a many-to-many (attachments) its join table. */
  targetKey?: string;
  sourceKey?: string;
  through?: string;
  otherKey?: string;
}

export interface CollectionSpec {
  name: string;
  title: string;
  templateId: string;
  fields: FieldSpec[];
}

/** One row of a dataset: its values by field, and its line in the bundle's file (for refusals). */
interface DataRow {
  line: number;
  values: JsonObject;
}

/** A CSV dataset of the bundle as a collection of its own, with the rows the importer loads into it. */
export interface DataCollectionSpec {
  name: string;
  title: string;
  datasetId: string;
  file: string;
  /** NocoBase's tree collection (adjacency list): the org tree. */
  tree: boolean;
  fields: FieldSpec[];
  rows: DataRow[];
  /** Of a tree: the field holding a row's parent unit (its parent's key). */
  parentKeyField?: string;
  /** Of the org tree: the field holding its `head` column (a user's id or username), which fills the unit's head. */
  headKeyField?: string;
  /** The columns whose values make a row's key (tk_key), in the file's order. */
  keyColumns: string[];
  /** Each column of the file, in its order, with the field it is stored in (the plugin reads rows back by them). */
  columns: Array<{ column: string; field: string }>;
  /** Of the rows as loaded: a re-import with the same hash has nothing to load. */
  hash: string;
}

/** What one role may read of one data collection: everything, its subtree of the org tree, or its own unit's rows. */
interface ScopeGrant {
  role: string;
  collection: string;
  kind: 'all' | 'subtree' | 'own';
  /** The NocoBase data-scope filter; null for all. */
  scope: JsonObject | null;
  /**
   * Of a flow's collection: the role's actions there (rolesOf), view and update bound to the
   * scope, create not (a new record is placed by the plugin). Absent: view alone, every field.
   */
  actions?: Array<{ name: CollectionAction; fields?: string[] }>;
}

export interface PageSpec {
  key: string;
  title: string;
  schemaUid: string;
  menuSchemaUid: string;
  tabSchemaUid: string;
  tabSchemaName: string;
  schema: JsonObject;
  hash: string;
  /** Roles given the page's menu entry (and its group's); NocoBase's member sees new menus anyway. */
  roles?: string[];
  /**
   * Of a block page: the template page folded into it (same subject, see foldTemplatePages).
   * An older import's page of that template is moved here by the importer (the rows a user
   * added to it come along) and its menu entry removed.
   */
  folds?: { key: string; title: string; schemaUid: string; tabSchemaUid: string };
}

interface NodeSpec {
  /** Local name, to wire `upstream` before NocoBase gives ids. */
  ref: string;
  /** NocoBase's node key, where a later node reads this one's result by it. */
  key?: string;
  type: string;
  title: string;
  config: JsonObject;
  upstream?: string;
  branchIndex?: number | null;
}

export interface WorkflowSpec {
  key: string;
  /** NocoBase's trigger type; a flow's transitions are 'collection' workflows. */
  type?: string;
  title: string;
  collection: string;
  config: JsonObject;
  nodes: NodeSpec[];
  hash: string;
  /** Of a schedule workflow: the bundle's time and days (Shanghai), which `config.repeat` is written from in the host's zone. */
  schedule?: ScheduleTime;
}

interface RecordSpec {
  collection: string;
  key: string;
  values: JsonObject;
}

/** What a role may do with one collection (NocoBase's per-collection permissions). */
type CollectionAction = 'view' | 'create' | 'update';

/** A bundle role as a NocoBase role: its users may work with the bundle's collections, and only with those. */
export interface RoleSpec {
  name: string;
  title: string;
  /** The collections its pages and flows use, each with what the role may do there and the fields it may write. */
  resources: Array<{ collection: string; actions: CollectionAction[]; fields: string[] }>;
}

export interface NocoBaseTarget {
  bundleId: string;
  bundleHash: string;
  /** The single-file bundle handed to the rules plugin (`targetKit:load`). */
  bundle: JsonObject;
  group: { key: string; title: string; schemaUid: string };
  /**
   * NocoBase's UI languages, the default first (NocoBase gives a user without a language of his
   * own the first enabled one): the bundle's texts are Chinese and English, its users Chinese.
   */
  uiLanguages: string[];
  collections: CollectionSpec[];
  pages: PageSpec[];
  workflows: WorkflowSpec[];
  records: RecordSpec[];
  roles: RoleSpec[];
  /** The field on NocoBase's users that places a user at a unit of the org tree. */
  userUnitField: FieldSpec;
  /** The user's path in the org tree, which the plugin keeps from his unit: what subtree scopes compare. */
  userPathField: FieldSpec;
  /** The bundle's CSV datasets as collections, with their rows. */
  datasets: DataCollectionSpec[];
  /** The data scopes of the bundle's roles (and NocoBase's member) on those collections. */
  grants: ScopeGrant[];
  grantsHash: string;
  /** Why a dataset cannot be loaded (file, line, column): the import is refused whole. */
  dataProblems: Localized[];
  /** The collection the scheduled alerts node writes (tk_alerts); its workflow is among `workflows`. */
  alerts: Pick<CollectionSpec, 'name' | 'title' | 'fields'> | null;
}

/** A NocoBase name: letters, digits and underscores, starting with a letter. */
function nbName(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9]+/g, '_')).join('_').replace(/^_+|_+$/g, '').toLowerCase();
}

export function collectionName(templateId: string): string {
  return collectionNameOf(templateId);
}

function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value)).slice(0, 16);
}

function zh(text: { zh: string; en?: string } | string | undefined, fallback: string): string {
  if (!text) return fallback;
  return typeof text === 'string' ? text : text.zh;
}

interface FormLeaf {
  name: string;
  node: Record<string, unknown>;
}

/** The form's data fields, grouped as the form's containers lay them out (one row per grid). */
function formRows(form: Record<string, unknown>): FormLeaf[][] {
  const rows: FormLeaf[][] = [];
  const walk = (node: Record<string, unknown>, row: FormLeaf[] | null): void => {
    const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, child] of Object.entries(properties)) {
      if (child.type === 'void') {
        const grid = child['x-component'] === 'FormGrid';
        const own: FormLeaf[] = [];
        walk(child, grid ? own : row);
        if (grid && own.length) rows.push(own);
        continue;
      }
      if (row) row.push({ name, node: child });
      else rows.push([{ name, node: child }]);
    }
  };
  walk(form, null);
  return rows;
}

function optionsOf(node: Record<string, unknown>): Json[] | undefined {
  const source = (node.enum ?? node.dataSource) as unknown;
  if (!Array.isArray(source)) return undefined;
  const palette = ['blue', 'green', 'orange', 'red', 'purple', 'cyan', 'gold', 'magenta'];
  return source.map((option, i) => {
    const value = typeof option === 'object' && option !== null ? (option as { value?: unknown }).value : option;
    const label = typeof option === 'object' && option !== null ? (option as { label?: unknown }).label ?? value : option;
    return { value: String(value), label: String(label), color: palette[i % palette.length] as string };
  });
}

/** The NocoBase field for one Formily field: its storage type, its interface and its editor. */
export function fieldOf(name: string, node: Record<string, unknown>): FieldSpec {
  const title = String(node.title ?? name);
  const component = String(node['x-component'] ?? '');
  const type = String(node.type ?? 'string');
  const options = optionsOf(node);
  if (type === 'array' || type === 'object') {
    return { name, type: 'json', interface: 'json', uiSchema: { title, type: 'object', 'x-component': 'Input.JSON', 'x-component-props': { autoSize: { minRows: 3 } } } };
  }
  if (options && type === 'string') {
    return { name, type: 'string', interface: component.startsWith('Radio') ? 'radioGroup' : 'select', uiSchema: { title, type: 'string', 'x-component': component.startsWith('Radio') ? 'Radio.Group' : 'Select', enum: options } };
  }
  // a share kept as a fraction (0.3) and shown as 30%: NocoBase's percent field stores the same fraction
  if (type === 'number' && component === 'Percent') {
    return { name, type: 'float', interface: 'percent', uiSchema: { title, type: 'string', 'x-component': 'Percent', 'x-component-props': { stringMode: true, step: '1', addonAfter: '%' } } };
  }
  if (type === 'number' || type === 'integer') {
    const integer = type === 'integer';
    return { name, type: integer ? 'bigInt' : 'double', interface: integer ? 'integer' : 'number', uiSchema: { title, type: 'number', 'x-component': 'InputNumber', 'x-component-props': { stringMode: true, step: '1' } } };
  }
  if (type === 'boolean') {
    return { name, type: 'boolean', interface: 'checkbox', uiSchema: { title, type: 'boolean', 'x-component': 'Checkbox' } };
  }
  if (component === 'DatePicker') {
    return { name, type: 'dateOnly', interface: 'dateOnly', uiSchema: { title, type: 'string', 'x-component': 'DatePicker', 'x-component-props': { dateOnly: true } } };
  }
  if (component === 'Input.TextArea') {
    return { name, type: 'text', interface: 'textarea', uiSchema: { title, type: 'string', 'x-component': 'Input.TextArea' } };
  }
  return { name, type: 'string', interface: 'input', uiSchema: { title, type: 'string', 'x-component': 'Input' } };
}

/** A field for a sample-data key that no form declares, typed by its value. */
function fieldOfValue(name: string, value: unknown): FieldSpec {
  if (typeof value === 'number') return fieldOf(name, { type: Number.isInteger(value) ? 'integer' : 'number', title: name });
  if (typeof value === 'boolean') return fieldOf(name, { type: 'boolean', title: name });
  if (typeof value === 'string') return fieldOf(name, { type: 'string', title: name });
  return fieldOf(name, { type: 'object', title: name });
}

function flowOf(bundle: LoadedBundle, template: TemplateDef): FlowDef | undefined {
  const flow = template.flow ? bundle.flows.find((f) => f.def.id === template.flow)?.def : undefined;
  // workflow titles and state names quote parameters as the playground shows them
  return flow && resolveParamTexts(flow, bundle.parameters);
}

function flowFields(flow: FlowDef): FieldSpec[] {
  const palette = ['default', 'blue', 'orange', 'green', 'red', 'purple', 'cyan', 'gold'];
  return [
    {
      name: STATUS_FIELD, type: 'string', interface: 'select', defaultValue: flow.initial,
      uiSchema: { title: '状态', type: 'string', 'x-component': 'Select', enum: flow.states.map((s, i) => ({ value: s.id, label: s.title.zh, color: palette[i % palette.length] as string })) },
    },
    {
      name: ACTION_FIELD, type: 'string', interface: 'select',
      uiSchema: { title: '请求的操作', type: 'string', 'x-component': 'Select', enum: uniqueActions(flow).map((t, i) => ({ value: t.action, label: t.title.zh, color: palette[(i + 1) % palette.length] as string })) },
    },
    { name: MESSAGE_FIELD, type: 'text', interface: 'textarea', uiSchema: { title: '流程提示', type: 'string', 'x-component': 'Input.TextArea' } },
    // written by the plugin only (its beforeSave hook refuses a user's write): who filed, for
    // which unit, who asked for the pending action, and the trail that no-self-approval reads
    { name: OWNER_FIELD, type: 'string', interface: 'input', uiSchema: { title: '申请人（用户 id）', type: 'string', 'x-component': 'Input' } },
    { name: UNIT_FIELD, type: 'string', interface: 'input', uiSchema: { title: '组织单位', type: 'string', 'x-component': 'Input' } },
    // the unit's path, kept by the plugin from tk_unit at every save: what the subtree scopes compare
    { name: PATH_FIELD, type: 'string', interface: 'input', index: true, uiSchema: { title: '组织路径', type: 'string', 'x-component': 'Input', 'x-read-pretty': true } },
    { name: ACTOR_FIELD, type: 'string', interface: 'input', uiSchema: { title: '操作请求人（用户 id）', type: 'string', 'x-component': 'Input' } },
    { name: AUDIT_FIELD, type: 'json', interface: 'json', uiSchema: { title: '流程记录', type: 'object', 'x-component': 'Input.JSON', 'x-component-props': { autoSize: { minRows: 3 } } } },
  ];
}

function uniqueActions(flow: FlowDef): FlowTransition[] {
  const seen = new Set<string>();
  return flow.transitions.filter((t) => !seen.has(t.action) && seen.add(t.action));
}

/** The fields a flow asks evidence (依据) in: files and words, not JSON. */
function evidenceFieldsOf(flow: FlowDef | undefined): Set<string> {
  return new Set(flow?.transitions.flatMap((t) => t.evidence ?? []) ?? []);
}

/** A flow that decides a Base (assigns finalBase) is about a stored target. */
const decidesBase = (flow: FlowDef | undefined): boolean =>
  flow?.transitions.some((t) => Object.hasOwn(t.assign ?? {}, DECIDED_BASE_FIELD)) ?? false;

/**
 * Evidence as NocoBase attachments (a many-to-many to its file collection, files uploaded in the
 * form) with a text field beside it for the words: the flow reads both as the evidence.
 */
function evidenceFields(collection: string, name: string, title: string): FieldSpec[] {
  return [
    {
      name, type: 'belongsToMany', interface: 'attachment', target: 'attachments',
      through: nbName('t', collection, name), foreignKey: 'f_record_id', otherKey: 'f_attachment_id', sourceKey: 'id', targetKey: 'id',
      uiSchema: { title, type: 'array', 'x-component': 'Upload.Attachment', 'x-use-component-props': 'useAttachmentFieldProps', 'x-component-props': { multiple: true } },
    },
    { name: noteFieldOf(name), type: 'text', interface: 'textarea', uiSchema: { title: `${title}：文字说明`, type: 'string', 'x-component': 'Input.TextArea' } },
  ];
}

/** The stored target a record is about: its key, and the relation a form picks it with (label: the unit's name). */
function targetFields(targets: string): FieldSpec[] {
  return [
    { name: TARGET_KEY_FIELD, type: 'string', interface: 'input', isForeignKey: true, uiSchema: { title: '目标键', type: 'string', 'x-component': 'Input', 'x-read-pretty': true } },
    {
      name: TARGET_RELATION, type: 'belongsTo', interface: 'm2o', target: targets, foreignKey: TARGET_KEY_FIELD, targetKey: RECORD_KEY_FIELD, onDelete: 'SET NULL',
      uiSchema: { title: '申诉的目标', 'x-component': 'AssociationField', 'x-component-props': { multiple: false, fieldNames: { label: 'name', value: RECORD_KEY_FIELD } } },
    },
  ];
}

function collectionOf(bundle: LoadedBundle, template: TemplateDef, targets?: string): CollectionSpec {
  const fields = new Map<string, FieldSpec>();
  for (const form of Object.values(template.forms)) {
    for (const row of formRows(form as unknown as Record<string, unknown>)) {
      for (const leaf of row) if (!fields.has(leaf.name)) fields.set(leaf.name, fieldOf(leaf.name, leaf.node));
    }
  }
  for (const sample of Object.values(template.sampleData ?? {})) {
    for (const [name, value] of Object.entries(sample)) if (!fields.has(name)) fields.set(name, fieldOfValue(name, value));
  }
  const flow = flowOf(bundle, template);
  // what the flow's guards read from the record (a letter's head name, its hash) must be there
  for (const name of flow ? flowReads(flow) : []) if (!fields.has(name)) fields.set(name, fieldOf(name, { type: 'string', title: name }));
  // and what its transitions assign (a submitted Base that a confirm copies): kept as JSON, any value exactly
  for (const t of flow?.transitions ?? []) {
    for (const path of Object.keys(t.assign ?? {})) {
      const name = path.split('.')[0] ?? '';
      if (name && !fields.has(name)) fields.set(name, fieldOf(name, { type: 'object', title: name }));
    }
  }
  const name = collectionName(template.id);
  const evidence = evidenceFieldsOf(flow);
  const own = [...fields.values()].flatMap((f) => (evidence.has(f.name) ? evidenceFields(name, f.name, String(f.uiSchema.title ?? f.name)) : [f]));
  const all = [...(targets && decidesBase(flow) ? targetFields(targets) : []), ...own, ...(flow ? flowFields(flow) : [])];
  all.push({ name: RECORD_KEY_FIELD, type: 'string', interface: 'input', uiSchema: { title: '导入键', type: 'string', 'x-component': 'Input' } });
  return { name, title: template.title.zh, templateId: template.id, fields: all };
}

/**
 * The action a new record asks for: the transition out of the initial state that names this
 * form, if one does. None otherwise: a record made with the form starts in the initial state,
 * and nobody else's decision (assign, accept) is asked for by the one who creates it.
 */
function entryAction(flow: FlowDef | undefined, formId: string): string | undefined {
  if (!flow) return undefined;
  return flow.transitions.find((t) => t.form === formId && [t.from].flat().includes(flow.initial) && !t.roles.includes('system'))?.action;
}

/**
 * The forms that make a new record: every form of a template without a flow; of a flow's
 * template only its first form, since the others are the decisions taken on an existing record
 * (they are offered in the deciders' tasks, not as forms that create records).
 */
function creationForms(template: TemplateDef, flow: FlowDef | undefined): string[] {
  const ids = Object.keys(template.forms);
  return flow ? ids.slice(0, 1) : ids;
}

/** Record paths a flow reads (`instance.x`, `payload.x` in guards and assignments, required fields): the collection needs them. */
function flowReads(flow: FlowDef): string[] {
  const names = new Set<string>();
  const walk = (logic: unknown): void => {
    if (Array.isArray(logic)) logic.forEach(walk);
    else if (typeof logic === 'object' && logic !== null) {
      for (const [op, args] of Object.entries(logic)) {
        const path = op === 'var' ? [args].flat()[0] : undefined;
        const m = typeof path === 'string' ? /^(?:instance|payload)\.([A-Za-z0-9_]+)/.exec(path) : null;
        if (m?.[1]) names.add(m[1]);
        walk(args);
      }
    }
  };
  for (const t of flow.transitions) {
    if (t.guard && 'logic' in t.guard) walk(t.guard.logic);
    // an assignment copies from the record too (a letter's signer is its head's name)
    for (const logic of Object.values(t.assign ?? {})) walk(logic);
    for (const field of t.requires ?? []) names.add(field);
  }
  return [...names];
}

function fieldNode(collection: string, leaf: FormLeaf): JsonObject {
  const node: JsonObject = {
    type: 'string',
    'x-toolbar': 'FormItemSchemaToolbar',
    'x-settings': 'fieldSettings:FormItem',
    'x-component': 'CollectionField',
    'x-decorator': 'FormItem',
    'x-collection-field': `${collection}.${leaf.name}`,
    'x-component-props': {},
  };
  if (leaf.node.required === true) node.required = true;
  if (typeof leaf.node.description === 'string') node.description = leaf.node.description;
  return node;
}

/**
 * Our rows of a page's grid are named `row_…`; NocoBase names the rows a user adds with a random
 * uid. The importer tells them apart by it: a page written again keeps the user's rows.
 */
export const isOwnRow = (name: string): boolean => name.startsWith('row_');

function gridRow(cols: Record<string, JsonObject>): JsonObject {
  const properties: JsonObject = {};
  for (const [name, child] of Object.entries(cols)) {
    properties[`col_${name}`] = { type: 'void', 'x-component': 'Grid.Col', properties: { [name]: child } };
  }
  return { type: 'void', 'x-component': 'Grid.Row', properties };
}

/**
 * A validate binding's verdict in words: the pass and the failure as the template words them
 * (在允许的调整幅度内 / 超出允许的调整幅度), never a bare yes under a failure's text.
 */
function verdictWords(binding: NonNullable<TemplateDef['bindings']>[number]): JsonObject {
  return { true: binding.passMessage?.zh ?? '通过', false: binding.message?.zh ?? '不通过' };
}

function formBlock(bundle: LoadedBundle, template: TemplateDef, formId: string, spec: CollectionSpec, flow: FlowDef | undefined): JsonObject {
  const collection = spec.name;
  const known = new Set(spec.fields.map((f) => f.name));
  const rows: JsonObject = {};
  const bindings = (template.bindings ?? []).filter((b) => (b.form ?? Object.keys(template.forms)[0]) === formId);
  let i = 0;
  // the record's own form starts with the target it is about, picked from the targets the user may see
  if (formId === Object.keys(template.forms)[0] && known.has(TARGET_RELATION)) {
    rows[`row_${i++}`] = gridRow({ [TARGET_RELATION]: fieldNode(collection, { name: TARGET_RELATION, node: { required: true } }) });
  }
  for (const row of formRows(template.forms[formId] as unknown as Record<string, unknown>)) {
    rows[`row_${i++}`] = gridRow(Object.fromEntries(row.map((leaf) => [leaf.name, fieldNode(collection, leaf)])));
    for (const leaf of row) {
      const note = noteFieldOf(leaf.name);
      if (known.has(note)) rows[`row_${i++}`] = gridRow({ [note]: fieldNode(collection, { name: note, node: {} }) });
    }
    // the rule's live result sits under the row of the field it computes or checks
    for (const leaf of row) {
      for (const binding of bindings.filter((b) => b.target === leaf.name && b.effect !== 'visible')) {
        const validates = binding.effect === 'validate';
        const props: JsonObject = { rule: binding.rule, inputs: { ...binding.inputs }, label: validates ? String(leaf.node.title ?? binding.rule) : binding.message?.zh ?? String(leaf.node.title ?? binding.rule) };
        if ((binding.effect ?? 'value') === 'value') props.target = binding.target;
        // a verdict the field offers as options reads as the option's words (落后, not behind)
        const labels = optionsOf(leaf.node);
        if (labels) props.labels = Object.fromEntries(labels.map((o) => [String((o as JsonObject).value), String((o as JsonObject).label)]));
        if (validates) props.labels = verdictWords(binding);
        rows[`row_${i++}`] = gridRow({ [nbName('rule', binding.rule, leaf.name)]: { type: 'void', 'x-component': RESULT_COMPONENT, 'x-component-props': props } });
      }
    }
  }
  const action = entryAction(flow, formId);
  const submit: JsonObject = {
    type: 'void',
    title: action ? zh(flow?.transitions.find((t) => t.action === action)?.title, '提交') : '提交',
    'x-action': 'submit',
    'x-component': 'Action',
    'x-use-component-props': 'useCreateActionProps',
    'x-toolbar': 'ActionSchemaToolbar',
    'x-settings': 'actionSettings:createSubmit',
    'x-component-props': { type: 'primary', htmlType: 'submit' },
  };
  // the submit button asks for the flow's first transition; the workflow decides it
  if (action) submit['x-action-settings'] = { assignedValues: { [ACTION_FIELD]: action }, triggerWorkflows: [] };
  return {
    type: 'void',
    'x-acl-action-props': { skipScopeCheck: true },
    'x-acl-action': `${collection}:create`,
    'x-decorator': 'FormBlockProvider',
    'x-decorator-props': { dataSource: 'main', collection },
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': 'blockSettings:createForm',
    'x-component': 'CardItem',
    'x-component-props': { title: Object.keys(template.forms).length > 1 ? `${template.title.zh} · ${formId}` : template.title.zh },
    properties: {
      form: {
        type: 'void',
        'x-component': 'FormV2',
        'x-use-component-props': 'useFormBlockProps',
        properties: {
          grid: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'form:configureFields', properties: rows },
          actions: {
            type: 'void', 'x-initializer': 'createForm:configureActions', 'x-component': 'ActionBar',
            'x-component-props': { layout: 'one-column', style: { marginTop: 24 } },
            properties: { submit },
          },
        },
      },
    },
  };
}

/** The records of a flow, with their state and the guard's message: where a user sees the workflow move a record. */
function recordsTable(template: TemplateDef, collection: string): JsonObject {
  const firstForm = Object.values(template.forms)[0];
  const leading = firstForm ? formRows(firstForm as unknown as Record<string, unknown>).flat().slice(0, 4).map((leaf) => leaf.name) : [];
  const columns: JsonObject = {};
  for (const field of [STATUS_FIELD, ...leading, MESSAGE_FIELD]) {
    columns[`col_${field}`] = {
      type: 'void', 'x-decorator': 'TableV2.Column.Decorator', 'x-toolbar': 'TableColumnSchemaToolbar',
      'x-settings': 'fieldSettings:TableColumn', 'x-component': 'TableV2.Column',
      properties: { [field]: { type: 'string', 'x-collection-field': `${collection}.${field}`, 'x-component': 'CollectionField', 'x-read-pretty': true, 'x-component-props': { ellipsis: true } } },
    };
  }
  return {
    type: 'void',
    'x-decorator': 'TableBlockProvider',
    'x-acl-action': `${collection}:list`,
    'x-decorator-props': { collection, dataSource: 'main', action: 'list', params: { pageSize: 20, sort: ['-createdAt'] }, rowKey: 'id', showIndex: true, dragSort: false },
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': 'blockSettings:table',
    'x-component': 'CardItem',
    'x-component-props': { title: `${template.title.zh} · 记录与状态` },
    'x-filter-targets': [],
    properties: {
      actions: { type: 'void', 'x-initializer': 'table:configureActions', 'x-component': 'ActionBar', 'x-component-props': { style: { marginBottom: 'var(--nb-spacing)' } }, properties: {} },
      table: {
        type: 'array', 'x-initializer': 'table:configureColumns', 'x-component': 'TableV2', 'x-use-component-props': 'useTableBlockProps',
        'x-component-props': { rowKey: 'id', rowSelection: { type: 'checkbox' } },
        properties: columns,
      },
    },
  };
}

/**
 * The work blocks over stored data on the scorecard, points and bonus pages: the scores with
 * their rankings (the bonus page too: a rep's bonus stands on his score), the points balance,
 * ledger and the month's top, by the default bundle's template ids.
 */
function scoreBlocksOf(template: TemplateDef): JsonObject {
  const block = (component: string): JsonObject => ({ type: 'void', 'x-decorator': 'CardItem', 'x-component': component, 'x-component-props': {} });
  if (template.id === 'scorecard') return { row_scores: gridRow({ [nbName('block', 'scores')]: block(SCORES_COMPONENT) }) };
  if (template.id === 'points') return { row_points: gridRow({ [nbName('block', 'points')]: block(POINTS_COMPONENT) }) };
  // the bonus page: each rep's bonus over the stored targets and actuals, after his scores
  if (template.id === 'bonus-simulator') return { row_scores: gridRow({ [nbName('block', 'scores')]: block(SCORES_COMPONENT) }), row_bonus: gridRow({ [nbName('block', 'bonus')]: block(BONUS_COMPONENT) }) };
  return {};
}

/**
 * A letter flow's page opens with the letter block: the letters the user's scope shows him, to
 * read, sign and print; its issuers (letterFlowOf) also export the signed ones.
 */
function letterBlock(template: TemplateDef, flow: FlowDef | undefined, collection: string): JsonObject | undefined {
  const letters = letterFlowOf(template, flow);
  if (!letters) return undefined;
  return gridRow({ letters: { type: 'void', 'x-component': LETTER_COMPONENT, 'x-component-props': { collection, exporters: letters.issuers.map(roleNameOf) } } });
}

function pageOf(bundle: LoadedBundle, template: TemplateDef, spec: CollectionSpec): PageSpec {
  const collection = spec.name;
  const base = nbName('tk', template.id);
  const flow = flowOf(bundle, template);
  const blocks: JsonObject = {};
  const letter = letterBlock(template, flow, collection);
  if (letter) blocks.row_letter = letter;
  // the work blocks first (a rep opens his scores, not an empty entry form), the forms below them
  Object.assign(blocks, scoreBlocksOf(template));
  for (const formId of creationForms(template, flow)) {
    blocks[`row_${nbName(formId)}`] = gridRow({ [nbName('block', formId)]: formBlock(bundle, template, formId, spec, flow) });
  }
  if (flow) blocks.row_records = gridRow({ records: recordsTable(template, collection) });
  const ids = { schemaUid: `${base}_page`, menuSchemaUid: `${base}_menu`, tabSchemaUid: `${base}_tab`, tabSchemaName: `${base}_tabs` };
  const schema: JsonObject = {
    type: 'void',
    'x-component': 'Page',
    'x-uid': ids.schemaUid,
    properties: {
      [ids.tabSchemaName]: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'page:addBlock', 'x-uid': ids.tabSchemaUid, 'x-async': true, properties: blocks },
    },
  };
  return { key: `${KEY_PREFIX}page:${template.id}`, title: template.title.zh, ...ids, schema, hash: hashOf(schema) };
}

/**
 * The progress board's page (目标进度看板): the board block alone, opened to every role of the
 * bundle; what each one sees in it is cut by the server (targetKit:board).
 */
function boardPage(bundle: LoadedBundle): PageSpec {
  const base = nbName('tk', 'progress', 'board', 'view');
  // the alerts' messages link here (contract's BOARD_PAGE_UID)
  if (`${base}_page` !== BOARD_PAGE_UID) throw new Error(`the board page's uid ${base}_page is not the contract's ${BOARD_PAGE_UID}`);
  const ids = { schemaUid: `${base}_page`, menuSchemaUid: `${base}_menu`, tabSchemaUid: `${base}_tab`, tabSchemaName: `${base}_tabs` };
  const block: JsonObject = { type: 'void', 'x-component': BOARD_COMPONENT };
  const schema: JsonObject = {
    type: 'void', 'x-component': 'Page', 'x-uid': ids.schemaUid,
    properties: {
      [ids.tabSchemaName]: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'page:addBlock', 'x-uid': ids.tabSchemaUid, 'x-async': true, properties: { row_board: gridRow({ board: block }) } },
    },
  };
  const roles = bundle.manifest.roles.filter((r) => r.id !== 'system').map((r) => roleNameOf(r.id));
  return { key: `${KEY_PREFIX}page:progress-board-view`, title: '目标进度看板', ...ids, schema, roles, hash: hashOf({ schema, roles }) };
}

/**
 * The allocation simulator's page (目标拆解模拟器), of its own: the TargetKitSimulator block in a
 * card. Only for a bundle with allocation plans and an org tree to run them over.
 */
function simulatorPage(bundle: LoadedBundle, data: readonly DataCollectionSpec[]): PageSpec | undefined {
  if (!bundle.parameters.allocationPlans || !data.some((c) => c.tree)) return undefined;
  const ids = { schemaUid: 'tk_simulator_page', menuSchemaUid: 'tk_simulator_menu', tabSchemaUid: 'tk_simulator_tab', tabSchemaName: 'tk_simulator_tabs' };
  const block: JsonObject = {
    type: 'void', 'x-component': 'CardItem', 'x-toolbar': 'BlockSchemaToolbar', 'x-settings': 'blockSettings:card',
    'x-component-props': { title: '目标拆解模拟器' },
    properties: { simulator: { type: 'void', 'x-component': SIMULATOR_COMPONENT } },
  };
  const schema: JsonObject = {
    type: 'void', 'x-component': 'Page', 'x-uid': ids.schemaUid,
    properties: {
      [ids.tabSchemaName]: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'page:addBlock', 'x-uid': ids.tabSchemaUid, 'x-async': true, properties: { row_simulator: gridRow({ simulator: block }) } },
    },
  };
  // the roles that may allocate (the allocation template's company-level ones) find it in their menu
  const template = bundle.templates.find((t) => t.def.id === 'target-allocation')?.def;
  const roles = bundle.manifest.roles.filter((r) => r.level === 'company' && r.id !== 'system' && (!template || template.roles.includes(r.id))).map((r) => roleNameOf(r.id));
  return { key: `${KEY_PREFIX}block-page:simulator`, title: '目标拆解与发布', ...ids, schema, roles, hash: hashOf({ schema, roles }) };
}

/**
 * A work block's page of its own (the pipeline, the process indicators, the phased targets): the
 * block in a card, in the menus of the roles of the template the work belongs to (every role but
 * the system when the bundle has no such template); what each one sees is cut by the server.
 */
function workBlockPage(bundle: LoadedBundle, page: { id: string; title: string; component: string; template: string }): PageSpec {
  const base = nbName('tk', page.id);
  const ids = { schemaUid: `${base}_page`, menuSchemaUid: `${base}_menu`, tabSchemaUid: `${base}_tab`, tabSchemaName: `${base}_tabs` };
  const block: JsonObject = { type: 'void', 'x-decorator': 'CardItem', 'x-component': page.component, 'x-component-props': {} };
  const schema: JsonObject = {
    type: 'void', 'x-component': 'Page', 'x-uid': ids.schemaUid,
    properties: {
      [ids.tabSchemaName]: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'page:addBlock', 'x-uid': ids.tabSchemaUid, 'x-async': true, properties: { [`row_${nbName(page.id)}`]: gridRow({ [nbName('block', page.id)]: block }) } },
    },
  };
  const template = bundle.templates.find((t) => t.def.id === page.template)?.def;
  const roles = bundle.manifest.roles.filter((r) => r.id !== 'system' && (!template || template.roles.includes(r.id))).map((r) => roleNameOf(r.id));
  return { key: `${KEY_PREFIX}block-page:${page.id}`, title: page.title, ...ids, schema, roles, hash: hashOf({ schema, roles }) };
}

/** The pipeline, process-indicator and phasing pages, for a bundle with the datasets they read, each with the rules its block runs. */
function workBlockPages(bundle: LoadedBundle, data: readonly DataCollectionSpec[]): BlockPage[] {
  const pages: BlockPage[] = [];
  const has = (column: string) => data.some((c) => c.columns?.some((x) => x.column === column));
  if (bundle.parameters.pipeline && has('to_stage')) pages.push({ page: workBlockPage(bundle, { id: 'pipeline-view', title: '商机跟进看板', component: PIPELINE_COMPONENT, template: 'pipeline-board' }), rules: pipelineRules(bundle) });
  if (bundle.parameters.indicators && has('to_stage')) pages.push({ page: workBlockPage(bundle, { id: 'indicators-view', title: '过程指标与信号灯', component: INDICATORS_COMPONENT, template: 'process-dashboard' }), rules: playbookRules(bundle) });
  if (bundle.parameters.phasing && has('stretch')) pages.push({ page: workBlockPage(bundle, { id: 'phasing-view', title: '目标分解到月、周', component: PHASING_COMPONENT, template: 'progress-board' }), rules: [...TRACKING_RULES] });
  return pages;
}

// ---------------------------------------------------------------- one menu entry per subject

/** A block page with the bundle rules its block's use case runs: what tells which template covers the same subject. */
interface BlockPage {
  page: PageSpec;
  rules: string[];
}

const ruleIdsIn = (values: unknown[]): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
const objectsIn = (value: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : []).filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);

/** The allocation factors' rules (parameter allocationFactors: `{ factor: { rule } }`). */
const allocationRules = (bundle: LoadedBundle): string[] => ruleIdsIn(objectsIn(bundle.parameters.allocationFactors).map((f) => f.rule));
/** The stages' entry and exit rules and the time-out rule (parameter pipeline). */
const pipelineRules = (bundle: LoadedBundle): string[] => {
  const pipeline = (bundle.parameters.pipeline ?? {}) as { stages?: unknown; timeoutRule?: unknown };
  return ruleIdsIn([...objectsIn(pipeline.stages).flatMap((s) => [s.entry, s.exit].flat()), pipeline.timeoutRule]);
};
/** The playbook's strategy rules (parameter playbook.strategies). */
const playbookRules = (bundle: LoadedBundle): string[] => ruleIdsIn(objectsIn((bundle.parameters.playbook as { strategies?: unknown } | undefined)?.strategies).map((s) => s.rule));

/**
 * One menu entry per subject. A template page and a block page cover the same subject when the
 * template (one without a flow: a flow's page is where its records move) declares every rule
 * the block's use case runs — the board's tracking rules (目标看板), the pipeline's stage rules
 * (商机看板), the playbook's (过程指标看板), the allocation factors' (目标拆解模拟器). The
 * template's page then leaves the menu: its forms that run a rule of their own (a binding:
 * an actual typed in and its light computed) go below the block, on the block's page, which
 * the template's roles get too; a form without one (a filter: the block filters itself) is not
 * placed. A template folds into the first block page that covers it, a block page takes one template.
 */
function foldTemplatePages(bundle: LoadedBundle, pages: PageSpec[], blockPages: BlockPage[], collections: CollectionSpec[]): PageSpec[] {
  const taken = new Set<string>();
  const out = [...pages];
  for (const { page, rules } of blockPages) {
    const found = rules.length ? bundle.templates.find(({ def }) => !taken.has(def.id) && !def.flow && rules.every((r) => def.rules.includes(r))) : undefined;
    const templatePage = found && out.find((p) => p.key === `${KEY_PREFIX}page:${found.def.id}`);
    const spec = found && collections.find((c) => c.templateId === found.def.id);
    if (!found || !templatePage || !spec) { out.push(page); continue; }
    taken.add(found.def.id);
    out.splice(out.indexOf(templatePage), 1);
    const template = resolveTemplateTexts(found.def, bundle.parameters);
    const bound = new Set((template.bindings ?? []).map((b) => b.form ?? Object.keys(template.forms)[0]));
    const forms = Object.keys(template.forms).filter((formId) => bound.has(formId));
    const schema = structuredClone(page.schema);
    const grid = ((schema.properties as JsonObject)[page.tabSchemaName] as JsonObject).properties as JsonObject;
    for (const formId of forms) grid[`row_${nbName(template.id, formId)}`] = gridRow({ [nbName('block', template.id, formId)]: formBlock(bundle, template, formId, spec, undefined) });
    const roles = [...new Set([...(page.roles ?? []), ...(templatePage.roles ?? [])])];
    const folds = { key: templatePage.key, title: templatePage.title, schemaUid: templatePage.schemaUid, tabSchemaUid: templatePage.tabSchemaUid };
    out.push({ ...page, schema, roles, folds, hash: hashOf({ schema, roles }) });
  }
  return out;
}

/**
 * The decisions waiting in a state: its transitions taken by people other than the ones who
 * moved the record there (a supervisor after a rep's submit). None when the same people act on.
 */
function decisionsAfter(flow: FlowDef, transition: FlowTransition): FlowTransition[] {
  if (transition.to === [transition.from].flat()[0] && [transition.from].flat().length === 1) return [];
  const next = flow.transitions.filter((t) => [t.from].flat().includes(transition.to) && !t.roles.includes('system'));
  if (!next.length || next.some((t) => t.roles.some((r) => transition.roles.includes(r)))) return [];
  return next;
}

/**
 * A manual node: the deciders get a task whose update form writes the action chosen (and the
 * fields that action's form asks for) into the record; that write starts the workflow of the
 * chosen transition, whose step checks the decider again. The deciders are the users the step
 * before found (the role, within the scope, not the filer), not a fixed user.
 */
/**
 * What the decider sees before he decides: the target the record is about, what the transition
 * that brought it here asked for (reason, evidence files and words, amounts) and read from the
 * record (the Base it was measured against), shown read-only; and its guard's verdict in words.
 */
function decisionContext(before: FlowTransition, known: ReadonlySet<string>, bindings: TemplateDef['bindings']): { fields: string[]; verdict?: JsonObject } {
  const guard = before.guard;
  const inputs = guard && 'rule' in guard ? Object.fromEntries(Object.entries(guard.inputs ?? {}).map(([input, path]) => [input, String(path).replace(/^(instance|payload)\./, '')])) : {};
  const names = [TARGET_RELATION, ...Object.values(inputs), ...(before.requires ?? []), ...(before.amounts ?? [])]
    .flatMap((name) => [name, noteFieldOf(name)])
    .filter((name) => known.has(name) && name !== ACTION_FIELD);
  const fields = [...new Set(names)];
  if (!guard || !('rule' in guard)) return { fields };
  const binding = (bindings ?? []).find((b) => b.rule === guard.rule && b.effect === 'validate');
  const labels: JsonObject = binding ? verdictWords(binding) : { true: '通过', false: before.guardMessage?.zh ?? '不通过' };
  return { fields, verdict: { rule: guard.rule, inputs, label: `${before.title.zh}的条件`, labels } };
}

function manualNode(flow: FlowDef, decisions: FlowTransition[], collection: CollectionSpec, template: TemplateDef, before: FlowTransition, upstream: string, roleName: (id: string) => string): NodeSpec {
  const templateForms = template.forms;
  // the action and what the actions require, nothing else: the form writes into the record,
  // and fields the decider does not need are not offered to be overwritten
  const known = new Set(collection.fields.map((f) => f.name));
  const fields = new Set<string>([ACTION_FIELD]);
  for (const decision of decisions) for (const field of decision.requires ?? []) if (known.has(field)) fields.add(field);
  // the decision's own form (a verdict, an approved amount, a comment): the task is where it is filled in
  for (const decision of decisions) {
    // not the record's own (first) form: its fields are the filer's, not the decider's
    const form = decision.form && decision.form !== Object.keys(templateForms)[0] ? templateForms[decision.form] : undefined;
    if (form) for (const leaf of formRows(form as unknown as Record<string, unknown>).flat()) if (known.has(leaf.name)) fields.add(leaf.name);
  }
  const roles = [...new Set(decisions.flatMap((d) => d.roles))].map(roleName);
  const title = `${flow.title.zh}：${roles.join('/')} 处理（${decisions.map((d) => d.title.zh).join(' / ')}）`;
  return {
    ref: 'decide', type: 'manual', title, upstream, branchIndex: 1,
    config: {
      assignees: [`{{$jobsMapByNodeKey.${STEP_NODE_KEY}.deciders}}`],
      mode: 0,
      title,
      forms: {
        decide: {
          type: 'update', dataSource: 'main', collection: collection.name,
          filter: { $and: [{ id: { $eq: '{{$context.data.id}}' } }] },
          actions: [{ status: 1, key: 'resolve', values: {} }],
        },
      },
      decisions: decisions.map((d) => ({ action: d.action, title: d.title.zh, roles: d.roles })),
      fields: [...fields],
      schema: manualTaskSchema(collection.name, [...fields], title, decisions, decisionContext(before, known, template.bindings)),
    },
  };
}

/**
 * The decider's task page (the manual node's `schema`): one tab with an update form over the
 * record, the form's key being the `decide` of `forms`, and one action that submits it.
 */
function manualTaskSchema(collection: string, fields: string[], title: string, decisions: FlowTransition[], context: { fields: string[]; verdict?: JsonObject }): JsonObject {
  const rows: JsonObject = {};
  const shown: JsonObject = {};
  context.fields.forEach((field, i) => {
    shown[`row_${i}`] = gridRow({ [field]: { ...fieldNode(collection, { name: field, node: {} }), 'x-read-pretty': true } });
  });
  if (context.verdict) shown.row_verdict = gridRow({ verdict: { type: 'void', 'x-component': RESULT_COMPONENT, 'x-component-props': context.verdict } });
  // the record as the workflow was started with it (a task's form starts empty): what is decided
  const details: JsonObject = {
    type: 'void', 'x-decorator': 'DetailsBlockProvider', 'x-decorator-props': { collection, dataPath: '$context.data' },
    'x-component': 'CardItem', 'x-component-props': { title: '申请内容' },
    properties: { grid: { type: 'void', 'x-component': 'FormV2', 'x-use-component-props': 'useDetailsBlockProps', 'x-read-pretty': true, properties: { grid: { type: 'void', 'x-component': 'Grid', properties: shown } } } },
  };
  fields.filter((field) => !context.fields.includes(field)).forEach((field, i) => {
    const node = fieldNode(collection, { name: field, node: field === ACTION_FIELD ? { required: true } : {} });
    // only the decisions waiting here are offered, not every action of the flow
    if (field === ACTION_FIELD) node.enum = decisions.map((d) => ({ value: d.action, label: d.title.zh }));
    rows[`row_${i}`] = gridRow({ [field]: node });
  });
  return {
    tab1: {
      type: 'void', title: '处理', 'x-component': 'Tabs.TabPane', 'x-designer': 'Tabs.Designer',
      properties: {
        grid: {
          type: 'void', 'x-component': 'Grid', 'x-initializer': 'workflowManual:popup:configureUserInterface:addBlock',
          properties: {
            ...(context.fields.length ? { context: gridRow({ details }) } : {}),
            row: gridRow({
              block: {
                type: 'void', 'x-decorator': 'FormBlockProvider',
                'x-decorator-props': { dataSource: 'main', collection, formType: 'update' },
                'x-component': 'CardItem', 'x-component-props': { title },
                properties: {
                  decide: {
                    type: 'void', 'x-component': 'FormV2', 'x-use-component-props': 'useFormBlockProps',
                    properties: {
                      grid: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'workflowManual:customForm:configureFields', properties: rows },
                      actions: {
                        type: 'void', 'x-component': 'ActionBar', 'x-initializer': 'workflowManual:form:configureActions',
                        'x-component-props': { style: { marginTop: '1.5em', flexWrap: 'wrap' } },
                        properties: {
                          resolve: {
                            type: 'void', title: '提交决定', 'x-decorator': 'ManualActionStatusProvider', 'x-decorator-props': { value: 1 },
                            'x-component': 'Action', 'x-component-props': { type: 'primary', useAction: '{{ useSubmit }}' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            }),
          },
        },
      },
    },
  };
}

/**
 * One transition: our step node asks the plugin to take it for the user who wrote the action
 * (role, scope, no self-approval, required fields and guard, all decided by the flow runtime)
 * and to write the new state or the refusal with the flow's message; when it is taken and
 * other people decide next, their manual task follows on the step's taken branch.
 */
function workflowOf(flow: FlowDef, transition: FlowTransition, spec: CollectionSpec, template: TemplateDef, roleName: (id: string) => string): WorkflowSpec {
  const collection = spec.name;
  const from = [transition.from].flat();
  const key = `${KEY_PREFIX}${collection}/${transition.action}/${from.join('+')}`;
  const guard = transition.guard;
  const checks = guard ? `${'rule' in guard ? `规则 ${guard.rule}` : '守卫条件'}` : '无守卫';
  const nodes: NodeSpec[] = [{
    ref: 'step', key: STEP_NODE_KEY, type: RULE_NODE_TYPE, title: `流程步骤：${transition.title.zh} → ${transition.to}（角色、范围、不得自批、${checks}）`,
    config: { step: { collection } },
  }];
  const decisions = decisionsAfter(flow, transition);
  if (decisions.length) nodes.push(manualNode(flow, decisions, spec, template, transition, 'step', roleName));
  const config: JsonObject = {
    mode: 3,
    collection,
    changed: [ACTION_FIELD],
    condition: { $and: [{ [ACTION_FIELD]: { $eq: transition.action } }, { [STATUS_FIELD]: { $in: from } }] },
    // the target and the files, for the decider's task to show
    appends: spec.fields.filter((f) => f.name === TARGET_RELATION || f.interface === 'attachment').map((f) => f.name),
  };
  const title = `${flow.title.zh} · ${transition.title.zh}（${from.join('/')} → ${transition.to}）`;
  const workflow = { key, title, collection, config, nodes };
  return { ...workflow, hash: hashOf(workflow) };
}

/**
 * The bundle roles that make a new record of a template: of a letter flow its issuers (the
 * runtime's letterFlowOf); of another flow those who file with its first form (its entry
 * transition) or, when no transition files with it, those who act on a record in its first
 * state; of a template without a flow every role it names (its forms only make records).
 */
function creatorsOf(template: TemplateDef, flow: FlowDef | undefined): readonly string[] {
  if (!flow) return template.roles;
  const letters = letterFlowOf(template, flow);
  if (letters) return letters.issuers;
  const person = flow.transitions.filter((t) => !t.roles.includes('system'));
  const first = Object.keys(template.forms)[0];
  const files = person.filter((t) => t.form !== undefined && t.form === first && [t.from].flat().includes(flow.initial));
  return (files.length ? files : person.filter((t) => [t.from].flat().includes(flow.initial))).flatMap((t) => t.roles);
}

/**
 * The bundle's roles as NocoBase roles, each allowed only the collections of the templates it
 * works with or whose flow gives it a transition: to view them; to create where it may start a
 * record (creatorsOf); to update where a transition of the flow is its to ask for (a request is a
 * write of `tk_action` and of what the transition asks). Which transition a write may take, and
 * which fields bind a record, are still the flow's and the plugin's to decide. Writes name the
 * collection's fields: NocoBase adds a field created later to a role's list, and an action
 * without a list would then allow that field alone.
 */
function rolesOf(bundle: LoadedBundle, collections: readonly CollectionSpec[]): RoleSpec[] {
  return bundle.manifest.roles.filter((r) => r.id !== 'system').map((role) => ({
    name: roleNameOf(role.id),
    title: role.name.zh,
    resources: bundle.templates.flatMap(({ def: template }) => {
      const flow = flowOf(bundle, template);
      const acts = flow?.transitions.some((t) => t.roles.includes(role.id)) ?? false;
      if (!template.roles.includes(role.id) && !acts) return [];
      const actions: CollectionAction[] = ['view'];
      if (template.roles.includes(role.id) && creatorsOf(template, flow).includes(role.id)) actions.push('create');
      if (acts) actions.push('update');
      const collection = collectionName(template.id);
      return [{ collection, actions, fields: collections.find((c) => c.name === collection)?.fields.map((f) => f.name) ?? [] }];
    }),
  }));
}

/** What the bundle should be inside NocoBase. */
export function nocobaseTarget(bundle: LoadedBundle): NocoBaseTarget {
  const data = datasetsOf(bundle);
  const alerts = alertsOf(bundle, data.collections);
  // the published targets an appeal refers to: the dataset with a target's Base, Stretch and lock
  const targets = data.collections.find((c) => !c.tree && ['base', 'stretch', 'locked'].every((f) => c.fields.some((x) => x.name === f)))?.name;
  const single = toSingleFile(bundle.files) as unknown as JsonObject;
  const collections: CollectionSpec[] = [];
  const pages: PageSpec[] = [];
  const workflows: WorkflowSpec[] = [];
  const records: RecordSpec[] = [];
  const roleName = (id: string): string => bundle.manifest.roles.find((r) => r.id === id)?.name.zh ?? id;
  for (const { def } of bundle.templates) {
    // the pages show what the playground shows: texts quoting a parameter carry its value
    const template = resolveTemplateTexts(def, bundle.parameters);
    const collection = collectionOf(bundle, template, targets);
    collections.push(collection);
    pages.push(pageOf(bundle, template, collection));
    const flow = flowOf(bundle, template);
    if (flow) for (const transition of flow.transitions) workflows.push(workflowOf(flow, transition, collection, template, roleName));
    // the record's own form's sample, not a merge: a filter form's sample (period "quarter",
    // lights ["red","yellow"]) is a query, not the record's values
    const sample = (Object.values(template.sampleData ?? {})[0] ?? {}) as JsonObject;
    if (Object.keys(sample).length) {
      const values: JsonObject = { ...sample, [RECORD_KEY_FIELD]: 'sample' };
      if (flow) values[STATUS_FIELD] = flow.initial;
      records.push({ collection: collection.name, key: 'sample', values });
    }
  }
  const blockPages: BlockPage[] = [{ page: boardPage(bundle), rules: [...TRACKING_RULES] }];
  if (alerts) workflows.push(alerts.workflow);
  const simulator = simulatorPage(bundle, data.collections);
  if (simulator) blockPages.push({ page: simulator, rules: allocationRules(bundle) });
  blockPages.push(...workBlockPages(bundle, data.collections));
  const roles = rolesOf(bundle, collections);
  // every template's page in the menus of the roles that work with its records
  for (const [i, page] of pages.entries()) {
    const collection = collections.find((c) => page.key === `${KEY_PREFIX}page:${c.templateId}`)?.name;
    if (!collection || page.roles) continue;
    const pageRoles = roles.filter((r) => r.resources.some((x) => x.collection === collection && x.actions.length)).map((r) => r.name);
    pages[i] = { ...page, roles: pageRoles, hash: hashOf({ schema: page.schema, roles: pageRoles }) };
  }
  const folded = foldTemplatePages(bundle, pages, blockPages, collections);
  pages.splice(0, pages.length, ...folded);
  const flowCollections = collections.filter((c) => c.fields.some((f) => f.name === STATUS_FIELD));
  const grants = [...grantsOf(bundle, alerts ? [...data.collections, alerts.collection] : data.collections), ...flowGrantsOf(bundle, flowCollections, roles)];
  return {
    bundleId: bundle.manifest.id,
    bundleHash: sha256Hex(canonicalJson(single)),
    bundle: single,
    group: { key: `${KEY_PREFIX}group:${bundle.manifest.id}`, title: bundle.manifest.name.zh, schemaUid: nbName('tk', bundle.manifest.id, 'group') },
    uiLanguages: ['zh-CN', 'en-US'],
    collections, pages, workflows, records,
    roles,
    userUnitField: { name: USER_UNIT_FIELD, type: 'string', interface: 'input', uiSchema: { title: '组织单位（目标包）', type: 'string', 'x-component': 'Input' } },
    userPathField: { name: USER_PATH_FIELD, type: 'string', interface: 'input', defaultValue: NO_PATH, uiSchema: { title: '组织路径（目标包，自动）', type: 'string', 'x-component': 'Input', 'x-read-pretty': true } },
    datasets: data.collections,
    grants,
    // a field more (a customised bundle's column) is a field more the roles may see
    grantsHash: hashOf({ grants, fields: [...data.collections, ...flowCollections].map((c) => c.fields.map((f) => f.name)) }),
    dataProblems: data.problems,
    alerts: alerts?.collection ?? null,
  };
}

// ---------------------------------------------------------------- datasets as collections

const INTEGER = /^-?(0|[1-9]\d{0,17})$/;
const DECIMAL = /^-?(0|[1-9]\d*)\.(\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** NocoBase's own columns and ours: a CSV column of that name is renamed `c_<name>`. */
const RESERVED_FIELDS = new Set([
  'id', 'createdAt', 'updatedAt', 'createdById', 'updatedById', 'createdBy', 'updatedBy', 'sort',
  'parentId', 'parent', 'children', 'head', 'headId', RECORD_KEY_FIELD, UNIT_FIELD, PATH_FIELD, LINE_FIELD,
].map((n) => n.toLowerCase()));

/**
 * The field of one CSV column, typed by all its values: whole numbers → bigInt, numbers with
 * a fraction → decimal with as many places as the file has (exact, stored as written),
 * true/false → boolean, dates → dateOnly, anything else → string.
 */
function columnField(name: string, title: string, values: string[]): FieldSpec {
  const present = values.filter((v) => v !== '');
  const all = (re: RegExp): boolean => present.length > 0 && present.every((v) => re.test(v));
  if (all(INTEGER)) return { name, type: 'bigInt', interface: 'integer', uiSchema: { title, type: 'number', 'x-component': 'InputNumber', 'x-component-props': { stringMode: true, step: '1' } } };
  if (present.length > 0 && present.every((v) => INTEGER.test(v) || DECIMAL.test(v))) {
    const scale = Math.max(2, ...present.map((v) => DECIMAL.exec(v)?.[2]?.length ?? 0));
    const step = `0.${'0'.repeat(scale - 1)}1`;
    return { name, type: 'decimal', interface: 'number', precision: 20 + scale, scale, uiSchema: { title, type: 'number', 'x-component': 'InputNumber', 'x-component-props': { stringMode: true, step } } };
  }
  if (all(/^(true|false)$/)) return { name, type: 'boolean', interface: 'checkbox', uiSchema: { title, type: 'boolean', 'x-component': 'Checkbox' } };
  if (all(DATE)) return { name, type: 'dateOnly', interface: 'dateOnly', uiSchema: { title, type: 'string', 'x-component': 'DatePicker', 'x-component-props': { dateOnly: true } } };
  return { name, type: 'string', interface: 'input', uiSchema: { title, type: 'string', 'x-component': 'Input' } };
}

/** A cell as its field stores it: null when empty, booleans as booleans, numbers as the exact text. */
function cellValue(field: FieldSpec, text: string): Json {
  if (text === '') return null;
  if (field.type === 'boolean') return text === 'true';
  return text;
}

const hiddenString = (name: string, title: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  ({ name, type: 'string', interface: 'input', uiSchema: { title, type: 'string', 'x-component': 'Input' }, ...extra });

/** The org tree's own fields: NocoBase's adjacency-list tree (parentId, parent, children) and the unit's head, a user. */
function treeFields(collection: string): FieldSpec[] {
  const association = (title: string, multiple: boolean, label: string): JsonObject =>
    ({ title, 'x-component': 'AssociationField', 'x-component-props': { multiple, fieldNames: { label, value: 'id' } } });
  return [
    { name: 'parentId', type: 'bigInt', interface: 'integer', isForeignKey: true, uiSchema: { title: '上级单位 ID', type: 'number', 'x-component': 'InputNumber', 'x-read-pretty': true } },
    { name: 'parent', type: 'belongsTo', interface: 'm2o', target: collection, foreignKey: 'parentId', treeParent: true, onDelete: 'CASCADE', uiSchema: association('上级单位', false, 'name') },
    { name: 'children', type: 'hasMany', interface: 'o2m', target: collection, foreignKey: 'parentId', treeChildren: true, onDelete: 'CASCADE', uiSchema: association('下级单位', true, 'name') },
    { name: 'head', type: 'belongsTo', interface: 'm2o', target: 'users', foreignKey: 'headId', onDelete: 'SET NULL', uiSchema: association('负责人', false, 'nickname') },
  ];
}

interface ParsedDataset {
  id: string;
  file: string;
  title: string;
  columns: string[];
  records: Array<{ line: number; record: Record<string, string> }>;
}

const at = (file: string, line: number, column?: string): Localized => ({
  zh: `${file} 第 ${line} 行${column ? `，列 ${column}` : ''}`,
  en: `${file} line ${line}${column ? `, column ${column}` : ''}`,
});
const problemAt = (where: Localized, zhText: string, enText: string): Localized => ({ zh: `${where.zh}：${zhText}`, en: `${where.en}: ${enText}` });

/**
 * The org tree: the first CSV dataset with id, parent_id and level columns. Each unit's path from
 * the root (`/YQ/HD/HD01/`); a parent that is not a unit, or a cycle, refuses the dataset.
 */
function orgPaths(org: ParsedDataset | undefined, problems: Localized[]): Map<string, string> {
  const paths = new Map<string, string>();
  if (!org) return paths;
  const parentOf = new Map<string, { parent: string; line: number }>();
  for (const { line, record } of org.records) parentOf.set(record.id ?? '', { parent: record.parent_id ?? '', line });
  const pathOf = (unit: string, seen: Set<string>): string | undefined => {
    const known = paths.get(unit);
    if (known) return known;
    const entry = parentOf.get(unit);
    if (!entry) return undefined;
    if (seen.has(unit)) {
      problems.push(problemAt(at(org.file, entry.line, 'parent_id'), `单位 ${unit} 的上级链构成环`, `unit ${unit}'s parents form a cycle`));
      return undefined;
    }
    seen.add(unit);
    let path: string | undefined;
    if (entry.parent === '') path = `/${unit}/`;
    else if (!parentOf.has(entry.parent)) {
      problems.push(problemAt(at(org.file, entry.line, 'parent_id'), `上级单位 ${entry.parent} 不在组织中`, `parent unit ${entry.parent} is not in the organisation`));
    } else {
      const up = pathOf(entry.parent, seen);
      if (up) path = `${up}${unit}/`;
    }
    if (path) paths.set(unit, path);
    return path;
  };
  for (const unit of parentOf.keys()) pathOf(unit, new Set());
  return paths;
}

/** The shortest run of leading columns whose values tell every row apart: the rows' key. */
function keyColumnsOf(data: ParsedDataset, problems: Localized[]): string[] | undefined {
  for (let n = 1; n <= data.columns.length; n++) {
    const columns = data.columns.slice(0, n);
    const seen = new Map<string, number>();
    let unique = true;
    for (const { line, record } of data.records) {
      const key = keyOf(columns, record);
      if (seen.has(key)) { unique = false; if (n === data.columns.length) problems.push(problemAt(at(data.file, line), `与第 ${seen.get(key)} 行完全相同`, `the same as line ${seen.get(key)}`)); break; }
      seen.set(key, line);
    }
    if (unique) return columns;
  }
  return undefined;
}

const keyOf = (columns: string[], record: Record<string, string>): string =>
  columns.length === 1 ? record[columns[0] as string] ?? '' : JSON.stringify(columns.map((c) => record[c] ?? ''));

function parseDatasets(bundle: LoadedBundle, problems: Localized[]): ParsedDataset[] {
  const out: ParsedDataset[] = [];
  for (const { def, content } of bundle.datasets.values()) {
    // JSON datasets (a calendar, a company summary) are reference documents, not rows
    if (def.format !== 'csv' || typeof content !== 'string') continue;
    const parsed = parseCsv(content, def.file);
    if (!parsed.ok) {
      problems.push({ zh: `${def.file}：${parsed.problem.message.zh}`, en: `${def.file}: ${parsed.problem.message.en}` });
      continue;
    }
    out.push({ id: def.id, file: def.file, title: def.title?.zh ?? def.id, columns: parsed.columns, records: parsed.records });
  }
  return out;
}

/**
 * Every CSV dataset of the bundle as a collection: the org tree (`tk_org`, a tree) and one
 * `tk_data_<dataset id>` per other dataset, their fields the files' own columns (a customised
 * bundle's extra column becomes a field). Each row gets its key (`tk_key`, from the leading
 * columns that tell rows apart), its unit (the first column holding org units) and that unit's
 * path (`tk_path`), which the data scopes compare. A dataset of targets (base and stretch
 * columns) also gets the period, plan, locked and status a target has.
 */
function datasetsOf(bundle: LoadedBundle): { collections: DataCollectionSpec[]; problems: Localized[] } {
  const problems: Localized[] = [];
  const parsed = parseDatasets(bundle, problems);
  const org = parsed.find((d) => ['id', 'parent_id', 'level'].every((c) => d.columns.includes(c)));
  const paths = orgPaths(org, problems);
  const collections: DataCollectionSpec[] = [];
  for (const data of parsed) {
    const isOrg = data === org;
    const name = isOrg ? ORG_COLLECTION : dataCollectionOf(data.id);
    const unitColumns = data.columns.filter((c) => {
      const values = data.records.map((r) => r.record[c] ?? '').filter((v) => v !== '');
      return values.length > 0 && values.every((v) => paths.has(v));
    });
    const taken = new Set<string>();
    const fieldNames = new Map<string, string>();
    for (const column of data.columns) {
      let field = column === 'id' ? (unitColumns.includes('id') ? 'unit' : 'code') : nbName(column);
      if (!/^[a-z]/.test(field) || RESERVED_FIELDS.has(field)) field = `c_${field}`;
      while (taken.has(field)) field = `${field}_`;
      taken.add(field);
      fieldNames.set(column, field);
    }
    const fields = data.columns.map((c) => columnField(fieldNames.get(c) as string, c, data.records.map((r) => r.record[c] ?? '')));
    const isTargets = ['base', 'stretch'].every((c) => data.columns.includes(c));
    const extra: Array<[FieldSpec, Json]> = [];
    if (isTargets) {
      const add = (field: FieldSpec, value: Json): void => { if (!taken.has(field.name)) { taken.add(field.name); extra.push([field, value]); } };
      add(hiddenString('period', '期间'), null);
      add(hiddenString('plan', '方案'), null);
      add({ name: 'locked', type: 'boolean', interface: 'checkbox', defaultValue: false, uiSchema: { title: '锁定', type: 'boolean', 'x-component': 'Checkbox' } }, false);
      // targets shipped in the bundle are the published ones its screens start from
      add(hiddenString('status', '状态'), 'published');
    }
    const keyColumns = keyColumnsOf(data, problems) ?? data.columns;
    const rows: DataRow[] = data.records.map(({ line, record }) => {
      const values: JsonObject = {};
      data.columns.forEach((c, i) => { values[fieldNames.get(c) as string] = cellValue(fields[i] as FieldSpec, record[c] ?? ''); });
      for (const [field, value] of extra) values[field.name] = value;
      const unit = unitColumns.map((c) => record[c] ?? '').find((v) => v !== '') ?? null;
      values[RECORD_KEY_FIELD] = keyOf(keyColumns, record);
      values[LINE_FIELD] = line;
      values[UNIT_FIELD] = unit;
      values[PATH_FIELD] = unit ? paths.get(unit) ?? null : null;
      return { line, values };
    });
    const all: FieldSpec[] = [
      ...fields, ...extra.map(([f]) => f),
      hiddenString(RECORD_KEY_FIELD, '导入键', { unique: true }),
      { name: LINE_FIELD, type: 'bigInt', interface: 'integer', uiSchema: { title: '文件行号', type: 'number', 'x-component': 'InputNumber', 'x-read-pretty': true } },
      hiddenString(UNIT_FIELD, '组织单位', { index: true }),
      hiddenString(PATH_FIELD, '组织路径', { index: true }),
      ...(isOrg ? treeFields(name) : []),
    ];
    const parentKeyField = isOrg ? fieldNames.get('parent_id') : undefined;
    const columns = data.columns.map((column) => ({ column, field: fieldNames.get(column) as string }));
    const headKeyField = isOrg ? fieldNames.get('head') : undefined;
    const spec = {
      name, title: isOrg ? `组织架构（${data.title}）` : data.title, datasetId: data.id, file: data.file, tree: isOrg, fields: all, rows, keyColumns, columns,
      ...(parentKeyField ? { parentKeyField } : {}), ...(headKeyField ? { headKeyField } : {}),
    };
    // node's hash over plain JSON: the rows are built in a fixed order, and the runtime's
    // canonical form and portable SHA-256 took seconds over 30,000 rows, every no-op import
    const hash = createHash('sha256').update(JSON.stringify({ fields: spec.fields, rows: rows.map((r) => r.values), parentKeyField, headKeyField, dataset: spec.datasetId, columns })).digest('hex').slice(0, 16);
    collections.push({ ...spec, hash });
  }
  // the org tree first: the others' rows and the users are placed on it
  return { collections: [...collections.filter((c) => c.tree), ...collections.filter((c) => !c.tree)], problems };
}

/**
 * NocoBase data scopes keyed on the org tree, per role and data collection: company-level roles
 * (HQ, director, HRBP, finance) read all rows; a rep reads his unit's; every other role, and
 * NocoBase's plain member, reads his subtree: rows whose path starts with his own path. A user
 * without a unit in the tree has the path `-`, which no row's path starts with, and no unit.
 */
const SUBTREE_SCOPE: JsonObject = { [PATH_FIELD]: { $startsWith: `{{$user.${USER_PATH_FIELD}}}` } };
const OWN_SCOPE: JsonObject = { $and: [{ [UNIT_FIELD]: { $eq: `{{$user.${USER_UNIT_FIELD}}}` } }, { [UNIT_FIELD]: { $notEmpty: true } }] };
const scopeOf = (kind: ScopeGrant['kind']): JsonObject | null => (kind === 'all' ? null : kind === 'own' ? OWN_SCOPE : SUBTREE_SCOPE);

/** Each bundle role's scope kind by its level, and NocoBase's member as a subtree role. */
function scopeKinds(bundle: LoadedBundle): Map<string, ScopeGrant['kind']> {
  const kinds = new Map<string, ScopeGrant['kind']>(bundle.manifest.roles.filter((r) => r.id !== 'system').map((r) => [
    roleNameOf(r.id), r.level === 'company' ? 'all' : r.level === 'rep' ? 'own' : 'subtree',
  ]));
  kinds.set('member', 'subtree');
  return kinds;
}

function grantsOf(bundle: LoadedBundle, collections: ReadonlyArray<{ name: string }>): ScopeGrant[] {
  const roles = [...scopeKinds(bundle)];
  return collections.flatMap((c) => roles.map(([role, kind]) => ({ role, collection: c.name, kind, scope: scopeOf(kind) })));
}

/**
 * The same scopes on the flows' collections, keyed on the record's unit (tk_unit, where the
 * plugin places a record: the filer's unit, or the unit a letter names) and its path: a rep
 * reads and asks for actions on his unit's records (his filings, his letter), a head his
 * subtree's, company roles all. The owner (tk_owner) is not compared: it holds the user id as
 * text, and NocoBase hands `{{$user.id}}` to the database as a number, which PostgreSQL will
 * not compare with text; his records are his unit's anyway, as checkSave places them. Each role
 * keeps the actions rolesOf gives it; NocoBase's member may only view, within his subtree.
 */
function flowGrantsOf(bundle: LoadedBundle, collections: CollectionSpec[], roles: RoleSpec[]): ScopeGrant[] {
  const kinds = scopeKinds(bundle);
  return collections.flatMap((c) => {
    const granted: ScopeGrant[] = roles.flatMap((role) => {
      const resource = role.resources.find((r) => r.collection === c.name);
      const kind = kinds.get(role.name);
      if (!resource || !kind) return [];
      const actions = resource.actions.map((name) => (name === 'view' ? { name } : { name, fields: resource.fields }));
      return [{ role: role.name, collection: c.name, kind, scope: scopeOf(kind), actions }];
    });
    granted.push({ role: 'member', collection: c.name, kind: 'subtree', scope: SUBTREE_SCOPE, actions: [{ name: 'view' }] });
    return granted;
  });
}

// ---------------------------------------------------------------- alerts on a schedule

/**
 * The alerts collection and the workflow that fills it: a schedule trigger at the bundle's
 * notifications schedule (Shanghai time, written in UTC) running our alerts node over the
 * datasets that hold the targets (base, stretch), the actuals (id, date, amount) and the daily
 * actions (id, date, actions). None without a schedule or without targets and actuals.
 */
function alertsOf(bundle: LoadedBundle, datasets: readonly DataCollectionSpec[]): { collection: Pick<CollectionSpec, 'name' | 'title' | 'fields'>; workflow: WorkflowSpec } | null {
  const schedule = readNotificationSettings(bundle.parameters)?.schedule;
  if (!schedule) return null;
  // the file's columns: not our tk_ fields, nor what a targets dataset gets beside them
  const added = new Set<string>(['period', 'plan', 'locked', 'status']);
  const columnsOf = (d: DataCollectionSpec): Set<string> => new Set(d.fields.map((f) => f.name).filter((n) => !n.startsWith('tk_') && !added.has(n)));
  const exactly = (d: DataCollectionSpec, names: string[]): boolean => { const c = columnsOf(d); return c.size === names.length && names.every((n) => c.has(n)); };
  const targets = datasets.find((d) => !d.tree && columnsOf(d).has('base') && columnsOf(d).has('stretch'));
  const actuals = datasets.find((d) => exactly(d, ['unit', 'date', 'amount']));
  const activity = datasets.find((d) => exactly(d, ['unit', 'date', 'actions']));
  if (!targets || !actuals) return null;
  const text = (name: string, title: string, type = 'string'): FieldSpec => ({ name, type, interface: type === 'text' ? 'textarea' : 'input', uiSchema: { title, type: 'string', 'x-component': type === 'text' ? 'Input.TextArea' : 'Input' } });
  const at = (name: string, title: string): FieldSpec => ({ name, type: 'date', interface: 'datetime', uiSchema: { title, type: 'string', 'x-component': 'DatePicker', 'x-component-props': { showTime: true } } });
  const collection = {
    name: ALERTS_COLLECTION,
    title: '目标预警',
    fields: [
      text('kind', '种类'),
      { name: 'level', type: 'integer', interface: 'integer', uiSchema: { title: '级别', type: 'number', 'x-component': 'InputNumber' } },
      text('rule', '规则'), text('since', '起始'), text('unitName', '对象'), text('recipients', '收件人'),
      text('text', '通知', 'text'), text('textEn', 'Notice', 'text'), text('link', '链接'),
      at('raisedAt', '提出时间'), at('notifiedAt', '通知时间'), at('resolvedAt', '解除时间'), text('resolvedText', '解除说明', 'text'),
      hiddenString(RECORD_KEY_FIELD, '通知键', { unique: true }),
      hiddenString(UNIT_FIELD, '组织单位', { index: true }),
      hiddenString(PATH_FIELD, '组织路径', { index: true }),
    ],
  };
  const days = schedule.days.map((d) => ['一', '二', '三', '四', '五', '六', '日'][d - 1]).join('、');
  // written for a UTC host here; the importer writes it again for the zone the host reports
  const config: JsonObject = { mode: 0, startsOn: '2026-01-01T00:00:00.000Z', repeat: hostCron(schedule, 'UTC', 2026).cron };
  const nodeConfig: JsonObject = { targets: targets.datasetId, actuals: actuals.datasetId, ...(activity ? { activity: activity.datasetId } : {}) };
  const workflow = {
    key: `${KEY_PREFIX}${ALERTS_COLLECTION}/schedule`, type: 'schedule', title: `每日预警（周${days} ${schedule.time}，上海时间）`, collection: ALERTS_COLLECTION, config, schedule: { time: schedule.time, days: [...schedule.days] },
    nodes: [{ ref: 'alerts', type: ALERTS_NODE_TYPE, title: '计算当日预警并发站内信（一至三级、健康度评审）', config: nodeConfig }],
  };
  return { collection, workflow: { ...workflow, hash: hashOf(workflow) } };
}
