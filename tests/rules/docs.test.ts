/**
 * The operator reference cannot drift: every operator has a summary in both languages and
 * examples, every example gives its `expect` on our engine, and standard operators' examples
 * give the same on json-logic-js.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../plugin/rules/index.js';
import { sameValue } from './equal.js';
import { jsonLogic } from './reference.js';

const engine = createEngine();
const operators = engine.operators();

describe('operator docs', () => {
  // json-logic-js prints `log` operands with console.log.
  beforeAll(() => { vi.spyOn(console, 'log').mockImplementation(() => undefined); });
  afterAll(() => { vi.restoreAllMocks(); });

  it('lists every standard operator but method, and the domain ones', () => {
    const names = (kind: string) => operators.filter((o) => o.kind === kind).map((o) => o.name).sort();
    expect(names('standard')).toEqual([
      '!', '!!', '!=', '!==', '%', '*', '+', '-', '/', '<', '<=', '==', '===', '>', '>=', '?:', 'all', 'and',
      'cat', 'filter', 'if', 'in', 'log', 'map', 'max', 'merge', 'min', 'missing', 'missing_some', 'none', 'or',
      'reduce', 'some', 'substr', 'var',
    ]);
    expect(names('domain')).toEqual(['avg', 'clamp', 'param', 'ratio', 'round', 'streak', 'sum']);
  });

  it.each(operators.map((o) => [o.name, o] as const))('%s is documented and its examples hold', (_, op) => {
    expect(op.doc.summary.zh.trim()).not.toBe('');
    expect(op.doc.summary.en.trim()).not.toBe('');
    expect(op.doc.examples.length).toBeGreaterThan(0);
    for (const ex of op.doc.examples) {
      const actual = engine.apply(ex.logic, ex.data, ex.params ? { params: ex.params } : {});
      expect(sameValue(actual, ex.expect), `${JSON.stringify(ex.logic)} gave ${JSON.stringify(actual)}`).toBe(true);
      if (op.kind === 'standard' && !ex.differsFromJsonLogicJs) {
        expect(sameValue(jsonLogic.apply(ex.logic, ex.data), ex.expect), `json-logic-js on ${JSON.stringify(ex.logic)}`).toBe(true);
      }
    }
  });
});
