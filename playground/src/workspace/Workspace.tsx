/**
 * The persona's work (工作台): filing → allocation review and appeal → signed letter, through
 * the bundle's flows. Every action goes to the flow engine (target-filing, the plan review over
 * allocation-review, commitment-letter), which checks role and org-tree scope; the screen only
 * lists what the persona may see (his unit and below) and the actions `available` offers.
 * The work orders (协同工单) raised on opportunities are moved here too: the head assigns an
 * engineer, the engineer resolves, the rep confirms; and the emergency recalculation (应急重算,
 * recalc/RecalcCard.tsx) of the frozen review between HQ, the sales director and the HRBP.
 * Instances are kept with the build in IndexedDB.
 */
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import {
  appealEvidence, checkDeclaration, createFlowRuntime, fenToYuan, formatYuanGrouped, parseYuan, signatureValid, signLetter,
  type Actor, type EvidenceFile, type FlowInstance, type FlowRuntime, type Lang, type LoadedBundle, type PlanReview, type UnitLetter,
} from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import type { Workspace as BuildWorkspace } from '../build/workspace.js';
import type { CompanyModel } from '../company/companyModel.js';
import { money } from '../company/format.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import { canSeeUnit, personas, type Persona } from '../roles/personas.js';
import { flowDef, personaScope, rolesAt, rolesMay, type PersonaScope } from '../roles/scope.js';
import { RecalcCard } from '../recalc/RecalcCard.js';
import { RECALC_FLOW_ID } from '../recalc/recalcModel.js';
import { WorkOrdersCard } from '../workorders/WorkOrders.js';
import { confirmedOf, letterHeads, recordedSignature, simulatedPlanId, simulatedTotals, useReview } from '../shared/reviewRuntime.js';
import { exactYuan, usePublishPlan } from '../shared/publishPlan.js';
import { useConfirmLoss } from '../build/confirmLoss.js';
import { reviewLoss } from '../build/loss.js';
import { WORK_ORDER_TEMPLATE, workOrderRuntime } from '../workorders/workOrderModel.js';
import { AppealOutcome, AuditTimeline, DecisionForm, EvidenceCell, EvidenceFiles, evidenceLimitText } from './Appeals.js';
import { DataTable } from '../shared/table/DataTable.js';
import { repFilingRange } from './filingRange.js';

const nowIso = () => new Date().toISOString();
const STATE_COLOR: Record<string, string> = {
  draft: 'default', submitted: 'processing', returned: 'warning', confirmed: 'success',
  published: 'processing', accepted: 'success', appealed: 'warning', decided: 'success', issued: 'processing', signed: 'success', voided: 'error',
};

function StateTag({ state, bundle, flowId }: { state: string; bundle: LoadedBundle; flowId: string }) {
  const { pick } = useT();
  const title = flowDef(bundle, flowId)?.states.find((s) => s.id === state)?.title;
  return <Tag color={STATE_COLOR[state] ?? 'default'} data-testid="flow-state" data-state={state}>{title ? pick(title) : state}</Tag>;
}

/** A flow's amount (yuan, as the flow stores it) grouped for reading; — when there is none. */
const yuanText = (value: unknown) => {
  const fen = value === undefined || value === null ? null : parseYuan(value);
  return fen === null ? '—' : money(fen);
};

function useFlow(bundle: LoadedBundle, model: CompanyModel | null, flowId: string) {
  return useMemo(() => {
    const def = flowDef(bundle, flowId);
    return def && model ? createFlowRuntime(def, model.tree, bundle) : null;
  }, [bundle, model, flowId]);
}

export default function Workspace({ bundle }: { bundle: LoadedBundle; workspace: BuildWorkspace }) {
  const { t } = useT();
  const { result, persona } = useCompany(bundle);
  const model = result.ok ? result.model : null;
  if (!model || !persona) return <WorkPage testId="workspace" title={t('nav.workspace')} persona={persona} problems={result.ok ? [] : result.problems} />;
  const workOrderFlow = workOrderRuntime(bundle, model);
  const workOrderForms = bundle.templates.find((e) => e.def.id === WORK_ORDER_TEMPLATE)?.def.forms;
  const workOrders = workOrderFlow && workOrderForms ? <WorkOrdersCard flow={workOrderFlow} model={model} forms={workOrderForms} persona={persona} /> : null;
  const scope = personaScope(bundle, persona);
  const props: SectionProps = { bundle, model, persona, scope };
  return (
    <WorkPage testId="workspace" title={t('nav.workspace')} subtitle={t(`ws.intro.${persona.id}`)} persona={persona}>
      {/* a role outside the sales line (no level in the bundle: the support engineer) works here only on the work orders assigned to him */}
      {scope.level === undefined ? workOrders : scope.may(RECALC_FLOW_ID, 'authorise') ? (
        // who authorises an emergency recalculation (the sales director) comes here for that; the review is shown to read
        <Space direction="vertical" size={16} className="work-stack">
          <RecalcCard bundle={bundle} model={model} persona={persona} />
          <ReviewSection {...props} />
        </Space>
      ) : (
        <Space direction="vertical" size={16} className="work-stack">
          <FilingSection {...props} />
          {scope.isRep ? <RepReviewSection {...props} /> : <ReviewSection {...props} />}
          {scope.actsIn(RECALC_FLOW_ID) && <RecalcCard bundle={bundle} model={model} persona={persona} />}
          <LettersSection {...props} />
          {workOrders}
        </Space>
      )}
    </WorkPage>
  );
}

interface SectionProps { bundle: LoadedBundle; model: CompanyModel; persona: Persona; scope: PersonaScope }

function Refused({ message }: { message: string | null }) {
  return message ? <Alert type="error" showIcon data-testid="refusal" message={message} /> : null;
}

/** 目标申报: the rep files, his head confirms or returns. */
function FilingSection({ bundle, model, persona, scope }: SectionProps) {
  const { t, pick } = useT();
  const flow = useFlow(bundle, model, 'target-filing');
  const filings = useBuildStore((s) => s.flows.filings);
  const setFlows = useBuildStore((s) => s.setFlows);
  const reviewRuntime = useReview(bundle, model);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ base: number; stretch: number; note?: string; comment?: string }>();
  const { modal } = App.useApp();
  if (!flow) return null;
  const actor = persona.actor;

  const step = (instance: FlowInstance, action: string, payload: Record<string, unknown>) => {
    const now = nowIso();
    const r = flow.step(instance, action, actor, payload, now, instance.version);
    if (!r.ok) { setError(pick(r.refusal.message)); return; }
    const nextFilings = { ...useBuildStore.getState().flows.filings, [r.instance.unitId]: r.instance };
    // a confirmed filing enters the published plan at once (lock or floor, per the bundle); one the plan cannot take is refused whole
    const review = useBuildStore.getState().flows.review;
    let nextReview = review;
    if (review && r.instance.state === 'confirmed') {
      const applied = reviewRuntime.withFilings(review, confirmedOf(nextFilings), now);
      if (!applied.ok) { setError(pick(applied.refusal.message)); return; }
      nextReview = applied.review;
    }
    setError(null);
    setFlows((f) => ({ ...f, filings: nextFilings, review: nextReview }));
  };

  // the payload names the submit action takes, read from its guard's inputs (base, stretch)
  const submit = flow.def.transitions.find((x) => x.action === 'submit');
  const guardInputs = (submit?.guard && 'inputs' in submit.guard ? submit.guard.inputs : undefined) as Record<string, string> | undefined;
  const field = (name: 'base' | 'stretch') => (guardInputs?.[name] ?? `payload.${name}`).replace(/^payload\./, '');

  // who submits a filing (the rep) files his own; the heads above confirm or return
  if (scope.may(flow.def.id, 'submit')) {
    const own = filings[actor.unitId] ?? flow.start({ id: `filing:${actor.unitId}`, ownerId: actor.id, unitId: actor.unitId, now: nowIso() });
    const target = model.targets.get(actor.unitId);
    const canSubmit = flow.available(own, actor).some((a) => a.action === 'submit');
    const suggested = repFilingRange(bundle, model, actor.unitId);
    const send = (v: { base: number; stretch: number; note?: string }) => step(own, 'submit', { [field('base')]: v.base, [field('stretch')]: v.stretch, note: v.note ?? '' });
    // a declaration outside the bundle's suggested range is asked about once, with the runtime's reason; inside it goes at once
    const submitChecked = (v: { base: number; stretch: number; note?: string }) => {
      const base = parseYuan(v.base);
      const stretch = parseYuan(v.stretch);
      // a Stretch below the Base is the flow's guard to refuse, not a question
      const flags = suggested.ok && base !== null && stretch !== null ? checkDeclaration({ base, stretch }, suggested.range).filter((f) => f.code !== 'STRETCH_BELOW_BASE') : [];
      if (!flags.length) { send(v); return; }
      modal.confirm({
        title: t('ws.filingOutside'),
        content: <ul data-testid="filing-outside">{flags.map((f) => <li key={f.code} data-code={f.code}>{pick(f.message)}</li>)}</ul>,
        okText: t('ws.submitAnyway'),
        cancelText: t('ws.reviseFiling'),
        okButtonProps: { className: 'filing-outside-ok' },
        onOk: () => send(v),
      });
    };
    return (
      <Card title={t('ws.filing')} size="small" data-testid="filing-card" extra={<StateTag bundle={bundle} flowId="target-filing" state={own.state} />}>
        <Refused message={error} />
        {target && <Typography.Paragraph type="secondary">{t('ws.filingSuggest', { base: money(target.base), stretch: money(target.stretch) })}</Typography.Paragraph>}
        {suggested.ok
          ? <Typography.Paragraph data-testid="filing-range" data-low={suggested.range.low} data-high={suggested.range.high}>{t('ws.filingRange', { period: suggested.range.period, low: formatYuanGrouped(suggested.range.low), high: formatYuanGrouped(suggested.range.high) })}</Typography.Paragraph>
          : <Alert type="warning" showIcon data-testid="filing-range-problem" message={t('ws.filingNoRange')} description={pick(suggested.problem.message)} />}
        {canSubmit ? (
          <Form form={form} layout="vertical" initialValues={target ? { base: fenToYuan(target.base), stretch: fenToYuan(target.stretch) } : {}}
            onFinish={submitChecked}>
            <Form.Item name="base" label={t('sim.base')} rules={[{ required: true }]}><InputNumber<number> min={0} style={{ width: '100%' }} data-testid="filing-base" /></Form.Item>
            <Form.Item name="stretch" label={t('sim.stretch')} rules={[{ required: true }]}><InputNumber<number> min={0} style={{ width: '100%' }} data-testid="filing-stretch" /></Form.Item>
            <Form.Item name="note" label={t('ws.note')}><Input.TextArea rows={2} /></Form.Item>
            <Button type="primary" htmlType="submit" block data-testid="filing-submit">{t('ws.submit')}</Button>
          </Form>
        ) : (
          <Descriptions size="small" column={1} items={[
            { key: 'b', label: t('sim.base'), children: yuanText(own.data.base) },
            { key: 's', label: t('sim.stretch'), children: yuanText(own.data.stretch) },
            ...(own.data.confirmedBase !== undefined ? [{ key: 'c', label: t('ws.confirmedBase'), children: <span data-testid="filing-confirmed-base">{yuanText(own.data.confirmedBase)}</span> }] : []),
          ]} />
        )}
        <AuditTimeline bundle={bundle} model={model} flow={flow} instance={own} />
      </Card>
    );
  }

  const visible = Object.values(filings).filter((i) => canSeeUnit(model.tree, persona, i.unitId));
  const stateText = (state: string) => { const x = flow.def.states.find((st) => st.id === state)?.title; return x ? pick(x) : state; };
  // the head sees the same suggested range the rep saw, and whether the filing falls outside it
  const ranges = new Map(visible.map((i) => [i.unitId, repFilingRange(bundle, model, i.unitId)]));
  const rangeText = (i: FlowInstance) => { const r = ranges.get(i.unitId); return r?.ok ? `${money(r.range.low)} – ${money(r.range.high)}` : '—'; };
  const outside = (i: FlowInstance) => {
    const r = ranges.get(i.unitId);
    const base = parseYuan(i.data.base);
    const stretch = parseYuan(i.data.stretch);
    return !!r?.ok && base !== null && checkDeclaration({ base, stretch: stretch ?? base }, r.range).some((f) => f.code !== 'STRETCH_BELOW_BASE');
  };
  return (
    <Card title={t('ws.filings')} size="small" data-testid="filings-card">
      <Refused message={error} />
      {visible.length === 0 ? <Empty description={t('ws.noFilings')} /> : (
        <DataTable<FlowInstance> testId="filings-table" title={t('ws.filings')} rowKey={(i) => i.id} rows={visible} scroll={{ x: 600 }} columns={[
          { key: 'u', title: t('sim.unit'), text: (i) => model.tree.get(i.unitId)?.name ?? i.unitId },
          { key: 's', title: t('ws.state'), filter: true, text: (i) => stateText(i.state), render: (i) => <StateTag bundle={bundle} flowId="target-filing" state={i.state} /> },
          { key: 'b', title: t('sim.base'), align: 'right', text: (i) => String(i.data.base ?? '—'), fen: (i) => parseYuan(i.data.base), render: (i) => yuanText(i.data.base) },
          { key: 'st', title: t('sim.stretch'), align: 'right', text: (i) => String(i.data.stretch ?? '—'), fen: (i) => parseYuan(i.data.stretch), render: (i) => yuanText(i.data.stretch) },
          { key: 'r', title: t('ws.range'), sort: false, text: (i) => rangeText(i), render: (i) => <span data-testid={`filing-range-${i.unitId}`}>{rangeText(i)} {outside(i) && <Tag color="warning">{t('ws.outsideRange')}</Tag>}</span> },
          { key: 'a', title: t('ws.actions'), text: () => '', sort: false, render: (i) => (
            <Space>{flow.available(i, actor).filter((a) => a.action === 'confirm' || a.action === 'return').map((a) => (
              <Button key={a.action} size="small" data-testid={`filing-${a.action}`}
                onClick={() => step(i, a.action, a.action === 'return' ? { comment: t('ws.returnComment') } : {})}>{pick(a.title)}</Button>
            ))}</Space>
          ) },
        ]} />
      )}
    </Card>
  );
}

/** The rep's view of the review: his region's instance, with the decision and its reason. */
function RepReviewSection({ bundle, model, persona }: SectionProps) {
  const runtime = useReview(bundle, model);
  const review = useBuildStore((s) => s.flows.review);
  const instance = review ? Object.values(review.instances).find((i) => model.tree.isWithin(persona.actor.unitId, i.unitId)) : undefined;
  return instance ? <AppealOutcome bundle={bundle} model={model} flow={runtime.flow} instance={instance} /> : null;
}

/** 目标评审: HQ publishes the balanced plan; each region head accepts or appeals; HQ decides. */
function ReviewSection({ bundle, model, persona, scope }: SectionProps) {
  const { t, pick } = useT();
  const runtime = useReview(bundle, model);
  const review = useBuildStore((s) => s.flows.review);
  const setFlows = useBuildStore((s) => s.setFlows);
  const simulation = useBuildStore((s) => s.simulation);
  const withdrawReview = useBuildStore((s) => s.withdrawReview);
  const publish = usePublishPlan(bundle, model);
  const confirm = useConfirmLoss();
  const [error, setError] = useState<string | null>(null);
  const [appealing, setAppealing] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<{ unitId: string; action: string } | null>(null);
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const [appealForm] = Form.useForm<{ requestedBase: number; reason: string; evidence?: string }>();
  const actor = persona.actor;
  const saveReview = (next: PlanReview) => setFlows((f) => ({ ...f, review: next }));

  const act = (current: PlanReview, unitId: string, action: string, payload: Record<string, unknown>, who: Actor = actor) => {
    const instance = current.instances[unitId]!;
    const r = runtime.act(current, unitId, action, who, payload, nowIso(), instance.version);
    if (!r.ok) { setError(pick(r.refusal.message)); return null; }
    setError(null);
    saveReview(r.review);
    return r.review;
  };

  if (!review) {
    return (
      <Card title={t('ws.review')} size="small" data-testid="review-card">
        {scope.has('publish-review') ? (
          <Space direction="vertical">
            <Button type="primary" data-testid="publish-review" onClick={() => publish(setError)}>
              {simulation
                ? t('publish.fromSim', { plan: pick(model.prepared.model.plans.find((p) => p.id === simulatedPlanId(simulation))?.name), base: exactYuan(simulatedTotals(model, simulation).base) })
                : t('ws.publish')}
            </Button>
            <Typography.Text type="secondary">{t('publish.hint')}</Typography.Text>
          </Space>
        ) : <Empty description={t('ws.notPublished')} />}
        <Refused message={error} />
      </Card>
    );
  }

  const rows = Object.values(review.instances).filter((i) => canSeeUnit(model.tree, persona, i.unitId));
  const reviewBase = (i: FlowInstance) => review.plan.byId.get(i.unitId)?.base ?? parseYuan(i.data.base);
  const reviewStateText = (state: string) => { const x = runtime.flow.def.states.find((st) => st.id === state)?.title; return x ? pick(x) : state; };
  // the units whose head is not among the switcher's personas (a persona who may accept sits at his own unit)
  const personaHeads = new Set(Object.values(personas(model.tree)).filter((p) => rolesMay(bundle, p.actor.roles, runtime.flow.def.id, 'accept')).map((p) => p.actor.unitId));
  const pendingOthers = Object.values(review.instances).filter((i) => i.state === runtime.flow.def.initial && !personaHeads.has(i.unitId));
  return (
    <Card title={t('ws.review')} size="small" data-testid="review-card"
      extra={review.frozen ? <Tag color="success" data-testid="review-frozen">{t('ws.frozen')}</Tag> : <Tag>{t('ws.open')}</Tag>}>
      <Refused message={error} />
      <DataTable<FlowInstance> testId="review-table" title={t('ws.review')} rowKey={(i) => i.id} rows={rows} scroll={{ x: 760 }} columns={[
        { key: 'u', title: t('sim.unit'), text: (i) => String(i.data.unitName ?? i.unitId) },
        { key: 's', title: t('ws.state'), filter: true, text: (i) => reviewStateText(i.state), render: (i) => <StateTag bundle={bundle} flowId="allocation-review" state={i.state} /> },
        // the plan's number: the instance's, until an approved emergency recalculation moves the frozen plan
        { key: 'b', title: t('sim.base'), align: 'right', text: (i) => money(reviewBase(i)), fen: reviewBase, render: (i) => <span data-testid={`review-base-${i.unitId}`}>{money(reviewBase(i))}</span> },
        { key: 'r', title: t('ws.requested'), align: 'right', text: (i) => (i.data.requestedBase !== undefined ? money(parseYuan(i.data.requestedBase)) : '—'), fen: (i) => (i.data.requestedBase !== undefined ? parseYuan(i.data.requestedBase) : null) },
        { key: 'e', title: t('ws.evidence'), text: () => '', sort: false, render: (i) => <EvidenceCell instance={i} /> },
        { key: 'a', title: t('ws.actions'), text: () => '', sort: false, render: (i) => (
          <Space wrap>{runtime.flow.available(i, actor).map((a) => (
            <Button key={a.action} size="small" data-testid={`review-${a.action}-${i.unitId}`}
              type={a.action === 'approve' ? 'primary' : 'default'}
              onClick={() => {
                if (a.action === 'appeal') {
                  setAppealing(i.unitId); setDeciding(null); setFiles([]);
                  appealForm.setFieldsValue({ requestedBase: Math.round(Number(i.data.base) * 1.05) });
                  return;
                }
                // a decision is always taken through its form: the reason, and the amount of a partial approval
                if (a.form === 'decision') { setDeciding({ unitId: i.unitId, action: a.action }); setAppealing(null); return; }
                act(review, i.unitId, a.action, {});
              }}>{pick(a.title)}</Button>
          ))}</Space>
        ) },
      ]} />
      {appealing && (
        <Card size="small" type="inner" title={t('ws.appealTitle', { unit: model.tree.get(appealing)?.name ?? appealing })} className="appeal-form" data-testid="appeal-form">
          <Form form={appealForm} layout="vertical" onFinish={(v) => {
            const evidence = appealEvidence(v.evidence ?? '', files);
            if (!evidence.ok) { setError(evidence.problems.map((p) => pick(p.message)).join('；')); return; }
            if (evidence.evidence.length === 0) { setError(t('ws.evidenceNeeded')); return; }
            if (act(review, appealing, 'appeal', { requestedBase: v.requestedBase, reason: v.reason, evidence: evidence.evidence })) { setAppealing(null); setFiles([]); }
          }}>
            <Form.Item name="requestedBase" label={t('ws.requested')} rules={[{ required: true }]}><InputNumber<number> min={0} style={{ width: 240 }} data-testid="appeal-amount" /></Form.Item>
            <Form.Item name="reason" label={t('ws.reason')} rules={[{ required: true, whitespace: true }]}><Input data-testid="appeal-reason" /></Form.Item>
            <Form.Item name="evidence" label={t('ws.evidenceText')}><Input.TextArea rows={2} data-testid="appeal-evidence" /></Form.Item>
            <Form.Item label={t('ws.evidenceFiles', evidenceLimitText())}><EvidenceFiles files={files} onChange={setFiles} /></Form.Item>
            <Space><Button type="primary" htmlType="submit" data-testid="appeal-submit">{t('ws.submitAppeal')}</Button><Button onClick={() => setAppealing(null)}>{t('ws.cancel')}</Button></Space>
          </Form>
        </Card>
      )}
      {deciding && review.instances[deciding.unitId]?.state === 'appealed' && (
        <DecisionForm key={`${deciding.unitId}:${deciding.action}`} flow={runtime.flow} instance={review.instances[deciding.unitId]!} actor={actor}
          unitName={String(review.instances[deciding.unitId]!.data.unitName ?? deciding.unitId)} initial={deciding.action}
          onCancel={() => setDeciding(null)}
          onDecide={(action, payload) => {
            const done = act(review, deciding.unitId, action, payload) !== null;
            if (done) setDeciding(null);
            return done;
          }} />
      )}
      <AppealHistories rows={rows} bundle={bundle} model={model} flow={runtime.flow} />
      {scope.has('publish-review') && !review.frozen && pendingOthers.length > 0 && (
        <div className="demo-others">
          <Button data-testid="others-accept" onClick={() => {
            // Demo: the other regions' heads (not among the switcher's personas) accept their numbers, each as himself.
            let current: PlanReview | null = review;
            for (const i of pendingOthers) {
              if (!current) break;
              const head: Actor = { id: `head:${i.unitId}`, roles: rolesAt(bundle, model.tree.get(i.unitId)?.level, runtime.flow.def.id, 'accept'), unitId: i.unitId };
              current = act(current, i.unitId, 'accept', {}, head);
            }
          }}>{t('ws.othersAccept', { count: pendingOthers.length })}</Button>
          <Typography.Text type="secondary"> {t('ws.othersHint')}</Typography.Text>
        </div>
      )}
      {scope.has('publish-review') && (
        <Button danger size="small" className="review-reset" data-testid="withdraw-review" onClick={() => confirm({
          title: t('loss.withdrawTitle'), items: reviewLoss(useBuildStore.getState()), okText: t('loss.withdrawOk'), onOk: withdrawReview,
        })}>{t('ws.withdraw')}</Button>
      )}
    </Card>
  );
}

/** The trail of every appeal the persona may see, under the review's table. */
function AppealHistories({ rows, bundle, model, flow }: { rows: FlowInstance[]; bundle: LoadedBundle; model: CompanyModel; flow: FlowRuntime }) {
  const { t } = useT();
  const appealed = rows.filter((i) => i.audit.some((a) => a.action === 'appeal'));
  if (appealed.length === 0) return null;
  return (
    <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
      {appealed.map((i) => (
        <Card key={i.id} size="small" type="inner" title={t('ws.appealHistory', { unit: String(i.data.unitName ?? i.unitId) })} data-testid={`appeal-history-${i.unitId}`}>
          <AuditTimeline bundle={bundle} model={model} flow={flow} instance={i} />
        </Card>
      ))}
    </Space>
  );
}

/** 目标承诺书: once the review is frozen, the letters of the units the persona may see; heads sign theirs. */
function LettersSection({ bundle, model, persona }: SectionProps) {
  const { t, pick, lang } = useT();
  const runtime = useReview(bundle, model);
  const flow = useFlow(bundle, model, 'commitment-letter');
  const review = useBuildStore((s) => s.flows.review);
  const letterInstances = useBuildStore((s) => s.flows.letters);
  const setFlows = useBuildStore((s) => s.setFlows);
  const [error, setError] = useState<string | null>(null);
  const signingKey = useBuildStore((s) => s.signingKey);
  const [picked, setPicked] = useState<string | null>(null);
  const all = useMemo<UnitLetter[]>(() => {
    if (!review?.frozen) return [];
    const heads = letterHeads(bundle, model);
    return runtime.letters(review, { lang, levels: ['region', 'team', 'rep'], heads });
  }, [review, runtime, lang, model, bundle]);
  if (!review?.frozen) {
    return <Card title={t('ws.letters')} size="small" data-testid="letters-card"><Empty description={t('ws.lettersWait')} /></Card>;
  }
  const own = all.find((l) => l.unitId === persona.actor.unitId);
  // a head or a rep has a letter of his own and sees only it; a company role, the regions' letters
  const visible = own
    ? [own]
    : all.filter((l) => canSeeUnit(model.tree, persona, l.unitId) && model.tree.get(l.unitId)?.level === 'region');
  const shown = own ?? visible.find((l) => l.unitId === picked) ?? visible[0];
  const instance = shown && flow ? (letterInstances[shown.unitId]?.data.hash === shown.letter.hash ? letterInstances[shown.unitId]! : flow.start({
    id: `letter:${shown.unitId}`, ownerId: `head:${shown.unitId}`, unitId: shown.unitId, now: nowIso(),
    data: { hash: shown.letter.hash, headName: shown.letter.content.headName, headId: shown.letter.content.headId, base: fenToYuan(shown.letter.content.base), stretch: fenToYuan(shown.letter.content.stretch) },
  })) : null;
  const signed = instance?.state === 'signed';
  const colon = lang === 'zh' ? '：' : ': ';
  const canSign = instance && flow ? flow.available(instance, persona.actor).some((a) => a.action === 'sign') : false;
  return (
    <Card title={t('ws.letters')} size="small" data-testid="letters-card" extra={!own && visible.length > 1 ? (
      <Select size="small" style={{ width: 200 }} value={shown?.unitId} onChange={setPicked} data-testid="letter-pick"
        options={visible.map((l) => ({
          value: l.unitId,
          label: `${l.letter.content.unitName} · ${letterInstances[l.unitId]?.state === 'signed' && letterInstances[l.unitId]?.data.hash === l.letter.hash ? t('ws.signed') : t('ws.unsigned')}`,
        }))} />
    ) : null}>
      <Refused message={error} />
      {!own && visible.length > 1 && (
        <DataTable<UnitLetter> testId="letters-table" title={t('ws.letters')} rowKey={(l) => l.unitId} rows={visible} pageSize={10} columns={[
          { key: 'unit', title: t('sim.unit'), text: (l) => `${l.letter.content.unitName} ${l.unitId}`, render: (l) => (
            <Button type="link" size="small" onClick={() => setPicked(l.unitId)} data-testid={`letter-row-${l.unitId}`}>{l.letter.content.unitName}</Button>
          ) },
          { key: 'head', title: t('pipeline.owner'), text: (l) => l.letter.content.headName },
          { key: 'base', title: t('sim.base'), align: 'right', text: (l) => formatYuanGrouped(l.letter.content.base), fen: (l) => l.letter.content.base },
          { key: 'stretch', title: t('sim.stretch'), align: 'right', text: (l) => formatYuanGrouped(l.letter.content.stretch), fen: (l) => l.letter.content.stretch },
          { key: 'state', title: t('ws.state'), filter: true, text: (l) => (letterInstances[l.unitId]?.state === 'signed' && letterInstances[l.unitId]?.data.hash === l.letter.hash ? t('ws.signed') : t('ws.unsigned')) },
        ]} />
      )}
      {!shown ? <Empty description={t('ws.noLetter')} /> : (
        <article className="letter letter-printable" data-testid="letter">
          <Typography.Title level={4}>{shown.letter.content.title}</Typography.Title>
          {shown.letter.content.paragraphs.map((p, i) => <Typography.Paragraph key={i}>{p}</Typography.Paragraph>)}
          {/* the letter's own formatter: the summary shows to the fen what the text says */}
          <Descriptions size="small" column={1} className="letter-summary" items={[
            { key: 'b', label: t('sim.base'), children: <span data-testid="letter-base">{formatYuanGrouped(shown.letter.content.base)}</span> },
            { key: 's', label: t('sim.stretch'), children: <span data-testid="letter-stretch">{formatYuanGrouped(shown.letter.content.stretch)}</span> },
            { key: 'h', label: t('ws.hash'), children: <Typography.Text code className="letter-hash">{shown.letter.hash.slice(0, 16)}…</Typography.Text> },
          ]} />
          {/* what a printed or PDF copy carries instead of the screen's controls: the signature line and the whole hash */}
          <section className="letter-print-only" data-testid="letter-print-sheet">
            <p className="letter-sig-line"><span>{shown.letter.content.labels.signature}{colon}</span>
              <span className="letter-line">{signed ? String(instance!.data.signedBy ?? '') : ''}</span></p>
            <p className="letter-sig-line"><span>{shown.letter.content.labels.date}{colon}</span>
              <span className="letter-line">{signed ? String(instance!.data.signedAt ?? '').slice(0, 16).replace('T', ' ') : ''}</span></p>
            <p className="letter-print-hash" data-testid="letter-print-hash">SHA-256 {shown.letter.hash} · {shown.letter.content.unitId} · {shown.letter.content.period}</p>
          </section>
          <div className="letter-no-print">
            {signed ? (
              <Alert type="success" showIcon data-testid="letter-signed"
                message={t('ws.signedBy', { name: String(instance!.data.signedBy ?? ''), at: String(instance!.data.signedAt ?? '').slice(0, 16).replace('T', ' ') })}
                description={signatureValid(shown.letter, recordedSignature(instance!), signingKey) ? t('ws.signatureValid') : t('ws.signatureVoid')} />
            ) : canSign && instance && flow ? (
              <Space wrap className="letter-sign">
                <Button type="primary" data-testid="sign-letter" onClick={() => {
                  // signed as the persona the playground is switched to, never as a typed name
                  const at = nowIso();
                  const s = signLetter(shown.letter, { id: persona.actor.id }, at, signingKey);
                  if (!s.ok) { setError(pick(s.message)); return; }
                  const r = flow.step(instance, 'sign', persona.actor, { hash: shown.letter.hash, agree: true, mac: s.signature.mac }, at, instance.version);
                  if (!r.ok) { setError(pick(r.refusal.message)); return; }
                  setError(null);
                  setFlows((f) => ({ ...f, letters: { ...f.letters, [shown.unitId]: r.instance } }));
                }}>{t('ws.sign')}</Button>
              </Space>
            ) : <Tag>{t('ws.readOnly')}</Tag>}
            {/* the browser's own print dialog prints the letter alone (styles.css @media print) and saves it as PDF */}
            <Button className="letter-print" data-testid="print-letter" onClick={() => window.print()}>{t('ws.print')}</Button>
          </div>
        </article>
      )}
    </Card>
  );
}
