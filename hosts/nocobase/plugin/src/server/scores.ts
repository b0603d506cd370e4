/**
 * `targetKit:scores` and `targetKit:points`: the scorecard's ranking and the points ledger over
 * NocoBase's stored data, through the runtime's use cases (`scoreCompany` as the CLI's
 * `score --targets` runs it, `createLedger` as `target-kit points` posts). The scope is the
 * server's: the whole company is scored (a rank needs everyone), then a rep gets his own card
 * with his ranks, a head his subtree's cards, the company level and administrators all.
 */
import type { ActionHandler, Context } from '@nocobase/server';
import {
  createLedger, parseCalendar, parsePeriod, scoreCompany, shanghaiDay, statedTargetsPeriod,
  type LoadedBundle, type Localized, type Problem,
} from '../../../../../plugin/index.js';
import { langOf, refuse, reply, valuesOf } from './actions.js';
import type { RuleStore, StoreError } from './rule-store.js';
import { scopeUnit, visibleScores } from './score-scope.js';
import type { StoredScope } from './stored-tables.js';

/** A stored dataset read back as a table (stored-tables.ts), the shape of the runtime's parseCsv. */
interface Table {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

interface ScoreDeps {
  store: RuleStore;
  ready(): Promise<void>;
  /** The rows the caller may read (stored-tables.ts scopeOfUser): his scores are cut the same way. */
  scope(ctx: Context): Promise<StoredScope>;
  /** The names a points entry may give for the caller (nickname, username, unit id). */
  names(ctx: Context): Promise<string[]>;
  /** A bundle dataset's stored rows (its collection, read back). */
  readTable(datasetId: string): Promise<Table | undefined>;
  /** The points template's records in the order they were written. */
  pointsRecords(): Promise<Array<Record<string, unknown>>>;
}

export const asError = (p: Problem): StoreError => {
  const where = p.row !== undefined ? { zh: `${p.file} 第 ${p.row} 行${p.column !== undefined ? `，列 ${p.column}` : ''}：`, en: `${p.file} line ${p.row}${p.column !== undefined ? `, column ${p.column}` : ''}: ` } : { zh: `${p.file}：`, en: `${p.file}: ` };
  return { code: p.code, message: { zh: where.zh + p.message.zh, en: where.en + p.message.en }, ...(p.pointer ? { pointer: p.pointer } : {}), file: p.file };
};

const csvHeader = (content: unknown): string[] => (typeof content === 'string' ? (content.split(/\r?\n/, 1)[0] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, '')) : []);

/** The first CSV dataset of the bundle with all these columns: the targets table, the actuals. */
export function datasetWith(bundle: LoadedBundle, columns: readonly string[]): string | undefined {
  for (const [id, d] of bundle.datasets) {
    if (d.def.format !== 'csv') continue;
    const header = csvHeader(d.content);
    if (columns.every((c) => header.includes(c))) return id;
  }
  return undefined;
}

const NO_SCOPE: Localized = { zh: '你没有目标包的角色，或账号没有放在组织树中的单位（用户字段 tk_unit），看不到评分', en: 'you hold no role of the bundle, or your account is placed at no unit of the org tree (user field tk_unit): no scores to show' };

export function createScoreActions(deps: ScoreDeps): Record<'scores' | 'points', ActionHandler> {
  const { store } = deps;
  return {
    async scores(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const active = store.current;
      if (!active) {
        refuse(ctx, 400, [{ code: 'BUNDLE_NOT_LOADED', message: { zh: '尚未导入目标包', en: 'no bundle is loaded yet' } }], lang);
        return next();
      }
      const bundle = active.loaded;
      const values = valuesOf(ctx);
      const query = ctx.action.params as Record<string, unknown>;
      const asked = values.period ?? query.period;
      const periodKey = typeof asked === 'string' && asked !== '' ? asked : undefined;
      const period = periodKey === undefined ? undefined : parsePeriod(periodKey);
      if (period === null) {
        refuse(ctx, 400, [{ code: 'REQUEST_INVALID', pointer: '/period', message: { zh: `期间无效：${String(periodKey)}（如 2026-H1、2026-05）`, en: `not a period: ${String(periodKey)} (e.g. 2026-H1, 2026-05)` } }], lang);
        return next();
      }
      // a month of the bundle's half year is scored against the half year's targets; without a
      // period asked, the runtime takes the targets' period that holds the as-of day
      const statedKey = statedTargetsPeriod(bundle);
      const stated = statedKey === undefined ? null : parsePeriod(statedKey);
      const whole = period && stated && stated.start <= period.start && period.end <= stated.end ? stated : undefined;
      const targetsId = datasetWith(bundle, ['id', 'parent_id', 'base', 'stretch']);
      const actualsId = datasetWith(bundle, ['id', 'date', 'amount']);
      const calendarSet = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
      if (!targetsId || !actualsId || !calendarSet) {
        refuse(ctx, 400, [{ code: 'SCORE_DATA_MISSING', message: { zh: '目标包没有目标表、实际表或工作日历数据集', en: 'the bundle has no targets, actuals or working-day calendar dataset' } }], lang);
        return next();
      }
      const calendar = parseCalendar(calendarSet.content, calendarSet.def.file);
      if (!calendar.ok) {
        refuse(ctx, 400, calendar.problems.map(asError), lang);
        return next();
      }
      const [targets, actuals, scope] = await Promise.all([deps.readTable(targetsId), deps.readTable(actualsId), deps.scope(ctx)]);
      if (!targets || !actuals) {
        const missing = !targets ? targetsId : actualsId;
        refuse(ctx, 400, [{ code: 'SCORE_DATA_MISSING', message: { zh: `数据集 ${missing} 尚未导入 NocoBase：先导入目标包的数据`, en: `dataset ${missing} is not loaded into NocoBase: import the bundle's data first` } }], lang);
        return next();
      }
      // the whole company is scored whatever the viewer's scope: a rank is a place among everyone
      const scored = scoreCompany(bundle, { targets, actuals, calendar: calendar.calendar, ...(period ? { period } : {}), ...(whole ? { targetsPeriod: whole } : {}) });
      if (!scored.ok) {
        refuse(ctx, 400, scored.problems.slice(0, 20).map(asError), lang);
        return next();
      }
      const scores = scored.scores;
      if (scope.kind === 'none') {
        refuse(ctx, 403, [{ code: 'SCORE_NO_SCOPE', message: NO_SCOPE }], lang);
        return next();
      }
      const unit = typeof (values.unit ?? query.unit) === 'string' ? String(values.unit ?? query.unit) : '';
      let people = visibleScores(scores, scope);
      // a narrower unit asked for: only inside what the viewer may see
      if (unit) {
        const inside = new Set(scores.tree.subtree(unit).map((u) => u.id));
        people = people.filter((p) => inside.has(p.id));
      }
      const nameOf = (id: string | undefined): string | null => (id ? scores.tree.get(id)?.name ?? id : null);
      const about = scopeUnit(scope);
      reply(ctx, 200, {
        data: {
          period: scores.period.key, targetsPeriod: { key: scores.targetsPeriod.key, message: scores.targetsPeriod.message[lang] }, asOf: scores.asOf, weights: scores.weights,
          scope: { kind: scope.kind, ...(about ? { unit: about, name: nameOf(about) } : {}) },
          people: people.map((p) => ({
            id: p.id, name: p.name ?? p.id, score: p.score,
            ranks: {
              company: p.ranks.company,
              region: p.ranks.region ? { ...p.ranks.region, name: nameOf(p.ranks.region.unit) } : null,
              team: p.ranks.team ? { ...p.ranks.team, name: nameOf(p.ranks.team.unit) } : null,
            },
            dimensions: p.dimensions.map(({ dimension, weight, normalised, points, raw }) => ({ dimension, weight, normalised, points, raw })),
          })),
        },
      });
      return next();
    },

    async points(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const active = store.current;
      const made = active ? createLedger(active.loaded) : undefined;
      if (!made?.ok) {
        refuse(ctx, 400, made ? made.problems.map(asError) : [{ code: 'BUNDLE_NOT_LOADED', message: { zh: '尚未导入目标包', en: 'no bundle is loaded yet' } }], lang);
        return next();
      }
      const { ledger } = made;
      const refused: Array<{ id: unknown; code: string; message: string }> = [];
      // each stored record posted in the order written: an event earns, a redemption spends
      for (const r of await deps.pointsRecords()) {
        const person = String(r.person ?? '').trim();
        const created = typeof r.createdAt === 'string' || r.createdAt instanceof Date ? new Date(r.createdAt as string).toISOString() : '';
        const outcome = typeof r.item === 'string' && r.item !== ''
          ? ledger.redeem({ key: `redeem:${String(r.id)}`, person, item: r.item, at: created, record: r })
          : ledger.earn({ key: typeof r.key === 'string' && r.key.trim() ? r.key : `event:${String(r.id)}`, person, type: String(r.type ?? ''), at: typeof r.date === 'string' ? r.date : created, record: r });
        if (outcome.status === 'refused') refused.push({ id: r.id, code: outcome.problem.code, message: outcome.problem.message[lang] });
      }
      // the company level and administrators see every ledger; others their own name's
      const everyone = (await deps.scope(ctx)).kind === 'all';
      const names = everyone ? [] : await deps.names(ctx);
      const mine = (person: string): boolean => everyone || names.includes(person);
      const values = valuesOf(ctx);
      const query = ctx.action.params as Record<string, unknown>;
      const monthAsked = String(values.month ?? query.month ?? '');
      const last = ledger.entries.at(-1)?.day;
      const month = /^\d{4}-\d{2}$/.test(monthAsked) ? monthAsked : (last ?? shanghaiDay(new Date().toISOString()) ?? '').slice(0, 7);
      reply(ctx, 200, {
        data: {
          month,
          // the month's top is the public recognition the bundle's points.monthlyTop names
          top: ledger.monthlyTop(month),
          balances: ledger.balances().filter((b) => mine(b.person)),
          entries: ledger.entries.filter((e) => mine(e.person)),
          refused: everyone ? refused : [],
          scope: everyone ? 'all' : 'own',
        },
      });
      return next();
    },
  };
}
