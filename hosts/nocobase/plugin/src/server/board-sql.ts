/**
 * The board's actuals booked in NocoBase's own PostgreSQL (issue 18): the runtime's booking
 * queries (plugin/sql/booking.ts, as `target-kit track --db` runs them) over the actuals
 * collection's table, through NocoBase's sequelize connection, so a year of daily rows is summed
 * where it lies and only each unit's booked weeks come back (through a cursor). Everything NocoBase-specific about
 * it is here: which table and columns the collection has (the importer's column → field list,
 * the fields' types and the model's column names), the dialect, the snapshot the queries share.
 *
 * Only where the data is as the importer made it: PostgreSQL, an id column of text or integers,
 * a date column of text or dateOnly, an amount column of exact decimals or integers. Anywhere
 * else (NocoBase on SQLite or MySQL, a field a company retyped) the board reads the collection
 * back whole (stored-tables.ts) and books it in the runtime: the same figures, more rows moved.
 */
import { quoteName, sqlActuals, type StoredActuals } from '../../../../../plugin/index.js';
import type { StoredDatasetMeta } from './data-load.js';

type Row = Record<string, unknown>;

/** Rows a FETCH brings (as `track --db`'s cursor): few round trips, a batch of a few MB. */
const FETCH_ROWS = 20_000;

/**
 * The longest one of the board's statements may run (SET LOCAL statement_timeout): a
 * 50,000-rep company's year takes the booking a minute or two; a board asked from a page is
 * not left running for longer than this.
 */
const STATEMENT_TIMEOUT_MS = 10 * 60_000;

/** PostgreSQL's SQLSTATE for a statement cancelled (only statement_timeout cancels the board's). */
const QUERY_CANCELED = '57014';

/** Memory per sort or hash of the board's queries (as `track --db` sets it), for their transaction only. */
const WORK_MEM = '256MB';

/** What this module uses of NocoBase's database (declared narrowly: NocoBase's packages are the host's). */
export interface BoardSqlDb {
  sequelize: {
    getDialect(): string;
    transaction<T>(options: { isolationLevel: string }, body: (transaction: unknown) => Promise<T>): Promise<T>;
    query(sql: string, options: { type: 'SELECT'; raw: true; transaction: unknown }): Promise<unknown>;
  };
  getCollection(name: string): { fields: Map<string, { type: string }>; collectionSchema?(): string | undefined } | undefined;
  getModel(name: string): unknown;
}

/** The collection's table as PostgreSQL knows it, and each field's column and NocoBase type. */
interface StoredTableShape {
  schema: string | undefined;
  table: string;
  fields: ReadonlyMap<string, { column: string; type: string }>;
}

const ID_TYPES = new Set(['string', 'bigInt', 'integer']);
const DATE_TYPES = new Set(['string', 'dateOnly']);
const AMOUNT_TYPES = new Set(['decimal', 'bigInt', 'integer']);

/**
 * The actuals as a relation with the columns id, date, amount (booking.ts's shape), or undefined
 * when a column is missing or not of a type the queries read exactly as the stored table is
 * read: ids trimmed as the reader trims them, a dateOnly as YYYY-MM-DD whatever the server's
 * DateStyle. Names quoted, never spliced.
 */
function actualsRelation(shape: StoredTableShape, meta: StoredDatasetMeta): ((schema: string | undefined) => string) | undefined {
  const fieldOf = (column: string) => {
    const field = meta.columns.find((c) => c.column === column)?.field;
    return field === undefined ? undefined : shape.fields.get(field);
  };
  const [id, date, amount] = [fieldOf('id'), fieldOf('date'), fieldOf('amount')];
  if (!id || !date || !amount || !ID_TYPES.has(id.type) || !DATE_TYPES.has(date.type) || !AMOUNT_TYPES.has(amount.type)) return undefined;
  const dateText = date.type === 'dateOnly' ? `to_char(${quoteName(date.column)}, 'YYYY-MM-DD')` : quoteName(date.column);
  return (schema) => {
    const table = `${schema ? `${quoteName(schema)}.` : ''}${quoteName(shape.table)}`;
    return `(SELECT TRIM(CAST(${quoteName(id.column)} AS TEXT)) AS "id", ${dateText} AS "date", ${quoteName(amount.column)} AS "amount" FROM ${table}) AS "actuals"`;
  };
}

/** The collection's table, its fields' columns (NocoBase may store `createdAt` as `created_at`) and types. */
function tableShape(db: BoardSqlDb, collection: string): StoredTableShape | undefined {
  const c = db.getCollection(collection);
  const model = db.getModel(collection) as { tableName?: unknown; getAttributes?(): Record<string, { field?: string }> } | undefined;
  if (!c || !model || typeof model.tableName !== 'string' || typeof model.getAttributes !== 'function') return undefined;
  const attributes = model.getAttributes();
  const fields = new Map<string, { column: string; type: string }>();
  for (const [name, field] of c.fields) fields.set(name, { column: attributes[name]?.field ?? name, type: field.type });
  return { schema: c.collectionSchema?.(), table: model.tableName, fields };
}

/** The error a driver (sequelize's, or pg's under it) gives for a cancelled statement, as NocoBase shows it; anything else as it came. */
function timedOutOr(e: unknown, timeoutMs: number): unknown {
  const err = e as { code?: unknown; parent?: { code?: unknown }; original?: { code?: unknown } } | null;
  const code = err?.code ?? err?.parent?.code ?? err?.original?.code;
  if (code !== QUERY_CANCELED) return e;
  const s = timeoutMs / 1000;
  return new Error(`看板的查询超过 ${s} 秒仍未完成，已停止 / a query of the board ran past ${s} s and was stopped (statement_timeout)`, { cause: e });
}

/**
 * The board's `storedActuals`: runs `use` with the dataset's actuals booked in PostgreSQL, every
 * query in one read-only REPEATABLE READ transaction (the dates, the checks and the booking see
 * the same rows, whatever is written meanwhile); undefined where this path does not apply.
 * The transaction sets what its SQL relies on, whatever the database's or role's settings:
 * standard strings (a backslash is a backslash), the built-ins found in pg_catalog only (a
 * function or operator in a user's schema cannot take their place: CVE-2018-1058), each
 * statement bounded (`timeoutMs`).
 */
export function createStoredActuals(db: BoardSqlDb, meta: (dataset: string) => Promise<StoredDatasetMeta | undefined>, { fetchRows = FETCH_ROWS, timeoutMs = STATEMENT_TIMEOUT_MS }: { fetchRows?: number; timeoutMs?: number } = {}) {
  let cursors = 0;
  return async <T>(dataset: string, use: (actuals: StoredActuals) => Promise<T>): Promise<T | undefined> => {
    if (db.sequelize.getDialect() !== 'postgres') return undefined;
    const m = await meta(dataset);
    const shape = m && tableShape(db, m.collection);
    const relationIn = m && shape && actualsRelation(shape, m);
    if (!m || !shape || !relationIn) return undefined;
    return db.sequelize.transaction({ isolationLevel: 'REPEATABLE READ' }, async (transaction) => {
      const query = async (sql: string) => (await db.sequelize.query(sql, { type: 'SELECT', raw: true, transaction })) as Row[];
      await query('SET TRANSACTION READ ONLY');
      await query('SET LOCAL standard_conforming_strings = on');
      // a table named without a schema: the schema the connection's own search_path finds it in, before the path is pinned
      const schema = shape.schema ?? (await query('SELECT n.nspname AS schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace '
        + `WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass('${quoteName(shape.table).replace(/'/g, "''")}')`))[0]?.schema as string | undefined;
      await query('SET LOCAL search_path = pg_catalog, pg_temp');
      await query(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
      // memory per hash or sort for this transaction only (NocoBase's other sessions keep the
      // server's): at the default 4 MB the booking of a 50,000-rep year (2.65M unit-weeks) wrote
      // 1.09 GB of temp files, measured at 17.1 s of server CPU against 10.3 s in memory; the check
      // of the units (one NUMERIC sum a unit) spilled 49 MB. A hash takes up to twice it (hash_mem_multiplier 2)
      await query(`SET LOCAL work_mem = '${WORK_MEM}'`);
      // sequelize holds a result whole; the booking (a unit and week a row: 800k rows for a
      // 50,000-rep company's quarter) comes through a cursor of this transaction, a batch at a time
      const each = async (sql: string, onRow: (row: Row) => void) => {
        const cursor = `tk_rows_${++cursors}`;
        await query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const rows = await query(`FETCH ${fetchRows} FROM ${cursor}`);
          for (const row of rows) onRow(row);
          if (rows.length < fetchRows) break;
        }
        await query(`CLOSE ${cursor}`);
      };
      // named as the stored table names it (stored-tables.ts): the collection and the bundle's file
      return use(await sqlActuals({ dialect: 'postgres', relation: relationIn(schema), file: `${m.collection}（${m.file}）`, query, each }));
    }).catch((e: unknown) => {
      throw timedOutOr(e, timeoutMs);
    });
  };
}
