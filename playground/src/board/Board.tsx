/**
 * Progress board (目标看板): every unit the persona may see with its Base, actual so far,
 * completion and traffic light from the bundle's rules; actuals can be edited here and the
 * lights follow; time progress follows each unit's phasing profile, and shared deals count by
 * the split table. Then each unit per product line and in total. Below, the charts (echarts,
 * loaded with this screen): cumulative completion and a week-by-week light heat map of the units
 * one level below the persona, each week against its phased target (not an even split), the
 * as-of week to date; both follow the actuals edited here (boardModel `chartWeeks`), a
 * person's score radar with his shared deals, and the follow-up of appeals, each with its
 * numbers as a table. Every figure is worked out in a Web Worker (the board task of
 * shared/worker/tasks.ts, over boardModel.ts and roleWork.ts), with its progress and a cancel
 * button, so the page answers while a large company is tracked; an edit keeps the figures shown
 * until the new ones arrive.
 */
import { Badge, Card, Col, Empty, InputNumber, Row, Select, Statistic, Tag, Typography } from 'antd';
import { memo, useMemo, useState } from 'react';
import { creditBreakdown, fenToYuan, lightPercent, parseYuan, type Light, type LoadedBundle, type PlanReview, type UnitProgress } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import type { Workspace } from '../build/workspace.js';
import type { CompanyModel } from '../company/companyModel.js';
import { percent, money } from '../company/format.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import { canSeeUnit, type Persona } from '../roles/personas.js';
import { flowDef, personaScope, type PersonaScope } from '../roles/scope.js';
import { creditData } from '../phasing/sampleCredit.js';
import { boardTracker, toDateCompletion } from './boardModel.js';
import { useBoardT } from './boardMessages.js';
import { ChartCard } from '../shared/charts/ChartCard.js';
import { LIGHT_COLOR } from '../shared/charts/lights.js';
import { LineTable } from './LineTable.js';
import { SharedDeals } from './SharedDeals.js';
import { RoleWork } from './RoleWork.js';
import { DataTable, type DataColumn } from '../shared/table/DataTable.js';
import { RunSign } from '../shared/worker/RunSign.js';
import { warm } from '../shared/worker/computeClient.js';
import type { TaskResult } from '../shared/worker/tasks.js';
import { useComputed } from '../shared/worker/useComputed.js';

/** The board task's figures (shared/worker/tasks.ts), once it has some. */
type BoardFigures = NonNullable<TaskResult<'board'>>;

export { LIGHT_COLOR };
const LIGHT_INDEX: Record<Light, number> = { grey: 0, red: 1, yellow: 2, green: 3 };

const grouped = (v: number | string | undefined) => (v === undefined || v === '' ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
const ungrouped = (v: string | undefined) => Number((v ?? '').replace(/,/g, ''));

interface BoardRow extends UnitProgress { children?: BoardRow[] }

/** A rep's own progress as a phone shows it: the numbers that matter, big, no table. */
function MyProgress({ p }: { p: UnitProgress }) {
  const { t, pick } = useT();
  return (
    <Card size="small" className="work-card my-progress" data-testid="my-progress" title={t('board.myProgress')}
      extra={<span data-testid={`my-light-${p.id}`} data-light={p.light}><Badge color={LIGHT_COLOR[p.light]} text={t(`light.${p.light}`)} /></span>}>
      <Row gutter={[12, 12]}>
        <Col span={12}><Statistic title={t('sim.base')} value={money(p.base)} /></Col>
        <Col span={12}><Statistic title={t('board.actual')} value={money(p.actual)} /></Col>
        <Col span={12}><Statistic title={t('board.completion')} value={lightPercent(p.explanation.base)} /></Col>
        <Col span={12}><Statistic title={t('board.gap')} value={money(p.gapBase)} /></Col>
      </Row>
      <Typography.Paragraph type="secondary" className="my-progress-why">{pick(p.explanation.base.branch)} · {p.pace ? t(`pace.${p.pace}`) : ''}</Typography.Paragraph>
    </Card>
  );
}

export default function Board({ bundle, workspace }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t } = useT();
  // the worker loads the build while this render builds the page's company (idempotent, no state)
  warm(workspace.files);
  const { result, persona } = useCompany(bundle);
  const model = result.ok ? result.model : null;
  const edits = useBuildStore((s) => s.flows.actualEdits);
  const review = useBuildStore((s) => s.flows.review);
  // refused (a customised tracking rule requires an input the targets file has no column for): its problems are shown below
  const logged = useBuildStore((s) => s.flows.activities);
  const made = useMemo(() => boardTracker(bundle), [bundle]);
  const tracker = made.ok ? made.tracker : null;
  const scope = useMemo(() => (persona ? personaScope(bundle, persona) : null), [bundle, persona]);
  const isRep = scope?.isRep ?? false;
  const home = persona?.actor.unitId ?? null;
  const chartUnitIds = useMemo(() => {
    if (!model || !home) return [];
    return isRep ? [home] : model.tree.children(home).map((u) => u.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new review gives a new model with the same tree
  }, [model?.tree, home, isRep]);
  // the progress, lines, weeks, score cards and the role card's figures, computed in the worker
  const request = useMemo(
    () => (model && tracker && home ? { edits, review, home, unitIds: chartUnitIds, logged } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the request carries what the worker needs; the model is rebuilt there
    [model?.tree, tracker, home, edits, review, chartUnitIds, logged],
  );
  const run = useComputed('board', workspace.files, request);
  // asked for after the board's own figures, so the worker works them out after the table's
  const roleRun = useComputed('roleWork', workspace.files, request);
  const figures = run.result;

  // the shared deals' files refused by row and column are shown as the company's are, not left out of the actuals
  const creditProblems = creditData(bundle).problems;
  if (!model || !persona || !scope || !tracker || creditProblems.length) {
    const problems = !result.ok ? result.problems : !made.ok ? made.problems : creditProblems;
    return <WorkPage testId="board" title={t('nav.board')} persona={persona} problems={problems} />;
  }
  if (!figures || !home) {
    return (
      <WorkPage testId="board" title={t('nav.board')} subtitle={t('board.subtitle', { period: model.period.key, asOf: model.asOf })} persona={persona}>
        <RunSign run={run} testId="board-run" />
      </WorkPage>
    );
  }
  return (
    <WorkPage testId="board" title={t('nav.board')} subtitle={t('board.subtitle', { period: model.period.key, asOf: model.asOf })} persona={persona}>
      <RunSign run={run} testId="board-run" />
      <BoardUnits model={model} persona={persona} scope={scope} figures={figures} home={home} />
      <RoleWork run={roleRun} isRep={isRep} />
      <BoardBelow bundle={bundle} model={model} persona={persona} figures={figures} home={home} isRep={isRep} chartUnitIds={chartUnitIds} review={review} />
    </WorkPage>
  );
}

/** The rows the board's tables start from: a rep's own, HQ's regions, a head's own unit. */
function rootIds(tree: CompanyModel['tree'], home: string, isRep: boolean): string[] {
  return isRep || tree.get(home)!.level !== 'company' ? [home] : tree.children(home).map((c) => c.id);
}

interface UnitsProps { model: CompanyModel; persona: Persona; scope: PersonaScope; figures: BoardFigures; home: string }

/**
 * A rep's own progress and the units table. Memoised like BoardBelow: the worker's progress
 * messages re-render the board's shell (its run signs), never these tables.
 */
const BoardUnits = memo(function BoardUnits({ model, persona, scope, figures, home }: UnitsProps) {
  const { t, pick } = useT();
  const b = useBoardT();
  const setFlows = useBuildStore((s) => s.setFlows);
  const progress = figures.progress;
  const tree = model.tree;
  const isRep = scope.isRep;
  const mayEdit = scope.has('edit-actuals');

  const toRow = (id: string, depth: number): BoardRow => {
    const p = progress.get(id)!;
    const kids = depth < 3 ? tree.children(id).map((c) => toRow(c.id, depth + 1)) : [];
    return kids.length ? { ...p, children: kids } : { ...p };
  };
  const rootRows: BoardRow[] = rootIds(tree, home, isRep).map((id) => toRow(id, isRep ? 3 : 1));

  const commit = (id: string, value: number | null) => {
    const fen = value === null ? null : parseYuan(value);
    setFlows((f) => {
      const next = { ...f.actualEdits };
      if (fen === null) delete next[id]; else next[id] = fen;
      return { ...f, actualEdits: next };
    });
  };

  // a region's or team's actual is the sum of its people's: only a rep's own actual is typed in
  const editable = (r: BoardRow) => mayEdit && r.level === 'rep' && canSeeUnit(tree, persona, r.id);
  const lightText = (r: BoardRow) => t(`light.${r.light}`);
  const columns: Array<DataColumn<BoardRow>> = [
    // searched and printed with the id (a rep is often looked up by his code), shown by name
    { key: 'name', title: t('sim.unit'), width: 200, fixed: 'left', text: (r) => `${r.name} ${r.id}`, render: (r) => r.name },
    { key: 'base', title: t('sim.base'), align: 'right', width: 140, text: (r) => money(r.base), fen: (r) => r.base, render: (r) => money(r.base) },
    { key: 'due', title: b('board.dueToDate', { asOf: model.asOf.slice(5) }), align: 'right', width: 140, text: (r) => money(r.due?.base ?? null), fen: (r) => r.due?.base ?? null,
      render: (r) => <span data-testid={`due-${r.id}`}>{money(r.due?.base ?? null)}</span> },
    {
      key: 'actual', title: t('board.actual'), align: 'right', width: 170, text: (r) => money(r.actual), fen: (r) => r.actual, render: (r) => (editable(r) ? (
        <InputNumber<number> size="small" min={0} style={{ width: 150 }} data-testid={`actual-${r.id}`} key={`${r.id}:${r.actual}`}
          defaultValue={fenToYuan(r.actual)} formatter={grouped} parser={ungrouped} onBlur={(e) => commit(r.id, e.target.value === '' ? null : Number(e.target.value.replace(/,/g, '')))}
          onPressEnter={(e) => commit(r.id, Number((e.target as HTMLInputElement).value.replace(/,/g, '')))} />
      ) : <span data-testid={`actual-text-${r.id}`}>{money(r.actual)}</span>),
    },
    { key: 'completion', title: b('board.completionToDate'), align: 'right', width: 110, text: (r) => lightPercent(r.explanation.base), sort: (r) => r.completionBase,
      render: (r) => <span data-testid={`completion-${r.id}`}>{lightPercent(r.explanation.base)}</span> },
    {
      key: 'light', title: t('board.light'), width: 120, filter: true, text: lightText, sort: (r) => LIGHT_INDEX[r.light], render: (r) => (
        <span data-testid={`light-${r.id}`} data-light={r.light} title={r.problem ? pick(r.problem.message) : r.reason ? pick(r.reason.message) : pick(r.explanation.base.branch)}>
          <Badge color={LIGHT_COLOR[r.light]} text={lightText(r)} />
        </span>
      ),
    },
    { key: 'gap', title: t('board.gap'), align: 'right', width: 140, text: (r) => money(r.gapBase), fen: (r) => r.gapBase, render: (r) => money(r.gapBase) },
    { key: 'pace', title: t('board.pace'), width: 100, filter: true, text: (r) => (r.pace ? t(`pace.${r.pace}`) : '—'),
      render: (r) => <span data-testid={`pace-${r.id}`} data-pace={r.pace ?? ''}>{r.pace ? t(`pace.${r.pace}`) : '—'}</span> },
  ];

  return (
    <>
      {isRep && progress.get(home) && <MyProgress p={progress.get(home)!} />}
      <Card size="small" className={isRep ? 'work-card board-table-rep' : 'work-card'} title={t('board.units')}>
        <DataTable<BoardRow> testId="board-table" title={`${t('nav.board')} · ${model.period.key} · ${model.asOf}`} rowKey={(r) => r.id} rows={rootRows} columns={columns}
          scroll={{ x: 1100 }} expandable={{ defaultExpandedRowKeys: scope.level === 'region' ? [home] : [] }} />
        <Typography.Paragraph type="secondary" className="chart-note" data-testid="board-basis-note">{b('board.basisNote', { asOf: model.asOf })}</Typography.Paragraph>
      </Card>
    </>
  );
});

interface BelowProps {
  bundle: LoadedBundle; model: CompanyModel; persona: Persona; figures: BoardFigures; home: string; isRep: boolean;
  /** The units one level below the persona's (regions for HQ, teams for a region head), his own for a rep. */
  chartUnitIds: string[];
  review: PlanReview | null;
}

/**
 * The product lines, the charts (each a table too), the score radar with its shared deals and the
 * appeals. Memoised: each chart's option is a new object when this renders, and echarts draws
 * it anew, so it renders only when its figures, the persona or the review change, not for each
 * progress message of the role card's run (a large company's board must not redraw per message).
 */
const BoardBelow = memo(function BoardBelow({ bundle, model, persona, figures, home, isRep, chartUnitIds, review }: BelowProps) {
  const { t, pick } = useT();
  const b = useBoardT();
  const [person, setPerson] = useState<string | null>(null);
  const tree = model.tree;
  const { lines, weekly, cards } = figures;
  // the units one level below the persona's unit (regions for HQ, teams for a region head)
  const chartUnits = chartUnitIds;
  const chartedWeeks = weekly.get(chartUnits[0] ?? '') ?? [];
  const weeks = chartedWeeks.map((w) => w.key);
  // the as-of week is shown to date, marked with an asterisk (see the note under the charts)
  const weekLabels = chartedWeeks.map((w) => `${w.key.slice(5)}${w.partial ? '*' : ''}`);
  const cumulative = (id: string) => toDateCompletion(weekly.get(id) ?? []);
  const nameOf = (id: string) => tree.get(id)?.name ?? id;
  // the table beside the chart prints each completion as the light beside it does (never rounded across its boundary)
  const trendRows = chartUnits.map((id) => ({ key: id, unit: nameOf(id), ...Object.fromEntries((weekly.get(id) ?? []).map((w) => [w.key, w.progress.completionBase === null ? '—' : lightPercent(w.progress.explanation.base)])) }));
  const weekColumns = weeks.map((w, i) => ({ title: weekLabels[i], dataIndex: w, key: w, width: 70 }));

  const heat: Array<[number, number, number]> = [];
  const heatRows = chartUnits.map((id, y) => {
    const row: Record<string, unknown> = { key: id, unit: nameOf(id) };
    (weekly.get(id) ?? []).forEach((w, x) => {
      const light = w.progress.light;
      heat.push([x, y, LIGHT_INDEX[light]]);
      row[w.key] = t(`light.${light}`);
    });
    return row;
  });

  const visibleCards = cards.filter((c) => canSeeUnit(tree, persona, c.id));
  const chosen = visibleCards.find((c) => c.id === person) ?? visibleCards.find((c) => c.id === home) ?? visibleCards[0];
  const appeals = review ? Object.values(review.instances).filter((i) => canSeeUnit(tree, persona, i.unitId)) : [];
  const reviewFlow = flowDef(bundle, 'allocation-review');
  const states = reviewFlow?.states.map((st) => st.id) ?? [];
  const stateTitle = (s: string) => { const x = reviewFlow?.states.find((st) => st.id === s)?.title; return x ? pick(x) : s; };
  // a decision is stored as a code (approved, partly-approved, rejected): shown as the title of the transition that assigns it
  const decisionTitle = (d: unknown) => {
    if (d === undefined || d === null) return '—';
    const x = reviewFlow?.transitions.find((tr) => (tr.assign as Record<string, unknown> | undefined)?.decision === d)?.title;
    return x ? pick(x) : String(d);
  };

  return (
    <>
      {lines && (
        <LineTable board={lines} tree={tree} roots={rootIds(tree, home, isRep)} depthOf={() => (isRep ? 3 : 1)} />
      )}
      <Row gutter={[16, 16]}>
        {!isRep && (
          <Col xs={24} xl={12}>
            <ChartCard name="trend" title={t('board.trend')} table={{ columns: [{ title: t('sim.unit'), dataIndex: 'unit', key: 'unit', fixed: 'left', width: 120 }, ...weekColumns], rows: trendRows }}
              option={{
                tooltip: { trigger: 'axis' }, legend: { top: 0, type: 'scroll' }, grid: { left: 48, right: 16, top: 36, bottom: 28 },
                xAxis: { type: 'category', data: weekLabels }, yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
                series: chartUnits.map((id) => ({ type: 'line', name: nameOf(id), data: cumulative(id), smooth: true, symbolSize: 4 })),
              }} />
          </Col>
        )}
        {!isRep && (
          <Col xs={24} xl={12}>
            <ChartCard name="heatmap" title={t('board.heatmap')} table={{ columns: [{ title: t('sim.unit'), dataIndex: 'unit', key: 'unit', fixed: 'left', width: 120 }, ...weekColumns], rows: heatRows }}
              option={{
                tooltip: { formatter: (p: { value: [number, number, number] }) => `${nameOf(chartUnits[p.value[1]]!)} ${weekLabels[p.value[0]]}: ${t(`light.${(['grey', 'red', 'yellow', 'green'] as const)[p.value[2]]!}`)}` },
                grid: { left: 96, right: 16, top: 8, bottom: 56 },
                xAxis: { type: 'category', data: weekLabels, splitArea: { show: true } },
                yAxis: { type: 'category', data: chartUnits.map(nameOf), splitArea: { show: true } },
                visualMap: { type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 12, itemHeight: 12,
                  pieces: (['grey', 'red', 'yellow', 'green'] as const).map((l) => ({ value: LIGHT_INDEX[l], label: t(`light.${l}`), color: LIGHT_COLOR[l] })) },
                series: [{ type: 'heatmap', data: heat, itemStyle: { borderColor: '#fff', borderWidth: 2 } }],
              }}
              footer={chartedWeeks.some((w) => w.partial) ? (
                <Typography.Paragraph type="secondary" className="chart-note" data-testid="week-to-date-note">{b('board.weekToDate', { asOf: model.asOf })}</Typography.Paragraph>
              ) : null} />
          </Col>
        )}
        <Col xs={24} xl={12}>
          {chosen ? (
            <ChartCard name="radar" title={t('board.radar', { name: chosen.name ?? chosen.id, score: chosen.score.toFixed(1), rank: chosen.rank })}
              extra={visibleCards.length > 1 ? (
                <Select size="small" showSearch optionFilterProp="label" value={chosen.id} onChange={setPerson} style={{ width: 140 }} data-testid="radar-person"
                  options={visibleCards.map((c) => ({ value: c.id, label: c.name ?? c.id }))} />
              ) : null}
              table={{
                columns: [
                  { title: t('board.dimension'), dataIndex: 'dimension', key: 'dimension' },
                  { title: t('board.normalised'), dataIndex: 'normalised', key: 'normalised', align: 'right' },
                  { title: t('board.weight'), dataIndex: 'weight', key: 'weight', align: 'right' },
                  { title: t('board.points'), dataIndex: 'points', key: 'points', align: 'right' },
                ],
                rows: chosen.dimensions.map((d) => ({ key: d.dimension, dimension: t(`dim.${d.dimension}` as 'dim.revenue'), normalised: d.normalised.toFixed(2), weight: percent(d.weight, 0), points: d.points.toFixed(2) })),
              }}
              option={{
                tooltip: {},
                radar: { indicator: chosen.dimensions.map((d) => ({ name: t(`dim.${d.dimension}` as 'dim.revenue'), max: 120 })), radius: '65%' },
                series: [{ type: 'radar', data: [{ value: chosen.dimensions.map((d) => Math.round(d.normalised * 1000) / 10), name: chosen.name ?? chosen.id, areaStyle: { opacity: 0.2 } }] }],
              }} />
          ) : <Card size="small"><Empty /></Card>}
        </Col>
        {chosen && (
          <Col xs={24} xl={12}>
            <SharedDeals personId={chosen.id} personName={chosen.name ?? chosen.id} credits={figures.credits} tree={tree} lines={lines?.lines ?? []} />
          </Col>
        )}
        {!isRep && (
          <Col xs={24} xl={12}>
            <ChartCard name="appeals" title={t('board.appeals')}
              table={{
                columns: [
                  { title: t('sim.unit'), dataIndex: 'unit', key: 'unit' },
                  { title: t('ws.state'), dataIndex: 'state', key: 'state' },
                  { title: t('sim.base'), dataIndex: 'base', key: 'base', align: 'right' },
                  { title: t('ws.requested'), dataIndex: 'requested', key: 'requested', align: 'right' },
                  { title: t('board.decision'), dataIndex: 'decision', key: 'decision' },
                ],
                rows: appeals.map((i) => ({
                  key: i.unitId, unit: String(i.data.unitName ?? i.unitId), state: stateTitle(i.state), base: money(parseYuan(i.data.base)),
                  requested: i.data.requestedBase !== undefined ? money(parseYuan(i.data.requestedBase)) : '—', decision: decisionTitle(i.data.decision),
                })),
              }}
              extra={review ? null : <Tag>{t('ws.notPublished')}</Tag>}
              option={{
                tooltip: {}, grid: { left: 40, right: 16, top: 16, bottom: 28 },
                xAxis: { type: 'category', data: states.map(stateTitle) }, yAxis: { type: 'value', minInterval: 1 },
                series: [{ type: 'bar', barWidth: '40%', data: states.map((s) => appeals.filter((i) => i.state === s).length), itemStyle: { color: '#3370ff' } }],
              }} />
          </Col>
        )}
      </Row>
      {isRep && (
        <Typography.Paragraph type="secondary" className="rep-note">{t('board.repNote')}</Typography.Paragraph>
      )}
    </>
  );
});
