/**
 * Editing the branches of a rule's `if` chain on the formula view (若 … 则 …，否则若 …): a
 * branch's comparison (≥ > ≤ <), its threshold (a number or a parameter), the value it yields,
 * and adding or removing an else-if. Each edit is a new logic value, never a mutation; the
 * editor then checks it like any other edit (the bundle loads, the examples run) before the
 * build takes it. Pure, no React.
 *
 * A condition the view can edit is `{op: [left, threshold]}`, or the traffic-light form that a
 * boolean parameter switches between two strictnesses of the same comparison,
 * `{"if": [{"param": "lights.green.inclusive"}, {">=": [x, t]}, {">": [x, t]}]}`: its
 * threshold is changed in both (so the switch keeps working), and choosing an operator replaces
 * the switch by the plain comparison (the JSON change shown says so).
 */
import { truthy } from '../../../plugin/index.js';
import { typedNumber } from './formulaEdit.js';

type CompareOp = '>=' | '>' | '<=' | '<';
export const COMPARE_OPS: readonly CompareOp[] = ['>=', '>', '<=', '<'];
export const COMPARE_SIGNS: Record<CompareOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

type Threshold = { kind: 'number'; value: number } | { kind: 'param'; path: string };

interface Comparison {
  op: CompareOp;
  left: unknown;
  threshold: Threshold;
  /** Every place the threshold is written (two under a parameter switch). */
  thresholdAt: string[];
  /** The boolean parameter that picks the strictness, when the condition is a switch. */
  switchedBy?: string;
}

export interface Branch {
  /** JSON pointers, relative to the logic, of the branch's condition and of the value it yields. */
  conditionAt: string;
  valueAt: string;
  condition: unknown;
  value: unknown;
  compare?: Comparison;
}

export interface Chain {
  branches: Branch[];
  /** Where the final "otherwise" value is, when there is one. */
  otherwiseAt?: string;
}

/** One logic edit and the JSON it changed, for the view to show. */
export interface LogicEdit {
  logic: unknown;
  at: string;
  before: unknown;
  after: unknown;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKey = (v: unknown): string | undefined => (isObject(v) && Object.keys(v).length === 1 ? Object.keys(v)[0] : undefined);
const isIf = (v: unknown): v is { if: unknown[] } => onlyKey(v) === 'if' && Array.isArray((v as JsonObject)['if']) && ((v as { if: unknown[] }).if.length >= 2);
const isParamRef = (v: unknown): v is { param: string } => onlyKey(v) === 'param' && typeof (v as JsonObject)['param'] === 'string';
const isSwitch = (v: unknown): v is { if: [{ param: string }, unknown, unknown] } => isIf(v) && v.if.length === 3 && isParamRef(v.if[0]);

function escapeStep(step: string): string {
  return step.replace(/~/g, '~0').replace(/\//g, '~1');
}

function steps(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at `pointer` in `root`, undefined when the pointer does not reach one. */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const step of steps(pointer)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, step)) return undefined;
    node = (node as JsonObject)[step];
  }
  return node;
}

/** A copy of `root` with `value` at `pointer` (the root itself when the pointer is empty). */
function withAt(root: unknown, pointer: string, value: unknown): unknown {
  const path = steps(pointer);
  if (path.length === 0) return structuredClone(value);
  const copy = structuredClone(root);
  const parent = valueAtPointer(copy, `/${path.slice(0, -1).map(escapeStep).join('/')}`.replace(/^\/$/, ''));
  (parent as JsonObject)[path[path.length - 1]!] = structuredClone(value);
  return copy;
}

function readParam(params: Readonly<Record<string, unknown>>, path: string): unknown {
  let node: unknown = params;
  for (const step of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, step)) return undefined;
    node = (node as JsonObject)[step];
  }
  return node;
}

function plainComparison(node: unknown, at: string): Comparison | undefined {
  const op = onlyKey(node);
  if (!op || !(COMPARE_OPS as readonly string[]).includes(op)) return undefined;
  const args = (node as JsonObject)[op];
  if (!Array.isArray(args) || args.length !== 2) return undefined;
  const right = args[1];
  const threshold: Threshold | undefined = typeof right === 'number' && Number.isFinite(right) ? { kind: 'number', value: right }
    : isParamRef(right) ? { kind: 'param', path: right.param } : undefined;
  return threshold && { op: op as CompareOp, left: args[0], threshold, thresholdAt: [`${at}/${escapeStep(op)}/1`] };
}

function comparison(node: unknown, at: string, params: Readonly<Record<string, unknown>>): Comparison | undefined {
  if (!isSwitch(node)) return plainComparison(node, at);
  const [flag, whenTrue, whenFalse] = node.if;
  const a = plainComparison(whenTrue, `${at}/if/1`);
  const b = plainComparison(whenFalse, `${at}/if/2`);
  if (!a || !b || JSON.stringify(a.left) !== JSON.stringify(b.left) || JSON.stringify(a.threshold) !== JSON.stringify(b.threshold)) return undefined;
  const taken = truthy(readParam(params, flag.param)) ? a : b;
  return { ...taken, thresholdAt: [...a.thresholdAt, ...b.thresholdAt], switchedBy: flag.param };
}

/** The rule's top-level `if` chain, nested else-ifs flattened; undefined when the logic is not one. */
export function ifChain(logic: unknown, params: Readonly<Record<string, unknown>>): Chain | undefined {
  if (!isIf(logic) || isSwitch(logic)) return undefined;
  const branches: Branch[] = [];
  let node: { if: unknown[] } = logic;
  let at = '';
  for (;;) {
    const args = node.if;
    let i = 0;
    for (; i + 1 < args.length; i += 2) {
      const conditionAt = `${at}/if/${i}`;
      const compare = comparison(args[i], conditionAt, params);
      branches.push({ conditionAt, valueAt: `${at}/if/${i + 1}`, condition: args[i], value: args[i + 1], ...(compare ? { compare } : {}) });
    }
    if (i === args.length) return { branches };
    const rest = args[i];
    if (isIf(rest) && !isSwitch(rest)) {
      node = rest;
      at = `${at}/if/${i}`;
      continue;
    }
    return { branches, otherwiseAt: `${at}/if/${i}` };
  }
}

const thresholdJson = (t: Threshold): unknown => (t.kind === 'number' ? t.value : { param: t.path });

function edit(logic: unknown, at: string, after: unknown): LogicEdit {
  return { logic: withAt(logic, at, after), at, before: structuredClone(valueAtPointer(logic, at)), after };
}

/** The branch's comparison with another operator; a parameter switch becomes the plain comparison. */
export function setOperator(logic: unknown, branch: Branch, op: CompareOp): LogicEdit | undefined {
  const c = branch.compare;
  if (!c) return undefined;
  return edit(logic, branch.conditionAt, { [op]: [c.left, thresholdJson(c.threshold)] });
}

/** The branch compared with another threshold, everywhere it is written. */
export function setThreshold(logic: unknown, branch: Branch, threshold: Threshold): LogicEdit | undefined {
  const c = branch.compare;
  if (!c) return undefined;
  let next = logic;
  for (const at of c.thresholdAt) next = withAt(next, at, thresholdJson(threshold));
  return { logic: next, at: branch.conditionAt, before: structuredClone(branch.condition), after: valueAtPointer(next, branch.conditionAt) };
}

/** The branch yielding another value. */
export function setBranchValue(logic: unknown, branch: Branch, value: unknown): LogicEdit {
  return edit(logic, branch.valueAt, value);
}

/** The `if` argument list a branch sits in, and the branch's index there. */
function placeOf(branch: Branch): { listAt: string; index: number } {
  const cut = branch.conditionAt.lastIndexOf('/');
  return { listAt: branch.conditionAt.slice(0, cut), index: Number(branch.conditionAt.slice(cut + 1)) };
}

/** A new else-if right after `branch`, a copy of it to be changed. */
export function addBranchAfter(logic: unknown, branch: Branch): LogicEdit {
  const { listAt, index } = placeOf(branch);
  const list = valueAtPointer(logic, listAt) as unknown[];
  const after = [...list.slice(0, index + 2), structuredClone(branch.condition), structuredClone(branch.value), ...list.slice(index + 2)];
  return edit(logic, listAt, after);
}

/** The chain without `branch`; undefined for the last branch left (the rule would no longer choose). */
export function removeBranch(logic: unknown, chain: Chain, branch: Branch): LogicEdit | undefined {
  if (chain.branches.length <= 1) return undefined;
  const { listAt, index } = placeOf(branch);
  const list = valueAtPointer(logic, listAt) as unknown[];
  const rest = [...list.slice(0, index), ...list.slice(index + 2)];
  // a nested `if` left with its otherwise value alone is that value
  if (rest.length <= 1) {
    const ifAt = listAt.slice(0, listAt.lastIndexOf('/'));
    return edit(logic, ifAt, rest.length === 1 ? rest[0] : null);
  }
  return edit(logic, listAt, rest);
}

/** A parameter path that names a number in `params`. */
function numberParam(text: string, params: Readonly<Record<string, unknown>>): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+)+$/.test(text)) return undefined;
  const value = readParam(params, text);
  return typeof value === 'number' && Number.isFinite(value) ? text : undefined;
}

/**
 * A branch's value as typed: a number, a parameter path, `null`, or else the text itself (a
 * colour, a status). A rule whose output is a number takes numbers and parameters only.
 */
export function typedValue(text: string, params: Readonly<Record<string, unknown>>, numeric: boolean): { value: unknown } | undefined {
  const t = text.trim();
  const path = numberParam(t, params);
  if (path) return { value: { param: path } };
  const number = typedNumber(t, false);
  if (number !== undefined) return { value: number };
  if (t === 'null') return { value: null };
  return numeric || t === '' ? undefined : { value: t };
}

/** The text a value starts from in its input box. */
export function valueText(value: unknown): string {
  if (isParamRef(value)) return value.param;
  return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/**
 * A threshold as typed: a parameter path (a number in the bundle's parameters) or a number,
 * read as a percent where the view shows one. Undefined when it is neither.
 */
export function typedThreshold(text: string, percent: boolean, params: Readonly<Record<string, unknown>>): Threshold | undefined {
  const t = text.trim();
  if (/^[A-Za-z]/.test(t)) {
    const path = numberParam(t, params);
    return path === undefined ? undefined : { kind: 'param', path };
  }
  const value = typedNumber(t, percent);
  return value === undefined ? undefined : { kind: 'number', value };
}
