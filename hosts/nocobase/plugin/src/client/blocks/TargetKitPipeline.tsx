/**
 * TargetKitPipeline (商机看板): the bundle's stages as columns, each opportunity a card with its
 * customer, amount, owner and its overdue follow-ups (the server's `targetKit:pipeline`, which
 * the runtime's analysis decides and the server cuts to the viewer's scope). A card moves to
 * another stage through `targetKit:movePipeline`: the runtime checks the move, a refused one
 * shows the rule's words and nothing changes. Texts follow the user's UI language.
 *
 * The root carries data-testid="tk-pipeline", data-tk-status (loading / ok / error) and
 * data-tk-count (the opportunities shown) for tests.
 */
import { useAPIClient } from '@nocobase/client';
import { Alert, Button, Card, Col, Row, Select, Space, Tag, Typography } from 'antd';
import React, { useState } from 'react';
import { resourceAction } from '../../../../contract.js';
import { errorText, useBlockAnswer } from './block-answer.js';
import { useUiLang } from '../ui-lang.js';

interface Opp { id: string; customer: string; owner: string; ownerName: string; amount: number; stage: string; enteredAt: string | null; overdue: Array<{ rule: string; due: string; stage: string | null }> }
interface Answer {
  now: string;
  scope: { kind: string; unit?: string };
  stages: Array<{ id: string; name: string; final: boolean }>;
  lost: { id: string; name: string; reasons: string[] };
  timeouts: Array<{ id: string; name: string }>;
  opportunities: Opp[];
  funnel: Array<{ stage: string; reached: number; converted: number | null; rate: number | null }>;
}

const T = {
  title: { zh: '商机看板', en: 'Pipeline' },
  asOf: { zh: '截至', en: 'As of' },
  scope: { zh: '可见范围', en: 'Scope' },
  all: { zh: '全公司', en: 'Whole company' },
  own: { zh: '本人', en: 'Own' },
  move: { zh: '移到', en: 'Move to' },
  reason: { zh: '输单原因', en: 'Lost reason' },
  confirm: { zh: '确定', en: 'Move' },
  moved: { zh: '已移动', en: 'Moved' },
  overdue: { zh: '逾期', en: 'Overdue' },
  reached: { zh: '到达', en: 'reached' },
} as const;

const yuan = (n: number): string => `¥${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}`;

function OppCard({ opp, answer, lang, onMoved }: { opp: Opp; answer: Answer; lang: 'zh' | 'en'; onMoved(message: string, ok: boolean): void }): React.ReactElement {
  const api = useAPIClient();
  const [to, setTo] = useState<string | undefined>();
  const [reason, setReason] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const timeoutName = (id: string): string => answer.timeouts.find((t) => t.id === id)?.name ?? id;
  const closed = opp.stage === answer.lost.id || answer.stages.some((s) => s.id === opp.stage && s.final);
  const targets = [...answer.stages.map((s) => ({ value: s.id, label: s.name })), { value: answer.lost.id, label: answer.lost.name }].filter((s) => s.value !== opp.stage);
  const submit = (): void => {
    if (!to) return;
    setBusy(true);
    api.request({ url: resourceAction('movePipeline'), method: 'post', data: { opportunity: opp.id, to, ...(reason ? { reason } : {}) }, skipNotify: true })
      .then(() => onMoved(`${T.moved[lang]}: ${opp.id} → ${targets.find((t) => t.value === to)?.label ?? to}`, true))
      .catch((e: unknown) => onMoved(`${opp.id}: ${errorText(e)}`, false))
      .finally(() => setBusy(false));
  };
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="tk-pipeline-card" data-tk-opportunity={opp.id} data-tk-overdue={opp.overdue.length}>
      <Typography.Text strong>{opp.customer || opp.id}</Typography.Text>
      <div><Typography.Text type="secondary">{opp.id} · {opp.ownerName}</Typography.Text></div>
      <div>{yuan(opp.amount)}</div>
      {opp.overdue.map((o) => <Tag key={o.rule} color="red" style={{ whiteSpace: 'normal', marginTop: 2 }} data-testid="tk-pipeline-overdue">{T.overdue[lang]}：{timeoutName(o.rule)}</Tag>)}
      {closed ? null : <Space.Compact size="small" style={{ marginTop: 4, width: '100%' }}>
        <Select size="small" placeholder={T.move[lang]} style={{ width: '60%' }} value={to} onChange={setTo} options={targets} data-testid="tk-pipeline-to" />
        {to === answer.lost.id ? <Select size="small" placeholder={T.reason[lang]} style={{ width: '40%' }} value={reason} onChange={setReason} options={answer.lost.reasons.map((r) => ({ value: r, label: r }))} /> : null}
        <Button size="small" type="primary" disabled={!to} loading={busy} onClick={submit} data-testid="tk-pipeline-move">{T.confirm[lang]}</Button>
      </Space.Compact>}
    </Card>
  );
}

export function TargetKitPipeline(): React.ReactElement {
  const lang = useUiLang();
  const { answer, error, status, reload } = useBlockAnswer<Answer>('pipeline', {});
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const columns = answer ? [...answer.stages.map((s) => ({ id: s.id, name: s.name })), { id: answer.lost.id, name: answer.lost.name }] : [];
  return (
    <div data-testid="tk-pipeline" data-tk-status={status} data-tk-count={answer?.opportunities.length ?? 0}>
      <Card title={T.title[lang]} extra={answer ? (
        <Space>
          <Tag>{T.asOf[lang]} {answer.now.slice(0, 16).replace('T', ' ')}</Tag>
          <Tag color="blue" data-testid="tk-pipeline-scope">{T.scope[lang]}: {answer.scope.kind === 'all' ? T.all[lang] : answer.scope.kind === 'own' ? T.own[lang] : answer.scope.unit}</Tag>
        </Space>
      ) : null}>
        {error ? <Alert type="error" message={error} /> : null}
        {notice ? <Alert style={{ marginBottom: 8 }} type={notice.ok ? 'success' : 'error'} message={notice.text} closable onClose={() => setNotice(null)} data-testid="tk-pipeline-notice" /> : null}
        {answer ? (
          <Row gutter={8} wrap={false} style={{ overflowX: 'auto' }}>
            {columns.map((c) => {
              const opps = answer.opportunities.filter((o) => o.stage === c.id);
              const funnel = answer.funnel.find((f) => f.stage === c.id);
              return (
                <Col key={c.id} flex="0 0 230px" data-testid="tk-pipeline-stage" data-tk-stage={c.id}>
                  <Card size="small" type="inner" title={`${c.name} (${opps.length})`} extra={funnel ? <Typography.Text type="secondary">{T.reached[lang]} {funnel.reached}</Typography.Text> : null} style={{ background: '#fafafa' }}>
                    {opps.map((o) => <OppCard key={o.id} opp={o} answer={answer} lang={lang} onMoved={(text, ok) => { setNotice({ text, ok }); if (ok) reload(); }} />)}
                  </Card>
                </Col>
              );
            })}
          </Row>
        ) : null}
      </Card>
    </div>
  );
}
