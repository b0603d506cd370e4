/**
 * What `validate` checks of the allocation beyond its own parameter groups, so that a mistake
 * is refused when the bundle loads and not when `allocate` or a screen first runs the model:
 * every factor names a rule the bundle defines, and the bundle's sample units carry every column
 * a factor rule requires (a new factor's column forgotten in the sample data otherwise breaks
 * every screen built on the sample company).
 */
import { parseCsv } from '../data/index.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Problem } from '../problems.js';
import { snake, type BundleCheck, type BundleCheckContext } from '../bundle/index.js';
import { FACTOR_COMPUTED_INPUTS } from './prepare.js';

/** The dataset of sample units the hosts allocate when no units table is given. */
export const SAMPLE_UNITS_DATASET = 'sample-company-units';

const FACTORS_GROUP = 'allocationFactors';

interface Needed {
  column: string;
  /** The factors (and their rules) that need the column. */
  by: Array<{ factor: string; rule: string }>;
}

function checkFactorReferences(b: BundleCheckContext): Problem[] {
  const factors = b.parameters[FACTORS_GROUP];
  const file = b.fileOf(FACTORS_GROUP);
  if (!isObject(factors) || file === undefined) return [];
  const out: Problem[] = [];
  const needed = new Map<string, Needed>();
  for (const [id, f] of Object.entries(factors)) {
    if (!isObject(f) || typeof f.rule !== 'string') continue;
    if (!b.ruleIds.has(f.rule)) {
      const known = [...b.ruleIds].filter((r) => r.startsWith('factor-'));
      out.push(problem('ALLOC_UNKNOWN_RULE', file, joinPointer('/parameters', FACTORS_GROUP, id, 'rule'), {
        zh: `因子 ${id} 的评分规则 ${f.rule} 不存在${known.length ? `（包中的因子规则：${known.join('、')}）` : ''}`,
        en: `factor ${id}: scoring rule ${f.rule} does not exist${known.length ? ` (the bundle's factor rules: ${known.join(', ')})` : ''}`,
      }));
      continue;
    }
    for (const input of b.rules.get(f.rule)?.def.inputs ?? []) {
      if (input.required === false || FACTOR_COMPUTED_INPUTS.has(input.name)) continue;
      const entry: Needed = needed.get(input.name) ?? { column: input.name, by: [] };
      entry.by.push({ factor: id, rule: f.rule });
      needed.set(input.name, entry);
    }
  }
  return [...out, ...checkSampleUnits(b, [...needed.values()])];
}

/**
 * The sample units against the columns the factor rules require: a missing column once, with
 * the rows it leaves without a value; a column blank on some units once, with their count.
 */
function checkSampleUnits(b: BundleCheckContext, needed: readonly Needed[]): Problem[] {
  const dataset = b.datasets.get(SAMPLE_UNITS_DATASET);
  if (!dataset || dataset.def.format !== 'csv' || typeof dataset.content !== 'string' || !needed.length) return [];
  const file = dataset.def.file;
  const parsed = parseCsv(dataset.content, file);
  if (!parsed.ok) return [parsed.problem];
  const columns = new Set(parsed.columns);
  // the company row has no parent and is never scored on a factor
  const scored = parsed.records.filter((r) => (r.record.parent_id ?? '').trim() !== '');
  const out: Problem[] = [];
  for (const { column, by } of needed) {
    const who = by.map((x) => `${x.factor}（${x.rule}）`).join('、');
    const whoEn = by.map((x) => `${x.factor} (${x.rule})`).join(', ');
    const name = columns.has(column) ? column : columns.has(snake(column)) ? snake(column) : undefined;
    if (name === undefined) {
      out.push({
        ...problem('ALLOC_SAMPLE_COLUMN_MISSING', file, '', {
          zh: `示例单位表缺少列 ${column}：因子 ${who}需要它，${scored.length} 个单位因此无法评分。请在表头加上 ${column} 列并为每个单位填值`,
          en: `the sample units have no column ${column}, which factor ${whoEn} requires: ${scored.length} unit(s) cannot be scored. Add a ${column} column with a value for every unit`,
        }),
        row: 1,
        column,
      });
      continue;
    }
    const blank = scored.filter((r) => (r.record[name] ?? '').trim() === '');
    if (blank.length) {
      const shown = blank.slice(0, 5).map((r) => r.line).join(', ') + (blank.length > 5 ? ' …' : '');
      out.push({
        ...problem('ALLOC_SAMPLE_CELLS_BLANK', file, '', {
          zh: `示例单位表的列 ${name} 有 ${blank.length} 个单位为空（第 ${shown} 行）：因子 ${who}需要它`,
          en: `the sample units' column ${name} is blank for ${blank.length} unit(s) (rows ${shown}); factor ${whoEn} requires it`,
        }),
        row: blank[0]!.line,
        column: name,
      });
    }
  }
  return out;
}

export const allocationBundleChecks: readonly BundleCheck[] = [checkFactorReferences];
