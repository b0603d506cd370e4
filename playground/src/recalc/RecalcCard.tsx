/**
 * 我的待办's emergency recalculation (应急重算) over the bundle's emergency-recalc flow: HQ
 * requests it with the template's request form (cities or units to exclude, the reason), the
 * sales director authorises, HQ runs the plan review's `recalculate` on the frozen review (the
 * table shows every unit whose target changes, old → new to the 分, and that every parent still
 * equals the sum of its children), and the sales director or the HRBP approves (the recalculated
 * review then replaces the current one, so only the changed units' letters lose their
 * signature) or rejects. Every step goes to the flow engine; a refusal shows its message and
 * nothing changes. The instance and the proposed review are kept with the build in IndexedDB.
 */
import { observable } from '@formily/reactive';
import { Alert, Button, Card, Descriptions, Empty, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { fenToYuan, type Localized, type LoadedBundle, type OrgLevel } from '../../../plugin/index.js';
import { useBuildStore, type RecalcRecord, type RecalcResult, type UnitChange } from '../build/buildStore.js';
import type { FormSchema } from '../bundle/types.js';
import type { CompanyModel } from '../company/companyModel.js';
import { useT } from '../i18n/useT.js';
import { personas, type Persona } from '../roles/personas.js';
import { FormPane } from '../runner/FormPane.js';
import { payloadOf, templateForm } from '../runner/templateForm.js';
import { useReview } from '../shared/reviewRuntime.js';
import { recalcLocalized, useRecalcT } from './messages.js';
import {
  cityOptions, nextPersonas, RECALC_FLOW_ID, RECALC_TEMPLATE_ID, recalcRuntime, resolveExcluded, sumCheck, unitChanges, yuanExact,
} from './recalcModel.js';
import './recalc.css';

const STATE_COLOR: Record<string, string> = { draft: 'default', requested: 'processing', authorised: 'blue', recalculated: 'warning', approved: 'success', rejected: 'error' };
const nowIso = () => new Date().toISOString();
const shownTime = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const entriesOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

/** One of the template's forms with the buttons of the actions that use it. */
function ActionForm({ schema, name, sources, actions, onAct }: {
  schema: FormSchema; name: string; sources: Record<string, { value: Array<{ value: string; label: string }> }>;
  actions: Array<{ action: string; label: string; danger?: boolean }>; onAct: (action: string, payload: Record<string, unknown>) => void;
}) {
  const form = useMemo(() => templateForm(schema, sources), [schema, sources]);
  return (
    <div className="recalc-form">
      <FormPane name={name} form={form} schema={schema} />
      <Space wrap>
        {actions.map((a, i) => (
          <Button key={a.action} type={i === 0 && !a.danger ? 'primary' : 'default'} danger={a.danger === true} data-testid={`recalc-${a.action}`}
            onClick={() => onAct(a.action, payloadOf(form.values))}>{a.label}</Button>
        ))}
      </Space>
    </div>
  );
}

function Changes({ result }: { result: RecalcResult }) {
  const { t } = useT();
  const r = useRecalcT();
  const { review, changes } = result;
  const count = (l: OrgLevel) => changes.filter((c) => c.level === l).length;
  // the levels with changes (a region whose teams moved among themselves keeps its total)
  const levels = (['region', 'team', 'rep'] as const).filter((l) => count(l) > 0);
  const [picked, setLevel] = useState<OrgLevel | null>(null);
  const level = picked ?? levels[0] ?? 'region';
  const sums = useMemo(() => sumCheck(review.plan), [review]);
  const shown = changes.filter((c) => c.level === level);
  const company = changes.find((c) => c.level === 'company');
  const arrow = (a: number, b: number) => `${yuanExact(a)} → ${yuanExact(b)}`;
  const columns: TableColumnsType<UnitChange> = [
    { title: r('rc.colUnit'), key: 'unit', width: 170, render: (_, c) => <span>{c.name}{c.excluded && <Tag className="recalc-excluded">{r('rc.excludedTag')}</Tag>}</span> },
    { title: r('rc.colParent'), dataIndex: 'parentName', key: 'parent', width: 110 },
    { title: r('rc.colBase'), key: 'base', align: 'right', render: (_, c) => <span data-testid={`recalc-base-${c.id}`}>{arrow(c.before.base, c.after.base)}</span> },
    {
      title: r('rc.colDiff'), key: 'diff', align: 'right', width: 150, render: (_, c) => {
        const d = c.after.base - c.before.base;
        return <Typography.Text type={d < 0 ? 'danger' : 'success'}>{d > 0 ? '+' : ''}{yuanExact(d)}</Typography.Text>;
      },
    },
    { title: r('rc.colStretch'), key: 'stretch', align: 'right', render: (_, c) => <span data-testid={`recalc-stretch-${c.id}`}>{arrow(c.before.stretch, c.after.stretch)}</span> },
  ];
  return (
    <div className="recalc-changes">
      <Alert type={sums.broken.length ? 'error' : 'success'} showIcon data-testid="recalc-sums"
        message={sums.broken.length ? r('rc.sumsBroken', { list: sums.broken.join('、') })
          : r('rc.sums', { base: yuanExact(review.plan.base), before: yuanExact(company?.before.base ?? review.plan.base), parents: sums.parents })} />
      <div className="recalc-summary">
        <Typography.Text strong data-testid="recalc-summary">
          {changes.length ? r('rc.changed', { count: changes.length, regions: count('region'), teams: count('team'), reps: count('rep') }) : r('rc.unchanged')}
        </Typography.Text>
        {changes.length > 0 && (
          <Segmented<OrgLevel> size="small" value={level} onChange={setLevel} data-testid="recalc-level"
            options={levels.map((l) => ({ value: l, label: `${t(`level.${l}`)} ${count(l)}` }))} />
        )}
      </div>
      {changes.length > 0 && (
        <Table<UnitChange> size="small" rowKey="id" dataSource={shown} columns={columns} data-testid="recalc-changes" scroll={{ x: 820 }}
          pagination={shown.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false} />
      )}
    </div>
  );
}

export function RecalcCard({ bundle, model, persona }: { bundle: LoadedBundle; model: CompanyModel; persona: Persona }) {
  const { pick } = useT();
  const r = useRecalcT();
  const flow = useMemo(() => recalcRuntime(bundle, model), [bundle, model]);
  const forms = bundle.templates.find((e) => e.def.id === RECALC_TEMPLATE_ID)?.def.forms;
  const runtime = useReview(bundle, model);
  const record = useBuildStore((s) => s.flows.recalc);
  const review = useBuildStore((s) => s.flows.review);
  const setFlows = useBuildStore((s) => s.setFlows);
  const [refusal, setRefusal] = useState<Localized | null>(null);
  const [composing, setComposing] = useState(false);
  const cities = useMemo(() => ({ excluded: observable.ref(cityOptions(model.prepared)) }), [model]);
  const none = useMemo(() => ({}), []);
  const people = useMemo(() => personas(model.tree), [model]);
  if (!flow || !forms?.request || !forms.decision) {
    return <Card title={r('rc.title')} size="small" data-testid="recalc-card"><Alert type="warning" showIcon message={r('rc.noFlow', { id: RECALC_FLOW_ID })} /></Card>;
  }
  const actor = persona.actor;
  const title = (action: string) => {
    const x = flow.def.transitions.find((tr) => tr.action === action)?.title;
    return x ? pick(x) : action;
  };
  const names = (id: string) => Object.values(people).find((p) => p.actor.id === id)?.name ?? id;
  const save = (next: RecalcRecord, applied?: RecalcResult['review']) =>
    setFlows((f) => ({ ...f, recalc: next, ...(applied ? { review: applied } : {}) }));

  const request = (_action: string, payload: Record<string, unknown>) => {
    const start = flow.start({ id: `recalc-${crypto.randomUUID().slice(0, 8)}`, ownerId: actor.id, unitId: model.tree.root.id, now: nowIso() });
    const res = flow.step(start, 'request', actor, payload, nowIso(), start.version);
    if (!res.ok) { setRefusal(res.refusal.message); return; }
    setRefusal(null);
    setComposing(false);
    save({ instance: res.instance, result: null });
  };

  const act = (current: RecalcRecord, action: string, payload: Record<string, unknown>) => {
    const instance = current.instance;
    if (action === 'recalculate') {
      if (!review?.frozen) { setRefusal(recalcLocalized('rc.needReview')); return; }
      const resolved = resolveExcluded(model.prepared, entriesOf(instance.data.excluded));
      if (resolved.unknown.length) { setRefusal(recalcLocalized('rc.unknown', { list: resolved.unknown.join('、') })); return; }
      const outcome = runtime.recalculate(review, { excluded: resolved.unitIds, now: nowIso() });
      if (!outcome.ok) { setRefusal(outcome.problems[0]?.message ?? null); return; }
      const res = flow.step(instance, 'recalculate', actor, { changedUnits: outcome.changed, planTotal: fenToYuan(outcome.review.plan.base) }, nowIso(), instance.version);
      if (!res.ok) { setRefusal(res.refusal.message); return; }
      setRefusal(null);
      save({
        instance: res.instance,
        result: { review: outcome.review, from: { id: review.id, logLength: review.log.length }, changes: unitChanges(review.plan, outcome.review.plan, outcome.changed) },
      });
      return;
    }
    // approval puts the recalculated review in place: only while the review is the one it came from
    const from = current.result?.from;
    const stale = action === 'approve' && (!review || !from || review.id !== from.id || review.log.length !== from.logLength);
    if (stale) { setRefusal(recalcLocalized('rc.stale')); return; }
    const res = flow.step(instance, action, actor, payload, nowIso(), instance.version);
    if (!res.ok) { setRefusal(res.refusal.message); return; }
    setRefusal(null);
    save({ ...current, instance: res.instance }, action === 'approve' ? current.result?.review : undefined);
  };

  const instance = record?.instance ?? null;
  const final = instance ? flow.def.states.find((s) => s.id === instance.state)?.final === true : true;
  const mayRequest = flow.def.transitions.some((tr) => tr.action === 'request' && tr.roles.some((role) => actor.roles.includes(role)));
  const mine = instance && !final ? flow.available(instance, actor) : [];
  const decisions = mine.filter((a) => a.action !== 'recalculate');
  const mayRecalculate = mine.some((a) => a.action === 'recalculate');
  const next = instance && !final ? nextPersonas(flow, instance, model) : [];
  const excluded = entriesOf(instance?.data.excluded);
  const resolved = resolveExcluded(model.prepared, excluded);
  const stateTitle = instance ? flow.def.states.find((s) => s.id === instance.state)?.title : undefined;

  return (
    <Card title={r('rc.title')} size="small" data-testid="recalc-card" className="recalc-card"
      extra={instance ? <Tag color={STATE_COLOR[instance.state] ?? 'default'} data-testid="recalc-state" data-state={instance.state}>{stateTitle ? pick(stateTitle) : instance.state}</Tag> : null}>
      <Typography.Paragraph type="secondary" className="recalc-intro">{r('rc.intro')}</Typography.Paragraph>
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(null)} data-testid="recalc-refusal" message={pick(refusal)} className="recalc-refusal" />}
      {!instance && !composing && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={r('rc.none')} />}
      {instance && (
        <Descriptions size="small" column={1} className="recalc-facts" items={[
          {
            key: 'x', label: r('rc.excluded'), children: (
              <span data-testid="recalc-excluded">
                {r('rc.excludedUnits', { list: excluded.join('、'), count: resolved.unitIds.length })}
                {resolved.unknown.length > 0 && <Typography.Text type="danger"> · {r('rc.unknown', { list: resolved.unknown.join('、') })}</Typography.Text>}
              </span>
            ),
          },
          { key: 'r', label: r('rc.reason'), children: String(instance.data.reason ?? '—') },
          ...(typeof instance.data.comment === 'string' ? [{ key: 'c', label: r('rc.comment'), children: instance.data.comment }] : []),
          {
            key: 'n', label: r('rc.next'), children: (
              <span data-testid="recalc-next" data-next={next.map((n) => n.persona.id).join(',')}>
                {final ? r('rc.closed') : next.map((n) => r('rc.nextOne', { name: n.persona.name, actions: n.actions.map(title).join('、') })).join('；')}
              </span>
            ),
          },
        ]} />
      )}
      {instance?.state === 'approved' && (
        <Alert type="success" showIcon data-testid="recalc-applied" message={r('rc.applied', { count: record?.result?.changes.length ?? 0 })} />
      )}
      {instance?.state === 'rejected' && <Alert type="warning" showIcon message={r('rc.rejected', { text: String(instance.data.comment ?? '') })} />}
      {record?.result && <Changes result={record.result} />}
      {mayRecalculate && record && (
        <Space direction="vertical" className="recalc-run">
          {!review?.frozen && <Typography.Text type="secondary" data-testid="recalc-need-review">{r('rc.needReview')}</Typography.Text>}
          <Button type="primary" disabled={!review?.frozen} data-testid="recalc-recalculate" onClick={() => act(record, 'recalculate', {})}>{r('rc.run')}</Button>
        </Space>
      )}
      {decisions.length > 0 && record && (
        // a new form after every accepted step, so a comment typed for the last one does not linger
        <ActionForm key={`decision:${record.instance.version}`} schema={forms.decision} name="recalc-decision" sources={none}
          actions={decisions.map((a) => ({ action: a.action, label: pick(a.title), danger: a.action === 'reject' }))} onAct={(action, payload) => act(record, action, payload)} />
      )}
      {mayRequest && final && (composing ? (
        <>
          <ActionForm schema={forms.request} name="recalc-request" sources={cities} actions={[{ action: 'request', label: title('request') }]} onAct={request} />
          <Button type="link" onClick={() => setComposing(false)}>{r('rc.cancel')}</Button>
        </>
      ) : <Button data-testid="recalc-new" onClick={() => setComposing(true)}>{r('rc.new')}</Button>)}
      {instance && instance.audit.length > 0 && (
        <ol className="recalc-history">
          {instance.audit.map((a) => <li key={a.seq}>{r('rc.history', { at: shownTime(a.at), who: names(a.actor.id), action: title(a.action) })}</li>)}
        </ol>
      )}
    </Card>
  );
}
