/**
 * The columns a units table carries for a bundle's factor model, read from the factor rules'
 * declared inputs: a host's import offers them, so a factor added in JSON brings its column
 * to every import screen without a list to update. The org and money columns are the
 * units reader's own (units.ts).
 */
import type { DefinedRule } from '../bundle/index.js';
import { isObject } from '../json.js';
import { FACTOR_COMPUTED_INPUTS } from './prepare.js';

/** Each factor rule's inputs that come from a unit's cells, once, in factor order; `required` as the rule declares. */
export function factorColumns(bundle: { parameters: Readonly<Record<string, unknown>>; rules: ReadonlyMap<string, DefinedRule> }): Array<{ name: string; required: boolean }> {
  const factors = bundle.parameters.allocationFactors;
  if (!isObject(factors)) return [];
  const out = new Map<string, boolean>();
  for (const f of Object.values(factors)) {
    const rule = isObject(f) && typeof f.rule === 'string' ? bundle.rules.get(f.rule) : undefined;
    for (const input of rule?.def.inputs ?? []) {
      if (FACTOR_COMPUTED_INPUTS.has(input.name)) continue;
      out.set(input.name, (out.get(input.name) ?? false) || input.required !== false);
    }
  }
  return [...out].map(([name, required]) => ({ name, required }));
}
