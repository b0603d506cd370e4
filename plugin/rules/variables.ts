/**
 * Static analysis of a rule: which top-level data paths it reads (`var`, `missing`,
 * `missing_some`), so a host can check a data source has the columns a bundle needs before
 * running anything. Paths inside an item scope (the logic of map, filter, reduce, all, some,
 * none, streak, or any operator declaring `scopedArgs`) read items, not the record: skipped.
 * A path computed at run time is reported under `dynamic`, meaning the list may be incomplete.
 */
import { joinPointer } from '../problems.js';
import { isLogic, operands, type OperatorTable } from './compile.js';
import { RULE_DEPTH, ruleError } from './errors.js';
import type { EngineLimits, RuleVariables } from './types.js';

export function ruleVariables(logic: unknown, table: OperatorTable, limits: Readonly<EngineLimits>): RuleVariables {
  const found: RuleVariables = { paths: [], dynamic: [] };

  /** A path operand: a literal (string, number, null...) or something computed. */
  const path = (v: unknown, pointer: string, depth: number): void => {
    if (v === null || v === undefined || (typeof v !== 'object' && typeof v !== 'function')) {
      found.paths.push({ path: v === null || v === undefined ? '' : String(v), pointer });
    } else {
      found.dynamic.push({ pointer });
      walk(v, pointer, depth);
    }
  };

  /** The keys of missing / missing_some: one literal array of keys, or the keys themselves. */
  const keys = (list: unknown[], pointers: string[], depth: number): void => {
    const first = list[0];
    if (isLogic(first)) {
      found.dynamic.push({ pointer: pointers[0]! });
      list.forEach((v, i) => walk(v, pointers[i]!, depth));
      return;
    }
    const [items, at] = Array.isArray(first)
      ? [first, first.map((_, i) => joinPointer(pointers[0]!, i))]
      : [list, pointers];
    items.forEach((key, i) => {
      // An array key is [path, fallback], as var takes it.
      if (Array.isArray(key)) {
        path(key[0], joinPointer(at[i]!, 0), depth);
        key.slice(1).forEach((v, j) => walk(v, joinPointer(at[i]!, j + 1), depth));
      } else {
        path(key, at[i]!, depth);
      }
    });
  };

  const walk = (v: unknown, pointer: string, depth: number): void => {
    if (depth > limits.maxDepth) {
      throw ruleError(RULE_DEPTH, {
        zh: `规则嵌套超过 ${limits.maxDepth} 层`,
        en: `Rule is nested deeper than ${limits.maxDepth} levels`,
      }, pointer);
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, joinPointer(pointer, i), depth + 1));
      return;
    }
    if (!isLogic(v)) return;
    const { op, list, pointers } = operands(v, pointer);
    const next = depth + 1;
    if (op === 'var') {
      path(list[0], list.length > 0 ? pointers[0]! : pointer, next);
      list.slice(1).forEach((x, i) => walk(x, pointers[i + 1]!, next));
    } else if (op === 'missing') {
      keys(list, pointers, next);
    } else if (op === 'missing_some') {
      walk(list[0], pointers[0]!, next);
      const options = list[1];
      if (Array.isArray(options)) keys(options, options.map((_, i) => joinPointer(pointers[1]!, i)), next);
      else if (list.length > 1) path(options, pointers[1]!, next);
    } else {
      const scoped = table.get(op)?.scopedArgs ?? [];
      list.forEach((x, i) => { if (!scoped.includes(i)) walk(x, pointers[i]!, next); });
    }
  };

  walk(logic, '', 0);
  return found;
}
