/**
 * Safety probes: prototype and function access through data, per-engine operator tables,
 * compile-time refusals with pointers, resource limits, and errors always being RuleErrors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRuleError, RuleError } from '../../plugin/problems.js';
import { createEngine } from '../../plugin/rules/index.js';
import { jsonLogic } from './reference.js';

const engine = createEngine();

/** The RuleError `f` throws. */
function ruleErrorOf(f: () => unknown): RuleError {
  try {
    f();
  } catch (e) {
    if (isRuleError(e)) return e;
    throw new Error(`expected a RuleError, got ${String(e)}`);
  }
  throw new Error('expected a RuleError, nothing was thrown');
}

function nest(levels: number): unknown {
  let logic: unknown = true;
  for (let i = 0; i < levels; i++) logic = { '!': [logic] };
  return logic;
}

const acc = { var: 'accumulator' };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('data access', () => {
  it('never hands out the Function constructor (json-logic-js does)', () => {
    expect(jsonLogic.apply({ var: 'constructor.constructor' }, {})).toBe(Function);
    expect(engine.apply({ var: 'constructor.constructor' }, {})).toBeNull();
    expect(engine.apply({ var: 'constructor' }, {})).toBeNull();
    expect(engine.apply({ var: 'a.constructor.prototype' }, { a: [] })).toBeNull();
    expect(engine.apply({ var: ['constructor', 'fallback'] }, {})).toBe('fallback');
  });

  it('reads neither __proto__ nor prototype, even when they are own properties', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2, "f": {"prototype": 3}}') as unknown;
    expect(engine.apply({ var: '__proto__' }, {})).toBeNull();
    expect(engine.apply({ var: '__proto__.x' }, data)).toBeNull();
    expect(engine.apply({ var: 'constructor' }, data)).toBeNull();
    expect(engine.apply({ var: 'f.prototype' }, data)).toBeNull();
  });

  it('reads own properties only', () => {
    const inherited = Object.create({ polluted: 'yes' }) as object;
    expect(engine.apply({ var: 'polluted' }, inherited)).toBeNull();
    expect(engine.apply({ var: 'toString' }, {})).toBeNull();
    expect(engine.apply({ var: 'length' }, 'abc')).toBe(3);
    expect(engine.apply({ var: 'length' }, [1, 2])).toBe(2);
    expect(engine.apply({ var: 'toFixed' }, 5)).toBeNull();
    expect(engine.apply({ var: 'map' }, [])).toBeNull();
  });

  it('never returns a function from the data', () => {
    const data = { f: () => 1, list: [() => 2, 3] };
    expect(engine.apply({ var: 'f' }, data)).toBeNull();
    expect(engine.apply({ var: ['f', 0] }, data)).toBe(0);
    expect(engine.apply({ var: 'f.name' }, data)).toBeNull();
    expect(engine.apply({ var: 'list.0' }, data)).toBeNull();
    expect(engine.apply({ var: '' }, () => 1)).toBeNull();
    expect(engine.apply({ map: [{ var: 'list' }, { var: '' }] }, data)).toEqual([null, 3]);
  });

  it('makes missing use the same lookup', () => {
    expect(jsonLogic.apply({ missing: ['constructor', 'toString', '__proto__'] }, {})).toEqual([]);
    expect(engine.apply({ missing: ['constructor', 'toString', '__proto__'] }, {}))
      .toEqual(['constructor', 'toString', '__proto__']);
  });

  it('refuses to run data as logic (json-logic-js re-applies missing keys)', () => {
    // json-logic-js runs the key {"cat": ["a", "b"]} and so finds "ab" present.
    const data = { keys: [{ cat: ['a', 'b'] }], ab: 1 };
    expect(jsonLogic.apply({ missing: { var: 'keys' } }, data)).toEqual([]);
    expect(ruleErrorOf(() => engine.apply({ missing: { var: 'keys' } }, data)).code).toBe('RULE_RUNTIME');
  });
});

describe('operator tables', () => {
  const double = {
    doc: { summary: { zh: '乘以二', en: 'Times two' }, examples: [{ logic: { double: 2 }, expect: 4 }] },
    apply: ([x]: unknown[]) => (x as number) * 2,
  };

  it('keeps added operators on their own engine, and away from json-logic-js', () => {
    const mine = createEngine();
    mine.addOperation('double', double);
    expect(mine.apply({ double: [21] })).toBe(42);
    expect(ruleErrorOf(() => createEngine().compile({ double: [21] })).code).toBe('RULE_UNKNOWN_OPERATOR');
    expect(ruleErrorOf(() => engine.compile({ double: [21] })).code).toBe('RULE_UNKNOWN_OPERATOR');
    expect(() => jsonLogic.apply({ double: [21] })).toThrow(/Unrecognized operation/);
    expect(mine.operators().find((o) => o.name === 'double')?.kind).toBe('custom');
  });

  it('does not let a standard operator be replaced, nor accept an operator without docs', () => {
    const mine = createEngine();
    expect(ruleErrorOf(() => mine.addOperation('+', double)).code).toBe('RULE_OPERATOR_NAME');
    expect(ruleErrorOf(() => mine.addOperation('x', { ...double, doc: { summary: { zh: '', en: 'x' }, examples: [] } })).code)
      .toBe('RULE_OPERATOR_NAME');
    expect(ruleErrorOf(() => mine.addOperation('x', { doc: double.doc })).code).toBe('RULE_OPERATOR_NAME');
  });

  it('turns what a custom operator throws into a RuleError at its node', () => {
    const mine = createEngine();
    mine.addOperation('boom', { doc: double.doc, apply: () => { throw new TypeError('bad'); } });
    const e = ruleErrorOf(() => mine.apply({ if: [true, { boom: [] }] }));
    expect([e.code, e.pointer]).toEqual(['RULE_RUNTIME', '/if/1']);
  });
});

describe('compile-time refusals', () => {
  it('refuses unknown operators, and method, with the pointer of the node', () => {
    const logic = { if: [false, { var: { foo: 1 } }] };
    expect(jsonLogic.apply(logic, {})).toBeNull(); // json-logic-js only fails if it gets there
    const e = ruleErrorOf(() => engine.compile(logic));
    expect([e.code, e.pointer]).toEqual(['RULE_UNKNOWN_OPERATOR', '/if/1/var']);
    expect(e.messages.zh).toContain('foo');
    expect(ruleErrorOf(() => engine.compile(logic, { pointer: '/rules/3/logic' })).pointer).toBe('/rules/3/logic/if/1/var');
    expect(ruleErrorOf(() => engine.compile({ '/': [1, { 'a/b~': 1 }] })).pointer).toBe('/~1/1');
    expect(ruleErrorOf(() => engine.compile({ method: ['abc', 'toUpperCase'] })).code).toBe('RULE_UNKNOWN_OPERATOR');
    expect(ruleErrorOf(() => engine.compile({ 'var.prototype.constructor': 'a' })).code).toBe('RULE_UNKNOWN_OPERATOR');
  });

  it('accepts 64 levels and refuses 65, pointing at the 65th node', () => {
    expect(engine.apply(nest(64))).toBe(true);
    const e = ruleErrorOf(() => engine.compile(nest(65)));
    expect(e.code).toBe('RULE_DEPTH');
    expect(e.pointer).toBe('/!/0'.repeat(64));
    expect(ruleErrorOf(() => engine.variables(nest(65))).code).toBe('RULE_DEPTH');
    let deepArray: unknown = 1;
    for (let i = 0; i < 10_000; i++) deepArray = [deepArray];
    expect(ruleErrorOf(() => engine.compile(deepArray)).code).toBe('RULE_DEPTH');
  });
});

describe('limits', () => {
  it('stops the merge-doubling reduce bomb quickly', () => {
    const bomb = { reduce: [range(40), { merge: [acc, acc] }, [1]] };
    const start = performance.now();
    const e = ruleErrorOf(() => engine.apply(bomb));
    expect(e.code).toBe('RULE_LIMIT');
    expect(e.pointer).toBe('/reduce/1');
    // unbounded, this would run for hours: 5 s proves the limit stopped it and holds on a busy machine
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('stops doubling strings, whether built by cat or by joining self-nested arrays', () => {
    const t0 = performance.now();
    expect(ruleErrorOf(() => engine.apply({ reduce: [range(40), { cat: [acc, acc] }, 'xy'] })).code).toBe('RULE_LIMIT');
    const nested = { reduce: [range(60), [acc, acc], 0] }; // 2^60 leaves, shared: tiny in memory
    expect(ruleErrorOf(() => engine.apply({ '==': [nested, 'x'] })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => engine.apply({ '+': [nested] })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => engine.apply({ cat: [nested] })).code).toBe('RULE_LIMIT');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('refuses a long cat and iterating a long array', () => {
    expect(ruleErrorOf(() => engine.apply({ cat: [{ var: 's' }, '!'] }, { s: 'x'.repeat(100_000) })).code).toBe('RULE_LIMIT');
    expect(engine.apply({ cat: [{ var: 's' }] }, { s: 'x'.repeat(100_000) })).toHaveLength(100_000);
    const big = { xs: new Array(100_001).fill(1) };
    for (const op of ['map', 'filter', 'all', 'some', 'none', 'reduce', 'streak']) {
      expect(ruleErrorOf(() => engine.apply({ [op]: [{ var: 'xs' }, true] }, big)).code).toBe('RULE_LIMIT');
    }
    expect(engine.apply({ map: [{ var: 'xs' }, 0] }, { xs: big.xs.slice(1) })).toHaveLength(100_000);
  });

  it('takes limits per engine', () => {
    const small = createEngine({ limits: { maxIterate: 3, maxResultLength: 5 } });
    expect(small.apply({ map: [[1, 2, 3], 0] })).toEqual([0, 0, 0]);
    expect(ruleErrorOf(() => small.apply({ map: [[1, 2, 3, 4], 0] })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => small.apply({ merge: [[1, 2, 3], [4, 5, 6]] })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => small.apply({ cat: ['abc', 'def'] })).code).toBe('RULE_LIMIT');
    expect(() => createEngine({ limits: { maxDepth: 0 } })).toThrow(RangeError);
  });
});

describe('run-time errors', () => {
  it('are RuleErrors with a code where json-logic-js throws', () => {
    for (const [logic, data] of [[{ '*': [] }, {}], [{ missing_some: [1] }, {}], [{ in: ['a', { var: 'o' }] }, { o: { indexOf: 1 } }],
      [{ '+': [{ var: 'o' }] }, { o: { toString: 1 } }]] as const) {
      expect(() => jsonLogic.apply(logic, data)).toThrow();
      expect(ruleErrorOf(() => engine.apply(logic, data)).code).toBe('RULE_RUNTIME');
    }
  });

  it('only fail when reached, like json-logic-js', () => {
    expect(engine.apply({ if: [false, { '*': [] }, 'ok'] })).toBe('ok');
    expect(engine.apply({ and: [false, { missing_some: [1] }] })).toBe(false);
  });
});

describe('the source', () => {
  it('contains no eval, new Function or Function constructor', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(new URL('../../plugin/rules', import.meta.url).pathname);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/\beval\s*\(|\bFunction\s*\(|new\s+Function\b|\bconstructor\s*\(/);
    }
  });
});
