/**
 * The NocoBase plugin's evaluations are bounded (issue 20, item 1): they run on the event loop
 * for any signed-in user, so a rule over its work or its time answers RULE_LIMIT.
 */
import { describe, expect, it } from 'vitest';
import { toSingleFile } from '../../plugin/index.js';
import { EVALUATION_BUDGET_MS, RuleStore, compileBundle, serverEngine } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function storeWith(engine = serverEngine()): RuleStore {
  const compiled = compileBundle(toSingleFile(defaultBundleFiles()), engine);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.code).join(', '));
  const store = new RuleStore();
  store.activate(compiled.bundle);
  return store;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** `all` inside `all` over one shared 65,536-item range: four billion steps unbounded. */
const nested = { all: [{ var: 'xs' }, { all: [{ var: '' }, { '>=': [{ var: '' }, 0] }] }] };

describe('evaluation in the NocoBase plugin', () => {
  it('answers RULE_LIMIT quickly for a rule that would hold the event loop for minutes', () => {
    const store = storeWith();
    const big = range(65_536);
    const t0 = performance.now();
    const outcome = store.evaluateLogic(nested, { xs: new Array<unknown>(65_536).fill(big) });
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('RULE_LIMIT');
  });

  it(`stops an evaluation after ${EVALUATION_BUDGET_MS} ms`, () => {
    // a clock that moves 30 ms at every read: the deadline passes within a few checks
    let now = 0;
    const store = storeWith(serverEngine(() => (now += 30)));
    const rows = new Array<unknown>(2_000).fill(range(2_000));
    const outcome = store.evaluateLogic(nested, { xs: rows });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.code).toBe('RULE_LIMIT');
      expect(outcome.error.message.en).toBe(`The evaluation time in milliseconds exceeds the limit of ${EVALUATION_BUDGET_MS}`);
    }
    // the bundle's own rules are far from it
    expect(store.evaluate('filing-declaration-valid', { base: 100, stretch: 120 })).toEqual({ ok: true, result: true });
  });
});
