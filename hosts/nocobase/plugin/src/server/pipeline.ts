/**
 * `targetKit:pipeline` and `targetKit:movePipeline`: the follow-up pipeline (客户跟进闭环) over
 * NocoBase's stored opportunities and activities, through the runtime's use cases: the tables
 * read as `target-kit pipeline` reads its files (`readOpportunities`, `readPipelineActivities`),
 * `analyzePipeline` for each opportunity's stage, days and time-outs, and `proposeMove` for a
 * move, which is stored as the `stage_change` activity the analysis replays (the opportunity's
 * row is never rewritten, so a re-import leaves it alone). The scope is the server's: a rep his
 * own opportunities, a head his subtree's, the company level all.
 */
import type { ActionHandler, Context } from '@nocobase/server';
import {
  analyzePipeline, createPipelineModel, parseInstant, proposeMove, readOpportunities, readPipelineActivities, shanghaiIso, targetUnitsOf,
  type LoadedBundle, type Localized, type Opportunity, type PipelineModel, type Problem,
} from '../../../../../plugin/index.js';
import { langOf, refuse, reply, valuesOf } from './actions.js';
import type { RuleStore } from './rule-store.js';
import { asError, datasetWith } from './scores.js';
import type { StoredScope, StoredTable } from './stored-tables.js';

/** What the work blocks' actions read: the bundle, the caller's scope, a dataset's stored rows in a scope (stored-tables.ts). */
export interface StoredBlockDeps {
  store: RuleStore;
  ready(): Promise<void>;
  scope(ctx: Context): Promise<StoredScope>;
  readTable(datasetId: string, scope: StoredScope): Promise<StoredTable | undefined>;
}

interface PipelineDeps extends StoredBlockDeps {
  /** Appends one row (by the dataset's columns) to a dataset's collection, placed at `unit`; the company's own row, not the bundle's. */
  appendRow(datasetId: string, key: string, unit: string, record: Record<string, string>): Promise<void>;
  now?(): number;
}

/** The bundle's opportunities, their activities (with stage moves) and the org tree, by their columns. */
export function pipelineDatasets(bundle: LoadedBundle): { opportunities?: string; activities?: string; org?: string } {
  return {
    opportunities: datasetWith(bundle, ['id', 'owner_id', 'customer', 'amount', 'created_at', 'stage']),
    activities: datasetWith(bundle, ['id', 'opportunity_id', 'owner_id', 'type', 'at', 'to_stage']),
    org: datasetWith(bundle, ['id', 'parent_id', 'level']),
  };
}

const NO_BUNDLE: Localized = { zh: '尚未导入目标包', en: 'no bundle is loaded yet' };
const NO_SCOPE: Localized = { zh: '你没有目标包的角色，或账号没有放在组织树中的单位（用户字段 tk_unit），看不到商机', en: 'you hold no role of the bundle, or your account is placed at no unit of the org tree (user field tk_unit): no opportunities to show' };

type Loaded = { ok: true; bundle: LoadedBundle; model: PipelineModel; ids: { opportunities: string; activities: string; org?: string } } | { ok: false; status: number; errors: Array<{ code: string; message: Localized }> };

function loaded(store: RuleStore): Loaded {
  const bundle = store.current?.loaded;
  if (!bundle) return { ok: false, status: 400, errors: [{ code: 'BUNDLE_NOT_LOADED', message: NO_BUNDLE }] };
  const model = createPipelineModel(bundle);
  if (!model.ok) return { ok: false, status: 400, errors: model.problems.map(asError) };
  const ids = pipelineDatasets(bundle);
  if (!ids.opportunities || !ids.activities) return { ok: false, status: 400, errors: [{ code: 'PIPELINE_DATA_MISSING', message: { zh: '目标包没有商机表或商机活动表数据集', en: 'the bundle has no opportunities or opportunity activities dataset' } }] };
  return { ok: true, bundle, model: model.model, ids: { opportunities: ids.opportunities, activities: ids.activities, ...(ids.org ? { org: ids.org } : {}) } };
}

/** The opportunities in the scope, and all activities of those opportunities (read as the CLI reads them). */
async function readPipeline(deps: PipelineDeps, model: PipelineModel, ids: { opportunities: string; activities: string }, scope: StoredScope): Promise<{ ok: true; opportunities: Opportunity[]; activities: ReturnType<typeof readPipelineActivities> & { ok: true } } | { ok: false; problems: Problem[] }> {
  const [opps, acts] = await Promise.all([deps.readTable(ids.opportunities, scope), deps.readTable(ids.activities, { kind: 'all' })]);
  if (!opps || !acts) {
    const missing = !opps ? ids.opportunities : ids.activities;
    return { ok: false, problems: [{ code: 'PIPELINE_DATA_MISSING', file: missing, pointer: '', severity: 'error', message: { zh: `数据集 ${missing} 尚未导入 NocoBase：先导入目标包的数据`, en: `dataset ${missing} is not loaded into NocoBase: import the bundle's data first` } }] };
  }
  const read = readOpportunities(model, opps);
  if (!read.ok) return read;
  const known = new Set(read.opportunities.map((o) => o.id));
  // the activities of the opportunities in scope (an activity of another's opportunity is not his to count)
  const own = { ...acts, records: acts.records.filter((r) => known.has(String(r.record.opportunity_id ?? '').trim())) };
  const activities = readPipelineActivities(model, own, known);
  if (!activities.ok) return activities;
  return { ok: true, opportunities: read.opportunities, activities };
}

/** The moment the pipeline is judged at: `now` asked for, else the latest stored activity (the data's as-of, as the board's). */
function judgedAt(asked: unknown, activities: ReadonlyArray<{ at: number }>, fallback: number): number | null {
  if (typeof asked === 'string' && asked !== '') return parseInstant(asked);
  let latest = -Infinity;
  for (const a of activities) if (a.at > latest) latest = a.at;
  return Number.isFinite(latest) ? latest : fallback;
}

export function createPipelineActions(deps: PipelineDeps): Record<'pipeline' | 'movePipeline', ActionHandler> {
  const { store } = deps;
  return {
    async pipeline(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const got = loaded(store);
      if (!got.ok) { refuse(ctx, got.status, got.errors, lang); return next(); }
      const scope = await deps.scope(ctx);
      if (scope.kind === 'none') { refuse(ctx, 403, [{ code: 'PIPELINE_NO_SCOPE', message: NO_SCOPE }], lang); return next(); }
      const read = await readPipeline(deps, got.model, got.ids, scope);
      if (!read.ok) { refuse(ctx, 400, read.problems.slice(0, 20).map(asError), lang); return next(); }
      const values = valuesOf(ctx);
      const query = ctx.action.params as Record<string, unknown>;
      const now = judgedAt(values.now ?? query.now, read.activities.activities, deps.now?.() ?? Date.now());
      if (now === null) { refuse(ctx, 400, [{ code: 'REQUEST_INVALID', pointer: '/now', message: { zh: 'now 应为带时区的 ISO 8601 时间', en: 'now must be an ISO 8601 time with its offset' } }], lang); return next(); }
      const analysis = analyzePipeline(got.model, { opportunities: read.opportunities, activities: read.activities.activities, now });
      const org = got.ids.org ? await deps.readTable(got.ids.org, { kind: 'all' }) : undefined;
      const tree = org ? targetUnitsOf(org.file, org.columns, org.records) : undefined;
      const nameOf = (id: string): string => (tree?.ok ? tree.tree.get(id)?.name ?? id : id);
      const stageOf = new Map(analysis.opportunities.map((o) => [o.id, o]));
      const overdueOf = new Map<string, Array<{ rule: string; due: string; stage: string | null }>>();
      for (const a of analysis.overdue) overdueOf.set(a.opportunityId, [...(overdueOf.get(a.opportunityId) ?? []), { rule: a.rule, due: a.due, stage: a.stage ?? null }]);
      const settings = got.model.settings;
      reply(ctx, 200, {
        data: {
          now: shanghaiIso(now),
          scope: { kind: scope.kind, ...(scope.kind === 'own' ? { unit: scope.unit } : scope.kind === 'subtree' ? { unit: scope.path.split('/').filter(Boolean).at(-1) } : {}) },
          stages: settings.stages.map((s) => ({ id: s.id, name: s.name[lang], final: s.final === true })),
          lost: { id: settings.lost.id, name: settings.lost.name[lang], reasons: settings.lost.reasons },
          timeouts: settings.timeouts.map((t) => ({ id: t.id, name: t.name[lang] })),
          opportunities: read.opportunities.map((o) => ({
            id: o.id, customer: o.customer ?? '', owner: o.ownerId, ownerName: nameOf(o.ownerId), amount: o.amount,
            stage: stageOf.get(o.id)?.stage ?? o.stage, enteredAt: stageOf.get(o.id)?.enteredAt ?? null, overdue: overdueOf.get(o.id) ?? [],
          })),
          funnel: analysis.funnel,
          timeliness: analysis.timeliness.map((t) => ({ ...t, name: nameOf(t.id) })),
          violations: analysis.violations.length,
        },
      });
      return next();
    },

    async movePipeline(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const got = loaded(store);
      if (!got.ok) { refuse(ctx, got.status, got.errors, lang); return next(); }
      const values = valuesOf(ctx);
      const id = typeof values.opportunity === 'string' ? values.opportunity.trim() : '';
      const to = typeof values.to === 'string' ? values.to.trim() : '';
      const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
      if (!id || !to) { refuse(ctx, 400, [{ code: 'REQUEST_INVALID', pointer: !id ? '/opportunity' : '/to', message: { zh: '需要商机编号 opportunity 与目标阶段 to', en: 'opportunity and to (the stage) are required' } }], lang); return next(); }
      const scope = await deps.scope(ctx);
      const read = scope.kind === 'none' ? undefined : await readPipeline(deps, got.model, got.ids, scope);
      if (read && !read.ok) { refuse(ctx, 400, read.problems.slice(0, 20).map(asError), lang); return next(); }
      const opportunity = read?.opportunities.find((o) => o.id === id);
      // another's opportunity (or one that does not exist) looks the same: not in the caller's scope
      if (!read || !opportunity) { refuse(ctx, 403, [{ code: 'PIPELINE_NOT_IN_SCOPE', pointer: '/opportunity', message: { zh: `商机 ${id} 不在你的可见范围内`, en: `opportunity ${id} is not in your scope` } }], lang); return next(); }
      const at = deps.now?.() ?? Date.now();
      const key = `move:${id}:${at}`;
      const move = proposeMove(got.model, { opportunity, activities: read.activities.activities, to, ...(reason ? { reason } : {}), at, id: `MV-${id}-${at}` });
      if (!move.ok) {
        refuse(ctx, 400, move.failed.map((f) => ({ code: 'PIPELINE_MOVE_REFUSED', pointer: '/to', message: f.message })), lang);
        return next();
      }
      const a = move.activity;
      await deps.appendRow(got.ids.activities, key, opportunity.ownerId, {
        id: a.id ?? key, opportunity_id: a.opportunityId, owner_id: a.ownerId, type: a.type, at: shanghaiIso(a.at), to_stage: a.toStage ?? '', reason: a.reason ?? '',
      });
      reply(ctx, 200, { data: { opportunity: id, from: move.from, to, at: shanghaiIso(a.at) } });
      return next();
    },
  };
}
