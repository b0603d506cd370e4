/**
 * The appeal's parts of the review card (目标评审): evidence files picked and checked against
 * the runtime's limit, the decider's form (approve, approve in part within the bounds the flow
 * accepts, reject; a reason wherever the flow requires one), and the trail of an instance told
 * in words (who did what, with the amounts and reasons), which the rep's view shows as well.
 * Everything decided here is decided by the flow; the screen only asks and shows.
 */
import { Alert, Button, Card, Form, Input, InputNumber, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { useRef, useState } from 'react';
import {
  appealEvidence, EVIDENCE_LIMITS, evidenceParts, fenToYuan, parseYuan, partialApprovalRange,
  type Actor, type EvidenceFile, type FlowInstance, type FlowRuntime, type LoadedBundle,
} from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { money } from '../company/format.js';
import { useT } from '../i18n/useT.js';

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

function readFile(file: File): Promise<EvidenceFile> {
  // a file above the limit is never read: the runtime refuses it by its size alone
  if (file.size > EVIDENCE_LIMITS.maxFileBytes || file.size === 0) return Promise.resolve({ name: file.name, type: file.type, size: file.size, content: '' });
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ name: file.name, type: file.type, size: file.size, content: String(reader.result ?? '') });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Files attached as evidence: added all or none, a refused batch named file by file. */
export function EvidenceFiles({ files, onChange }: { files: EvidenceFile[]; onChange: (files: EvidenceFile[]) => void }) {
  const { t, lang } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const add = async (list: FileList | null) => {
    if (!list?.length) return;
    const picked = await Promise.all([...list].map(readFile));
    const checked = appealEvidence('', [...files, ...picked]);
    if (!checked.ok) { setProblems(checked.problems.map((p) => p.message[lang])); return; }
    setProblems([]);
    onChange([...files, ...picked]);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="evidence-files">
      {/* the browser's own file button speaks the browser's language, not the screen's: ours opens it */}
      <input ref={input} type="file" multiple style={{ display: 'none' }} data-testid="appeal-files"
        onChange={(e) => { void add(e.target.files); e.target.value = ''; }} />
      <Button size="small" onClick={() => input.current?.click()}>{t('ws.addFiles')}</Button>
      {files.map((f, i) => (
        <Space key={`${f.name}-${i}`} data-testid="evidence-file">
          <Typography.Text>{f.name}</Typography.Text>
          <Typography.Text type="secondary">{kb(f.size)}</Typography.Text>
          <Button size="small" type="link" onClick={() => onChange(files.filter((_, j) => j !== i))}>{t('ws.removeFile')}</Button>
        </Space>
      ))}
      {problems.length > 0 && <Alert type="error" showIcon data-testid="evidence-problems" message={problems.join('；')} />}
    </Space>
  );
}

/** The limit as the upload's label says it. */
export const evidenceLimitText = () => ({ max: kb(EVIDENCE_LIMITS.maxFileBytes), count: EVIDENCE_LIMITS.maxFiles });

/** An appeal's evidence in a table cell: the texts, then each file as a download. */
export function EvidenceCell({ instance }: { instance: FlowInstance }) {
  if (!instance.data.reason) return <>—</>;
  const { texts, files } = evidenceParts(instance.data.evidence);
  return (
    <span data-testid={`evidence-${instance.unitId}`}>
      {String(instance.data.reason)}
      {texts.map((x, i) => <span key={`t${i}`}> · <i>{x}</i></span>)}
      {files.map((f, i) => (
        <span key={`f${i}`}> · <a href={f.content} download={f.name} data-testid="evidence-download">{f.name}</a></span>
      ))}
    </span>
  );
}

interface DecisionProps {
  flow: FlowRuntime;
  instance: FlowInstance;
  actor: Actor;
  unitName: string;
  initial: string;
  onDecide: (action: string, payload: Record<string, unknown>) => boolean;
  onCancel: () => void;
}

/** The decider's form: the decision, the approved amount for a partial approval, the reason. */
export function DecisionForm({ flow, instance, actor, unitName, initial, onDecide, onCancel }: DecisionProps) {
  const { t, pick } = useT();
  const choices = flow.available(instance, actor).filter((a) => a.form === 'decision');
  const [action, setAction] = useState(choices.some((c) => c.action === initial) ? initial : choices[0]?.action);
  const [form] = Form.useForm<{ approvedBase?: number; comment?: string }>();
  const chosen = choices.find((c) => c.action === action);
  const range = partialApprovalRange(instance);
  const wantsAmount = chosen?.amounts?.includes('approvedBase') ?? false;
  const reasonRequired = chosen?.requires?.includes('comment') ?? false;
  return (
    <Card size="small" type="inner" className="appeal-form" data-testid="decision-form" title={t('ws.decisionTitle', { unit: unitName })}>
      <Form form={form} layout="vertical" initialValues={{ approvedBase: range ? fenToYuan(Math.round((range.low + range.high) / 2)) : undefined }}
        onFinish={(v) => {
          const payload: Record<string, unknown> = {};
          if (v.comment?.trim()) payload.comment = v.comment.trim();
          if (wantsAmount) payload.approvedBase = v.approvedBase;
          if (action) onDecide(action, payload);
        }}>
        <Form.Item label={t('ws.decision')}>
          <Radio.Group value={action} onChange={(e) => setAction(e.target.value as string)} data-testid="decision-action"
            options={choices.map((c) => ({ value: c.action, label: pick(c.title) }))} optionType="button" />
        </Form.Item>
        {wantsAmount && range && (
          <Form.Item name="approvedBase" label={t('ws.approvedBase')} rules={[{ required: true }]}
            extra={t('ws.approvedRange', { low: money(range.low), high: money(range.high) })}>
            <InputNumber<number> min={fenToYuan(range.low)} max={fenToYuan(range.high)} precision={2} style={{ width: 240 }} data-testid="decision-amount" />
          </Form.Item>
        )}
        <Form.Item name="comment" label={reasonRequired ? t('ws.decisionReason') : t('ws.decisionReasonOptional')}
          rules={[{ required: reasonRequired, whitespace: true }]}>
          <Input.TextArea rows={2} data-testid="decision-reason" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="decision-submit">{t('ws.submitDecision')}</Button>
          <Button onClick={onCancel}>{t('ws.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

/** Who acted, as a reader knows them: the bundle role's name, and the unit below the company. */
function actorName(bundle: LoadedBundle, model: CompanyModel, actor: Actor, pick: (l: { zh: string; en: string } | undefined) => string): string {
  const role = bundle.manifest.roles?.find((r) => r.id === actor.roles[0]);
  const unit = model.tree.get(actor.unitId);
  const roleName = role ? pick(role.name) : actor.id;
  return unit && unit.id !== model.tree.root.id ? `${roleName} · ${unit.name}` : roleName;
}

/** An instance's audit trail in words: appeals with their amount and reason, decisions with theirs. */
export function AuditTimeline({ bundle, model, flow, instance, testId }: { bundle: LoadedBundle; model: CompanyModel; flow: FlowRuntime; instance: FlowInstance; testId?: string }) {
  const { t, pick } = useT();
  if (instance.audit.length === 0) return null;
  const title = (action: string) => pick(flow.def.transitions.find((x) => x.action === action)?.title) || action;
  return (
    <Timeline className="flow-history" data-testid={testId} items={instance.audit.map((a) => {
      const who = actorName(bundle, model, a.actor, pick);
      const when = a.at.slice(0, 16).replace('T', ' ');
      const p = a.payload;
      const amount = (v: unknown) => money(parseYuan(v));
      let text: string;
      if (a.action === 'appeal') text = t('ws.historyAppeal', { who, amount: amount(p.requestedBase), reason: String(p.reason ?? '') });
      else if (flow.def.transitions.find((x) => x.action === a.action)?.form === 'decision') {
        const after = a.changes.find((c) => c.path === 'finalBase')?.after ?? instance.data.finalBase;
        text = t('ws.historyDecision', { who, action: title(a.action), amount: amount(after) });
      } else text = t('ws.historyOther', { who, action: title(a.action) });
      return {
        key: a.seq,
        children: (
          <span data-testid="history-entry" data-action={a.action}>
            <Typography.Text type="secondary">{when}</Typography.Text> {text}
            {typeof p.comment === 'string' && p.comment.trim() && <div>{t('ws.historyReason', { reason: p.comment })}</div>}
          </span>
        ),
      };
    })} />
  );
}

/** The rep's view of his region's review: the state, the decision and its reason, read only. */
export function AppealOutcome({ bundle, model, flow, instance }: { bundle: LoadedBundle; model: CompanyModel; flow: FlowRuntime; instance: FlowInstance }) {
  const { t, pick } = useT();
  const unit = String(instance.data.unitName ?? instance.unitId);
  const state = flow.def.states.find((s) => s.id === instance.state);
  return (
    <Card title={t('ws.appealOutcome')} size="small" data-testid="appeal-outcome" extra={<Tag data-testid="flow-state" data-state={instance.state}>{pick(state?.title) || instance.state}</Tag>}>
      <Typography.Paragraph strong>{instance.data.requestedBase !== undefined ? t('ws.outcomeIntro', { unit }) : t('ws.noAppeal', { unit })}</Typography.Paragraph>
      <AuditTimeline bundle={bundle} model={model} flow={flow} instance={instance} testId="outcome-history" />
    </Card>
  );
}
