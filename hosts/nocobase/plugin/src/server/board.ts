/**
 * `targetKit:board`: the progress board over NocoBase's own stored data. The targets and the
 * actuals are read back from their collections, the runtime's board (`trackBoard`, the use case
 * `target-kit track` runs) computes the whole company, and the caller gets the part his roles
 * may see, cut here on the server: company-level roles and administrators all of it, a rep his
 * own unit, every other role (NocoBase's member too) the subtree under his unit: the scope
 * stored-tables.ts gives his reads. A unit asked for outside that part is refused (403).
 *
 * On PostgreSQL the actuals stay in the database: their booking into the period runs there
 * (board-sql.ts, the queries of `target-kit track --db`), elsewhere they are read back whole.
 * The weeks (trend and heat map) are computed for the units the block draws, the view's root
 * and its children, as callers ask for them, and kept with the board.
 */
import {
  boardView, parseCalendar, parseCsv, parsePeriod, shanghaiDay, shanghaiToday, trackBoard, trackStoredBoard,
  type BoardUnit, type Lang, type LoadedBundle, type Localized, type ProgressBoard, type StoredActuals,
} from '../../../../../plugin/index.js';
import { pickLang } from './locale.js';
import type { RuleStore } from './rule-store.js';
import type { StoredScope } from './stored-tables.js';

/** The request as the action reads it (NocoBase's Koa context), declared here so the action is testable without NocoBase. */
export interface Context {
  action?: { params?: { values?: unknown } & Record<string, unknown> };
  request: { query: Record<string, string | string[] | undefined> };
  status: number;
  body: unknown;
  withoutDataWrapping?: boolean;
  get(header: string): string;
}

/** A stored dataset read back as the CSV reader's table (stored-tables.ts `readStoredTable`). */
interface BoardTable {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

interface BoardDeps<C extends Context> {
  store: RuleStore;
  ready(): Promise<void>;
  /** The rows the caller may read (stored-tables.ts `scopeOfUser`): the board is cut to the same part of the tree. */
  scope(ctx: C): Promise<StoredScope>;
  /** A dataset's whole stored table; undefined when it was never loaded. */
  readTable(datasetId: string): Promise<BoardTable | undefined>;
  /**
   * A dataset's stored version: changes whenever a row of it is created, changed or removed
   * (plugin.ts: its row count, last id and last change). The computed board is kept per
   * version of the targets and the actuals; without it every call computes.
   */
  version?(datasetId: string): Promise<string | undefined>;
  today?(): string;
  /**
   * Runs `use` with the actuals dataset booked where it is stored (board-sql.ts: PostgreSQL);
   * undefined where that does not apply, and the board reads the table whole (`readTable`).
   */
  storedActuals?<T>(datasetId: string, use: (actuals: StoredActuals) => Promise<T>): Promise<T | undefined>;
}

const headerOf = (content: unknown): string[] => {
  if (typeof content !== 'string') return [];
  const parsed = parseCsv(content.split(/\r?\n/, 1)[0] ?? '');
  return parsed.ok ? parsed.columns : [];
};

/** The bundle's targets dataset (base and stretch columns) and actuals dataset (id, date, amount), as the importer tells them apart. */
function boardDatasets(bundle: LoadedBundle): { targets?: string; actuals?: string } {
  const out: { targets?: string; actuals?: string } = {};
  for (const { def, content } of bundle.datasets.values()) {
    if (def.format !== 'csv') continue;
    const columns = headerOf(content);
    if (!out.targets && ['id', 'base', 'stretch'].every((c) => columns.includes(c))) out.targets = def.id;
    if (!out.actuals && ['id', 'date', 'amount'].every((c) => columns.includes(c))) out.actuals = def.id;
  }
  return out;
}

export function langOf(ctx: Context): Lang {
  const query = ctx.request.query.locale;
  return pickLang({ xLocale: ctx.get('X-Locale'), queryLocale: Array.isArray(query) ? query[0] : query, acceptLanguage: ctx.get('Accept-Language') }, 'zh');
}

export function answer(ctx: Context, status: number, body: unknown): void {
  ctx.withoutDataWrapping = true;
  ctx.status = status;
  ctx.body = body;
}

function refuse(ctx: Context, status: number, code: string, message: Localized, extra: Record<string, unknown> = {}): void {
  answer(ctx, status, { errors: [{ code, message: message[langOf(ctx)], ...extra }] });
}

export const param = (ctx: Context, name: string): string | undefined => {
  const fromQuery = ctx.request.query[name];
  const values = ctx.action?.params?.values as Record<string, unknown> | undefined;
  const v = Array.isArray(fromQuery) ? fromQuery[0] : fromQuery ?? values?.[name] ?? (ctx.action?.params as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

/**
 * The whole company's boards last computed, by what they were computed from: the bundle, the
 * versions of the targets and the actuals, the period and as-of day asked for, and the day.
 * A few, not one: HQ's default board and a region head's other period alternate.
 */
const KEPT_BOARDS = 8;

/** What the caller sees: the view under `unit` (default his own root) with the root's id and his reach. */
interface BoardAnswer extends ProgressBoard {
  root: string;
  reach: Exclude<StoredScope['kind'], 'none'>;
  /** Where the actuals were booked: in the database (PostgreSQL, board-sql.ts), or in the runtime over the table read whole. */
  bookedIn: KeptBoard['bookedIn'];
}

/**
 * The caller's part of the board, or undefined when he was refused (the refusal is answered on
 * `ctx`): the bonus action (bonus.ts) reads the same view, from the same kept boards.
 */
export type BoardViews<C extends Context> = (ctx: C) => Promise<BoardAnswer | undefined>;

/** A computed board and the weeks of the units asked for so far (a unit's weeks do not depend on who asks). */
interface KeptBoard { made: ReturnType<typeof trackBoard>; weeks: Map<string, BoardUnit['weeks']>; bookedIn: 'database' | 'runtime' }

/** The view with the weeks of the units the block draws, its root and the root's children; the others' are left empty. */
function withWeeks(view: ProgressBoard, root: string, kept: KeptBoard): ProgressBoard {
  const top = view.units.find((u) => u.id === root);
  const drawn = new Set(top ? [top.id, ...top.children] : []);
  const missing = [...drawn].filter((id) => !kept.weeks.has(id));
  if (missing.length && kept.made.ok) for (const [id, weeks] of kept.made.weeksOf(missing)) kept.weeks.set(id, weeks);
  return { ...view, units: view.units.map((u) => (drawn.has(u.id) ? { ...u, weeks: kept.weeks.get(u.id) ?? [] } : u)) };
}

export function createBoardViews<C extends Context>(deps: BoardDeps<C>): BoardViews<C> {
  const boards = new Map<string, KeptBoard>();
  return async (ctx) => {
    await deps.ready();
    const bundle = deps.store.current?.loaded;
    if (!bundle) {
      refuse(ctx, 409, 'BUNDLE_NOT_LOADED', { zh: '尚未导入目标包', en: 'no bundle has been imported yet' });
      return undefined;
    }
    const scope = await deps.scope(ctx);
    if (scope.kind === 'none') {
      refuse(ctx, 403, 'BOARD_FORBIDDEN', { zh: '你的角色看不到目标进度看板（需要目标包角色并设置所属组织单位）', en: 'your roles cannot see the progress board (a bundle role and your org unit are needed)' });
      return undefined;
    }
    const periodText = param(ctx, 'period');
    const asOfText = param(ctx, 'asOf');
    const period = periodText === undefined ? undefined : parsePeriod(periodText);
    const asOf = asOfText === undefined ? undefined : shanghaiDay(asOfText);
    if (period === null || asOf === null) {
      const which = period === null ? 'period' : 'asOf';
      refuse(ctx, 400, 'REQUEST_INVALID', { zh: `${which} 无效：${String(period === null ? periodText : asOfText)}（期间如 2026-H1、2026-Q2、2026-05；日期如 2026-05-15）`, en: `${which} is not valid: ${String(period === null ? periodText : asOfText)} (a period like 2026-H1, 2026-Q2, 2026-05; a day like 2026-05-15)` }, { pointer: `/${which}` });
      return undefined;
    }
    const sets = boardDatasets(bundle);
    const calendarSet = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
    const calendar = calendarSet ? parseCalendar(calendarSet.content, calendarSet.def.file) : undefined;
    if (!sets.targets || !sets.actuals || !calendar?.ok) {
      refuse(ctx, 409, 'BOARD_NO_DATA', { zh: '目标包缺少目标表、实际表或工作日历数据集', en: 'the bundle has no targets, actuals or working-day calendar dataset' });
      return undefined;
    }
    const today = deps.today?.() ?? shanghaiToday();
    // the versions are read before the tables: a write in between makes a newer version, never an older board under it
    const versions = deps.version ? await Promise.all([deps.version(sets.targets), deps.version(sets.actuals)]) : [];
    const key = versions.length && versions.every((v) => v !== undefined)
      ? JSON.stringify([deps.store.current?.hash, ...versions, period?.key ?? null, asOf ?? null, today]) : undefined;
    let kept = key === undefined ? undefined : boards.get(key);
    if (kept) {
      // most recently used last
      boards.delete(key!);
      boards.set(key!, kept);
    } else {
      const targets = await deps.readTable(sets.targets);
      // lights against the target due by the as-of day, as the playground's board: lights and pace
      // agree; no weeks yet: each caller's are computed below for the units he is shown
      const input = { calendar: calendar.calendar, today, basis: 'to-date' as const, weeksFor: [], ...(period ? { period } : {}), ...(asOf ? { asOf } : {}) };
      const inDb = targets && deps.storedActuals ? await deps.storedActuals(sets.actuals, (actuals) => trackStoredBoard(bundle, { ...input, targets, actuals })) : undefined;
      const actuals = inDb || !targets ? undefined : await deps.readTable(sets.actuals);
      const made = inDb ?? (targets && actuals ? trackBoard(bundle, { ...input, targets, actuals }) : undefined);
      if (!made) {
        refuse(ctx, 409, 'BOARD_NO_DATA', { zh: '目标表或实际表尚未导入 NocoBase：先运行 target-kit nocobase import', en: 'the targets or actuals are not in NocoBase yet: run target-kit nocobase import first' });
        return undefined;
      }
      kept = { made, weeks: new Map(), bookedIn: inDb ? 'database' : 'runtime' };
      if (key !== undefined) {
        boards.set(key, kept);
        if (boards.size > KEPT_BOARDS) boards.delete(boards.keys().next().value!);
      }
    }
    const { made } = kept;
    // the scope is cut below, after the cache: a kept board is the whole company's, never one caller's view
    if (!made.ok) {
      const lang = langOf(ctx);
      answer(ctx, 422, { errors: made.problems.map((p) => ({ code: p.code, message: p.message[lang], file: p.file, ...(p.row !== undefined ? { row: p.row, column: p.column } : {}), ...(p.pointer ? { pointer: p.pointer } : {}) })) });
      return undefined;
    }
    const top = made.board.units.find((u) => u.parentId === null)?.id ?? '';
    // a subtree's path ends with its own unit (`/YQ/HN/` is HN's)
    const home = scope.kind === 'all' ? top : scope.kind === 'own' ? scope.unit : scope.path.split('/').filter(Boolean).at(-1) ?? '';
    const kind = scope.kind === 'own' ? 'own' : 'subtree';
    const mine = boardView(made.board, home, kind);
    const unit = param(ctx, 'unit');
    if (unit !== undefined && !mine.units.some((u) => u.id === unit)) {
      refuse(ctx, 403, 'BOARD_OUT_OF_SCOPE', { zh: `单位 ${unit} 不在你可查看的范围内`, en: `unit ${unit} is outside what you may see` }, { pointer: '/unit' });
      return undefined;
    }
    const root = unit ?? home;
    return { ...withWeeks(boardView(mine, root, kind), root, kept), root, reach: scope.kind, bookedIn: kept.bookedIn };
  };
}

export function createBoardActions<C extends Context>(deps: BoardDeps<C>, views: BoardViews<C> = createBoardViews(deps)): Record<'board', (ctx: C, next: () => Promise<void>) => Promise<void>> {
  return {
    async board(ctx, next) {
      const view = await views(ctx);
      if (view) answer(ctx, 200, { data: view });
      return next();
    },
  };
}
