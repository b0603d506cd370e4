/**
 * Split credit (业绩分成): a deal won together is credited to several people by share, from a
 * split table (`order_id, id, share`). Shares are fractions like every share in a bundle (0.6 =
 * 60%), exact decimals of at most 6 places, that must sum to 1 per order, else every row of that
 * order is refused by its row number; the credited amounts are a largest-remainder split of the
 * order's amount, ties by person id, so they sum exactly to the order to the 分. A team's actual
 * is the sum of its people's credited amounts, so a deal shared inside the team counts once, in
 * full. Tables written before the convention (a `percent` column, 60 = 60%) are refused whole at
 * the header with the hint, never converted: a column of 1s would read as 100% or as 1%.
 */
import type { Fen } from '../money/index.js';
import { splitByLargestRemainder } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { notFractionCell } from '../fractions.js';
import { problem, type Localized, type Problem } from '../problems.js';

/** One row of the split table as read (cells as text or numbers), with its 1-based row. */
export interface SplitRowInput {
  row: number;
  orderId: unknown;
  id: unknown;
  share: unknown;
}

interface SplitShare {
  id: string;
  /** The share in millionths (0.5 = 500000), exact. */
  millionths: number;
  /** The share as written, as a fraction (0.5 = 50%). */
  share: number;
  row: number;
}

export type SplitTable = ReadonlyMap<string, readonly SplitShare[]>;

type SplitsResult = { ok: true; splits: SplitTable } | { ok: false; problems: Problem[] };

const SHARE = /^(0|1)?(?:\.(\d{1,6}))?$/;
const WHOLE = 1_000_000;

const rowProblem = (file: string, row: number, column: string, code: string, zh: string, en: string): Problem =>
  ({ ...problem(code, file, '', { zh, en }), row, column });

/** Reads "0.5", "0.333333" or 0.5 as millionths; null when it is not 0 < share ≤ 1 with ≤ 6 decimals. */
export function parseShare(value: unknown): number | null {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = SHARE.exec(raw);
  if (!m || raw === '' || raw === '.') return null;
  const units = Number(m[1] ?? '0') * WHOLE + Number((m[2] ?? '').padEnd(6, '0'));
  return units > 0 && units <= WHOLE ? units : null;
}

/** Checks the split table: every cell, no person twice on an order, and shares summing to 1 per order. */
export function readSplits(rows: readonly SplitRowInput[], file = 'splits'): SplitsResult {
  const problems: Problem[] = [];
  const byOrder = new Map<string, SplitShare[]>();
  for (const r of rows) {
    const orderId = String(r.orderId ?? '').trim();
    const id = String(r.id ?? '').trim();
    if (!orderId) { problems.push(rowProblem(file, r.row, 'order_id', 'SPLIT_NO_ORDER', 'order_id 为空', 'order_id is empty')); continue; }
    if (!id) { problems.push(rowProblem(file, r.row, 'id', 'SPLIT_NO_PERSON', 'id 为空', 'id is empty')); continue; }
    const units = parseShare(r.share);
    if (units === null) {
      problems.push(notFractionCell(file, r.row, 'share', { zh: '分成比例 share', en: 'share' }, typeof r.share === 'number' ? r.share : String(r.share ?? ''), { code: 'SPLIT_BAD_SHARE' }));
      continue;
    }
    const shares = byOrder.get(orderId) ?? [];
    if (shares.some((s) => s.id === id)) {
      problems.push(rowProblem(file, r.row, 'id', 'SPLIT_DUPLICATE', `订单 ${orderId} 中 ${id} 出现了两次`, `order ${orderId}: ${id} appears twice`));
      continue;
    }
    shares.push({ id, millionths: units, share: units / WHOLE, row: r.row });
    byOrder.set(orderId, shares);
  }
  for (const [orderId, shares] of byOrder) {
    const total = shares.reduce((a, s) => a + s.millionths, 0);
    if (total !== WHOLE) {
      const sum = total / WHOLE;
      for (const s of shares) {
        problems.push(rowProblem(file, s.row, 'share', 'SPLIT_NOT_WHOLE', `订单 ${orderId} 的分成比例合计 ${sum}，应为 1（即 100%）`, `order ${orderId}: the shares sum to ${sum}, not 1 (100%)`));
      }
    }
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) };
  // ties of the largest remainder go by person id, whatever the row order
  for (const shares of byOrder.values()) shares.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, splits: byOrder };
}

type TableRecords = ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;

/**
 * The split table from a read table (CSV, XLSX, JSON; `order_id` or `orderId`), one reader for
 * every host. `columns` is the header: a table still in percents (a `percent` column and no
 * `share`) is refused at row 1 with the hint, before any row is read.
 */
export function readSplitTable(records: TableRecords, file: string, columns: readonly string[]): SplitsResult {
  if (columns.includes('percent') && !columns.includes('share')) {
    return { ok: false, problems: [rowProblem(file, 1, 'percent', 'SPLIT_PERCENT_COLUMN',
      '分成表的 percent 列（百分数）已改为 share 列（小数，写 0.6 表示 60%）：把列名改为 share，每个值除以 100',
      'the split table\'s percent column (percents) is now the share column (fractions, write 0.6 for 60%): rename it to share and divide each value by 100')] };
  }
  return readSplits(records.map(({ line, record }) => ({ row: line, orderId: record.order_id ?? record.orderId, id: record.id, share: record.share })), file);
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
  return splitByLargestRemainder(amount, shares.map((s) => s.millionths));
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
  /** The person's share of the order as a fraction (1 when not shared). */
  share: number;
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
      shares.forEach((s, i) => credits.push({ orderId: o.orderId, id: s.id, amount: parts[i] as Fen, share: s.share, orderAmount: o.amount, shared: shares.length > 1, ...extra }));
    } else if (o.id) {
      credits.push({ orderId: o.orderId, id: o.id, amount: o.amount, share: 1, orderAmount: o.amount, shared: false, ...extra });
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
