/**
 * Seeded random JsonLogic rules and data for the differential test against json-logic-js.
 * Covers every standard operator (but `method`), nesting, item scopes, the unary form
 * (`{"!": x}`), and awkward values: NaN-producing strings, "0", [], null, -0, numeric strings,
 * booleans, nested objects and arrays. Var paths mostly exist in the data.
 */

import { seededRandom as prng } from '../../plugin/random.js';

export { prng };

const KEYS = ['a', 'b', 'c', 'x', 'y', 'n', 's', 'arr', 'obj', 'list', '0', '1', 'deep'];
const NUMBERS = [0, 1, -1, 2, 3, 3.5, -0, 0.1, 0.2, 0.7, 10, 100, -2.5, 1e21, 0.5, 7];
const STRINGS = ['', '0', '1', '2', 'abc', '12abc', ' 3 ', '-5', '1e3', '0x10', 'Infinity', 'a.b', 'true',
  'null', 'a', 'b', 'x', 'apple', '1,2', '3.5', '-0', 'NaN'];
const OPERATORS = [
  'var', 'missing', 'missing_some', 'if', '?:', 'and', 'or', '==', '===', '!=', '!==', '<', '<=', '>',
  '>=', '!', '!!', '+', '-', '*', '/', '%', 'min', 'max', 'cat', 'substr', 'in', 'merge', 'map', 'filter',
  'reduce', 'all', 'some', 'none', 'log',
] as const;
export const GENERATED_OPERATORS: readonly string[] = OPERATORS;

export class Generator {
  constructor(private readonly random: () => number) {}

  int(n: number): number { return Math.floor(this.random() * n); }
  chance(p: number): boolean { return this.random() < p; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }

  primitive(): unknown {
    switch (this.int(6)) {
      case 0: case 1: return this.pick(NUMBERS);
      case 2: case 3: return this.pick(STRINGS);
      case 4: return this.chance(0.5);
      default: return this.chance(0.9) ? null : undefined;
    }
  }

  value(depth: number): unknown {
    if (depth <= 0 || this.chance(0.6)) return this.primitive();
    if (this.chance(0.5)) return Array.from({ length: this.int(5) }, () => this.value(depth - 1));
    const o: Record<string, unknown> = {};
    for (let i = this.int(4); i >= 0; i--) o[this.pick(KEYS)] = this.value(depth - 1);
    return o;
  }

  /** Mostly a record-like object; sometimes an array, a primitive, null or nothing. */
  data(): unknown {
    if (this.chance(0.1)) return this.value(2);
    const o: Record<string, unknown> = {};
    for (let i = 2 + this.int(6); i > 0; i--) o[this.pick(KEYS)] = this.value(3);
    if (this.chance(0.5)) o.list = Array.from({ length: this.int(6) }, () => (this.chance(0.7) ? this.pick(NUMBERS) : this.value(1)));
    return o;
  }

  /** A dotted path that exists in `data` most of the time. */
  path(data: unknown): unknown {
    const known = existingPaths(data);
    if (known.length > 0 && this.chance(0.75)) return this.pick(known);
    switch (this.int(5)) {
      case 0: return '';
      case 1: return this.int(3);
      case 2: return `${this.pick(KEYS)}.${this.pick(KEYS)}`;
      case 3: return null;
      default: return this.pick(KEYS);
    }
  }

  literal(): unknown {
    if (this.chance(0.15)) return Array.from({ length: this.int(4) }, () => this.primitive());
    if (this.chance(0.03)) return this.chance(0.5) ? {} : { a: 1, b: [2] };
    return this.primitive();
  }

  /** An operand: a literal, a var, or (while depth lasts) another operator. */
  operand(depth: number, scope: unknown): unknown {
    const r = this.random();
    if (depth <= 0 || r < 0.3) return this.literal();
    if (r < 0.55) return this.varRule(depth, scope);
    return this.rule(depth - 1, scope);
  }

  varRule(depth: number, scope: unknown): unknown {
    const p = this.path(scope);
    switch (this.int(6)) {
      case 0: return { var: [p, this.literal()] };
      case 1: return { var: [p] };
      case 2: return depth > 1 && this.chance(0.3) ? { var: [{ cat: [this.pick(KEYS)] }] } : { var: p };
      default: return { var: p };
    }
  }

  args(n: number, depth: number, scope: unknown): unknown[] {
    return Array.from({ length: n }, () => this.operand(depth, scope));
  }

  /** An array-valued operand for the scoped operators, with what its items look like. */
  arrayOperand(depth: number, scope: unknown): { logic: unknown; item: unknown } {
    const known = existingPaths(scope).filter((p) => Array.isArray(readPath(scope, p)));
    const r = this.random();
    if (known.length > 0 && r < 0.5) {
      const p = this.pick(known);
      const items = readPath(scope, p) as unknown[];
      return { logic: { var: p }, item: items.length > 0 ? this.pick(items) : undefined };
    }
    if (r < 0.8) {
      const items = Array.from({ length: this.int(5) }, () => (this.chance(0.6) ? this.pick(NUMBERS) : inert(this.value(1))));
      return { logic: items, item: items[0] };
    }
    return { logic: this.operand(depth, scope), item: undefined };
  }

  keysOf(scope: unknown): unknown[] {
    return Array.from({ length: this.int(4) }, () => (this.chance(0.8) ? this.path(scope) : [this.path(scope), this.primitive()]));
  }

  rule(depth: number, scope: unknown): unknown {
    const op = this.pick(OPERATORS);
    const d = depth;
    switch (op) {
      case 'var': return this.varRule(d, scope);
      case 'missing': {
        const keys = this.keysOf(scope);
        if (this.chance(0.2)) return { missing: [{ var: this.path(scope) }] };
        return { missing: this.chance(0.3) ? [keys] : keys };
      }
      case 'missing_some': {
        const options = this.chance(0.85) ? this.keysOf(scope) : this.operand(d, scope);
        return { missing_some: this.chance(0.1) ? [this.int(3)] : [this.int(4), options] };
      }
      case 'if': case '?:': return { [op]: this.args(this.int(7), d, scope) };
      case 'and': case 'or': return { [op]: this.args(this.int(5), d, scope) };
      case '!': case '!!': case 'log':
        return { [op]: this.chance(0.3) ? this.operand(d, scope) : this.args(this.chance(0.9) ? 1 : this.int(3), d, scope) };
      case '<': case '<=': return { [op]: this.args(this.chance(0.7) ? 2 : this.int(5), d, scope) };
      case '==': case '===': case '!=': case '!==': case '>': case '>=': case '%': case '/': case 'in':
        return { [op]: this.args(this.chance(0.85) ? 2 : this.int(4), d, scope) };
      case '-': return { [op]: this.args(this.chance(0.7) ? 2 : this.int(4), d, scope) };
      case '+': case '*': case 'min': case 'max': case 'cat': case 'merge':
        return { [op]: this.chance(0.1) ? this.operand(d, scope) : this.args(this.int(5), d, scope) };
      case 'substr': {
        const n = this.pick([1, 2, 2, 3, 3, 3]);
        const text = this.chance(0.6) ? this.pick(STRINGS.concat(['jsonlogic', 'hello world'])) : this.operand(d, scope);
        const nums = () => (this.chance(0.7) ? this.int(13) - 6 : this.operand(d, scope));
        return { substr: [text, ...Array.from({ length: n - 1 }, nums)] };
      }
      case 'reduce': {
        const { logic, item } = this.arrayOperand(d, scope);
        const inner = { current: item, accumulator: this.primitive() };
        const body = this.chance(0.5)
          ? { [this.pick(['+', '*', 'cat', 'max', 'merge'])]: [{ var: 'accumulator' }, { var: this.chance(0.7) ? 'current' : this.path(inner) }] }
          : this.rule(Math.max(0, d - 1), inner);
        return { reduce: this.chance(0.8) ? [logic, body, this.literal()] : [logic, body] };
      }
      default: {
        // map, filter, all, some, none: the logic runs with one item as its data.
        const { logic, item } = this.arrayOperand(d, scope);
        const body = this.chance(0.3) ? { [this.pick(['>', '<', '==', '!', '%'])]: [{ var: '' }, this.pick(NUMBERS)] } : this.operand(Math.max(0, d - 1), item);
        return { [op]: this.chance(0.05) ? [logic] : [logic, body] };
      }
    }
  }
}

/**
 * A value safe to place inside logic: a one-key object there is an operator, and an unknown
 * one (refused at compile time by us, only when reached by json-logic-js) is not what the
 * differential test compares. Such objects get a second key.
 */
function inert(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(inert);
  if (typeof v !== 'object' || v === null) return v;
  const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inert(x)]));
  return Object.keys(o).length === 1 ? { ...o, z: 0 } : o;
}

/** Every dotted path that reaches a value in `data` (objects and arrays, a few levels deep). */
export function existingPaths(data: unknown, prefix = '', depth = 3): string[] {
  if (depth === 0 || typeof data !== 'object' || data === null) return [];
  const out: string[] = [];
  for (const key of Object.keys(data)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.push(path, ...existingPaths((data as Record<string, unknown>)[key], path, depth - 1));
  }
  return out;
}

function readPath(data: unknown, path: string): unknown {
  let cur = data;
  for (const key of path.split('.')) cur = (cur as Record<string, unknown> | null | undefined)?.[key];
  return cur;
}
