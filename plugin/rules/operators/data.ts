/**
 * Reading data: `var`, `missing`, `missing_some`. Paths are dotted ("a.b.0"); numbers are
 * paths too; "" (or null, or no argument) is the whole data. Reads go through the safe
 * lookup (own properties, no functions, no `__proto__`/`constructor`/`prototype`).
 */
import { charge } from '../budget.js';
import { prim, toStr } from '../coerce.js';
import { isLogic } from '../compile.js';
import { runtimeError } from '../errors.js';
import { pathSteps, readPath, readStep } from '../lookup.js';
import type { CompiledArg, Evaluate } from '../types.js';
import { arg, builtin, shareable, withExtras, type Builtin } from './define.js';
import { keyReader } from './key-readers.js';

/** `{"var": [path, fallback]}` for a path only known at run time. */
function readVar(d: unknown, path: unknown, fallback: unknown, m: number, p: string): unknown {
  const nf = fallback === undefined ? null : fallback;
  if (path === undefined || path === '' || path === null) return typeof d === 'function' ? nf : d;
  const text = toStr(path, m, p);
  charge(text.length, p);
  const v = readPath(d, pathSteps(text));
  return v === undefined ? nf : v;
}

function compileVar(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const a = arg(args, 0), b = arg(args, 1);
  if (!a.constant) {
    const A = a.evaluate, B = b.evaluate;
    return withExtras(args, 2, (d) => readVar(d, A(d), B(d), m, p));
  }
  if (!shareable(b)) {
    const path = a.value, B = b.evaluate;
    return withExtras(args, 2, (d) => readVar(d, path, B(d), m, p));
  }
  const nf = b.value === undefined ? null : b.value;
  const path = a.value;
  if (path === undefined || path === '' || path === null) {
    return withExtras(args, 2, (d) => (typeof d === 'function' ? nf : d));
  }
  const steps = pathSteps(toStr(path, m, p));
  const first = steps[0]!;
  if (steps.length === 1 && first.index < 0 && !first.forbidden) {
    return withExtras(args, 2, keyReader(first.key, nf));
  }
  if (steps.length === 2) {
    const second = steps[1]!;
    return withExtras(args, 2, (d) => {
      const v = readStep(readStep(d, first), second);
      return v === undefined ? nf : v;
    });
  }
  return withExtras(args, 2, (d) => {
    const v = readPath(d, steps);
    return v === undefined ? nf : v;
  });
}

/**
 * Would json-logic-js run this value as logic if it were handed to `apply` again? Read without
 * recursion and charged to the budget: a key may be an array nested thousands deep, or
 * `[acc, acc]` doubled sixty times (2^60 items in sixty arrays).
 */
function holdsLogic(v: unknown, p: string): boolean {
  if (!Array.isArray(v)) return isLogic(v);
  const pending: unknown[] = [v];
  while (pending.length > 0) {
    const x = pending.pop();
    if (!Array.isArray(x)) {
      if (isLogic(x)) return true;
      continue;
    }
    charge(x.length, p);
    for (let i = x.length - 1; i >= 0; i--) pending.push(x[i]);
  }
  return false;
}

const DATA_AS_LOGIC = {
  zh: 'missing 的键来自数据且是一个单键对象：json-logic-js 会把它当规则执行，这里拒绝',
  en: 'a key given to missing is a one-key object from the data: json-logic-js would run it as logic; refused',
};

/**
 * json-logic-js checks each key with `apply({"var": key})`, so an array key is `[path,
 * fallback]` for var. A key that is itself logic would be executed: we refuse instead.
 */
function missingKeys(values: readonly unknown[], d: unknown, m: number, p: string): unknown[] {
  const keys = Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  charge(keys.length, p);
  const out: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (holdsLogic(key, p)) throw runtimeError(DATA_AS_LOGIC, p);
    const v = Array.isArray(key) ? readVar(d, key[0], key[1], m, p) : readVar(d, key, undefined, m, p);
    if (v === null || v === '') out.push(key);
  }
  return out;
}

function missingSome(need: unknown, options: unknown, d: unknown, m: number, p: string): unknown[] {
  if (options === null || options === undefined) {
    throw runtimeError({
      zh: 'missing_some 的第二个参数必须是键的数组',
      en: 'The second argument of missing_some must be an array of keys',
    }, p);
  }
  if (holdsLogic(options, p)) throw runtimeError(DATA_AS_LOGIC, p);
  const missing = missingKeys(Array.isArray(options) ? options : [options], d, m, p);
  const given = (options as { length?: unknown }).length as number;
  return given - missing.length >= (prim(need, m, p) as number) ? [] : missing;
}

export const dataOperators: Builtin[] = [
  builtin('var', {
    doc: {
      summary: {
        zh: '读取数据："a.b.0" 式的点路径（数字也是路径），第二个参数为缺省值（默认 null）；"" 表示整条数据。只读自有属性，函数、__proto__、constructor、prototype 一律视为不存在。',
        en: 'Read data by dotted path ("a.b.0"; numbers are paths too), with an optional fallback (default null); "" is the whole data. Own properties only: functions, __proto__, constructor and prototype read as missing.',
      },
      examples: [
        { logic: { var: 'a' }, data: { a: 1 }, expect: 1 },
        { logic: { var: 'champ.name' }, data: { champ: { name: 'Fezzig' } }, expect: 'Fezzig' },
        { logic: { var: ['z', 26] }, data: { a: 1 }, expect: 26 },
        { logic: { var: 1 }, data: ['zero', 'one'], expect: 'one' },
        {
          logic: { var: 'constructor.constructor' },
          data: {},
          expect: null,
          differsFromJsonLogicJs: {
            zh: 'json-logic-js 沿原型链读到 Function 构造函数',
            en: 'json-logic-js walks the prototype chain to the Function constructor',
          },
        },
      ],
    },
    compile: (args, { limits, pointer }) => compileVar(args, limits.maxResultLength, pointer),
  }),
  builtin('missing', {
    doc: {
      summary: {
        zh: '返回数据中缺失（不存在、null 或 ""）的键组成的数组；也接受一个键数组作为唯一参数。',
        en: 'The keys that are missing from the data (absent, null or ""); also takes one array of keys.',
      },
      examples: [
        { logic: { missing: ['a', 'b'] }, data: { a: 'apple', c: 'carrot' }, expect: ['b'] },
        { logic: { missing: [['a', 'b.c']] }, data: { a: '', b: { c: 1 } }, expect: ['a'] },
      ],
    },
    compile: (args, { limits, pointer }) => {
      const m = limits.maxResultLength;
      const f = args.map((x) => x.evaluate);
      return (d) => missingKeys(f.map((g) => g(d)), d, m, pointer);
    },
  }),
  builtin('missing_some', {
    doc: {
      summary: {
        zh: '[至少需要的个数, [键...]]：存在的键够数时返回 []，否则返回缺失的键。',
        en: '[how many are needed, [keys...]]: [] when enough keys are present, else the missing keys.',
      },
      examples: [
        { logic: { missing_some: [1, ['a', 'b', 'c']] }, data: { a: 'apple' }, expect: [] },
        { logic: { missing_some: [2, ['a', 'b', 'c']] }, data: { a: 'apple' }, expect: ['b', 'c'] },
      ],
    },
    compile: (args, { limits, pointer }) => {
      const m = limits.maxResultLength;
      const N = arg(args, 0).evaluate, O = arg(args, 1).evaluate;
      return withExtras(args, 2, (d) => missingSome(N(d), O(d), d, m, pointer));
    },
  }),
];
