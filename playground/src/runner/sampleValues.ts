/**
 * A template's sample data as the runner starts from it. Sample rows that stand for the
 * allocation's factors (array items with a `factor` key, in a template that reads the
 * allocationFactors group) are rebuilt from the bundle's factor library: a factor added in JSON
 * appears by name and weight, and a copy of the defaults (five factors at 30/25/20/15/10)
 * cannot outlive a change of the parameters.
 */
import type { Lang, LoadedBundle, Localized } from '../../../plugin/index.js';
import type { TemplateDef } from '../bundle/types.js';

const FACTOR_LIBRARY = 'allocationFactors';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function sampleValues(def: TemplateDef, formName: string, parameters: LoadedBundle['parameters'], lang: Lang): Record<string, unknown> {
  // Formily observes and writes into the objects it is given: a copy, so edits never reach the
  // loaded bundle and "restore sample data" really restores them
  const values = structuredClone(def.sampleData?.[formName] ?? {}) as Record<string, unknown>;
  const library = parameters[FACTOR_LIBRARY];
  if (!isRecord(library) || !(def.parameters ?? []).includes(FACTOR_LIBRARY)) return values;
  for (const [key, rows] of Object.entries(values)) {
    if (!Array.isArray(rows) || !rows.length || !rows.every((r) => isRecord(r) && typeof r.factor === 'string')) continue;
    // the sample's own scale, whatever it is: its rows' weights sum to its 100%
    const whole = rows.reduce((sum: number, r: Record<string, unknown>) => sum + (typeof r.weight === 'number' ? r.weight : 0), 0) || 1;
    values[key] = Object.entries(library).map(([id, f]) => {
      const factor = isRecord(f) ? f : {};
      const name = isRecord(factor.name) ? (factor.name as unknown as Localized)[lang] : id;
      const weight = typeof factor.weight === 'number' ? Math.round(factor.weight * whole * 1e9) / 1e9 : 0;
      return { factor: id, name, weight };
    });
  }
  return values;
}
