/**
 * Seeded random typed rules and rows for the SQL differential test: numbers (nullable, integer,
 * bounded by the declared ranges), text (numeric-looking too), booleans, and the operators the
 * compiler knows, nested a few levels. Ill-typed mixes are generated too: they must be refused.
 */
import fc from 'fast-check';
import type { SqlInput } from '../../plugin/index.js';

export const ROW_INPUTS: Record<string, SqlInput> = {
  a: { type: 'number', nullable: true },
  b: { type: 'number' },
  c: { type: 'integer' },
  s: { type: 'string', nullable: true },
  t: { type: 'string' },
  f: { type: 'boolean', nullable: true },
};

const NUMBERS = [0, -0, 1, -1, 0.1, 0.2, 0.3, 0.7, 0.75, 0.9, 1.005, 2.5, -2.5, 123.45, 90000.9, 100001, 1e15, -1e15, 1e-9, 999999999999999.9, 0.30000000000000004];
const INTEGERS = [0, 1, -1, 3, -7, 7, 100, 2 ** 53, -(2 ** 53), 1234567];
const TEXTS = ['', '0', '1', '1.0', 'abc', 'green', ' 1', 'A', 'a'];

export const rowsArbitrary = fc.array(fc.record({
  a: fc.oneof(fc.constant(null), fc.constantFrom(...NUMBERS)),
  b: fc.constantFrom(...NUMBERS),
  c: fc.constantFrom(...INTEGERS),
  s: fc.oneof(fc.constant(null), fc.constantFrom(...TEXTS)),
  t: fc.constantFrom(...TEXTS),
  f: fc.constantFrom(null, true, false),
}), { minLength: 40, maxLength: 40 });

/**
 * The same names over whole-number columns (INTEGER, BIGINT: `sqlInteger`), where comparisons
 * and + - * within 2^53 are written on the integers: values at INTEGER's edges, so a sum or a
 * product that leaves INTEGER must be widened, and one that may pass 2^53 falls back to doubles.
 */
export const WHOLE_INPUTS: Record<string, SqlInput> = {
  ...ROW_INPUTS,
  a: { type: 'integer', nullable: true, sqlInteger: 'INTEGER' },
  b: { type: 'number', sqlInteger: 'INTEGER' },
  c: { type: 'integer', sqlInteger: 'BIGINT' },
};
const INT32_EDGES = [0, 1, -1, 7, -3, 100, 2 ** 31 - 1, -(2 ** 31), 2 ** 30];
export const wholeRowsArbitrary = fc.array(fc.record({
  a: fc.oneof(fc.constant(null), fc.constantFrom(...INT32_EDGES)),
  b: fc.constantFrom(0, 1, -1, 2, 9, 10, -10, 1_000_000, 2 ** 31 - 1, -(2 ** 31)),
  c: fc.constantFrom(...INTEGERS),
  s: fc.oneof(fc.constant(null), fc.constantFrom(...TEXTS)),
  t: fc.constantFrom(...TEXTS),
  f: fc.constantFrom(null, true, false),
}), { minLength: 40, maxLength: 40 });

const LITERALS = [0, 1, -1, 2, 0.1, 0.2, 0.5, 0.7, 0.9, 1.2, 100, 1e6, 90000.9, 100001, 0.05];

type Rule = unknown;

const { num, bool, str } = fc.letrec<{ num: Rule; bool: Rule; str: Rule }>((tie) => {
  const num = tie('num'), bool = tie('bool'), str = tie('str');
  const leafNum = fc.oneof(
    fc.constantFrom({ var: 'a' }, { var: 'b' }, { var: 'c' }, { var: ['b'] }),
    fc.constantFrom(...LITERALS),
  );
  const sorted = fc.tuple(fc.constantFrom(...LITERALS, -1, 0), fc.constantFrom(...LITERALS, 0)).map(([x, y]) => (x <= y ? [x, y] : [y, x]));
  return {
    num: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leafNum,
      fc.array(num, { minLength: 1, maxLength: 3 }).map((xs) => ({ '+': xs })),
      fc.array(num, { minLength: 1, maxLength: 2 }).map((xs) => ({ '-': xs })),
      fc.array(num, { minLength: 1, maxLength: 3 }).map((xs) => ({ '*': xs })),
      fc.tuple(num, num).map((xs) => ({ '/': xs })),
      fc.tuple(fc.constantFrom({ var: 'c' }, 3, -2, 0), fc.constantFrom({ var: 'c' }, 3, -2, 0, 7)).map((xs) => ({ '%': xs })),
      fc.tuple(fc.constantFrom('min', 'max'), fc.array(num, { minLength: 1, maxLength: 3 })).map(([op, xs]) => ({ [op]: xs })),
      fc.tuple(num, num, fc.oneof(num, fc.constant(null))).map((xs) => ({ ratio: xs })),
      fc.tuple(num, sorted).map(([x, [lo, hi]]) => ({ clamp: [x, lo, hi] })),
      fc.tuple(num, fc.integer({ min: -2, max: 4 })).map(([x, k]) => ({ round: [x, k] })),
      fc.tuple(bool, num, num).map((xs) => ({ if: xs })),
      fc.tuple(num, num).map((xs) => ({ or: xs })),
      fc.tuple(num, num).map((xs) => ({ and: xs })),
      // ill-typed: arithmetic on text
      fc.tuple(str, num).map((xs) => ({ '+': xs })),
    ),
    bool: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom({ var: 'f' }, true, false),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>='), num, num).map(([op, x, y]) => ({ [op]: [x, y] })),
      fc.tuple(fc.constantFrom('<', '<='), num, num, num).map(([op, x, y, z]) => ({ [op]: [x, y, z] })),
      fc.tuple(fc.constantFrom('==', '!=', '===', '!=='), num, num).map(([op, x, y]) => ({ [op]: [x, y] })),
      fc.tuple(fc.constantFrom('==', '!=', '===', '!=='), str, str).map(([op, x, y]) => ({ [op]: [x, y] })),
      fc.tuple(fc.constantFrom('==', '==='), fc.oneof(num, str), fc.constant(null)).map(([op, x, y]) => ({ [op]: [x, y] })),
      fc.tuple(fc.constantFrom('!', '!!'), fc.oneof(num, str, bool)).map(([op, x]) => ({ [op]: [x] })),
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(bool, { minLength: 1, maxLength: 3 })).map(([op, xs]) => ({ [op]: xs })),
      // missing, where only its truthiness is used
      fc.tuple(fc.constantFrom('!', '!!'), fc.subarray(['a', 'b', 'c', 's', 't', 'f'], { minLength: 1 }), fc.boolean())
        .map(([op, names, wrapped]) => ({ [op]: { missing: wrapped ? [names] : names } })),
      fc.tuple(fc.subarray(['a', 's', 'f'], { minLength: 1 }), bool, bool).map(([names, x, y]) => ({ if: [{ missing: names }, x, y] })),
      // ill-typed: == across types, ordering text
      fc.tuple(num, str).map((xs) => ({ '==': xs })),
      fc.tuple(str, str).map((xs) => ({ '<': xs })),
    ),
    str: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom({ var: 's' }, { var: 't' }),
      fc.constantFrom(...TEXTS),
      fc.tuple(bool, str, str).map((xs) => ({ if: xs })),
      fc.tuple(str, str).map((xs) => ({ or: xs })),
    ),
  };
});

export const randomRule = fc.oneof(num, bool, str);
/** A condition: what a rule branches on (label codes' conditions). */
export const randomCondition = bool;

/**
 * Rules of whole numbers only (the columns above, whole literals, + - *, comparisons): where the
 * integer forms are written, and where a missing widening would overflow INTEGER.
 */
const wholeNum = fc.letrec<{ n: Rule }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom({ var: 'a' }, { var: 'b' }, { var: 'c' }, 0, 1, -1, 3, 10, 2 ** 31 - 1),
    fc.tuple(fc.constantFrom('+', '-', '*'), tie('n'), tie('n')).map(([op, x, y]) => ({ [op]: [x, y] })),
    tie('n').map((x) => ({ '-': [x] })),
  ),
})).n;
export const wholeRule = fc.oneof(
  fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), wholeNum, wholeNum).map(([op, x, y]) => ({ [op]: [x, y] })),
  fc.tuple(fc.constantFrom('!', '!!'), wholeNum).map(([op, x]) => ({ [op]: [x] })),
  fc.tuple(wholeNum, wholeNum, wholeNum).map(([x, y, z]) => ({ if: [{ '<': [x, y] }, z, 0] })),
);
