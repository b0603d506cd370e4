/**
 * The one data table of the playground's work screens (数据表): antd's Table with sorting, a
 * filter per column where it helps, a search over every column's text, paging, a totals row and
 * a print view. Each column says what its cell is as text (searched, filtered, printed) and, for
 * an amount, its fen: the totals row adds integers of fen over every row that the search and
 * filters leave (not only the page shown) and prints them with the runtime's `formatYuanGrouped`,
 * so a total is exact to the fen. Tree rows (a `children` array) are searched and filtered with
 * their children (a search opens every row it keeps); the totals add the top rows only, since a
 * parent already holds its children.
 */
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Input, Modal, Table, type TableColumnsType, type TableProps } from 'antd';
import { memo, useMemo, useState, type ReactNode } from 'react';
import { formatYuanGrouped, type Fen } from '../../../../plugin/index.js';
import { useTableT } from './messages.js';

type SortOrder = 'ascend' | 'descend' | null;
import './table.css';

export interface DataColumn<R> {
  key: string;
  /** The header, also in the print view. */
  title: string;
  /** The header as shown on screen, when it is more than its text. */
  head?: ReactNode;
  /** The cell as text: what the search reads, the filters offer and the print view prints. */
  text: (row: R) => string;
  /** What the cell shows; default its text. */
  render?: (row: R) => ReactNode;
  /** What it sorts by (default its text, in the language's order); false: not sortable. */
  sort?: ((row: R) => number | string | null) | false;
  /** Offer the column's distinct texts as a filter. */
  filter?: boolean;
  /** For a cell holding several values (a unit's risk kinds): what the filter offers and matches, any of them. */
  filterValues?: (row: R) => readonly string[];
  /** An amount in fen: shown as exact yuan by default and added up in the totals row. */
  fen?: (row: R) => Fen | null;
  align?: 'left' | 'right' | 'center';
  width?: number;
  fixed?: 'left' | 'right';
}

type TreeRow<R> = R & { children?: TreeRow<R>[] };

interface DataTableProps<R> {
  /** Test ids: the table, `-search`, `-print`, `-total-<column>`, `-print-view`, `-count`. */
  testId: string;
  /** Printed above the print view. */
  title: string;
  rows: readonly TreeRow<R>[];
  columns: ReadonlyArray<DataColumn<R>>;
  rowKey: (row: R) => string;
  /** Rows a page (default 20); false: no paging (the table scrolls instead). */
  pageSize?: number | false;
  scroll?: TableProps<TreeRow<R>>['scroll'];
  expandable?: TableProps<TreeRow<R>>['expandable'];
  /** Whether to show the totals row (default: when a column has fen). */
  totals?: boolean;
  /** More tools beside the search (a filter of the screen's own). */
  tools?: ReactNode;
  /**
   * For flat rows of a hierarchy (a company, its regions, teams and reps in one list): each row's
   * parent key. The totals then add only the rows none of whose ancestors is shown, so a parent
   * and its children are never counted twice.
   */
  parentOf?: (row: R) => string | null;
  /** What an empty table says (antd's default otherwise). */
  empty?: ReactNode;
  /** Virtual scrolling (thousands of rows, no paging): needs `scroll.y`. */
  virtual?: boolean;
}

/** A row kept by the search or the filters: itself, or any of its children (which stay, trimmed). */
function keep<R>(rows: readonly TreeRow<R>[], ok: (r: R) => boolean): TreeRow<R>[] {
  const out: TreeRow<R>[] = [];
  for (const r of rows) {
    const kids = r.children ? keep(r.children, ok) : undefined;
    if (ok(r)) out.push(r);
    else if (kids && kids.length) out.push({ ...r, children: kids });
  }
  return out;
}

const collator = new Intl.Collator(['zh-CN', 'en'], { numeric: true });
const compareValues = (a: number | string | null, b: number | string | null): number => {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
};

function DataTableView<R extends object>(props: DataTableProps<R>) {
  const { testId, title, rows, columns, rowKey } = props;
  const tt = useTableT();
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Record<string, readonly string[]>>({});
  const [sorted, setSorted] = useState<{ key: string; order: SortOrder } | null>(null);
  const [printing, setPrinting] = useState(false);

  const sortOf = (c: DataColumn<R>) => (c.sort === false ? null : c.sort ?? c.fen ?? c.text);
  const shown = useMemo(() => {
    let out = [...rows];
    for (const c of columns) {
      const chosen = filters[c.key];
      if (chosen && chosen.length) out = keep(out, (r) => (c.filterValues ? c.filterValues(r) : [c.text(r)]).some((v) => chosen.includes(v)));
    }
    const q = query.trim().toLowerCase();
    if (q) out = keep(out, (r) => columns.some((c) => c.text(r).toLowerCase().includes(q)));
    return out;
  }, [rows, columns, filters, query]);
  const ordered = useMemo(() => {
    const c = sorted && sorted.order ? columns.find((x) => x.key === sorted.key) : undefined;
    const by = c ? sortOf(c) : null;
    if (!c || !by) return shown;
    const dir = sorted!.order === 'descend' ? -1 : 1;
    const sortTree = (list: TreeRow<R>[]): TreeRow<R>[] => [...list].sort((a, b) => dir * compareValues(by(a), by(b))).map((r) => (r.children ? { ...r, children: sortTree(r.children) } : r));
    return sortTree(shown);
  }, [shown, sorted, columns]);

  const fenColumns = columns.filter((c) => c.fen);
  const withTotals = props.totals ?? fenColumns.length > 0;
  // integers of fen added up: exact whatever the number of rows (far below 2^53)
  const { parentOf } = props;
  const counted = useMemo(() => {
    if (!parentOf) return shown;
    const shownKeys = new Set(shown.map((r) => rowKey(r)));
    const byKey = new Map(rows.map((r) => [rowKey(r), r]));
    const ancestorShown = (r: R): boolean => {
      const seen = new Set<string>();
      for (let p = parentOf(r); p !== null && !seen.has(p); p = byKey.has(p) ? parentOf(byKey.get(p)!) : null) {
        if (shownKeys.has(p)) return true;
        seen.add(p);
      }
      return false;
    };
    return shown.filter((r) => !ancestorShown(r));
  }, [parentOf, shown, rows, rowKey]);
  const totals = useMemo(() => new Map(fenColumns.map((c) => [c.key, counted.reduce((s, r) => s + (c.fen!(r) ?? 0), 0)])), [fenColumns, counted]);

  // each filter column's values over every row: a pass over all rows, so only when the rows or columns change
  const distinctOf = useMemo(() => {
    const all = columns.some((c) => c.filter) ? flatten(rows) : [];
    return new Map(columns.filter((c) => c.filter).map((c) => [c.key, [...new Set(all.flatMap((r) => (c.filterValues ? c.filterValues(r) : [c.text(r)])))].sort((a, b) => collator.compare(a, b))]));
  }, [rows, columns]);
  const antColumns: TableColumnsType<TreeRow<R>> = columns.map((c) => {
    const by = sortOf(c);
    const distinct = distinctOf.get(c.key) ?? [];
    return {
      key: c.key, title: c.head ?? c.title, align: c.align, width: c.width, fixed: c.fixed,
      render: (_: unknown, r: TreeRow<R>) => (c.render ? c.render(r) : c.fen ? fenText(c.fen(r)) : c.text(r)),
      ...(by ? { sorter: (a: TreeRow<R>, b: TreeRow<R>) => compareValues(by(a), by(b)), sortOrder: sorted?.key === c.key ? sorted.order : null } : {}),
      ...(c.filter ? { filters: distinct.map((v) => ({ text: v || '—', value: v })), filteredValue: filters[c.key] ? [...filters[c.key]!] : null, filterSearch: distinct.length > 8 } : {}),
    };
  });

  const onChange: TableProps<TreeRow<R>>['onChange'] = (_, f, s) => {
    const next: Record<string, readonly string[]> = {};
    for (const [k, v] of Object.entries(f)) if (v && v.length) next[k] = v.map(String);
    setFilters(next);
    const one = Array.isArray(s) ? s[0] : s;
    setSorted(one && one.columnKey !== undefined && one.order ? { key: String(one.columnKey), order: one.order as SortOrder } : null);
  };

  const summary = withTotals ? () => (
    <Table.Summary fixed>
      <Table.Summary.Row>
        {columns.map((c, i) => (
          <Table.Summary.Cell key={c.key} index={i} align={c.align}>
            {i === 0 ? <b>{tt('total', { rows: counted.length })}</b> : c.fen ? <b data-testid={`${testId}-total-${c.key}`}>{formatYuanGrouped(totals.get(c.key)!)}</b> : null}
          </Table.Summary.Cell>
        ))}
      </Table.Summary.Row>
    </Table.Summary>
  ) : undefined;

  const filterText = Object.entries(filters).map(([k, v]) => `${columns.find((c) => c.key === k)?.title ?? k}=${v.join('/')}`).concat(query.trim() ? [`“${query.trim()}”`] : []).join('；') || tt('none');

  return (
    <div className="data-table" data-testid={`${testId}-wrap`}>
      <div className="data-table-tools">
        <Input.Search allowClear size="small" className="data-table-search" placeholder={tt('search')} data-testid={`${testId}-search`}
          value={query} onChange={(e) => setQuery(e.target.value)} />
        {props.tools}
        <Button size="small" icon={<PrinterOutlined />} onClick={() => setPrinting(true)} data-testid={`${testId}-print`}>{tt('print')}</Button>
        <span className="data-table-count" data-testid={`${testId}-count`}>{tt('rows', { rows: shown.length })}</span>
      </div>
      <Table<TreeRow<R>> size="small" rowKey={(r) => rowKey(r)} dataSource={ordered} columns={antColumns} onChange={onChange} data-testid={testId}
        {...(props.virtual ? { virtual: true } : {})} {...(props.empty ? { locale: { emptyText: props.empty } } : {})}
        pagination={props.pageSize === false || props.virtual ? false : { pageSize: props.pageSize ?? 20, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100], size: 'small', hideOnSinglePage: false }}
        {...(props.scroll ? { scroll: props.scroll } : {})} {...(props.expandable || query.trim() ? { expandable: { ...props.expandable, ...(query.trim() ? { defaultExpandedRowKeys: flatten(shown).map(rowKey) } : {}) } } : {})}
        key={query.trim() ? `search:${query.trim()}` : 'all'} {...(summary ? { summary } : {})} />
      <Modal open={printing} width="90vw" title={tt('printView')} onCancel={() => setPrinting(false)} destroyOnHidden
        footer={<Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid={`${testId}-print-now`}>{tt('printNow')}</Button>}>
        <div className="data-table-printable" data-testid={`${testId}-print-view`}>
          <div className="data-table-print-head"><b>{title}</b> · {tt('printedAt', { rows: shown.length, filters: filterText })}</div>
          <table>
            <thead><tr>{columns.map((c) => <th key={c.key} className={c.fen || c.align === 'right' ? 'num' : undefined}>{c.title}</th>)}</tr></thead>
            <tbody>
              {flattenDepth(ordered).map(({ row, depth }) => (
                <tr key={rowKey(row)} data-row-key={rowKey(row)}>
                  {columns.map((c, i) => (
                    <td key={c.key} className={c.fen || c.align === 'right' ? 'num' : undefined} style={i === 0 && depth ? { paddingLeft: 6 + depth * 14 } : undefined}>
                      {c.fen ? fenText(c.fen(row)) : c.text(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {withTotals && (
              <tfoot><tr>{columns.map((c, i) => (
                <td key={c.key} className={c.fen ? 'num' : undefined}>{i === 0 ? tt('total', { rows: counted.length }) : c.fen ? formatYuanGrouped(totals.get(c.key)!) : ''}</td>
              ))}</tr></tfoot>
            )}
          </table>
        </div>
      </Modal>
    </div>
  );
}

/**
 * The table skips a render when its props are the same: a screen re-rendering for something else
 * (a number typed above a table of 20,000 rows) does not pass over the rows again. Callers keep
 * rows, columns, rowKey and parentOf stable (memoised or module-level) to benefit.
 */
export const DataTable = memo(DataTableView) as typeof DataTableView;

const fenText = (f: Fen | null) => (f === null ? '—' : formatYuanGrouped(f));

function flatten<R>(rows: readonly TreeRow<R>[]): R[] {
  return rows.flatMap((r) => [r, ...(r.children ? flatten(r.children) : [])]);
}

function flattenDepth<R>(rows: readonly TreeRow<R>[], depth = 0): Array<{ row: R; depth: number }> {
  return rows.flatMap((r) => [{ row: r as R, depth }, ...(r.children ? flattenDepth(r.children, depth + 1) : [])]);
}
