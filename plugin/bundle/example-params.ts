/**
 * Examples that carry the parameters they were written for. A boundary example ("exactly 60%
 * is yellow") is only true for the boundary it was written against; when the bundle's
 * parameters change, such an example pins the values it assumes (`"params": {"lights.yellow.from":
 * 0.6}`) and keeps testing the rule's logic, while the examples without `params` follow the
 * bundle's current values. A pin must name a parameter the bundle has, with a value of the same
 * kind, so a typo cannot make an example silently test nothing.
 */
import { isObject, valueAtPath } from '../json.js';
import { joinPointer, problem, type Problem } from '../problems.js';

/** Every parameter path a rule's logic reads with `{"param": "group.key"}`. */
export function paramPathsIn(logic: unknown, out: string[] = []): string[] {
  if (Array.isArray(logic)) logic.forEach((item) => paramPathsIn(item, out));
  else if (isObject(logic)) {
    for (const [key, child] of Object.entries(logic)) {
      const path = key === 'param' ? (Array.isArray(child) ? child[0] : child) : undefined;
      if (typeof path === 'string' && !out.includes(path)) out.push(path);
      paramPathsIn(child, out);
    }
  }
  return out;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** `params` with each pinned path replaced; the containers on the way are copied, never changed. */
function withValue(params: unknown, steps: readonly string[], value: unknown): unknown {
  if (steps.length === 0) return value;
  const [head, ...rest] = steps as [string, ...string[]];
  if (Array.isArray(params)) {
    const copy = [...params];
    copy[Number(head)] = withValue(copy[Number(head)], rest, value);
    return copy;
  }
  const record = params as Record<string, unknown>;
  return { ...record, [head]: withValue(record[head], rest, value) };
}

interface Pinned {
  params: Record<string, unknown>;
  paths: string[];
  problems: Problem[];
}

/**
 * The parameters an example runs with: the bundle's, with the example's pins on top. Refuses a
 * pin the bundle does not have or whose kind differs (a number for an object); warns about a
 * pin the rule never reads, since it changes nothing.
 */
export function pinParameters(
  params: Record<string, unknown>,
  pins: Record<string, unknown>,
  reads: readonly string[],
  where: { ruleId: string; index: number; file: string; pointer: string },
): Pinned {
  const problems: Problem[] = [];
  let pinned: Record<string, unknown> = params;
  const paths = Object.keys(pins);
  for (const path of paths) {
    const at = joinPointer(where.pointer, path);
    const current = valueAtPath(params, path);
    const value = pins[path];
    if (current === undefined) {
      problems.push(problem('EXAMPLE_PARAM_UNKNOWN', where.file, at, {
        zh: `规则 ${where.ruleId} 的示例 ${where.index} 固定了参数 ${path}，但参数中没有它（写成 "组.键"，例如 "lights.green.from"）`,
        en: `example ${where.index} of rule ${where.ruleId} pins parameter ${path}, which the parameters lack (write "group.key", e.g. "lights.green.from")`,
      }));
      continue;
    }
    if (kind(current) !== kind(value)) {
      problems.push(problem('EXAMPLE_PARAM_TYPE', where.file, at, {
        zh: `规则 ${where.ruleId} 的示例 ${where.index} 把参数 ${path} 固定为 ${kind(value)}，而参数中它是 ${kind(current)}`,
        en: `example ${where.index} of rule ${where.ruleId} pins parameter ${path} to a ${kind(value)}; the parameters hold a ${kind(current)}`,
      }));
      continue;
    }
    const read = reads.some((r) => r === path || r.startsWith(`${path}.`) || path.startsWith(`${r}.`));
    if (!read) {
      problems.push(problem('EXAMPLE_PARAM_UNUSED', where.file, at, {
        zh: `规则 ${where.ruleId} 的示例 ${where.index} 固定了参数 ${path}，但规则没有读取它，固定不起作用`,
        en: `example ${where.index} of rule ${where.ruleId} pins parameter ${path}, which the rule never reads, so the pin changes nothing`,
      }, 'warning'));
    }
    pinned = withValue(pinned, path.split('.'), value) as Record<string, unknown>;
  }
  return { params: pinned, paths, problems };
}
