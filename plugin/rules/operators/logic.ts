/**
 * Control flow and truthiness: `if` / `?:`, `and`, `or`, `!`, `!!`. The first three are lazy
 * (only the branch taken is evaluated) and `and`/`or` return the deciding value, not a
 * boolean, as json-logic-js does. Constant conditions are decided at compile time.
 */
import { truthy } from '../coerce.js';
import type { CompiledArg, Evaluate } from '../types.js';
import { arg, builtin, shareable, withExtras, type Builtin } from './define.js';

/** Drop `if` pairs whose condition is a constant: false ones vanish, a true one ends the chain. */
function prune(args: readonly CompiledArg[]): CompiledArg[] {
  const out: CompiledArg[] = [];
  let i = 0;
  for (; i < args.length - 1; i += 2) {
    const cond = args[i]!;
    if (!cond.constant) { out.push(cond, args[i + 1]!); continue; }
    if (truthy(cond.value)) { out.push(args[i + 1]!); return out; }
  }
  if (i === args.length - 1) out.push(args[i]!);
  return out;
}

/** `c ? t : e`, reading constant branches directly instead of calling them. */
function ifElse([cond, then, otherwise]: readonly CompiledArg[]): Evaluate {
  const c = cond!.evaluate, t = then!.evaluate, e = otherwise!.evaluate;
  const tv = then!.value, ev = otherwise!.value;
  if (shareable(then!) && shareable(otherwise!)) return (d) => (truthy(c(d)) ? tv : ev);
  if (shareable(otherwise!)) return (d) => (truthy(c(d)) ? t(d) : ev);
  if (shareable(then!)) return (d) => (truthy(c(d)) ? tv : e(d));
  return (d) => (truthy(c(d)) ? t(d) : e(d));
}

function compileIf(all: readonly CompiledArg[]): Evaluate {
  const args = prune(all);
  const f = args.map((a) => a.evaluate);
  switch (f.length) {
    case 0: return () => null;
    case 1: return f[0]!;
    case 2: { const c = f[0]!, t = f[1]!; return (d) => (truthy(c(d)) ? t(d) : null); }
    case 3: return ifElse(args);
    case 5: {
      const c1 = f[0]!, t1 = f[1]!, c2 = f[2]!, t2 = f[3]!, e = f[4]!;
      if (shareable(args[1]!) && shareable(args[3]!) && shareable(args[4]!)) {
        // A traffic light: two conditions choosing between three constants.
        const v1 = args[1]!.value, v2 = args[3]!.value, v3 = args[4]!.value;
        return (d) => (truthy(c1(d)) ? v1 : truthy(c2(d)) ? v2 : v3);
      }
      return (d) => (truthy(c1(d)) ? t1(d) : truthy(c2(d)) ? t2(d) : e(d));
    }
    default: {
      const n = f.length;
      return (d) => {
        let i = 0;
        for (; i < n - 1; i += 2) if (truthy(f[i]!(d))) return f[i + 1]!(d);
        return i === n - 1 ? f[i]!(d) : null;
      };
    }
  }
}

const ifDoc = {
  summary: {
    zh: '条件分支：[条件1, 结果1, 条件2, 结果2, ..., 否则]，只计算选中的分支；没有否则分支时为 null。',
    en: 'Branches: [cond1, then1, cond2, then2, ..., else]; only the chosen branch is evaluated; null when nothing matches and there is no else.',
  },
  examples: [
    { logic: { if: [true, 'yes', 'no'] }, expect: 'yes' },
    {
      logic: { if: [{ '>=': [{ var: 'rate' }, 0.9] }, 'green', { '>=': [{ var: 'rate' }, 0.7] }, 'yellow', 'red'] },
      data: { rate: 0.75 },
      expect: 'yellow',
    },
    { logic: { if: [false, 'no'] }, expect: null },
  ],
};

export const logicOperators: Builtin[] = [
  builtin('if', { pure: true, doc: ifDoc, compile: compileIf }),
  builtin('?:', {
    pure: true,
    doc: {
      summary: { zh: '三元运算，与 if 相同。', en: 'Ternary; the same as if.' },
      examples: [{ logic: { '?:': [{ '<': [1, 2] }, 'small', 'large'] }, expect: 'small' }],
    },
    compile: compileIf,
  }),
  builtin('and', {
    pure: true,
    doc: {
      summary: {
        zh: '逻辑与：返回第一个假值（[] 为假，"0" 为真），都为真时返回最后一个值；不计算其后的参数。',
        en: 'Logical and: returns the first falsy value ([] is falsy, "0" truthy), else the last value; stops evaluating there.',
      },
      examples: [
        { logic: { and: [true, 'a', 3] }, expect: 3 },
        { logic: { and: [true, '', 3] }, expect: '' },
      ],
    },
    compile: (args) => {
      const f = args.map((a) => a.evaluate);
      if (f.length === 0) return () => undefined;
      if (f.length === 1) return f[0]!;
      if (f.length === 2) {
        const a = f[0]!, b = f[1]!;
        return (d) => { const x = a(d); return truthy(x) ? b(d) : x; };
      }
      return (d) => {
        let x: unknown;
        for (let i = 0; i < f.length; i++) { x = f[i]!(d); if (!truthy(x)) return x; }
        return x;
      };
    },
  }),
  builtin('or', {
    pure: true,
    doc: {
      summary: {
        zh: '逻辑或：返回第一个真值，都为假时返回最后一个值；不计算其后的参数。',
        en: 'Logical or: returns the first truthy value, else the last value; stops evaluating there.',
      },
      examples: [
        { logic: { or: [false, 0, 'a'] }, expect: 'a' },
        { logic: { or: [false, []] }, expect: [] },
      ],
    },
    compile: (args) => {
      const f = args.map((a) => a.evaluate);
      if (f.length === 0) return () => undefined;
      if (f.length === 1) return f[0]!;
      if (f.length === 2) {
        const a = f[0]!, b = f[1]!;
        return (d) => { const x = a(d); return truthy(x) ? x : b(d); };
      }
      return (d) => {
        let x: unknown;
        for (let i = 0; i < f.length; i++) { x = f[i]!(d); if (truthy(x)) return x; }
        return x;
      };
    },
  }),
  builtin('!', {
    pure: true,
    doc: {
      summary: { zh: '逻辑非（[] 为假）。', en: 'Logical not ([] is falsy).' },
      examples: [
        { logic: { '!': [true] }, expect: false },
        { logic: { '!': [[]] }, expect: true },
      ],
    },
    compile: (args) => {
      const a = arg(args, 0).evaluate;
      return withExtras(args, 1, (d) => !truthy(a(d)));
    },
  }),
  builtin('!!', {
    pure: true,
    doc: {
      summary: { zh: '转成布尔值（[] 为假，"0" 为真）。', en: 'Cast to boolean ([] is false, "0" is true).' },
      examples: [
        { logic: { '!!': ['0'] }, expect: true },
        { logic: { '!!': [[]] }, expect: false },
      ],
    },
    compile: (args) => {
      const a = arg(args, 0).evaluate;
      return withExtras(args, 1, (d) => truthy(a(d)));
    },
  }),
];
