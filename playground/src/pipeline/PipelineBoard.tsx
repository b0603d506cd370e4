/**
 * Pipeline board (商机看板): a column per stage of the bundle's pipeline parameters with the
 * opportunities the persona may see (HQ and managers: everything in their unit; a rep: his
 * own). A card dragged to another stage, or moved with its "next stage" button, is checked
 * with the plugin's `checkMove`: a refused move names each failed criterion and the card stays;
 * an accepted one moves it, kept with the build (`flows.pipelineMoves`: a reload shows it moved). Each card shows its days in the current
 * stage against the stage's `stalledDays`, marked when the plugin's `stalled-in-stage` alert is
 * open. Below, the funnel with the median days per stage and the win cycle (of the persona's
 * scope, or of any unit in it he picks: a region, a team, a rep), and the timeliness ranking, all from `analyzePipeline` over the sample (and the
 * visits logged on the phone view) at its last day. A card with work orders (协同工单) shows the
 * state of its open one (or its last), red when overdue, and who acts next.
 */
import { DndContext, DragOverlay, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { Alert, Button, Card, Col, Empty, Row, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { parseInstant, rankTimeliness, rollUpPipeline, type FailedCriterion, type FunnelRow, type LoadedBundle, type Opportunity, type TimelinessRow } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import type { Workspace } from '../build/workspace.js';
import { percent } from '../company/format.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import { canSeeUnit } from '../roles/personas.js';
import { useWorkOrderT } from '../workorders/messages.js';
import { progressOf, workOrderRuntime, type WorkOrderProgress } from '../workorders/workOrderModel.js';
import { analyzeSome, checkOpportunityMove, nextStage, pipelineData, type PipelineData } from '../shared/pipeline/pipelineModel.js';
import './pipeline.css';
import { useDndAccessibility } from '../shared/dndAccessibility.js';
import { DataTable, type DataColumn } from '../shared/table/DataTable.js';

const DAY_MS = 86_400_000;
const days = (x: number | null) => (x === null ? '—' : String(x));

/** How long a card has been in its stage now, the stage's limit, and whether its stalled alert is open. */
interface StageTime { days: number; limit: number | null; stalled: boolean }

const yuan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

interface Refusal { oppId: string; customer: string; to: string; failed: FailedCriterion[] }

function OppCard({ opp, owner, next, nextName, onNext, time, workOrder }: { opp: Opportunity; owner: string; next: string | null; nextName: string; onNext: () => void; time: StageTime | null; workOrder: WorkOrderProgress | null }) {
  const { t, pick } = useT();
  const w = useWorkOrderT();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: opp.id, disabled: next === null });
  return (
    <div ref={setNodeRef} className={`pipeline-card${isDragging ? ' source' : ''}${time?.stalled ? ' stalled' : ''}`} data-testid={`opp-${opp.id}`} {...attributes} {...listeners} tabIndex={-1}>
      <Typography.Text strong className="pipeline-card-customer">{opp.customer || opp.id}</Typography.Text>
      <div className="pipeline-card-meta">
        <span>{owner}</span>
        <span className="pipeline-card-amount">¥{yuan.format(opp.amount)}</span>
      </div>
      {time && (
        <div className="pipeline-card-days" data-testid={`days-${opp.id}`} data-days={time.days}>
          <span>{time.limit === null ? t('pipeline.inStage', { days: time.days }) : t('pipeline.inStageLimit', { days: time.days, limit: time.limit })}</span>
          {time.stalled && <Tag color="red" bordered={false} data-testid={`stalled-${opp.id}`}>{t('pipeline.stalled')}</Tag>}
        </div>
      )}
      {workOrder && (
        <div className="pipeline-card-wo" data-testid={`wo-tag-${opp.id}`} data-state={workOrder.status.state} data-overdue={String(workOrder.overdue)}
          title={workOrder.next.map((n) => n.persona.name).join('、')}>
          <Tag color={workOrder.overdue ? 'red' : workOrder.status.final ? 'default' : 'blue'} bordered={false}>
            {w('wo.title')} · {pick(workOrder.status.stateTitle)}{workOrder.overdue ? ` · ${w('wo.overdue')}` : ''}
          </Tag>
        </div>
      )}
      {next !== null && (
        <Button size="small" type="link" className="pipeline-card-next" data-testid={`next-${opp.id}`}
          onPointerDown={(e) => e.stopPropagation()} onClick={onNext} aria-label={t('pipeline.moveTo', { stage: nextName })}>
          {t('pipeline.next')} → {nextName}
        </Button>
      )}
    </div>
  );
}

function StageColumn({ id, title, count, children }: { id: string; title: string; count: number; children: ReactNode }) {
  const { isOver, setNodeRef } = useDroppable({ id });
  return (
    <div ref={setNodeRef} className={`pipeline-column${isOver ? ' over' : ''}`} data-testid={`stage-${id}`} data-stage={id}>
      <div className="pipeline-column-head"><Typography.Text strong>{title}</Typography.Text><Tag bordered={false}>{count}</Tag></div>
      <div className="pipeline-column-body">{children}</div>
    </div>
  );
}

function Board({ data, visible, ownerName, workOrders }: { data: PipelineData; visible: Opportunity[]; ownerName: (id: string) => string; workOrders: ReadonlyMap<string, WorkOrderProgress> }) {
  const { t, pick } = useT();
  const dndAccessibility = useDndAccessibility();
  const { model, analysis } = data;
  const initial = useMemo(() => new Map(analysis.opportunities.map((o) => [o.id, o.stage])), [analysis]);
  const moved = useBuildStore((s) => s.flows.pipelineMoves);
  const setFlows = useBuildStore((s) => s.setFlows);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [accepted, setAccepted] = useState<{ customer: string; to: string } | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));
  const stageOf = (o: Opportunity) => moved[o.id] ?? initial.get(o.id) ?? o.stage;
  const stageName = (id: string) => {
    const i = model.stageIndex.get(id);
    return i !== undefined ? pick(model.settings.stages[i]!.name) : id === model.lostId ? pick(model.settings.lost.name) : id;
  };
  const byId = new Map(visible.map((o) => [o.id, o]));
  const times = useMemo(() => {
    const stalled = new Set(analysis.overdue.filter((a) => a.stage !== undefined).map((a) => a.opportunityId));
    const out = new Map<string, StageTime>();
    for (const o of analysis.opportunities) {
      const i = model.stageIndex.get(o.stage);
      const entered = parseInstant(o.enteredAt);
      // closed deals (won, lost) no longer age in a stage
      if (i === undefined || model.settings.stages[i]!.final || entered === null) continue;
      out.set(o.id, { days: Math.floor((data.now - entered) / DAY_MS), limit: model.settings.stages[i]!.stalledDays ?? null, stalled: stalled.has(o.id) });
    }
    return out;
  }, [analysis, model, data.now]);

  const tryMove = (opp: Opportunity, to: string) => {
    const from = stageOf(opp);
    if (from === to) return;
    const failed = checkOpportunityMove(data, opp, from, to);
    if (failed.length) { setRefusal({ oppId: opp.id, customer: opp.customer || opp.id, to, failed }); setAccepted(null); return; }
    setRefusal(null);
    setAccepted({ customer: opp.customer || opp.id, to });
    setFlows((f) => ({ ...f, pipelineMoves: { ...f.pipelineMoves, [opp.id]: to } }));
  };
  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const opp = byId.get(String(e.active.id));
    if (opp && e.over) tryMove(opp, String(e.over.id));
  };

  const columns = [...model.settings.stages.map((s) => s.id), model.lostId];
  return (
    <Card size="small" className="work-card" title={t('pipeline.board')} extra={<Typography.Text type="secondary">{t('pipeline.dragHint')}</Typography.Text>}>
      {refusal && (
        <Alert type="warning" showIcon closable onClose={() => setRefusal(null)} className="pipeline-refusal" data-testid="move-refused" data-opp={refusal.oppId}
          message={t('pipeline.refused', { customer: refusal.customer, stage: stageName(refusal.to) })}
          description={<ul className="pipeline-reasons">{refusal.failed.map((f) => <li key={`${f.kind}:${f.stage}:${f.criterion}`} data-criterion={f.criterion}>{pick(f.message)}</li>)}</ul>} />
      )}
      {accepted && <Alert type="success" showIcon closable onClose={() => setAccepted(null)} className="pipeline-refusal" data-testid="move-accepted" message={t('pipeline.accepted', { customer: accepted.customer, stage: stageName(accepted.to) })} />}
      <DndContext accessibility={dndAccessibility} sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
        <div className="pipeline-columns" data-testid="pipeline-columns">
          {columns.map((stage) => {
            const cards = visible.filter((o) => stageOf(o) === stage);
            return (
              <StageColumn key={stage} id={stage} title={stageName(stage)} count={cards.length}>
                {cards.map((o) => {
                  const next = nextStage(model, stageOf(o));
                  // a card moved on this page has just entered its stage: no time to show yet
                  const time = moved[o.id] === undefined ? times.get(o.id) ?? null : null;
                  return <OppCard key={o.id} opp={o} owner={ownerName(o.ownerId)} next={next} nextName={next ? stageName(next) : ''} onNext={() => next && tryMove(o, next)} time={time} workOrder={workOrders.get(o.id) ?? null} />;
                })}
              </StageColumn>
            );
          })}
        </div>
        <DragOverlay>
          {dragging && byId.get(dragging) ? (
            <div className="pipeline-card dragging">
              <Typography.Text strong>{byId.get(dragging)!.customer || dragging}</Typography.Text>
              <div className="pipeline-card-meta"><span>{ownerName(byId.get(dragging)!.ownerId)}</span><span>¥{yuan.format(byId.get(dragging)!.amount)}</span></div>
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
    </Card>
  );
}

export default function PipelineBoard({ bundle }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t, pick } = useT();
  const { result, persona } = useCompany(bundle);
  const logged = useBuildStore((s) => s.flows.activities);
  const pipeline = useMemo(() => pipelineData(bundle, logged), [bundle, logged]);
  const tree = result.ok ? result.model.tree : null;
  const rolled = useMemo(() => (pipeline.ok && tree ? rollUpPipeline(pipeline.data.analysis, tree) : null), [pipeline, tree]);
  const [funnelUnit, setFunnelUnit] = useState<string | null>(null);
  const instances = useBuildStore((s) => s.flows.workOrders);
  // each opportunity's open work order (else its last), for its card
  const workOrders = useMemo(() => {
    const out = new Map<string, WorkOrderProgress>();
    const flow = result.ok ? workOrderRuntime(bundle, result.model) : null;
    if (!flow || !result.ok) return out;
    for (const p of progressOf(flow, result.model, Object.values(instances))) {
      const opp = String(p.instance.data.opportunityId ?? '');
      const shown = out.get(opp);
      if (!shown || shown.status.final || !p.status.final) out.set(opp, p);
    }
    return out;
  }, [bundle, result, instances]);

  const problems = !result.ok ? result.problems : !pipeline.ok ? pipeline.problems : [];
  if (!tree || !persona || !pipeline.ok || !rolled) return <WorkPage testId="pipeline" title={t('nav.pipeline')} persona={persona} problems={problems} />;
  const data = pipeline.data;
  const home = persona.actor.unitId;
  const atCompany = tree.get(home)?.level === 'company';
  const visible = data.opportunities.filter((o) => canSeeUnit(tree, persona, o.ownerId));
  const ownerName = (id: string) => tree.get(id)?.name ?? id;
  const stageName = (id: string) => { const i = data.model.stageIndex.get(id); return i === undefined ? id : pick(data.model.settings.stages[i]!.name); };

  // the funnel's level: the persona's own unit unless he picked one within it
  const units = tree.topDown.filter((id) => canSeeUnit(tree, persona, id));
  const unit = funnelUnit !== null && units.includes(funnelUnit) ? funnelUnit : home;
  const unitIsCompany = tree.get(unit)?.level === 'company';
  const funnel: FunnelRow[] = unitIsCompany ? data.analysis.funnel : rolled.funnel.get(unit) ?? [];
  // days in stage and the win cycle of that unit: the plugin over its opportunities
  const scoped = unitIsCompany ? data.analysis : analyzeSome(data, unit === home ? visible : visible.filter((o) => tree.isWithin(o.ownerId, unit)));
  const medianDays = new Map(scoped.daysInStage.map((d) => [d.stage, d]));
  const timeliness: TimelinessRow[] = atCompany ? data.analysis.timeliness : rankTimeliness(data.analysis.timeliness.filter((r) => canSeeUnit(tree, persona, r.id)));

  const funnelColumns: TableColumnsType<FunnelRow> = [
    { title: t('pipeline.stage'), key: 'stage', render: (_, r) => stageName(r.stage) },
    { title: t('pipeline.reached'), dataIndex: 'reached', key: 'reached', align: 'right' },
    { title: t('pipeline.converted'), key: 'converted', align: 'right', render: (_, r) => (r.converted === null ? '—' : r.converted) },
    { title: t('pipeline.rate'), key: 'rate', align: 'right', render: (_, r) => percent(r.rate) },
    { title: t('pipeline.medianDays'), key: 'days', align: 'right', render: (_, r) => days(medianDays.get(r.stage)?.medianDays ?? null) },
  ];
  const { winCycle } = scoped;
  const timelyColumns: Array<DataColumn<TimelinessRow>> = [
    { key: 'rank', title: t('pipeline.rank'), width: 70, text: (r) => (r.rank === null || r.rank === undefined ? '—' : String(r.rank)), sort: (r) => r.rank ?? null },
    { key: 'owner', title: t('pipeline.owner'), text: (r) => ownerName(r.id) },
    { key: 'onTime', title: t('pipeline.onTime'), align: 'right', text: (r) => String(r.onTime), sort: (r) => r.onTime },
    { key: 'late', title: t('pipeline.late'), align: 'right', text: (r) => String(r.late), sort: (r) => r.late },
    { key: 'rate', title: t('pipeline.timelyRate'), align: 'right', text: (r) => percent(r.rate), sort: (r) => r.rate },
  ];

  return (
    <WorkPage testId="pipeline" title={t('nav.pipeline')} persona={persona}
      subtitle={t('pipeline.subtitle', { count: visible.length, asOf: new Date(data.now + 8 * 3_600_000).toISOString().slice(0, 10) })}>
      {visible.length ? <Board data={data} visible={visible} ownerName={ownerName} workOrders={workOrders} /> : <Card size="small" className="work-card"><Empty description={t('pipeline.none')} /></Card>}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" className="work-card" title={t('pipeline.funnel')}
            extra={<Select size="small" showSearch optionFilterProp="label" value={unit} onChange={setFunnelUnit} disabled={units.length < 2}
              data-testid="funnel-unit" aria-label={t('pipeline.funnelUnit')} style={{ minWidth: 140 }}
              options={units.map((id) => ({ value: id, label: ownerName(id) }))} />}>
            <Table<FunnelRow> size="small" rowKey="stage" pagination={false} dataSource={funnel} columns={funnelColumns} data-testid="funnel-table" data-unit={unit} />
            <Typography.Paragraph type="secondary" className="pipeline-win-cycle" data-testid="win-cycle" data-days={winCycle.medianDays ?? ''}>
              {winCycle.medianDays === null ? t('pipeline.noWinCycle') : t('pipeline.winCycle', { days: winCycle.medianDays, won: winCycle.won })}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" className="work-card" title={t('pipeline.timeliness')}>
            <DataTable<TimelinessRow> testId="timeliness-table" title={t('pipeline.timeliness')} rowKey={(r) => r.id} rows={timeliness} columns={timelyColumns} pageSize={false} scroll={{ x: 'max-content', y: 360 }} />
          </Card>
        </Col>
      </Row>
    </WorkPage>
  );
}
