/**
 * The work budget (issue 20, item 1): hostile rules and data that used to run for minutes,
 * eat half a gigabyte or end in a stack error now stop quickly with RULE_LIMIT at a pointer,
 * while the bundle's own rules stay far below the limits.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, isRuleError, loadBundle, runExamples } from '../../plugin/index.js';
import type { RuleError } from '../../plugin/problems.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const engine = createEngine();

function ruleErrorOf(f: () => unknown): RuleError {
  try {
    f();
  } catch (e) {
    if (isRuleError(e)) return e;
    throw new Error(`expected a RuleError, got ${String(e)}`);
  }
  throw new Error('expected a RuleError, nothing was thrown');
}

/** Runs `f`, which must throw RULE_LIMIT within `ms`; returns the error. */
function limitWithin(ms: number, f: () => unknown): RuleError {
  // generous on a shared 2-core machine; unbounded, these ran for minutes or never ended
  const t0 = performance.now();
  const e = ruleErrorOf(f);
  expect(performance.now() - t0).toBeLessThan(ms);
  expect(e.code).toBe('RULE_LIMIT');
  expect(e.messages.zh).toMatch(/上限/);
  expect(e.messages.en).toMatch(/limit/);
  return e;
}

const acc = { var: 'accumulator' };
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('the probes of issue 20', () => {
  it('refuses the 136-byte rule that doubles [acc, acc] in a reduce (its result never finished printing)', () => {
    const rule = `{"reduce":[[${range(37).map(() => 0).join(',')}],[{"var":"accumulator"},{"var":"accumulator"}],0]}`;
    expect(rule.length).toBeLessThanOrEqual(136);
    // its result: 2^37 zeros held in 37 small arrays, refused at the rule's root
    const e = limitWithin(2_000, () => engine.apply(JSON.parse(rule)));
    expect(e.pointer).toBe('');
    expect(e.messages.en).toMatch(/size of the result/);
    const overData = { reduce: [{ var: 'xs' }, [acc, acc], 0] };
    limitWithin(2_000, () => engine.apply(overData, { xs: range(43) }));
    // a few doublings are fine
    expect(JSON.stringify(engine.apply(overData, { xs: range(3) }))).toBe('[[[0,0],[0,0]],[[0,0],[0,0]]]');
  });

  it('stops a nested all over two 65,536-item ranges (it ran for minutes)', () => {
    const big = range(65_536);
    const positive = { '>=': [{ var: '' }, 0] };
    const e = limitWithin(2_000, () => engine.apply({ all: [{ var: 'xs' }, { all: [big, positive] }] }, { xs: big }));
    expect(e.pointer).toBe('');
    // the inner range from the data (one array shared by every item): the inner loops add up
    const shared = new Array<unknown>(65_536).fill(big);
    const inner = limitWithin(2_000, () => engine.apply({ all: [{ var: 'xs' }, { all: [{ var: '' }, positive] }] }, { xs: shared }));
    expect(inner.pointer).toBe('/all/1');
  });

  it('refuses map over big literal arrays while compiling (validate spent seconds and half a gigabyte)', () => {
    const items = range(4_000);
    const rule = { map: [items, items] };
    expect(JSON.stringify(rule).length).toBeLessThan(40_000);
    const e = limitWithin(2_000, () => engine.compile(rule, { pointer: '/rules/0/logic' }));
    expect(e.pointer).toBe('/rules/0/logic');
    // many smaller folds add up on one budget for the whole compilation
    const piece = { map: [range(300), range(300)] };
    limitWithin(2_000, () => engine.compile({ merge: new Array(20).fill(piece) }));
    expect(engine.compile(piece)()).toHaveLength(300);
  });

  it('refuses a result whose text outgrows what can be written out', () => {
    const logic = { reduce: [{ var: 'xs' }, [acc, acc], { var: 's' }] };
    // 8,192 copies of 100,000 characters: JSON.stringify fails on it (Invalid string length)
    const e = limitWithin(2_000, () => engine.apply(logic, { xs: range(13), s: 'x'.repeat(100_000) }));
    expect(e.messages.en).toMatch(/size of the result/);
    expect(engine.apply(logic, { xs: range(2), s: 'xy' })).toEqual([['xy', 'xy'], ['xy', 'xy']]);
  });

  it('refuses a loop that builds a capped string on every item', () => {
    const s = 'x'.repeat(50_000);
    const e = limitWithin(2_000, () => engine.apply({ map: [{ var: 'xs' }, { cat: [{ var: '' }, '!'] }] }, { xs: new Array(1_000).fill(s) }));
    expect(e.messages.en).toMatch(/total size of the arrays and strings/);
    expect(e.pointer).toBe('/map/1');
  });

  it('stops a reduce that joins a long array on every item', () => {
    // 2^15 leaves joined for == on each of 100,000 items: 6.5 billion characters
    const wide = { reduce: [range(15), [acc, acc], 1] };
    const logic = { reduce: [{ var: 'xs' }, { if: [{ '==': [acc, 'x'] }, 0, acc] }, wide] };
    limitWithin(2_000, () => engine.apply({ '!': [logic] }, { xs: range(100_000) }));
  });

  it('reads data nested 5,000 deep without recursion, and refuses to return it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5_000; i++) deep = [deep];
    expect(engine.apply({ cat: [{ var: '' }] }, deep)).toBe('1');
    expect(engine.apply({ '!!': [{ missing: [{ var: '' }] }] }, deep)).toBe(true);
    expect(engine.apply({ '==': [{ var: '0.0.0.0' }, 1] }, deep)).toBe(true);
    const e = limitWithin(2_000, () => engine.apply({ var: '' }, deep));
    expect(e.messages.en).toMatch(/nesting depth of the result/);
  });
});

describe('validate and eval on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tk-budget-'));
  let deep = '1';
  for (let i = 0; i < 5_000; i++) deep = `{"a":${deep}}`;
  writeFileSync(join(dir, 'deep.json'), deep);

  it('refuses, at its place, a rule whose constant folding would build 16 million items', async () => {
    const bundle = mkdtempSync(join(tmpdir(), 'tk-budget-bundle-'));
    cpSync(TEMPLATES_DIR, bundle, { recursive: true });
    const path = join(bundle, 'rules/scoring.rules.json');
    const file = JSON.parse(readFileSync(path, 'utf8')) as { rules: Array<{ logic: unknown }> };
    file.rules[0]!.logic = { map: [range(4_000), range(4_000)] };
    writeFileSync(path, JSON.stringify(file));
    const t0 = performance.now();
    const r = await runCli(['validate', bundle, '--lang', 'en']);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rules\/scoring\.rules\.json:\d+:\d+ #\/rules\/0\/logic .*steps exceeds the limit of 1000000.*\[RULE_LIMIT\]/);
  });

  it('answers data nested 5,000 deep with a message and exit 1, not a stack trace', async () => {
    const r = await runCli(['eval', '--rule', '{"var":""}', '--data', 'deep.json', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/RULE_LIMIT/);
    expect(r.stderr).toMatch(/nesting depth of the result exceeds the limit of 1000/);
    expect(r.stderr).not.toMatch(/internal error|call stack|\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('answers a result too large to print with a message and exit 1', async () => {
    const rule = JSON.stringify({ reduce: [range(40), [acc, acc], 'xy'] });
    const r = await runCli(['eval', '--rule', rule, '--data', '{}', '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/RULE_LIMIT/);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('limits per engine, and a time budget', () => {
  it('takes the work limits per engine', () => {
    const small = createEngine({ limits: { maxSteps: 100, maxBuilt: 10, maxOutputSize: 20, maxOutputDepth: 2 } });
    expect(small.apply({ map: [{ var: 'xs' }, 1] }, { xs: range(9) })).toHaveLength(9);
    expect(ruleErrorOf(() => small.apply({ some: [{ var: 'xs' }, false] }, { xs: range(60) })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => small.apply({ map: [{ var: 'xs' }, 1] }, { xs: range(11) })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => small.apply({ var: 's' }, { s: 'x'.repeat(20) })).code).toBe('RULE_LIMIT');
    expect(small.apply({ var: 's' }, { s: 'x'.repeat(19) })).toHaveLength(19);
    expect(ruleErrorOf(() => small.apply({ var: 's' }, { s: 'x'.repeat(30) })).code).toBe('RULE_LIMIT');
    expect(ruleErrorOf(() => small.apply({ var: 'a' }, { a: [[[1]]] })).code).toBe('RULE_LIMIT');
    expect(() => createEngine({ limits: { maxSteps: 0 } })).toThrow(RangeError);
    expect(() => createEngine({ limits: { maxMillis: -1 } })).toThrow(RangeError);
  });

  it('stops an evaluation past its time budget, reading the clock only every so many steps', () => {
    let now = 0;
    let reads = 0;
    const clock = () => { reads++; return now; };
    const timed = createEngine({ limits: { maxMillis: 50, maxSteps: 10_000_000 }, clock });
    const slow = timed.compile({ map: [{ var: 'xs' }, { '+': [{ var: '' }, 1] }] });
    const xs = range(100_000);
    reads = 0;
    expect(slow({ xs })).toHaveLength(100_000);
    expect(reads).toBeLessThan(40);
    // the clock moves 10 ms on every read: the fifth read is past the deadline
    const ticking = () => { now += 10; return now; };
    const timedOut = createEngine({ limits: { maxMillis: 25 }, clock: ticking });
    const rows = new Array<unknown>(5_000).fill(range(5_000));
    const e = ruleErrorOf(() => timedOut.apply({ all: [{ var: 'xs' }, { all: [{ var: '' }, true] }] }, { xs: rows }));
    expect(e.code).toBe('RULE_LIMIT');
    expect(e.messages.en).toMatch(/time in milliseconds exceeds the limit of 25/);
  });

  it('keeps a rule on its own budget after a host operator runs another engine\'s rule', () => {
    // a compiled rule leaves its meter installed when it returns (cheaper per record); the
    // operator wrapper must give the calling rule its own meter back, or its loops after the
    // call would be charged to the roomy engine
    const roomy = createEngine({ limits: { maxSteps: 10_000_000 } });
    const helper = roomy.compile({ '+': [{ var: 'x' }, 1] });
    const tight = createEngine({ limits: { maxSteps: 1_000 } });
    const summary = { zh: '调用另一条规则', en: 'calls another rule' };
    tight.addOperation('viaHelper', { apply: ([x]) => helper({ x }), doc: { summary, examples: [] } });
    tight.addOperation('viaHelperLazy', {
      compile: (args) => (d) => helper({ x: args[0]!.evaluate(d) }),
      doc: { summary, examples: [] },
    });
    for (const op of ['viaHelper', 'viaHelperLazy']) {
      const rule = tight.compile({ if: [{ [op]: [1] }, { all: [{ var: 'xs' }, true] }, 0] });
      expect(rule({ xs: range(100) })).toBe(true);
      expect(ruleErrorOf(() => rule({ xs: range(5_000) })).code).toBe('RULE_LIMIT');
    }
  });

  it('shares one budget between a rule and its re-entry through a host operator', () => {
    const small = createEngine({ limits: { maxSteps: 1_000 } });
    let self: (d?: unknown) => unknown = () => 0;
    small.addOperation('again', {
      apply: ([n]) => (Number(n) > 0 ? self({ n: Number(n) - 1, xs: range(100) }) : 0),
      doc: { summary: { zh: '再次运行本规则', en: 'runs this rule again' }, examples: [] },
    });
    self = small.compile({ if: [{ all: [{ var: 'xs' }, true] }, { again: [{ var: 'n' }] }, 0] });
    expect(self({ n: 3, xs: range(100) })).toBe(0);
    // each level alone stays under the limit; together they pass it
    expect(ruleErrorOf(() => self({ n: 30, xs: range(100) })).code).toBe('RULE_LIMIT');
  });

  it('runs every example of the bundle within a hundredth of the default limits', () => {
    const tight = createEngine({ limits: { maxSteps: 10_000, maxBuilt: 10_000, maxOutputSize: 10_000, maxOutputDepth: 10 } });
    const result = loadBundle(defaultBundleFiles(), { engine: tight });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const failed = runExamples(result.bundle.rules.values()).filter((r) => !r.pass);
    expect(failed).toEqual([]);
    // and the limits do apply to them: with room for no result at all, every example fails
    const none = loadBundle(defaultBundleFiles(), { engine: createEngine({ limits: { maxOutputSize: 1 } }) });
    if (!none.ok) throw new Error('the bundle does not load');
    const refused = runExamples(none.bundle.rules.values()).filter((r) => 'error' in r.got && r.got.error === 'RULE_LIMIT');
    expect(refused.length).toBeGreaterThan(10);
  });
});
