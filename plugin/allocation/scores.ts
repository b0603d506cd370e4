/**
 * Factor scores over columns (影响因子评分): every factor rule of the bundle evaluated once per
 * unit, in one batch per rule (`evaluateColumns`), over columns read once from the units — each
 * declared input's cells coerced as `ruleInputs` does (by name, else the snake_case column; the
 * tree's figures win), shared by the factors that declare the same input. No object per unit
 * and factor. It answers only when every cell reads and every rule scores every unit in 0..1;
 * on anything else it gives up (null) and the caller walks the units one by one, which says
 * every problem by row and column in the order it always did.
 */
import { coerce, hasType } from '../bundle/rule-definition.js';
import { snake } from '../bundle/index.js';
import type { AllocationModel } from './model.js';

/** What the scoring reads of unit k (k ≥ 1: the company is not scored): its row, and the tree's figures. */
interface ScoringInputs {
  /** Units in top-down order; the company first. */
  count: number;
  record(k: number): Readonly<Record<string, unknown>>;
  /** The figure the allocation computes for an input name, or undefined when it supplies none for that unit. */
  fixed(name: string): ((k: number) => unknown) | undefined;
}

/** Per factor (model order), the score of unit k at [k − 1]; null when any unit needs the one-by-one walk. */
export function scoreByColumns(model: AllocationModel, at: ScoringInputs): Float64Array[] | null {
  const rows = at.count - 1;
  const columns = new Map<string, unknown[] | null>();
  const columnOf = (name: string, type: AllocationModel['factors'][number]['inputs'][number]['type'], required: boolean): unknown[] | null => {
    const key = `${name}\u0000${type}\u0000${required ? 1 : 0}`;
    if (columns.has(key)) return columns.get(key)!;
    const out = new Array<unknown>(rows);
    const fixed = at.fixed(name);
    const alias = snake(name);
    let ok = true;
    for (let k = 1; k <= rows && ok; k++) {
      let raw: unknown = fixed ? fixed(k) : undefined;
      if (raw === undefined) {
        const record = at.record(k);
        // an input named in snake_case is its own column: no second name to look for
        raw = name === alias || Object.hasOwn(record, name) || !Object.hasOwn(record, alias) ? record[name] : record[alias];
      }
      const value = coerce(raw, type);
      if (value === undefined) {
        if (required) ok = false;
        // absent: the rule's own default applies, as ruleInputs leaves it out
        continue;
      }
      if (!hasType(value, type)) ok = false;
      else out[k - 1] = value;
    }
    const column = ok ? out : null;
    columns.set(key, column);
    return column;
  };
  const scores: Float64Array[] = [];
  for (const f of model.factors) {
    const byName: Record<string, unknown[]> = {};
    for (const input of f.inputs) {
      const column = columnOf(input.name, input.type, input.required !== false);
      if (!column) return null;
      byName[input.name] = column;
    }
    const values = new Array<unknown>(rows);
    if (!f.evaluateColumns(byName, rows, values).ok) return null;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return null;
      out[i] = v;
    }
    scores.push(out);
  }
  return scores;
}
