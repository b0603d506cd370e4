/** Static analysis: the top-level data paths a rule reads, and where paths are computed. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../plugin/rules/index.js';

const engine = createEngine();

describe('variables', () => {
  it('lists var paths with the pointer of the path', () => {
    const logic = { if: [{ '>=': [{ var: 'sales' }, { var: ['target', 1] }] }, { var: 'region.name' }, { var: 2 }] };
    expect(engine.variables(logic)).toEqual({
      paths: [
        { path: 'sales', pointer: '/if/0/>=/0/var' },
        { path: 'target', pointer: '/if/0/>=/1/var/0' },
        { path: 'region.name', pointer: '/if/1/var' },
        { path: '2', pointer: '/if/2/var' },
      ],
      dynamic: [],
    });
  });

  it('reports the whole data as the path ""', () => {
    expect(engine.variables({ var: '' }).paths).toEqual([{ path: '', pointer: '/var' }]);
    expect(engine.variables({ var: [] }).paths).toEqual([{ path: '', pointer: '' }]);
  });

  it('skips item scopes but not the arrays they iterate or the reduce initial value', () => {
    const logic = {
      and: [
        { map: [{ var: 'weeks' }, { var: 'rate' }] },
        { reduce: [{ var: 'rows' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] },
        { streak: [{ var: 'days' }, { '<': [{ var: '' }, 1] }] },
        { all: [{ filter: [{ var: 'xs' }, { var: 'ok' }] }, { var: 'y' }] },
      ],
    };
    expect(engine.variables(logic).paths.map((p) => p.path)).toEqual(['weeks', 'rows', 'start', 'days', 'xs']);
  });

  it('lists missing and missing_some keys', () => {
    expect(engine.variables({ missing: ['a', 'b.c'] }).paths).toEqual([
      { path: 'a', pointer: '/missing/0' }, { path: 'b.c', pointer: '/missing/1' },
    ]);
    expect(engine.variables({ missing: [['a', 'b']] }).paths.map((p) => p.pointer)).toEqual(['/missing/0/0', '/missing/0/1']);
    expect(engine.variables({ missing_some: [1, ['x', 'y']] }).paths.map((p) => p.path)).toEqual(['x', 'y']);
  });

  it('reports computed paths as dynamic, and still reads inside them', () => {
    const v = engine.variables({ var: { cat: ['kpi.', { var: 'which' }] } });
    expect(v.dynamic).toEqual([{ pointer: '/var' }]);
    expect(v.paths).toEqual([{ path: 'which', pointer: '/var/cat/1/var' }]);
    expect(engine.variables({ missing: { var: 'keys' } }).dynamic).toEqual([{ pointer: '/missing' }]);
  });

  it('does not report params', () => {
    expect(engine.variables({ '>': [{ var: 'r' }, { param: 'light.green' }] }).paths.map((p) => p.path)).toEqual(['r']);
  });
});
