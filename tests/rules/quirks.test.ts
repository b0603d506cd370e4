/**
 * Hand-picked json-logic-js quirks, too rare for the random generator to hit reliably,
 * compared against json-logic-js itself (so this file states inputs, never expectations),
 * and run through each specialised shape (constant sides, arities) of our operators.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../plugin/rules/index.js';
import { outcome, sameOutcome } from './equal.js';
import { jsonLogic } from './reference.js';

const x = { var: 'x' };
const cases: Array<[logic: unknown, data?: unknown]> = [
  // -0: parseFloat(-0) is 0 in + and *, but - and / and min keep it.
  [{ '*': [x, -1] }, { x: -0 }], [{ '*': [-1, x] }, { x: -0 }], [{ '*': [x, 0] }, { x: -5 }],
  [{ '*': [-1, 0, -5] }], [{ '*': [x, x, x] }, { x: -0 }], [{ '*': [x, x, x, x] }, { x: -0 }],
  [{ '+': [x] }, { x: -0 }], [{ '+': [x, x] }, { x: -0 }], [{ '+': [-0, -0, -0, -0] }],
  [{ '-': [null] }], [{ '-': [0] }], [{ '-': [x, 0] }, { x: -0 }], [{ '/': [-0, 5] }],
  [{ min: [0, x] }, { x: -0 }], [{ max: [x, 0] }, { x: -0 }],
  // parseFloat vs Number.
  [{ '+': ['12abc', 1] }], [{ '*': ['12abc', '2'] }], [{ '-': ['12abc', 1] }], [{ '*': ['7'] }],
  [{ '*': [[]] }], [{ '*': [] }], [{ '+': [] }], [{ '+': [' 3 ', '0x10', '1e3'] }], [{ '+': [[1, 2]] }],
  [{ '+': [true] }], [{ '-': [true, '2'] }], [{ '/': ['6', [2]] }], [{ '%': [[7], '4'] }],
  // `-` decides unary by the value of its second operand, not by arity.
  [{ '-': [5, x] }, {}], [{ '-': [] }],
  // Between with an undefined third operand, comparisons of strings and arrays.
  [{ '<': [1, 2, x] }, {}], [{ '<=': [1, 1, x] }, {}], [{ '<': ['10', '9'] }], [{ '<': ['10', 9] }],
  [{ '>': [[10], 9] }], [{ '>=': [[], 0] }], [{ '<': [[1, 2], '1,3'] }], [{ '<=': [null, 0] }],
  [{ '<': [1, 2, 3, 0] }], [{ '>': [3, 2, 5] }],
  // Loose equality with arrays, null, booleans; strict equality of literal arrays.
  [{ '==': [[], false] }], [{ '==': [[1], 1] }], [{ '==': [[1, 2], '1,2'] }], [{ '==': [null, x] }, {}],
  [{ '==': [[], null] }], [{ '==': [0, ''] }], [{ '==': ['0', false] }], [{ '===': [[1], [1]] }],
  [{ '!=': [[1], '1'] }], [{ '!==': [x, null] }, {}], [{ '==': [{}, '[object Object]'] }],
  [{ '==': [1] }], [{ '==': [] }],
  // Truthiness.
  [{ '!': [[]] }], [{ '!!': ['0'] }], [{ '!!': [[0]] }], [{ '!': {} }], [{ '!': [] }], [{ '!!': [NaN] }],
  [{ and: [] }], [{ or: [] }], [{ and: [1, [], 2] }], [{ or: [0, '', []] }], [{ if: [] }], [{ if: [[], 1] }],
  [{ if: ['0', 1, 2] }], [{ if: [false, 1, false, 2] }], [{ if: [false, 1, true, 2, 3] }], [{ if: [x] }, { x: 4 }],
  // var: defaults, null values, numeric keys, "", strings, whole data.
  [{ var: 'a' }, { a: null }], [{ var: ['a', 5] }, { a: null }], [{ var: ['a.b', 5] }, { a: null }],
  [{ var: ['', 5] }], [{ var: [null] }, 3], [{ var: [] }, 'abc'], [{ var: 'length' }, 'abc'],
  [{ var: '1' }, 'abc'], [{ var: 5 }, 'abc'], [{ var: 1 }, ['a', 'b']], [{ var: '01' }, ['a', 'b']],
  [{ var: 'length' }, [1, 2, 3]], [{ var: 'a.length' }, { a: [1] }], [{ var: 'a' }, 0], [{ var: 'a' }, null],
  [{ var: 'a' }, false], [{ var: '' }, 0], [{ var: '' }, false], [{ var: '' }, ''], [{ var: 1.5 }, { 1: { 5: 'x' } }],
  [{ var: true }, { true: 1 }], [{ var: [['a']] }, { a: 2 }], [{ var: [[]] }, { '': 3 }], [{ var: 'a' }],
  [{ var: ['a', [1, 2]] }, {}], [{ var: [x] }, { x: 'x' }],
  // missing / missing_some.
  [{ missing: ['a', 'b'] }, { a: '' }], [{ missing: [['a', 'b'], 'c'] }, {}], [{ missing: [] }, {}],
  [{ missing: [''] }, null], [{ missing: [null] }, ''], [{ missing: [1] }, ['a', '']], [{ missing: ['a'] }],
  [{ missing: [['a', 'dflt']] }, {}], [{ missing: [[['a', null]]] }, {}], [{ missing: 'a' }, {}],
  [{ missing_some: [1, ['a', 'b']] }, { a: 1 }], [{ missing_some: [1] }, {}], [{ missing_some: [0, null] }, {}],
  [{ missing_some: [1, 'a'] }, {}], [{ missing_some: [1, 'ab'] }, {}], [{ missing_some: [1, 5] }, {}],
  [{ missing_some: ['1', [['a', 'b']]] }, { b: 1 }], [{ missing_some: [[1], ['a']] }, {}],
  // in, cat, substr.
  [{ in: [1, 5] }], [{ in: ['a', null] }], [{ in: [x, 'undefined'] }, {}], [{ in: [[1], [[1]]] }],
  [{ in: [['b'], 'abc'] }], [{ in: [NaN, [NaN]] }], [{ in: ['1', [1]] }], [{ in: ['', ''] }],
  [{ cat: [] }], [{ cat: [null, undefined, [null], [1, [2, [3]]], -0, NaN, true, {}] }],
  [{ substr: ['hello', 1, '-1'] }], [{ substr: ['hello', -3] }], [{ substr: ['hello', -3, -1] }],
  [{ substr: ['hello', '2', [2]] }], [{ substr: [12345, 1, 2] }], [{ substr: [[1, 2, 3], 2] }],
  [{ substr: ['hello', x, -1] }, {}], [{ substr: [null, 0] }], [{ substr: ['hello', 1, 0] }],
  // merge and the scoped operators on odd inputs.
  [{ merge: [] }], [{ merge: [null, [null], [[1]]] }], [{ merge: 'a' }],
  [{ map: [x, { var: '' }] }, { x: [0, null, false, ''] }], [{ map: [x] }, { x: [1, 2] }],
  [{ filter: [x] }, { x: [1, 2] }], [{ filter: [x, { var: '' }] }, { x: [0, [], '0', [0]] }],
  [{ reduce: [x, { var: 'accumulator' }] }, { x: [1] }], [{ reduce: [x, { var: 'current' }] }, { x: [] }],
  [{ reduce: [5, 1, 2] }], [{ reduce: [[1, 2], { '+': [{ var: 'accumulator' }, { var: 'current' }] }, x] }, {}],
  [{ all: [[], 1] }], [{ all: [[0], { var: '' }] }], [{ all: [[1]] }], [{ none: [[]] }], [{ none: [[1]] }],
  [{ some: [[1]] }], [{ some: [5, true] }], [{ none: ['ab', true] }],
  [{ map: [[1, 2], [{ var: '' }, 'k']] }], [{ map: [{ merge: [[1], 2] }, { '*': [{ var: '' }, 2] }] }],
  // Arrays of logic, literal objects, min/max.
  [[x, 1, [x]], { x: 2 }], [{ a: 1, b: 2 }], [{}], [{ min: [] }], [{ max: ['3', [4], null] }], [{ min: [[1, 2]] }],
  [{ log: [1, 2] }], [{ log: [] }],
];

describe('json-logic-js quirks', () => {
  const engine = createEngine();
  // json-logic-js prints `log` operands with console.log.
  beforeAll(() => { vi.spyOn(console, 'log').mockImplementation(() => undefined); });
  afterAll(() => { vi.restoreAllMocks(); });
  it.each(cases.map((c, i) => [i, JSON.stringify(c[0]), c] as const))('#%i %s', (_, __, [logic, data]) => {
    const expected = outcome(() => jsonLogic.apply(logic, data));
    const actual = outcome(() => engine.apply(logic, data));
    expect(sameOutcome(expected, actual), JSON.stringify({ expected, actual })).toBe(true);
  });
});
