/**
 * The json-logic-js 2.0.5 operators, all of them but `method`: it calls any JavaScript
 * method of a value by name (`{"method": ["abc", "constructor"]}` reaches constructors), which
 * no rule from a file should be able to do. It is refused at compile time like any unknown
 * operator. json-logic-js's dotted operator lookup (`{"a.b": ...}` reaching into the table)
 * is not reproduced either.
 */
import { arithmeticOperators } from './arithmetic.js';
import { arrayOperators } from './arrays.js';
import { comparisonOperators } from './compare.js';
import { dataOperators } from './data.js';
import type { Builtin } from './define.js';
import { logOperator } from './log.js';
import { logicOperators } from './logic.js';
import { stringOperators } from './strings.js';

export function standardOperators(onLog?: (value: unknown) => void): Builtin[] {
  return [
    ...dataOperators,
    ...logicOperators,
    ...comparisonOperators,
    ...arithmeticOperators,
    ...stringOperators,
    ...arrayOperators,
    logOperator(onLog),
  ];
}
