/**
 * Credited revenue for scoring (业绩分成计入评分): order amounts and the split table become each
 * person's credited revenue (his own orders plus his credited shares of shared ones) and his deal
 * list, through `creditOrders`, so each shared order's parts still sum exactly to the order.
 */
import type { Fen } from '../money/index.js';
import { creditOrders, type Credit, type Order, type SplitTable } from './split-credit.js';

export interface PersonRevenue {
  /** `base` (if given) plus every credit booked on the person, in fen. */
  revenue: Fen;
  /** Every credit of the person, in order of the orders. */
  deals: Credit[];
  /** The shared deals among them (more than one person on the order), with share and amount. */
  shared: Credit[];
}

interface CreditedRevenue {
  people: Map<string, PersonRevenue>;
  /** Orders with neither split rows nor a holder: credited to nobody. */
  unassigned: Order[];
}

/**
 * Per-person credited revenue and deal lists. `base` is revenue already known per person outside
 * these orders (e.g. his own unshared revenue); everyone in `base` is listed even without credits.
 */
export function creditedRevenue(orders: readonly Order[], splits: SplitTable, base: ReadonlyMap<string, Fen> = new Map()): CreditedRevenue {
  const { credits, unassigned } = creditOrders(orders, splits);
  const people = new Map<string, PersonRevenue>();
  const entry = (id: string): PersonRevenue => {
    let e = people.get(id);
    if (!e) people.set(id, (e = { revenue: base.get(id) ?? 0, deals: [], shared: [] }));
    return e;
  };
  for (const id of base.keys()) entry(id);
  for (const c of credits) {
    const e = entry(c.id);
    e.revenue += c.amount;
    e.deals.push(c);
    if (c.shared) e.shared.push(c);
  }
  return { people, unassigned };
}
