/**
 * The JsonLogic rules engine: json-logic-js 2.0.5 semantics, compiled to closures (no eval,
 * runs under a strict CSP), safe data access, limits, per-engine operator tables, and the
 * domain operators target-kit's bundles use (ratio, clamp, round, streak, param, sum, avg).
 */
export { createEngine } from './engine.js';

export { truthy } from './coerce.js';
export type {
  CompiledLogic, Engine
} from './types.js';
export { jsonLogicSchema, operatorReference } from './reference.js';
export { printFormula, type Formula, type FormulaPiece } from './formula.js';
