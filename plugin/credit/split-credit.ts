/**
 * Split credit (业绩分成): a deal won together is credited to several people by percent, from a
 * split table (`order_id, id, percent`). Percents are exact decimals (at most 4 places) that
 * must sum to 100 per order, else every row of that order is refused by its row number; the
 * credited amounts are a largest-remainder split of the order's amount, ties by person id, so
 * they sum exactly to the order to the 分. A team's actual is the sum of its people's credited
 * amounts, so a deal shared inside the team counts once, in full.
 */
import type { Fen } from '../money/index.js';
import { splitByLargestRemainder } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';

/** One row of the split table as read (cells as text or numbers), with its 1-based row. */
export interface SplitRowInput {
  row: number;
  orderId: unknown;
  id: unknown;
  percent: unknown;
}

interface SplitShare {
  id: string;
  /** Percent in ten-thousandths (50% = 500000), exact. */
  percentMillionths: number;
  /** The percent as written, as a number (50 = 50%). */
  percent: number;
  row: number;
}

export type SplitTable = ReadonlyMap<string, readonly SplitShare[]>;

type SplitsResult = { ok: true; splits: SplitTable } | { ok: false; problems: Problem[] };

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;
const HUNDRED = 100 * 10_000;

const rowProblem = (file: string, row: number, column: string, code: string, zh: string, en: string): Problem =>
  ({ ...problem(code, file, '', { zh, en }), row, column });

/** Reads "50", "33.3333" or 50 as ten-thousandths of a percent; null when it is not 0 < p ≤ 100 with ≤ 4 decimals. */
export function parsePercent(value: unknown): number | null {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/%$/, '') : '';
  const m = PERCENT.exec(raw);
  if (!m) return null;
  const units = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return units > 0 && units <= HUNDRED ? units : null;
}

/** Checks the split table: every cell, no person twice on an order, and percents summing to 100 per order. */
export function readSplits(rows: readonly SplitRowInput[], file = 'splits'): SplitsResult {
  const problems: Problem[] = [];
  const byOrder = new Map<string, SplitShare[]>();
  for (const r of rows) {
    const orderId = String(r.orderId ?? '').trim();
    const id = String(r.id ?? '').trim();
    if (!orderId) { problems.push(rowProblem(file, r.row, 'order_id', 'SPLIT_NO_ORDER', 'order_id 为空', 'order_id is empty')); continue; }
    if (!id) { problems.push(rowProblem(file, r.row, 'id', 'SPLIT_NO_PERSON', 'id 为空', 'id is empty')); continue; }
    const units = parsePercent(r.percent);
    if (units === null) {
      problems.push(rowProblem(file, r.row, 'percent', 'SPLIT_BAD_PERCENT', `percent 应为 0 到 100 之间的数（最多 4 位小数），实际是 "${String(r.percent ?? '')}"`, `percent must be a number above 0 and at most 100 (at most 4 decimals), got "${String(r.percent ?? '')}"`));
      continue;
    }
    const shares = byOrder.get(orderId) ?? [];
    if (shares.some((s) => s.id === id)) {
      problems.push(rowProblem(file, r.row, 'id', 'SPLIT_DUPLICATE', `订单 ${orderId} 中 ${id} 出现了两次`, `order ${orderId}: ${id} appears twice`));
      continue;
    }
    shares.push({ id, percentMillionths: units, percent: units / 10_000, row: r.row });
    byOrder.set(orderId, shares);
  }
  for (const [orderId, shares] of byOrder) {
    const total = shares.reduce((a, s) => a + s.percentMillionths, 0);
    if (total !== HUNDRED) {
      const sum = total / 10_000;
      for (const s of shares) {
        problems.push(rowProblem(file, s.row, 'percent', 'SPLIT_NOT_100', `订单 ${orderId} 的分成比例合计 ${sum}%，应为 100%`, `order ${orderId}: the percents sum to ${sum}%, not 100%`));
      }
    }
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
  // ties of the largest remainder go by person id, whatever the row order
  for (const shares of byOrder.values()) shares.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, splits: byOrder };
}

/**
 * The shares whose person is not known (`isUnit`), one problem each at its row and `id` column:
 * by default ACTUALS_UNKNOWN_UNIT, "unit … is not in the targets"; `unknown` gives another code
 * and message (the CLI's score names --data).
 */
export function unknownSharers(splits: SplitTable, file: string, isUnit: (id: string) => boolean,
  unknown: (id: string) => { code: string; message: Localized } = (id) => ({ code: 'ACTUALS_UNKNOWN_UNIT', message: { zh: `单位 ${id} 不在目标表中`, en: `unit ${id} is not in the targets` } })): Problem[] {
  const problems: Problem[] = [];
  for (const shares of splits.values()) {
    for (const sh of shares) {
      if (isUnit(sh.id)) continue;
      const u = unknown(sh.id);
      problems.push(rowProblem(file, sh.row, 'id', u.code, u.message.zh, u.message.en));
    }
  }
  return problems;
}

/** The order's amount credited over the shares, exactly (largest remainder, ties by id). */
export function creditAmount(amount: Fen, shares: readonly SplitShare[]): Fen[] {
  return splitByLargestRemainder(amount, shares.map((s) => s.percentMillionths));
}

export interface Order {
  orderId: string;
  amount: Fen;
  /** Who booked it, for an order without split rows (100% to this person). */
  id?: string;
  date?: string;
  /** Optional product line. */
  line?: string;
}

/** One person's part of one order. */
export interface Credit {
  orderId: string;
  id: string;
  amount: Fen;
  /** The person's percent of the order (100 when not shared). */
  percent: number;
  orderAmount: Fen;
  shared: boolean;
  date?: string;
  line?: string;
}

/** Orders without a holder and without split rows are returned in `unassigned`. */
export function creditOrders(orders: readonly Order[], splits: SplitTable): { credits: Credit[]; unassigned: Order[] } {
  const credits: Credit[] = [];
  const unassigned: Order[] = [];
  for (const o of orders) {
    const extra = { ...(o.date !== undefined ? { date: o.date } : {}), ...(o.line !== undefined ? { line: o.line } : {}) };
    const shares = splits.get(o.orderId);
    if (shares && shares.length) {
      const parts = creditAmount(o.amount, shares);
      shares.forEach((s, i) => credits.push({ orderId: o.orderId, id: s.id, amount: parts[i] as Fen, percent: s.percent, orderAmount: o.amount, shared: shares.length > 1, ...extra }));
    } else if (o.id) {
      credits.push({ orderId: o.orderId, id: o.id, amount: o.amount, percent: 100, orderAmount: o.amount, shared: false, ...extra });
    } else unassigned.push(o);
  }
  return { credits, unassigned };
}

/**
 * A unit's credited actual: the credits of everyone at or below it. Each order's credits sum to
 * the order, so a deal shared between two people of the same team counts once for the team.
 * Also lists, per unit, the shared orders it takes part in and the amount it holds of each.
 */
export function unitCredits<T extends OrgUnitInput>(tree: OrgTree<T>, credits: readonly Credit[]): Map<string, { amount: Fen; orders: Map<string, Fen> }> {
  const out = new Map<string, { amount: Fen; orders: Map<string, Fen> }>();
  for (const id of tree.topDown) out.set(id, { amount: 0, orders: new Map() });
  for (const c of credits) {
    if (!tree.get(c.id)) continue;
    for (const u of [tree.get(c.id)!, ...tree.ancestors(c.id)]) {
      const entry = out.get(u.id)!;
      entry.amount += c.amount;
      entry.orders.set(c.orderId, (entry.orders.get(c.orderId) ?? 0) + c.amount);
    }
  }
  return out;
}

/** One person's breakdown: each deal with its share (the self-service view). */
export function creditBreakdown(credits: readonly Credit[], id: string): Credit[] {
  return credits.filter((c) => c.id === id);
}
