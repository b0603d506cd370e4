/**
 * The bundle this NocoBase instance runs: compiled once by the target-kit runtime and held
 * behind one reference, so a re-import swaps every rule at once. A bundle that does not load
 * (all or nothing) never replaces the active one. Knows nothing of NocoBase.
 */
import {
  canonicalJson,
  createEngine,
  isRuleError,
  loadSingleFileBundle,
  sha256Hex,
  type LoadedBundle,
  type Engine,
  type Localized,
  type Problem,
} from '../../../../../plugin/index.js';
import { createFlowGuard, type FlowGuard } from './flow-guard.js';

export interface ActiveBundle {
  bundleId: string;
  version: string;
  /** SHA-256 of the canonical JSON of the single-file bundle. */
  hash: string;
  loaded: LoadedBundle;
  /** The single-file bundle as received, kept for persistence. */
  source: unknown;
  /** Its flows over its org tree: who may move a record, and which rules a role may run. */
  guard: FlowGuard;
}

/** A refusal as the REST API reports it: our code, both messages, where in the bundle. */
export interface StoreError {
  code: string;
  message: Localized;
  pointer?: string;
  file?: string;
  /** RULE_INPUT_MISSING only: every required input the record lacks, not just the first. */
  missing?: string[];
}

type CompileResult = { ok: true; bundle: ActiveBundle } | { ok: false; errors: StoreError[] };

type EvaluateResult = { ok: true; result: unknown } | { ok: false; error: StoreError };

function bundleHash(single: unknown): string {
  return sha256Hex(canonicalJson(single));
}

/**
 * Milliseconds one evaluation (a `targetKit:evaluate` request, a workflow's rule node) may run.
 * They all run on NocoBase's event loop, where any signed-in user can reach them: besides the
 * engine's limits on steps and sizes, a deadline keeps one rule from stalling every request.
 * Compiling a rule (constant folding) gets the same budget.
 */
export const EVALUATION_BUDGET_MS = 100;

/** The engine bundles are compiled with here; `clock` is for tests. */
export function serverEngine(clock?: () => number): Engine {
  return createEngine({ limits: { maxMillis: EVALUATION_BUDGET_MS }, ...(clock ? { clock } : {}) });
}

/** Compiles a single-file bundle without touching the active one. */
export function compileBundle(single: unknown, engine: Engine = serverEngine()): CompileResult {
  // problems point into the `bundle` of the request body
  const result = loadSingleFileBundle(single, 'bundle', { engine });
  if (!result.ok) return { ok: false, errors: result.problems.filter((p) => p.severity === 'error').map(fromProblem) };
  const { manifest } = result.bundle;
  return {
    ok: true,
    bundle: { bundleId: manifest.id, version: manifest.version, hash: bundleHash(single), loaded: result.bundle, source: single, guard: createFlowGuard(result.bundle) },
  };
}

function fromProblem(p: Problem): StoreError {
  return { code: p.code, message: p.message, pointer: p.pointer, file: p.file };
}

export class RuleStore {
  private active: ActiveBundle | undefined;

  get current(): ActiveBundle | undefined {
    return this.active;
  }

  /** Makes a compiled bundle the active one; returns whether it differs from the previous. */
  activate(bundle: ActiveBundle): boolean {
    const changed = this.active?.hash !== bundle.hash;
    this.active = bundle;
    return changed;
  }

  ruleIds(): string[] {
    return this.active ? [...this.active.loaded.rules.keys()] : [];
  }

  /**
   * An inline guard of a flow (`{ "logic": … }` instead of a rule id), compiled with the active
   * bundle's engine and parameters. Compiled per call: inline guards are few and small.
   */
  evaluateLogic(logic: unknown, data: unknown): EvaluateResult {
    const active = this.active;
    if (!active) return this.evaluate('', data);
    try {
      const compiled = active.loaded.engine.compile(logic, { params: active.loaded.parameters });
      return { ok: true, result: compiled(data) };
    } catch (e) {
      if (isRuleError(e)) return { ok: false, error: { code: e.code, message: e.messages, pointer: e.pointer } };
      throw e;
    }
  }

  evaluate(ruleId: string, data: unknown): EvaluateResult {
    // read the reference once: a swap during this call cannot mix two bundles
    const active = this.active;
    if (!active) {
      return {
        ok: false,
        error: {
          code: 'BUNDLE_NOT_LOADED',
          message: {
            zh: '尚未加载规则包：先用 target-kit nocobase import 导入',
            en: 'no rules bundle is loaded yet: import one with target-kit nocobase import',
          },
        },
      };
    }
    const rule = active.loaded.rules.get(ruleId);
    if (!rule) {
      return {
        ok: false,
        error: {
          code: 'RULE_UNKNOWN',
          message: {
            zh: `包 ${active.bundleId} 中没有规则 ${ruleId}`,
            en: `bundle ${active.bundleId} has no rule ${ruleId}`,
          },
        },
      };
    }
    const outcome = rule.evaluate(data);
    if (outcome.ok) return { ok: true, result: outcome.value };
    const error = fromProblem(outcome.problem);
    if (error.code === 'RULE_INPUT_MISSING' && typeof data === 'object' && data !== null) {
      const record = data as Record<string, unknown>;
      error.missing = rule.def.inputs
        .filter((input) => input.required !== false && isBlank(Object.hasOwn(record, input.name) ? record[input.name] : undefined))
        .map((input) => input.name);
    }
    return { ok: false, error };
  }
}

/** What the runtime counts as a missing input (an empty form field arrives as ''). */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
