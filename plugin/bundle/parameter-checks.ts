/**
 * The shape of the checks the loader runs on parameter groups whose meaning a domain knows
 * (factor weights that must sum to 100%, tier shares, bands...). The loader lives below every
 * domain, so it only types the registry here; the domains' checks are assembled above it, at the
 * runtime's entry (`plugin/domains.ts`), and handed down. Adding a domain never edits the loader.
 */
import type { Problem } from '../problems.js';

/** `pointer` is the group's pointer in `file`, e.g. `/parameters/allocation`. */
type ParameterCheck = (value: unknown, file: string, pointer: string) => Problem[];

/**
 * Checks that read two groups (a product line weighing the allocation's factors). The loader runs
 * them once every group is in; `fileOf` names the file a group came from, so the problem points
 * at the group that holds the reference.
 */
export type CrossGroupCheck = (parameters: Readonly<Record<string, unknown>>, fileOf: (group: string) => string | undefined) => Problem[];

export interface ParameterCheckRegistry {
  /** Parameter group name → its check, run on the group wherever it is defined. */
  readonly groups: Readonly<Record<string, ParameterCheck>>;
  /** Run once all groups are merged, in this order. */
  readonly crossGroup: readonly CrossGroupCheck[];
}
