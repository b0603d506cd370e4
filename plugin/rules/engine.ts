/**
 * `createEngine`: one operator table per engine (json-logic-js has a single global one that
 * `add_operation` changes for every caller). Standard and domain operators are registered
 * when the engine is made; hosts add their own with `addOperation`.
 */
import { keepMeter } from './budget.js';
import { compileLogic, type OperatorTable } from './compile.js';
import { domainOperators } from './domain/index.js';
import { RULE_OPERATOR_NAME, ruleError } from './errors.js';
import { standardOperators } from './operators/standard.js';
import type {
  CompileOptions, CompiledLogic, Engine, EngineLimits, EngineOptions, OperatorKind, OperatorSpec,
} from './types.js';
import { ruleVariables } from './variables.js';

const DEFAULT_LIMITS: Readonly<EngineLimits> = Object.freeze({
  maxDepth: 64,
  maxIterate: 100_000,
  maxResultLength: 100_000,
  // The bundle's own rules take under a thousand steps and build a few items per record.
  maxSteps: 1_000_000,
  maxBuilt: 1_000_000,
  maxOutputSize: 1_000_000,
  maxOutputDepth: 1_000,
  maxMillis: Infinity,
});

function checkedLimits(given: Partial<EngineLimits> | undefined): Readonly<EngineLimits> {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (name === 'maxMillis' && value === Infinity) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Engine limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return Object.freeze(limits);
}

function badOperator(name: string, zh: string, en: string): never {
  throw ruleError(RULE_OPERATOR_NAME, { zh: `运算符 "${name}"：${zh}`, en: `Operator "${name}": ${en}` }, '');
}

export function createEngine(options: EngineOptions = {}): Engine {
  const limits = checkedLimits(options.limits);
  const entries = new Map<string, { spec: OperatorSpec; kind: OperatorKind }>();
  for (const { name, spec } of standardOperators(options.onLog)) entries.set(name, { spec, kind: 'standard' });
  for (const { name, spec } of domainOperators) entries.set(name, { spec, kind: 'domain' });
  const table: OperatorTable = { get: (name) => entries.get(name)?.spec };

  const clock = options.clock ?? (() => performance.now());
  const compile = (logic: unknown, opts: CompileOptions = {}): CompiledLogic =>
    compileLogic(logic, table, limits, opts.pointer ?? '', opts.params, options.exactComparisons !== false, clock);

  return {
    addOperation(name, spec) {
      if (typeof name !== 'string' || name === '') badOperator(String(name), '名称必须是非空字符串', 'the name must be a non-empty string');
      if (entries.get(name)?.kind === 'standard') {
        badOperator(name, '标准运算符不能替换（规则按 json-logic-js 的语义编写）', 'standard operators cannot be replaced (rules are written for json-logic-js semantics)');
      }
      if (typeof spec.apply === 'function' === (typeof spec.compile === 'function')) {
        badOperator(name, '必须且只能提供 apply 或 compile 之一', 'give exactly one of apply or compile');
      }
      if (!spec.doc?.summary?.zh || !spec.doc.summary.en) {
        badOperator(name, '需要中英文说明（doc.summary）', 'needs a summary in both languages (doc.summary)');
      }
      // a host's operator may run other rules; the rule calling it keeps its own meter
      const { apply, compile: compileOp } = spec;
      const kept: OperatorSpec = apply
        ? { ...spec, apply: keepMeter(apply) }
        : { ...spec, compile: (args, ctx) => keepMeter(compileOp!(args, ctx)) };
      entries.set(name, { spec: kept, kind: 'custom' });
    },
    compile,
    apply: (logic, data, opts) => compile(logic, opts)(data),
    operators: () => [...entries].map(([name, { spec, kind }]) => ({ name, kind, doc: spec.doc })),
    variables: (logic) => ruleVariables(logic, table, limits),
  };
}
