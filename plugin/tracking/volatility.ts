/**
 * Volatility coefficient (波动系数) per region and per month, from monthly actuals and targets:
 * per unit it is the month-to-month spread of its completion rates, per month the spread
 * across the units. The formula is the allocation issue's (plugin/forecast); this only groups.
 */
import { volatilityAcrossUnits, volatilityOverTime } from '../forecast/index.js';

interface MonthlyCompletion {
  unitId: string;
  month: string;
  actual: number;
  target: number;
}

interface VolatilityTable {
  /** Month to month, per unit (e.g. per region), in percentage points. */
  byUnit: Map<string, number | null>;
  /** Across the units, per month, in percentage points. */
  byMonth: Map<string, number | null>;
}

export function volatilityTable(rows: readonly MonthlyCompletion[]): VolatilityTable {
  const units = new Map<string, MonthlyCompletion[]>();
  const months = new Map<string, MonthlyCompletion[]>();
  for (const r of rows) {
    units.set(r.unitId, [...(units.get(r.unitId) ?? []), r]);
    months.set(r.month, [...(months.get(r.month) ?? []), r]);
  }
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    byUnit: new Map([...units].map(([id, rs]) => [id, round(volatilityOverTime([...rs].sort((a, b) => (a.month < b.month ? -1 : 1))))])),
    byMonth: new Map([...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, rs]) => [m, round(volatilityAcrossUnits(rs))])),
  };
}
