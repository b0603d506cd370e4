/**
 * Work orders (协同工单) on screen: the rep raises one on an opportunity with the work-order
 * template's `raise` form; each work order shows its state, who acts next, its due time and
 * whether it is overdue (workOrderModel, from the plugin), and offers the persona the actions the
 * flow allows him, each with the template's form for it (assign, resolve, confirm). An action goes
 * to the flow engine as it is: a refusal (a missing resolution, a wrong role) shows the plugin's
 * message and nothing changes. Work orders are kept with the build in IndexedDB.
 */
import { observable } from '@formily/reactive';
import { Alert, App as AntApp, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { FlowInstance, FlowRuntime, FlowTransition, Localized } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import type { FormSchema } from '../bundle/types.js';
import type { CompanyModel } from '../company/companyModel.js';
import { useT } from '../i18n/useT.js';
import { canSeeUnit, personas, type Persona } from '../roles/personas.js';
import { FormPane } from '../runner/FormPane.js';
import { payloadOf, templateForm, type Option } from '../runner/templateForm.js';
import { useWorkOrderT } from './messages.js';
import { actionsFor, engineerOf, engineers, progressOf, RAISE_FORM, raiseWorkOrder, WORK_ORDER_NOW, type WorkOrderProgress } from './workOrderModel.js';
import './workorders.css';

type Forms = Record<string, FormSchema>;

const STATE_COLOR: Record<string, string> = { raised: 'blue', assigned: 'processing', resolved: 'warning', confirmed: 'success', cancelled: 'default' };
const shownTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** The raise form behind its button: the rep picks one of his opportunities and names the requirement. */
export function RaiseWorkOrder(props: { flow: FlowRuntime; schema: FormSchema; rep: Persona; opportunities: Array<Option & { customer: string }> }) {
  const { t } = useT();
  const w = useWorkOrderT();
  const [open, setOpen] = useState(false);
  // closed, the form is not rendered at all: the phone view's visit form has a 商机 field too
  return open
    ? <RaiseForm {...props} onClose={() => setOpen(false)} />
    : <Button block className="wo-raise-open" onClick={() => setOpen(true)} data-testid="wo-open-raise">{w('wo.raise')}</Button>;
}

function RaiseForm({ flow, schema, rep, opportunities, onClose }: {
  flow: FlowRuntime; schema: FormSchema; rep: Persona; opportunities: Array<Option & { customer: string }>; onClose: () => void;
}) {
  const { t } = useT();
  const w = useWorkOrderT();
  const { message } = AntApp.useApp();
  const setFlows = useBuildStore((s) => s.setFlows);
  const options = useMemo(() => observable.ref<Option[]>([]), []);
  const form = useMemo(() => templateForm(schema, { opportunityId: options }), [schema, options]);
  useEffect(() => {
    options.value = opportunities.map(({ value, label }) => ({ value, label }));
  }, [opportunities, options]);
  const raise = async () => {
    try {
      await form.validate();
    } catch {
      return;
    }
    const { opportunityId, title, detail } = form.values;
    const opp = opportunities.find((o) => o.value === opportunityId);
    if (!opp || typeof title !== 'string') return;
    const instance = raiseWorkOrder(flow, rep.actor, { opportunityId: opp.value, customer: opp.customer, title, ...(typeof detail === 'string' ? { detail } : {}) },
      `WO-${crypto.randomUUID().slice(0, 8)}`);
    setFlows((f) => ({ ...f, workOrders: { ...f.workOrders, [instance.id]: instance } }));
    void message.success(w('wo.raised', { customer: opp.customer, title }));
    onClose();
  };
  return (
    <div className="wo-raise">
      <FormPane name={`work-order-${RAISE_FORM}`} form={form} schema={schema} />
      <Space.Compact block>
        <Button type="primary" block onClick={() => void raise()} data-testid="wo-raise">{w('wo.raise')}</Button>
        <Button onClick={onClose}>{t('ws.cancel')}</Button>
      </Space.Compact>
    </div>
  );
}

/** One of the template's forms for the actions that share it (confirm and send back share `confirm`). */
function StepForm({ schema, actions, engineerOptions, onAct }: {
  schema: FormSchema; actions: FlowTransition[]; engineerOptions: Option[]; onAct: (t: FlowTransition, payload: Record<string, unknown>) => void;
}) {
  const { pick } = useT();
  const source = useMemo(() => observable.ref<Option[]>(engineerOptions), [engineerOptions]);
  const form = useMemo(() => templateForm(schema, { engineerId: source }), [schema, source]);
  return (
    <div className="wo-step">
      <FormPane name={actions[0]?.form ?? 'step'} form={form} schema={schema} />
      <Space wrap>
        {actions.map((a, i) => (
          <Button key={a.action} size="small" autoInsertSpace={false} type={i === 0 ? 'primary' : 'default'} data-testid={`wo-${a.action}`}
            onClick={() => onAct(a, payloadOf(form.values))}>{pick(a.title)}</Button>
        ))}
      </Space>
    </div>
  );
}

function WorkOrderItem({ flow, progress, persona, forms, names, engineerOptions }: {
  flow: FlowRuntime; progress: WorkOrderProgress; persona: Persona; forms: Forms; names: (id: string) => string; engineerOptions: Option[];
}) {
  const { t, pick } = useT();
  const w = useWorkOrderT();
  const setFlows = useBuildStore((s) => s.setFlows);
  const [refusal, setRefusal] = useState<Localized | null>(null);
  const { instance, status, overdue, next } = progress;
  const mine = actionsFor(flow, instance, persona);
  const act = (a: FlowTransition, payload: Record<string, unknown>) => {
    const r = flow.step(instance, a.action, persona.actor, payload, WORK_ORDER_NOW, instance.version);
    if (!r.ok) { setRefusal(r.refusal.message); return; }
    setRefusal(null);
    setFlows((f) => ({ ...f, workOrders: { ...f.workOrders, [instance.id]: r.instance } }));
  };
  // the actions with a form, grouped by it; those without one (cancel) as plain buttons
  const byForm = new Map<string, FlowTransition[]>();
  for (const a of mine) if (a.form && forms[a.form]) byForm.set(a.form, [...(byForm.get(a.form) ?? []), a]);
  const plain = mine.filter((a) => !a.form || !forms[a.form]);
  const engineer = engineerOf(instance);
  const text = (key: string) => (typeof instance.data[key] === 'string' ? String(instance.data[key]) : '');
  const who = next.map((n) => w('wo.nextOne', { name: n.persona.name, actions: n.actions.map((a) => pick(a.title)).join('、') })).join('；');
  return (
    <List.Item className={`wo-item${overdue ? ' overdue' : ''}`} data-testid="wo-item" data-id={instance.id} data-opp={String(instance.data.opportunityId ?? '')}
      data-state={status.state} data-version={instance.version} data-due={status.due ?? ''} data-overdue={String(overdue)} data-next={next.map((n) => n.persona.id).join(',')}>
      <div className="wo-head">
        <Typography.Text strong>{text('customer') || String(instance.data.opportunityId ?? '')} · {status.title}</Typography.Text>
        <Tag color={STATE_COLOR[status.state] ?? 'default'} bordered={false} data-testid="wo-state" data-state={status.state}>{pick(status.stateTitle)}</Tag>
      </div>
      <div className="wo-facts">
        <div data-testid="wo-next">{status.final ? w('wo.closed') : next.length ? w('wo.next', { who }) : '—'}</div>
        {!status.final && (
          <div data-testid="wo-due">
            {status.due ? w('wo.due', { due: shownTime(status.due) }) : w('wo.noDue')}{' '}
            {status.due && <Tag color={overdue ? 'red' : 'green'} bordered={false} data-testid="wo-overdue">{overdue ? w('wo.overdue') : w('wo.onTime')}</Tag>}
          </div>
        )}
        {text('detail') && <div>{w('wo.detail', { text: text('detail') })}</div>}
        {engineer && <div data-testid="wo-engineer">{w('wo.engineer', { name: names(engineer) })}</div>}
        {text('resolution') && <div data-testid="wo-resolution">{w('wo.resolution', { text: text('resolution') })}</div>}
        {text('reopenReason') && status.state !== 'confirmed' && <div>{w('wo.reopenReason', { text: text('reopenReason') })}</div>}
      </div>
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} data-testid="wo-refusal" message={pick(refusal)} className="wo-refusal" />}
      {[...byForm].map(([name, actions]) => (
        // a new form after every accepted step, so nothing typed for the last one lingers
        <StepForm key={`${name}:${instance.version}`} schema={forms[name]!} actions={actions} engineerOptions={engineerOptions} onAct={act} />
      ))}
      {plain.length > 0 && (
        <Space wrap className="wo-plain">
          {plain.map((a) => <Button key={a.action} size="small" autoInsertSpace={false} danger={a.action === 'cancel'} data-testid={`wo-${a.action}`} onClick={() => act(a, {})}>{pick(a.title)}</Button>)}
        </Space>
      )}
      <ol className="wo-history">
        <li>{w('wo.raisedBy', { at: shownTime(instance.createdAt), who: names(instance.ownerId) })}</li>
        {instance.audit.map((a) => {
          const title = flow.def.transitions.find((x) => x.action === a.action)?.title;
          return <li key={a.seq}>{w('wo.history', { at: shownTime(a.at), who: names(a.actor.id), action: title ? pick(title) : a.action })}</li>;
        })}
      </ol>
    </List.Item>
  );
}

/** The work orders given, with their progress, and the persona's actions on each. */
export function WorkOrderList({ flow, model, forms, persona, instances }: {
  flow: FlowRuntime; model: CompanyModel; forms: Forms; persona: Persona; instances: readonly FlowInstance[];
}) {
  const { t } = useT();
  const w = useWorkOrderT();
  const progress = useMemo(() => progressOf(flow, model, instances), [flow, model, instances]);
  const people = useMemo(() => personas(model.tree), [model]);
  const engineerOptions = useMemo(() => engineers(people).map((p) => ({ value: p.actor.id, label: p.name })), [people]);
  const names = (id: string) => Object.values(people).find((p) => p.actor.id === id)?.name ?? model.tree.get(id)?.name ?? id;
  return (
    <List size="small" className="wo-list" dataSource={progress} data-testid="wo-list" rowKey={(p) => p.instance.id}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={w('wo.none')} /> }}
      renderItem={(p) => <WorkOrderItem flow={flow} progress={p} persona={persona} forms={forms} names={names} engineerOptions={engineerOptions} />} />
  );
}

/** The work orders a persona deals with: a rep his own, an engineer those assigned to him, a head (HQ, HRBP) those of his unit and below. */
export function visibleWorkOrders(model: CompanyModel, persona: Persona, all: Record<string, FlowInstance>): FlowInstance[] {
  const list = Object.values(all);
  if (persona.actor.roles.includes('rep')) return list.filter((i) => i.ownerId === persona.actor.id);
  if (persona.actor.roles.includes('engineer')) return list.filter((i) => engineerOf(i) === persona.actor.id);
  return list.filter((i) => canSeeUnit(model.tree, persona, i.unitId));
}

/** 我的待办's work-order card. */
export function WorkOrdersCard({ flow, model, forms, persona }: { flow: FlowRuntime; model: CompanyModel; forms: Forms; persona: Persona }) {
  const { t } = useT();
  const w = useWorkOrderT();
  const all = useBuildStore((s) => s.flows.workOrders);
  const mine = useMemo(() => visibleWorkOrders(model, persona, all), [model, persona, all]);
  return (
    <Card title={w('wo.title')} size="small" data-testid="work-orders-card" extra={<Tag>{mine.length}</Tag>}>
      <WorkOrderList flow={flow} model={model} forms={forms} persona={persona} instances={mine} />
    </Card>
  );
}
