/**
 * `targetKit:indicators`: the reps' process indicators (过程指标) over NocoBase's stored activity,
 * through the runtime's collector (what `target-kit indicators --units` runs): every person's
 * last week with each of the bundle's indicators, its thresholds and its light, the health index
 * and whether coaching is open. The whole company is collected (team medians need every member),
 * then the caller gets the people of his scope: a rep himself, a head his subtree, the company all.
 */
import type { ActionHandler } from '@nocobase/server';
import {
  createIndicatorCollector, createIndicatorModel, latestIndicatorWeek, parseCalendar, parseInstant, targetUnitsOf,
  type Localized, type Problem,
} from '../../../../../plugin/index.js';
import { langOf, refuse, reply } from './actions.js';
import { pipelineDatasets, type StoredBlockDeps } from './pipeline.js';
import { unitVisible } from './score-scope.js';
import { asError } from './scores.js';


const ROLE = 'rep';

const rowProblem = (file: string, row: number, column: string, zh: string, en: string): Problem => ({ code: column === 'at' ? 'TABLE_NOT_TIME' : 'TABLE_EMPTY_CELL', file, pointer: '', severity: 'error', row, column, message: { zh, en } });

export function createIndicatorActions(deps: StoredBlockDeps): Record<'indicators', ActionHandler> {
  const { store } = deps;
  return {
    async indicators(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const bundle = store.current?.loaded;
      const model = bundle ? createIndicatorModel(bundle) : undefined;
      if (!bundle || !model?.ok) {
        refuse(ctx, 400, model && !model.ok ? model.problems.map(asError) : [{ code: 'BUNDLE_NOT_LOADED', message: { zh: '尚未导入目标包', en: 'no bundle is loaded yet' } }], lang);
        return next();
      }
      const ids = pipelineDatasets(bundle);
      const scope = await deps.scope(ctx);
      if (scope.kind === 'none') {
        refuse(ctx, 403, [{ code: 'INDICATORS_NO_SCOPE', message: { zh: '你没有目标包的角色，或账号没有放在组织树中的单位（用户字段 tk_unit）', en: 'you hold no role of the bundle, or your account is placed at no unit of the org tree (user field tk_unit)' } }], lang);
        return next();
      }
      const [acts, org] = await Promise.all([ids.activities ? deps.readTable(ids.activities, { kind: 'all' }) : undefined, ids.org ? deps.readTable(ids.org, { kind: 'all' }) : undefined]);
      if (!acts || !org) {
        const missing: Localized = { zh: '商机活动或组织树数据集尚未导入 NocoBase：先导入目标包的数据', en: 'the activity or org tree dataset is not loaded into NocoBase: import the bundle\'s data first' };
        refuse(ctx, 400, [{ code: 'INDICATORS_DATA_MISSING', message: missing }], lang);
        return next();
      }
      const tree = targetUnitsOf(org.file, org.columns, org.records);
      if (!tree.ok) { refuse(ctx, 400, tree.problems.slice(0, 20).map(asError), lang); return next(); }
      const calendarSet = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
      const calendar = calendarSet ? parseCalendar(calendarSet.content, calendarSet.def.file) : undefined;
      // each row as `target-kit indicators` takes it: owner, type and an instant, or the row is refused
      const collector = createIndicatorCollector(model.model, { role: ROLE });
      const problems: Problem[] = [];
      for (const { line, record } of acts.records) {
        const person = String(record.owner_id ?? '').trim();
        const atText = String(record.at ?? '').trim();
        const at = parseInstant(atText);
        if (!person) problems.push(rowProblem(acts.file, line, 'owner_id', 'owner_id 不能为空', 'owner_id cannot be empty'));
        else if (!String(record.type ?? '').trim()) problems.push(rowProblem(acts.file, line, 'type', 'type 不能为空', 'type cannot be empty'));
        else if (at === null) problems.push(rowProblem(acts.file, line, 'at', `at 应为带时区的 ISO 8601 时间，实际是 "${atText}"`, `at must be an ISO 8601 time with its offset, got "${atText}"`));
        else if (!problems.length) collector.add(person, at, record);
      }
      if (problems.length) { refuse(ctx, 400, problems.slice(0, 20).map(asError), lang); return next(); }
      const results = collector.finish({ tree: tree.tree, ...(calendar?.ok ? { isWorkingDay: (day: string) => calendar.calendar.isWorkingDay(day) } : {}), daily: false });
      const latest = latestIndicatorWeek(results);
      const people = latest.people.filter((p) => unitVisible(tree.tree, scope, p.personId));
      reply(ctx, 200, {
        data: {
          role: ROLE, from: results.from, to: results.to, week: latest.week,
          health: { threshold: model.model.settings.health.threshold },
          indicators: results.indicators.map((d) => ({ id: d.id, name: d.name[lang], collects: d.collects?.[lang] ?? '', period: d.period, better: d.better, thresholds: d.thresholds, weight: d.weight })),
          people: people.map((p) => ({ ...p, name: tree.tree.get(p.personId)?.name ?? p.personId, team: tree.tree.get(tree.tree.get(p.personId)?.parentId ?? '')?.name ?? null })),
          scope: scope.kind,
        },
      });
      return next();
    },
  };
}
