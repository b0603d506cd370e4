/** Rules where the data lives: JsonLogic compiled to one SQL expression per rule (PostgreSQL, DuckDB), or refused with the node and the reason. */
export { compileToSql, labelOfCode, type SqlCompileResult, type SqlInput } from './compile.js';
export { compileRuleToSql } from './rule.js';
export { quoteName, type SqlDialect } from './dialect.js';
export { actualDatesSql, actualUnitsSql, badAmountsSql, bookingDayMap, bookingSql, readActualDates } from './booking.js';
export { boardBuckets, boardRules, boardSql, bucketOfDay, readBoardRows, type BoardRow, type BoardTreeUnit } from './board.js';
export { bookSqlActuals, bookSqlRowsAsFile, checkSqlActuals, datedRelation, dateTypeSql, integerOf, readSqlActualDates, sqlActuals, sqlBoardSums } from './stored-actuals.js';
