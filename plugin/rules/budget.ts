/**
 * The work budget of one evaluation (and of one compilation, for constant folding): steps,
 * the size of what the rule builds, the size and nesting of its result, and optionally time.
 * Caps on single arrays and strings (maxIterate, maxResultLength) do not bound a loop that
 * builds a capped thing a hundred thousand times, nor an `all` inside an `all`.
 *
 * The meter that counts is the one of the evaluation running now (`current`): evaluation is
 * synchronous, and the coercions deep inside shared helpers (an array joined for `==`) must
 * charge it without every helper taking a meter argument. Entering a compiled rule installs
 * its meter and leaves it installed when it returns, so a loop over records calling one rule
 * stores nothing global per record; only a rule run from inside another rule, which happens
 * only through a host's operator (`keepMeter`), can find another meter installed after it.
 */
import type { Localized } from '../problems.js';
import { asRuleError, limitError } from './errors.js';
import type { EngineLimits } from './types.js';

const STEPS = { zh: '规则的计算步数', en: 'The number of evaluation steps' };
const BUILT = { zh: '规则构造的数组与字符串的总大小', en: 'The total size of the arrays and strings the rule builds' };
const OUTPUT = { zh: '结果的大小（数组元素、对象成员与字符数）', en: 'The size of the result (array items, object members and characters)' };
const NESTING = { zh: '结果的嵌套层数', en: 'The nesting depth of the result' };

/** How many steps may pass between two looks at the clock: a look costs ~30 ns, a step ~5 ns. */
const CLOCK_EVERY = 20_000;

interface Meter {
  readonly limits: Readonly<EngineLimits>;
  readonly clock: () => number;
  steps: number;
  built: number;
  /** `steps` above this calls `over`: the step limit, or sooner when the clock must be read. */
  checkAt: number;
  /** Clock time the evaluation must end by; Infinity for a meter without a time limit. */
  deadline: number;
  /** A run (or a compilation) is under way: a re-entry shares it, and a stray charge between runs never stops anything. */
  running: boolean;
}

export function createMeter(limits: Readonly<EngineLimits>, clock: () => number): Meter {
  // a finite `deadline` marks a timed meter; `start` sets the real one
  const deadline = limits.maxMillis === Infinity ? Infinity : 0;
  return { limits, clock, steps: 0, built: 0, checkAt: limits.maxSteps, deadline, running: false };
}

function start(m: Meter): void {
  m.steps = 0;
  m.built = 0;
  if (m.deadline === Infinity) return;
  m.deadline = m.clock() + m.limits.maxMillis;
  m.checkAt = Math.min(m.limits.maxSteps, CLOCK_EVERY);
}

/** Past `checkAt`: over the step limit, or time to read the clock. */
function over(m: Meter, pointer: string): void {
  // a meter left installed after its run: what is charged now is no rule's work
  if (!m.running) return idle(m);
  const { maxSteps, maxMillis } = m.limits;
  if (m.steps > maxSteps) throw limitError(STEPS, maxSteps, pointer);
  if (m.clock() > m.deadline) {
    throw limitError({ zh: '规则的计算时间（毫秒）', en: 'The evaluation time in milliseconds' }, maxMillis, pointer);
  }
  m.checkAt = Math.min(maxSteps, m.steps + CLOCK_EVERY);
}

function idle(m: Meter): void {
  m.steps = 0;
  m.built = 0;
}

// Charged when no rule is running (never, by the engine itself); counts nothing against anything.
const unlimited = createMeter(Object.freeze({
  maxDepth: Infinity, maxIterate: Infinity, maxResultLength: Infinity, maxSteps: Infinity,
  maxBuilt: Infinity, maxOutputSize: Infinity, maxOutputDepth: Infinity, maxMillis: Infinity,
}), () => 0);

let current: Meter = unlimited;

/**
 * `root` as a compiled rule: each run gets a fresh budget (a run re-entering the same rule from
 * a custom operator shares the one under way), and its result is measured. It runs once per
 * record: the untimed meter, the usual one, gets a version that never asks about the clock.
 */
export function metered(meter: Meter, root: (data: unknown) => unknown, pointer: string): (data?: unknown) => unknown {
  const limits = meter.limits;
  if (meter.deadline !== Infinity) {
    return (data) => {
      if (meter.running) return root(data);
      start(meter);
      return finish(meter, run(meter, root, data, pointer), limits, pointer);
    };
  }
  return (data) => {
    if (meter.running) return root(data);
    meter.steps = 0;
    meter.built = 0;
    return finish(meter, run(meter, root, data, pointer), limits, pointer);
  };
}

function run(meter: Meter, root: (data: unknown) => unknown, data: unknown, pointer: string): unknown {
  if (current !== meter) current = meter;
  meter.running = true;
  try {
    return root(data);
  } catch (e) {
    meter.running = false;
    throw asRuleError(e, pointer);
  }
}

/** The run is over: its result measured (numbers and booleans, most results, need no measuring). */
function finish(meter: Meter, result: unknown, limits: Readonly<EngineLimits>, pointer: string): unknown {
  meter.running = false;
  if (typeof result === 'string') {
    if (result.length >= limits.maxOutputSize) fail(OUTPUT, limits.maxOutputSize, pointer);
  } else if (typeof result === 'object' && result !== null) {
    checkOutput(result, limits, pointer);
  }
  return result;
}

/**
 * A host's operator as the engine runs it: it may run other compiled rules, which install
 * their meters and leave them installed, so the rule that called it gets its own back after.
 */
export function keepMeter<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    const mine = current;
    try {
      return f(...args);
    } finally {
      current = mine;
    }
  };
}

/** Install `meter`, fresh, for a compilation; returns the meter to restore after it. */
export function enter(meter: Meter): Meter {
  const previous = current;
  start(meter);
  meter.running = true;
  current = meter;
  return previous;
}

export function leave(previous: Meter): void {
  current.running = false;
  current = previous;
}

/** Count `n` steps of work at the node `pointer`. */
export function charge(n: number, pointer: string): void {
  const m = current;
  if ((m.steps += n) > m.checkAt) over(m, pointer);
}

/** Count `n` array items or characters built at the node `pointer`. */
export function build(n: number, pointer: string): void {
  const m = current;
  if ((m.built += n) > m.limits.maxBuilt) {
    if (!m.running) return idle(m);
    fail(BUILT, m.limits.maxBuilt, pointer);
  }
}

/**
 * Size of `value` as it would be written out (shared parts counted each time they appear, as
 * JSON.stringify would print them): 1 per value, plus the length of each string. Read without
 * recursion, and stops at the limits: a result of [acc, acc] doubled sixty times is 2^60 values
 * held in sixty arrays.
 */
export function checkOutput(value: unknown, limits: Readonly<EngineLimits>, pointer: string): void {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'string' && 1 + value.length > limits.maxOutputSize) fail(OUTPUT, limits.maxOutputSize, pointer);
    return;
  }
  const max = limits.maxOutputSize, maxDepth = limits.maxOutputDepth;
  // pending values with their depth, as two parallel stacks
  const values: unknown[] = [value];
  const depths: number[] = [1];
  let size = 0;
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop()!;
    size += typeof v === 'string' ? 1 + v.length : 1;
    if (size > max) fail(OUTPUT, max, pointer);
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) fail(NESTING, maxDepth, pointer);
    const items = Array.isArray(v) ? v : Object.values(v);
    if (size + items.length > max) fail(OUTPUT, max, pointer);
    for (let i = items.length - 1; i >= 0; i--) {
      values.push(items[i]);
      depths.push(depth + 1);
    }
  }
}

function fail(what: Localized, limit: number, pointer: string): never {
  throw limitError(what, limit, pointer);
}
