/**
 * A bundle rule to SQL: its declared inputs become typed columns (a required input is NOT
 * NULL, an optional one nullable), the bundle's parameters fold in as literals.
 */
import type { RuleDef } from '../bundle/types.js';
import { joinPointer } from '../problems.js';
import { compileToSql, type SqlCompileOptions, type SqlCompileResult, type SqlInput } from './compile.js';
import type { SqlDialect } from './dialect.js';

interface RuleSqlOptions {
  dialect: SqlDialect;
  params?: Record<string, unknown>;
  /** Base pointer of the rule in its file (e.g. /rules/3). */
  pointer?: string;
  /** Column SQL and ranges by input name; default the quoted input name and the type's default range. */
  columns?: Readonly<Record<string, Partial<SqlInput>>>;
  exactComparisons?: boolean;
}

export function compileRuleToSql(def: RuleDef, options: RuleSqlOptions): SqlCompileResult {
  const base = options.pointer ?? '';
  const inputs: Record<string, SqlInput> = {};
  for (const [i, input] of def.inputs.entries()) {
    const { type } = input;
    if (type !== 'number' && type !== 'integer' && type !== 'string' && type !== 'boolean') {
      const at = joinPointer(base, 'inputs', i, 'type');
      return {
        ok: false,
        refusal: {
          code: 'SQL_REFUSED',
          pointer: at,
          message: {
            zh: `${at}：输入 ${input.name} 的类型是 ${type}，一列 SQL 只存单个数字、文本或布尔值`,
            en: `${at}: input ${input.name} is of type ${type}; a SQL column holds a single number, text or boolean`,
          },
        },
      };
    }
    inputs[input.name] = { type, nullable: input.required === false, ...options.columns?.[input.name] };
  }
  const sqlOptions: SqlCompileOptions = {
    dialect: options.dialect,
    inputs,
    pointer: joinPointer(base, 'logic'),
    ...(options.params ? { params: options.params } : {}),
    ...(options.exactComparisons === false ? { exactComparisons: false } : {}),
  };
  return compileToSql(def.logic, sqlOptions);
}
