/**
 * Text: `cat`, `substr`, `in`. `cat` joins like Array.prototype.join('') (null is '', an
 * array is its comma join) and is capped at `maxResultLength`; `substr` takes negative
 * start and length like PHP, as json-logic-js emulates it.
 */
import { build, charge } from '../budget.js';
import { prim, toStr } from '../coerce.js';
import { limitError, runtimeError } from '../errors.js';
import type { CompiledArg, Evaluate } from '../types.js';
import { arg, builtin, withExtras, type Builtin } from './define.js';

const CAT = { zh: 'cat 结果的长度', en: 'Length of the cat result' };

function cat(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const f = args.map((a) => a.evaluate);
  return (d) => {
    let s = '';
    for (let i = 0; i < f.length; i++) {
      const v = f[i]!(d);
      if (v !== null && v !== undefined) s += toStr(v, m, p);
      if (s.length > m) throw limitError(CAT, m, p);
    }
    build(s.length, p);
    return s;
  };
}

type Substr = (start: unknown, length?: unknown) => string;

function substr(source: unknown, start: unknown, end: unknown, m: number, p: string): string {
  const text = toStr(source, m, p);
  charge(text.length, p);
  const s = prim(start, m, p), e = prim(end, m, p);
  const cut = String.prototype.substr as Substr;
  if ((e as number) < 0) {
    const rest = cut.call(text, s);
    // `rest.length + e` is JavaScript's `+`: a string `e` concatenates, as in json-logic-js.
    return cut.call(rest, 0, rest.length + (e as number));
  }
  return cut.call(text, s, e);
}

/** `b.indexOf(a) !== -1` for a string or an array `b`; false for anything without indexOf. */
function contains(a: unknown, b: unknown, m: number, p: string): boolean {
  if (!b) return false;
  if (typeof b === 'string') {
    charge(b.length, p);
    return b.indexOf(prim(a, m, p) as string) !== -1;
  }
  if (Array.isArray(b)) {
    charge(b.length, p);
    return b.indexOf(a) !== -1;
  }
  if ((b as { indexOf?: unknown }).indexOf === undefined) return false;
  // json-logic-js would call the data's own `indexOf` here; a rule must never call into data.
  throw runtimeError({
    zh: '"in" 的第二个参数既不是字符串也不是数组，却带有 indexOf 属性',
    en: 'The second argument of "in" is neither a string nor an array but has an indexOf property',
  }, p);
}

export const stringOperators: Builtin[] = [
  builtin('cat', {
    pure: true,
    doc: {
      summary: {
        zh: '把参数连接成字符串（null 为空串，数组按逗号连接）；结果长度受 maxResultLength 限制。',
        en: 'Concatenate operands into a string (null is empty, an array joins with commas); capped at maxResultLength.',
      },
      examples: [
        { logic: { cat: ['I love', ' pie'] }, expect: 'I love pie' },
        { logic: { cat: ['达成率 ', { var: 'rate' }] }, data: { rate: 0.9 }, expect: '达成率 0.9' },
        { logic: { cat: [null, [1, 2]] }, expect: '1,2' },
      ],
    },
    compile: (args, { limits, pointer }) => cat(args, limits.maxResultLength, pointer),
  }),
  builtin('substr', {
    pure: true,
    doc: {
      summary: {
        zh: '子串：[文本, 起点, 长度]；起点为负从末尾数，长度为负表示去掉末尾几个字符。',
        en: 'Substring: [text, start, length]; a negative start counts from the end, a negative length drops that many characters from the end.',
      },
      examples: [
        { logic: { substr: ['jsonlogic', 4] }, expect: 'logic' },
        { logic: { substr: ['jsonlogic', -5] }, expect: 'logic' },
        { logic: { substr: ['jsonlogic', 1, -5] }, expect: 'son' },
      ],
    },
    compile: (args, { limits, pointer }) => {
      const S = arg(args, 0).evaluate, A = arg(args, 1).evaluate, B = arg(args, 2).evaluate;
      const m = limits.maxResultLength;
      return withExtras(args, 3, (d) => substr(S(d), A(d), B(d), m, pointer));
    },
  }),
  builtin('in', {
    pure: true,
    doc: {
      summary: {
        zh: '[x, 数组] 判断 x 是否在数组中（严格相等）；[x, 字符串] 判断是否为子串。',
        en: '[x, array] is x an element (strict equality); [x, string] is x a substring.',
      },
      examples: [
        { logic: { in: ['Ringo', ['John', 'Paul', 'George', 'Ringo']] }, expect: true },
        { logic: { in: ['Spring', 'Springfield'] }, expect: true },
        { logic: { in: [1, 5] }, expect: false },
      ],
    },
    compile: (args, { limits, pointer }) => {
      const A = arg(args, 0).evaluate, b = arg(args, 1), m = limits.maxResultLength;
      if (b.constant) {
        // A constant list is only read, never handed out: no need to copy it per run.
        const list = b.value;
        return withExtras(args, 2, (d) => contains(A(d), list, m, pointer));
      }
      const B = b.evaluate;
      return withExtras(args, 2, (d) => contains(A(d), B(d), m, pointer));
    },
  }),
];
