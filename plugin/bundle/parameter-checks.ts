/**
 * The shape of the checks the loader runs on parameter groups whose meaning a domain knows
 * (factor weights that must sum to 100%, tier shares, bands...). The loader lives below every
 * domain, so it only types the registry here; the domains' checks are assembled above it, at the
 * runtime's entry (`plugin/domains.ts`), and handed down. Adding a domain never edits the loader.
 */
import type { Problem } from '../problems.js';
import type { DefinedRule } from './rule-definition.js';
import type { DatasetDef } from './types.js';

/** `pointer` is the group's pointer in `file`, e.g. `/parameters/allocation`. */
type ParameterCheck = (value: unknown, file: string, pointer: string) => Problem[];

/**
 * Checks that read two groups (a product line weighing the allocation's factors). The loader runs
 * them once every group is in; `fileOf` names the file a group came from, so the problem points
 * at the group that holds the reference.
 */
export type CrossGroupCheck = (parameters: Readonly<Record<string, unknown>>, fileOf: (group: string) => string | undefined) => Problem[];

/** What a check that follows parameters into rules and sample data sees of the bundle. */
export interface BundleCheckContext {
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly fileOf: (group: string) => string | undefined;
  /** Every rule id the bundle defines, even one that failed to compile (that is reported already). */
  readonly ruleIds: ReadonlySet<string>;
  /** The rules that compiled. */
  readonly rules: ReadonlyMap<string, DefinedRule>;
  readonly datasets: ReadonlyMap<string, { def: DatasetDef; content: unknown }>;
  /** The roles bundle.json declares (a parameter naming who is told must name one of them). */
  readonly roleIds: ReadonlySet<string>;
}

/**
 * Checks of what a parameter names elsewhere in the bundle (a factor's rule, the column that
 * rule reads in the bundle's sample units), so that `validate` refuses what a use case would
 * otherwise refuse later, at run time, in a host.
 */
export type BundleCheck = (bundle: BundleCheckContext) => Problem[];

export interface ParameterCheckRegistry {
  /** Parameter group name → its check, run on the group wherever it is defined. */
  readonly groups: Readonly<Record<string, ParameterCheck>>;
  /** Run once all groups are merged, in this order. */
  readonly crossGroup: readonly CrossGroupCheck[];
  /** Run once the rules are compiled and the datasets read; each skips what its groups' own checks refuse. */
  readonly bundle?: readonly BundleCheck[];
}
