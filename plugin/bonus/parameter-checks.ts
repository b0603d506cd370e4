/** Checks the bonus parameter group: amounts and rates that are numbers >= 0, so the bonus is monotone. */
import { joinPointer, problem, type Problem } from '../problems.js';

function checkBonus(value: unknown, file: string, pointer: string): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [problem('PARAM_INVALID', file, pointer, { zh: 'bonus 应为对象', en: 'bonus must be an object' })];
  }
  const v = value as Record<string, unknown>;
  return ['baseBonus', 'acceleratorRate', 'extraRate', 'cap']
    .filter((k) => !(typeof v[k] === 'number' && Number.isFinite(v[k]) && (v[k] as number) >= 0))
    .map((k) => problem('PARAM_INVALID', file, joinPointer(pointer, k), {
      zh: `${k} 应为不小于 0 的数（为负会让多完成反而少拿）`,
      en: `${k} must be a number >= 0 (a negative one would pay less for more)`,
    }));
}

export const bonusParameterChecks = { bonus: checkBonus };
