/**
 * TargetKitPoints (积分): the points page's block. The server (`targetKit:points`) posts the
 * stored points records into the runtime's ledger and answers the month's top (public), and the
 * balances and ledger entries the viewer may see (his own; HQ and administrators everyone's).
 * Texts follow the user's UI language.
 *
 * The root carries data-testid="tk-points" and data-tk-status (loading / ok / error) for tests.
 */
import { useAPIClient } from '@nocobase/client';
import { Alert, Card, Col, Input, Row, Space, Statistic, Table, Tag } from 'antd';
import React, { useEffect, useMemo, useState } from 'react';
import { resourceAction } from '../../../../contract.js';
import { useUiLang } from '../ui-lang.js';

interface Entry { seq: number; key: string; person: string; day: string; kind: 'earn' | 'redeem' | 'reversal'; points: number; type?: string; item?: string }
interface Balance { person: string; balance: number; earned: number; spent: number }
interface Answer { month: string; top: Array<{ person: string; points: number; place: number }>; balances: Balance[]; entries: Entry[]; refused: Array<{ id: unknown; message: string }>; scope: 'all' | 'own' }

const T = {
  title: { zh: '积分：余额、流水与月度前三', en: 'Points: balances, ledger and the month\'s top 3' },
  top: { zh: '月度前三', en: 'Top of the month' },
  balances: { zh: '积分余额', en: 'Balances' },
  ledger: { zh: '积分流水', en: 'Ledger' },
  person: { zh: '人员', en: 'Person' },
  balance: { zh: '余额', en: 'Balance' },
  earned: { zh: '获得', en: 'Earned' },
  spent: { zh: '已用', en: 'Spent' },
  day: { zh: '日期', en: 'Day' },
  kind: { zh: '类型', en: 'Kind' },
  points: { zh: '积分', en: 'Points' },
  what: { zh: '事项', en: 'What' },
  search: { zh: '按人员筛选', en: 'Filter by person' },
  refused: { zh: '未入账的记录', en: 'Records not posted' },
  kinds: { earn: { zh: '获得', en: 'earned' }, redeem: { zh: '兑换', en: 'redeemed' }, reversal: { zh: '冲正', en: 'reversal' } },
} as const;

export function TargetKitPoints({ month }: { month?: string }): React.ReactElement {
  const api = useAPIClient();
  const lang = useUiLang();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [who, setWho] = useState('');

  useEffect(() => {
    let live = true;
    api.request<{ data?: Answer }>({ url: resourceAction('points'), method: 'post', data: month ? { month } : {}, skipNotify: true })
      .then((res) => { if (live && res.data.data) setAnswer(res.data.data); })
      .catch((e: unknown) => {
        const body = (e as { response?: { data?: { errors?: Array<{ message?: string }> } } }).response?.data;
        if (live) setError(body?.errors?.[0]?.message ?? String(e));
      });
    return () => { live = false; };
  }, [api, month]);

  const balances = useMemo(() => (answer?.balances ?? []).filter((b) => !who || b.person.includes(who)), [answer, who]);
  const entries = useMemo(() => (answer?.entries ?? []).filter((e) => !who || e.person.includes(who)), [answer, who]);
  const status = error ? 'error' : answer ? 'ok' : 'loading';
  return (
    <div data-testid="tk-points" data-tk-status={status}>
      <Card title={T.title[lang]} extra={answer ? <Tag>{answer.month}</Tag> : null}>
        {error ? <Alert type="error" message={error} /> : null}
        {answer ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Card size="small" title={`${T.top[lang]} · ${answer.month}`} data-testid="tk-points-top">
              <Row gutter={16}>
                {answer.top.map((t) => (
                  <Col key={`${t.place}-${t.person}`} span={8}><Statistic title={`#${t.place} ${t.person}`} value={t.points} suffix={T.points[lang]} /></Col>
                ))}
              </Row>
            </Card>
            <Input.Search allowClear placeholder={T.search[lang]} onChange={(e) => setWho(e.target.value)} style={{ width: 240 }} />
            <Table<Balance> size="small" rowKey="person" dataSource={balances} data-testid="tk-points-balances" title={() => T.balances[lang]} pagination={{ pageSize: 10 }} columns={[
              { title: T.person[lang], dataIndex: 'person', sorter: (a, b) => a.person.localeCompare(b.person) },
              { title: T.balance[lang], dataIndex: 'balance', sorter: (a, b) => a.balance - b.balance, defaultSortOrder: 'descend' },
              { title: T.earned[lang], dataIndex: 'earned', sorter: (a, b) => a.earned - b.earned },
              { title: T.spent[lang], dataIndex: 'spent', sorter: (a, b) => a.spent - b.spent },
            ]} />
            <Table<Entry> size="small" rowKey="seq" dataSource={entries} title={() => T.ledger[lang]} pagination={{ pageSize: 10 }} columns={[
              { title: T.day[lang], dataIndex: 'day', sorter: (a, b) => a.day.localeCompare(b.day) },
              { title: T.person[lang], dataIndex: 'person' },
              { title: T.kind[lang], dataIndex: 'kind', render: (k: Entry['kind']) => T.kinds[k][lang], filters: (['earn', 'redeem', 'reversal'] as const).map((k) => ({ text: T.kinds[k][lang], value: k })), onFilter: (v, e) => e.kind === v },
              { title: T.what[lang], key: 'what', render: (_: unknown, e) => e.type ?? e.item ?? e.key },
              { title: T.points[lang], dataIndex: 'points', sorter: (a, b) => a.points - b.points },
            ]} />
            {answer.refused.length ? <Alert type="warning" message={T.refused[lang]} description={answer.refused.map((r) => `#${String(r.id)}: ${r.message}`).join('\n')} /> : null}
          </Space>
        ) : null}
      </Card>
    </div>
  );
}
