/** Rules where the data lives: JsonLogic compiled to one SQL expression per rule (PostgreSQL, DuckDB), or refused with the node and the reason. */
export { compileToSql, type SqlCompileOptions, type SqlCompileResult, type SqlInput, type SqlInputType, type SqlRefusal, type SqlValueType } from './compile.js';
export { compileRuleToSql, type RuleSqlOptions } from './rule.js';
export type { SqlDialect } from './dialect.js';
