/**
 * Orders of shared deals (共享订单): the one reader of `order_id, id, amount[, date][, line]` rows
 * that every host uses (the CLI's `score --orders`, the playground's sample orders), and of the
 * orders a split table carries in its own `amount` column (`score --splits` without `--orders`).
 * A bad row is a problem by row and column, never a row dropped: an order quietly left out
 * changes everyone's credited revenue. All-or-nothing: any problem and no order is returned.
 */
import { shanghaiDay } from '../calendar/index.js';
import { parseYuan, type Fen } from '../money/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import type { Order, SplitTable } from './split-credit.js';

type TableRecords = ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;

type OrdersResult = { ok: true; orders: Order[] } | { ok: false; problems: Problem[] };

interface ReadOrdersOptions {
  /** The split table: an order in it is credited by share, so it needs no holder in `id`. */
  splits?: SplitTable;
  /** Whether a holder is known; an unknown holder of an unshared order is refused. */
  isUnit?: (id: string) => boolean;
  /** The problem for an unknown holder; by default ORDER_UNKNOWN_UNIT, "unit … is not in the targets". */
  unknown?: (id: string) => { code: string; message: Localized };
  /** The product lines; a non-empty `line` cell must name one. Left out: the line is read as written. */
  lines?: readonly string[];
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

const orderIdOf = (record: Readonly<Record<string, unknown>>): string => text(Object.hasOwn(record, 'order_id') ? record.order_id : record.orderId);

function rowProblem(file: string, row: number, column: string, code: string, zh: string, en: string): Problem {
  return { ...problem(code, file, '', { zh, en }), row, column };
}

const notAmount = (file: string, row: number, raw: string): Problem =>
  rowProblem(file, row, 'amount', 'TABLE_NOT_AMOUNT', `amount 应为金额（元，最多两位小数），实际是 "${raw}"`, `amount must be an amount in yuan (at most 2 decimals), got "${raw}"`);

/**
 * Reads order rows. One problem per bad row, checked in this order: the order id (empty or
 * seen before, ORDER_BAD_ID), the holder (an order without split rows needs a known `id`:
 * ORDER_NO_HOLDER, or `unknown`'s code), the amount (TABLE_NOT_AMOUNT), the date (a day or a
 * time with its offset, counted on its Shanghai day: ORDER_BAD_DATE), the line
 * (ORDER_UNKNOWN_LINE). Empty `id`, `date` and `line` cells are left out of the order.
 */
export function readOrders(records: TableRecords, file: string, options: ReadOrdersOptions = {}): OrdersResult {
  const problems: Problem[] = [];
  const orders: Order[] = [];
  const seen = new Set<string>();
  for (const { line, record } of records) {
    const orderId = orderIdOf(record);
    const id = text(record.id);
    if (!orderId || seen.has(orderId)) {
      problems.push(rowProblem(file, line, 'order_id', 'ORDER_BAD_ID', orderId ? `订单 ${orderId} 重复` : 'order_id 为空', orderId ? `order ${orderId} appears twice` : 'order_id is empty'));
      continue;
    }
    seen.add(orderId);
    const shared = options.splits?.has(orderId) === true;
    if (!shared && !id) { problems.push(rowProblem(file, line, 'id', 'ORDER_NO_HOLDER', `订单 ${orderId} 既无 id 也不在分成表中`, `order ${orderId} has no id and no split rows`)); continue; }
    if (!shared && options.isUnit && !options.isUnit(id)) {
      const u = options.unknown?.(id) ?? { code: 'ORDER_UNKNOWN_UNIT', message: { zh: `单位 ${id} 不在目标表中`, en: `unit ${id} is not in the targets` } };
      problems.push(rowProblem(file, line, 'id', u.code, u.message.zh, u.message.en));
      continue;
    }
    const raw = text(record.amount);
    const amount = parseYuan(raw);
    if (amount === null) { problems.push(notAmount(file, line, raw)); continue; }
    const date = text(record.date);
    const day = date ? shanghaiDay(date) : null;
    if (date && !day) {
      problems.push(rowProblem(file, line, 'date', 'ORDER_BAD_DATE', `date 应为日期或带时区的时间，实际是 "${date}"`, `date must be a day or a time with its offset, got "${date}"`));
      continue;
    }
    const lineId = text(record.line);
    if (options.lines && lineId !== '' && !options.lines.includes(lineId)) {
      const known = options.lines;
      problems.push(rowProblem(file, line, 'line', 'ORDER_UNKNOWN_LINE', `没有产品线 ${lineId}（可用：${known.join('、')}）`, `there is no product line ${lineId} (known: ${known.join(', ')})`));
      continue;
    }
    orders.push({ orderId, amount, ...(id ? { id } : {}), ...(day ? { date: day } : {}), ...(lineId ? { line: lineId } : {}) });
  }
  return problems.length ? { ok: false, problems } : { ok: true, orders };
}

/**
 * The orders a split table carries itself: each order's amount from the `amount` column of its
 * rows (an empty cell is left to the order's other rows). Refused by row and column: a bad amount
 * (TABLE_NOT_AMOUNT), an amount differing from an earlier row of the same order
 * (SPLIT_AMOUNT_MISMATCH), an order with no amount on any row (SPLIT_NO_AMOUNT, at its first
 * share's row). `splits` is the table as `readSplits` read it from the same records.
 */
export function readSplitAmounts(records: TableRecords, file: string, splits: SplitTable): OrdersResult {
  const problems: Problem[] = [];
  const amounts = new Map<string, Fen>();
  for (const { line, record } of records) {
    const orderId = orderIdOf(record);
    const raw = text(record.amount);
    if (raw === '') continue;
    const amount = parseYuan(raw);
    if (amount === null) { problems.push(notAmount(file, line, raw)); continue; }
    const before = amounts.get(orderId);
    if (before !== undefined && before !== amount) problems.push(rowProblem(file, line, 'amount', 'SPLIT_AMOUNT_MISMATCH', `订单 ${orderId} 的金额前后不一致`, `order ${orderId}: the amount differs from an earlier row`));
    else amounts.set(orderId, amount);
  }
  const orders: Order[] = [];
  for (const [orderId, shares] of splits) {
    const amount = amounts.get(orderId);
    if (amount === undefined) problems.push(rowProblem(file, shares[0]!.row, 'amount', 'SPLIT_NO_AMOUNT', `订单 ${orderId} 没有金额`, `order ${orderId} has no amount`));
    else orders.push({ orderId, amount });
  }
  return problems.length ? { ok: false, problems } : { ok: true, orders };
}
