/**
 * Runs the examples every rule carries beside its logic. A rule whose examples fail is a rule
 * whose author and whose users disagree; `target-kit test` and the rule editor both show it.
 */
import { joinPointer, type AuthorText } from '../problems.js';
import type { DefinedRule } from './rule-definition.js';

export interface ExampleResult {
  ruleId: string;
  index: number;
  file: string;
  /** JSON pointer of the example in its file. */
  pointer: string;
  note?: AuthorText;
  /**
   * The parameter paths the example pins (its own `params`); absent when it runs with the
   * bundle's current parameters.
   */
  pins?: readonly string[];
  /** Whether the rule reads any parameter, so the example depends on the bundle's values unless it pins them. */
  readsParameters: boolean;
  pass: boolean;
  expected: { value: unknown } | { error: string };
  got: { value: unknown } | { error: string; message: { zh: string; en: string } };
}

export function runExamples(rules: Iterable<DefinedRule>): ExampleResult[] {
  const results: ExampleResult[] = [];
  for (const rule of rules) {
    rule.def.examples.forEach((example, index) => {
      const pinned = rule.pinned.get(index);
      const outcome = (pinned ?? rule).evaluate(example.data);
      const got: ExampleResult['got'] = outcome.ok
        ? { value: outcome.value }
        : { error: outcome.problem.code, message: outcome.problem.message };
      const expected: ExampleResult['expected'] = example.expectError !== undefined
        ? { error: example.expectError }
        : { value: example.expect };
      const pass = 'error' in expected
        ? 'error' in got && got.error === expected.error
        : 'value' in got && sameResult(got.value, expected.value);
      results.push({
        ruleId: rule.id,
        index,
        file: rule.file,
        pointer: joinPointer(rule.pointer, 'examples', index),
        ...(example.note !== undefined ? { note: example.note } : {}),
        ...(pinned ? { pins: pinned.paths } : {}),
        readsParameters: rule.reads.length > 0,
        pass,
        expected,
        got,
      });
    });
  }
  return results;
}

/** Deep equality where numbers agree to a relative 1e-9, so 0.1 + 0.2 matches 0.3. */
function sameResult(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameResult(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(bo, k) && sameResult(ao[k], bo[k]));
  }
  return a === b;
}
