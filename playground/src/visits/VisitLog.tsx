/**
 * The rep's phone view (我的跟进, made for a 390 px screen): his overdue follow-ups at the
 * sample's "now" as the plugin computes them (feedback-48h, second-touch-7d, stalled stages), and
 * the customer-follow-up template's visit form (six required fields, the rest folded) rendered
 * through the runner's Formily pieces. A saved visit joins the build's logged activities (kept in
 * IndexedDB with the build), so a feedback for an opportunity whose feedback-48h is overdue meets
 * the obligation and its alert goes away. Below, his work orders (协同工单): he raises one on an
 * opportunity with the work-order template's raise form, sees each one's progress, and confirms
 * or sends back what the engineer resolved.
 */
import { createForm, isField, onFieldInit, onFieldReact, type Form } from '@formily/core';
import { observable } from '@formily/reactive';
import { App as AntApp, Button, Card, Empty, List, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import type { FlowRuntime, Lang, LoadedBundle } from '../../../plugin/index.js';
import { useBuildStore, type LoggedActivity } from '../build/buildStore.js';
import type { Workspace } from '../build/workspace.js';
import type { FormSchema } from '../bundle/types.js';
import type { CompanyModel } from '../company/companyModel.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { translate } from '../i18n/translate.js';
import { useT } from '../i18n/useT.js';
import { navigate } from '../routing/route.js';
import { FormPane } from '../runner/FormPane.js';
import { runnerLang } from '../runner/langRef.js';
import { schemaI18nEffects } from '../runner/schemaI18n.js';
import { pipelineData, type PipelineData } from '../shared/pipeline/pipelineModel.js';
import type { Persona } from '../roles/personas.js';
import { useWorkOrderT } from '../workorders/messages.js';
import { RaiseWorkOrder, visibleWorkOrders, WorkOrderList } from '../workorders/WorkOrders.js';
import { RAISE_FORM, WORK_ORDER_TEMPLATE, workOrderRuntime } from '../workorders/workOrderModel.js';
import { formTime, isoFromForm, loggedFromForm, opportunitiesOf, overdueOf, VISIT_FORM, VISIT_TEMPLATE, type OverdueItem } from './visitModel.js';
import './visits.css';

const DAY_MS = 86_400_000;
interface Option { value: string; label: string }

/** The label of an activity type as the visit form's select shows it, in `lang`. */
function typeLabel(schema: FormSchema, type: string, lang: Lang): string {
  const node = (schema.properties as Record<string, Record<string, unknown>> | undefined)?.type;
  const options = Array.isArray(node?.enum) ? (node.enum as Array<{ label?: string; value?: string }>) : [];
  const i = options.findIndex((o) => o.value === type);
  if (i < 0) return type;
  const en = (node?.['x-i18n'] as { en?: { enum?: string[] } } | undefined)?.en?.enum?.[i];
  return lang === 'en' && en ? en : options[i]!.label ?? type;
}

/** The visit form: the template's schema, its texts in the interface language, the rep's opportunities, and no time after now. */
function createVisitForm(schema: FormSchema, now: number, options: { value: Option[] }): Form<Record<string, unknown>> {
  const texts = schemaI18nEffects(schema, runnerLang);
  return createForm<Record<string, unknown>>({
    initialValues: { at: formTime(now), nextAt: formTime(now + 3 * DAY_MS).slice(0, 10) },
    effects: () => {
      texts();
      onFieldReact('opportunityId', (field) => {
        if (!isField(field)) return;
        field.dataSource = options.value;
        field.componentProps = { ...field.componentProps, showSearch: true, optionFilterProp: 'label' };
      });
      onFieldInit('at', (field) => {
        if (!isField(field)) return;
        // beside the schema's own rules (required), not instead of them
        const own = field.validator === undefined ? [] : Array.isArray(field.validator) ? field.validator : [field.validator];
        field.setValidator([...own, (value: unknown) => {
          const iso = isoFromForm(value);
          return iso !== null && Date.parse(iso) > now ? translate(runnerLang.value, 'visits.afterNow', { now: formTime(now).slice(0, 16) }) : '';
        }]);
      });
    },
  });
}

function OverdueList({ items, stageName, onLog }: { items: OverdueItem[]; stageName: (id: string) => string; onLog: (item: OverdueItem) => void }) {
  const { t, pick } = useT();
  return (
    <List size="small" dataSource={items} data-testid="overdue-list" locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.noOverdue')} /> }}
      renderItem={(item) => {
        const { alert } = item;
        const stalled = item.logType === null;
        return (
          <List.Item className="visit-overdue" data-testid="overdue-item" data-opp={alert.opportunityId} data-rule={alert.rule}
            actions={[stalled
              ? <Button key="move" size="small" onClick={() => navigate({ screen: 'pipeline' })}>{t('visits.moveIt')}</Button>
              : <Button key="log" size="small" type="primary" ghost data-testid={`log-${alert.opportunityId}-${alert.rule}`} onClick={() => onLog(item)}>{t('visits.logIt')}</Button>]}>
            <List.Item.Meta
              title={<span className="visit-overdue-title">{item.opportunity?.customer || alert.opportunityId}<Tag color={stalled ? 'orange' : 'red'} bordered={false}>{pick(item.ruleName)}</Tag></span>}
              description={stalled && alert.stage
                ? t('visits.stalled', { stage: stageName(alert.stage), due: alert.due.slice(0, 10), days: item.daysOverdue })
                : t('visits.due', { due: alert.due.slice(0, 16).replace('T', ' '), days: item.daysOverdue })} />
          </List.Item>
        );
      }} />
  );
}

function VisitScreen({ data, schema, repId }: { data: PipelineData; schema: FormSchema; repId: string }) {
  const { t, lang, pick } = useT();
  const { message } = AntApp.useApp();
  const logged = useBuildStore((s) => s.flows.activities);
  const setFlows = useBuildStore((s) => s.setFlows);
  const formCard = useRef<HTMLDivElement>(null);
  const stageName = (id: string) => {
    const s = data.model.settings.stages.find((x) => x.id === id);
    return s ? pick(s.name) : id === data.model.lostId ? pick(data.model.settings.lost.name) : id;
  };
  const options = useMemo(() => observable.ref<Option[]>([]), []);
  const form = useMemo(() => createVisitForm(schema, data.now, options), [schema, data.now, options]);
  useEffect(() => {
    const name = (id: string) => {
      const s = data.model.settings.stages.find((x) => x.id === id);
      return (s ? s.name : id === data.model.lostId ? data.model.settings.lost.name : { zh: id, en: id })[lang];
    };
    options.value = opportunitiesOf(data, repId).map((o) => ({ value: o.opportunity.id, label: `${o.opportunity.customer || o.opportunity.id} · ${name(o.stage)}` }));
  }, [data, repId, lang, options]);

  const overdue = overdueOf(data, repId);
  const customer = (id: string) => data.opportunities.find((o) => o.id === id)?.customer || id;
  const myLogged = logged.filter((l) => l.ownerId === repId).slice().reverse();

  const logFor = (item: OverdueItem) => {
    void form.setValues({ opportunityId: item.alert.opportunityId, ...(item.logType ? { type: item.logType } : {}) });
    formCard.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const save = async () => {
    try {
      await form.validate();
    } catch {
      return;
    }
    const entry = loggedFromForm(form.values, repId, crypto.randomUUID());
    if (!entry) return;
    setFlows((f) => ({ ...f, activities: [...f.activities, entry] }));
    void message.success(t('visits.saved', { customer: customer(entry.opportunityId), type: typeLabel(schema, entry.type, lang) }));
    await form.reset('*', { forceClear: false });
  };
  const undo = (l: LoggedActivity) => setFlows((f) => ({ ...f, activities: f.activities.filter((x) => x.id !== l.id) }));

  return (
    <>
      <Card size="small" className="work-card visit-card" title={t('visits.overdue')} extra={<Tag color={overdue.length ? 'red' : 'green'} data-testid="overdue-count">{overdue.length}</Tag>}>
        <OverdueList items={overdue} stageName={stageName} onLog={logFor} />
      </Card>
      <div ref={formCard}>
        <Card size="small" className="work-card visit-card" title={t('visits.form')}>
          <FormPane name={VISIT_FORM} form={form} schema={schema} />
          <Button type="primary" block size="large" onClick={() => void save()} data-testid="visit-save">{t('visits.save')}</Button>
        </Card>
      </div>
      <Card size="small" className="work-card visit-card" title={t('visits.mine')} extra={<Tag>{myLogged.length}</Tag>}>
        <List size="small" dataSource={myLogged} data-testid="logged-list" locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.noneLogged')} /> }}
          renderItem={(l) => (
            <List.Item className="visit-logged" data-testid="logged-item" data-opp={l.opportunityId} data-type={l.type}
              actions={[<Button key="undo" size="small" autoInsertSpace={false} onClick={() => undo(l)} data-testid="logged-undo">{t('visits.undo')}</Button>]}>
              <List.Item.Meta
                title={`${customer(l.opportunityId)} · ${typeLabel(schema, l.type, lang)}`}
                description={`${l.at.slice(0, 16).replace('T', ' ')}${typeof l.fields.feedback === 'string' ? ` · ${l.fields.feedback}` : ''}`} />
            </List.Item>
          )} />
      </Card>
    </>
  );
}

/** The rep's work orders: raise one on an opportunity, follow each, confirm what was resolved. */
function WorkOrdersOnPhone({ data, model, persona, flow, forms }: {
  data: PipelineData; model: CompanyModel; persona: Persona; flow: FlowRuntime; forms: Record<string, FormSchema>;
}) {
  const { t, pick } = useT();
  const w = useWorkOrderT();
  const all = useBuildStore((s) => s.flows.workOrders);
  const mine = useMemo(() => visibleWorkOrders(model, persona, all), [model, persona, all]);
  // the rep's open opportunities for the raise form's select, recomputed only when they or the language change
  const opportunities = useMemo(() => {
    const stageName = (id: string) => {
      const s = data.model.settings.stages.find((x) => x.id === id);
      return s ? pick(s.name) : id === data.model.lostId ? pick(data.model.settings.lost.name) : id;
    };
    // custom requirements come up on deals still open: not on won or lost ones
    const closed = (stage: string) => stage === data.model.lostId || data.model.settings.stages.find((x) => x.id === stage)?.final === true;
    return opportunitiesOf(data, persona.actor.id).filter((o) => !closed(o.stage)).map((o) => ({
      value: o.opportunity.id, customer: o.opportunity.customer || o.opportunity.id, label: `${o.opportunity.customer || o.opportunity.id} · ${stageName(o.stage)}`,
    }));
  }, [data, persona.actor.id, pick]);
  const raise = forms[RAISE_FORM];
  return (
    <Card size="small" className="work-card visit-card" title={w('wo.title')} extra={<Tag>{mine.length}</Tag>} data-testid="work-orders-card">
      <Typography.Paragraph type="secondary" className="wo-intro">{w('wo.intro', { now: formTime(data.now).slice(0, 16) })}</Typography.Paragraph>
      {raise && <RaiseWorkOrder flow={flow} schema={raise} rep={persona} opportunities={opportunities} />}
      <WorkOrderList flow={flow} model={model} forms={forms} persona={persona} instances={mine} />
    </Card>
  );
}

export default function VisitLog({ bundle }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t } = useT();
  const w = useWorkOrderT();
  const { result, persona } = useCompany(bundle);
  const logged = useBuildStore((s) => s.flows.activities);
  const pipeline = useMemo(() => pipelineData(bundle, logged), [bundle, logged]);
  const entry = bundle.templates.find((e) => e.def.id === VISIT_TEMPLATE);
  const schema = entry?.def.forms[VISIT_FORM];
  const model = result.ok ? result.model : null;
  const workOrderFlow = model ? workOrderRuntime(bundle, model) : null;
  const workOrderForms = bundle.templates.find((e) => e.def.id === WORK_ORDER_TEMPLATE)?.def.forms;

  const problems = !result.ok ? result.problems : !pipeline.ok ? pipeline.problems : [];
  if (!persona || !pipeline.ok) return <WorkPage testId="visits" title={t('nav.visits')} persona={persona} problems={problems} />;
  const now = formTime(pipeline.data.now).slice(0, 16);
  return (
    <WorkPage testId="visits" title={t('nav.visits')} persona={persona} subtitle={t('visits.subtitle', { now })}>
      <div className="visit-page">
        {schema
          ? <VisitScreen data={pipeline.data} schema={schema} repId={persona.actor.unitId} />
          : <Card size="small" className="work-card"><Empty description={t('visits.noTemplate', { id: VISIT_TEMPLATE })} /></Card>}
        {model && workOrderFlow && workOrderForms
          ? <WorkOrdersOnPhone data={pipeline.data} model={model} persona={persona} flow={workOrderFlow} forms={workOrderForms} />
          : <Card size="small" className="work-card"><Empty description={w('wo.noFlow', { id: WORK_ORDER_TEMPLATE })} /></Card>}
      </div>
    </WorkPage>
  );
}
