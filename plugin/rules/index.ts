/**
 * The JsonLogic rules engine: json-logic-js 2.0.5 semantics, compiled to closures (no eval,
 * runs under a strict CSP), safe data access, limits, per-engine operator tables, and the
 * domain operators target-kit's bundles use (ratio, clamp, round, streak, param, sum, avg).
 */
export { createEngine, DEFAULT_LIMITS } from './engine.js';
export {
  RULE_ARITY, RULE_BAD_ARGUMENT, RULE_DEPTH, RULE_LIMIT, RULE_OPERATOR_NAME, RULE_RUNTIME,
  RULE_UNKNOWN_OPERATOR, RULE_UNKNOWN_PARAM,
} from './errors.js';
export { truthy } from './coerce.js';
export type {
  CompileContext, CompileOptions, CompiledArg, CompiledLogic, Engine, EngineLimits, EngineOptions,
  Evaluate, OperatorDoc, OperatorExample, OperatorKind, OperatorSpec, RuleVariables,
} from './types.js';
export { operatorReference } from './reference.js';
