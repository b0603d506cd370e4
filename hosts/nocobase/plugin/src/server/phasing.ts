/**
 * `targetKit:phasing`: a unit's period target phased into months or weeks (目标分解到月、周) over
 * NocoBase's stored targets, history and actuals, through the runtime's `phasedProgress` (the
 * split `target-kit phase` makes, each sub-period's actual and light as `track --phase` gives
 * them, and the period to date). The caller sees the units of his scope; a unit outside it is
 * refused (403).
 */
import type { ActionHandler } from '@nocobase/server';
import { parseCalendar, parsePeriod, phasedProgress, statedTargetsPeriod, targetUnitsOf, type LoadedBundle } from '../../../../../plugin/index.js';
import { langOf, refuse, reply, valuesOf } from './actions.js';
import type { StoredBlockDeps } from './pipeline.js';
import { unitVisible } from './score-scope.js';
import { asError, datasetWith } from './scores.js';


const csvHeader = (content: unknown): string[] => (typeof content === 'string' ? (content.split(/\r?\n/, 1)[0] ?? '').split(',').map((c) => c.trim()) : []);

/** The monthly history: a CSV dataset with an id and YYYY-MM columns (wide) or id, month, amount (long). */
function historyDataset(bundle: LoadedBundle): string | undefined {
  for (const [id, d] of bundle.datasets) {
    const header = d.def.format === 'csv' ? csvHeader(d.content) : [];
    if (header.includes('id') && (header.some((c) => /^\d{4}-\d{2}$/.test(c)) || (header.includes('month') && header.includes('amount')))) return id;
  }
  return undefined;
}

export function createPhasingActions(deps: StoredBlockDeps): Record<'phasing', ActionHandler> {
  const { store } = deps;
  return {
    async phasing(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const bundle = store.current?.loaded;
      if (!bundle) { refuse(ctx, 400, [{ code: 'BUNDLE_NOT_LOADED', message: { zh: '尚未导入目标包', en: 'no bundle is loaded yet' } }], lang); return next(); }
      const values = valuesOf(ctx);
      const query = ctx.action.params as Record<string, unknown>;
      const ask = (name: string): string => String(values[name] ?? query[name] ?? '').trim();
      const by = ask('by') === 'week' ? 'week' : 'month';
      const periodKey = ask('period') || statedTargetsPeriod(bundle);
      const period = periodKey ? parsePeriod(periodKey) : null;
      if (!period || !['month', 'quarter', 'half', 'year'].includes(period.grain)) {
        refuse(ctx, 400, [{ code: 'REQUEST_INVALID', pointer: '/period', message: { zh: `期间无效：${String(periodKey)}（季度、半年或年，如 2026-H1）`, en: `not a period to phase: ${String(periodKey)} (a quarter, half or year, e.g. 2026-H1)` } }], lang);
        return next();
      }
      const ids = { targets: datasetWith(bundle, ['id', 'parent_id', 'base', 'stretch']), actuals: datasetWith(bundle, ['id', 'date', 'amount']), history: historyDataset(bundle) };
      const calendarSet = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
      const calendar = calendarSet ? parseCalendar(calendarSet.content, calendarSet.def.file) : undefined;
      if (!ids.targets || !ids.actuals || !calendar) {
        refuse(ctx, 400, [{ code: 'PHASING_DATA_MISSING', message: { zh: '目标包没有目标表、实际表或工作日历数据集', en: 'the bundle has no targets, actuals or working-day calendar dataset' } }], lang);
        return next();
      }
      if (!calendar.ok) { refuse(ctx, 400, calendar.problems.map(asError), lang); return next(); }
      const scope = await deps.scope(ctx);
      if (scope.kind === 'none') { refuse(ctx, 403, [{ code: 'PHASING_NO_SCOPE', message: { zh: '你没有目标包的角色，或账号没有放在组织树中的单位（用户字段 tk_unit）', en: 'you hold no role of the bundle, or your account is placed at no unit of the org tree (user field tk_unit)' } }], lang); return next(); }
      const [targets, actuals, history] = await Promise.all([deps.readTable(ids.targets, { kind: 'all' }), deps.readTable(ids.actuals, { kind: 'all' }), ids.history ? deps.readTable(ids.history, { kind: 'all' }) : undefined]);
      if (!targets || !actuals) { refuse(ctx, 400, [{ code: 'PHASING_DATA_MISSING', message: { zh: '目标或实际数据集尚未导入 NocoBase', en: 'the targets or actuals dataset is not loaded into NocoBase' } }], lang); return next(); }
      // one period's targets: rows published for another period (the simulator's) stay out
      const periodTargets = { ...targets, records: targets.records.filter((r) => typeof r.stored.period !== 'string' || r.stored.period === '' || r.stored.period === period.key) };
      const tree = targetUnitsOf(periodTargets.file, periodTargets.columns, periodTargets.records);
      if (!tree.ok) { refuse(ctx, 400, tree.problems.slice(0, 20).map(asError), lang); return next(); }
      const visible = tree.tree.topDown.filter((id) => unitVisible(tree.tree, scope, id));
      const unit = ask('unit') || visible[0];
      if (!unit || !unitVisible(tree.tree, scope, unit)) {
        refuse(ctx, 403, [{ code: 'PHASING_NOT_IN_SCOPE', pointer: '/unit', message: { zh: `单位 ${unit ?? ''} 不在你的可见范围内`, en: `unit ${unit ?? ''} is not in your scope` } }], lang);
        return next();
      }
      const asOf = /^\d{4}-\d{2}-\d{2}$/.test(ask('asOf')) ? ask('asOf') : '';
      const run = phasedProgress(bundle, { targets: periodTargets, actuals, ...(history ? { history } : {}), calendar: calendar.calendar, period, by, unitIds: [unit], ...(asOf ? { asOf } : {}) });
      if (!run.ok) { refuse(ctx, 400, run.problems.slice(0, 20).map(asError), lang); return next(); }
      const shown = run.progress.units.get(unit);
      reply(ctx, 200, {
        data: {
          period: run.progress.period, by, asOf: run.progress.asOf, scope: scope.kind,
          units: visible.map((id) => { const u = tree.tree.get(id)!; return { id, name: u.name, level: u.level, parentId: u.parentId }; }),
          unit: shown ?? null,
        },
      });
      return next();
    },
  };
}
