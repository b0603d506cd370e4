/**
 * TargetKitBonus (奖金模拟测算): the bonus page's block over stored data. The server
 * (`targetKit:bonus`) gives each rep of the caller's scope — a rep his own, a head his subtree,
 * the company level all — his Base, Stretch, actual so far and what the bundle's bonus rules pay
 * at each; the block only formats them. A rep types an expected result and sees its bonus, how
 * it is made up, and the curve from zero past his Stretch. Texts follow the user's UI language.
 *
 * The root carries data-testid="tk-bonus" and data-tk-status (loading / ok / error) for tests.
 */
import { useAPIClient } from '@nocobase/client';
import { Alert, Button, Card, Descriptions, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import React, { useEffect, useMemo, useState } from 'react';
import type { RepBonus } from '../../../../../../plugin/index.js';
import { resourceAction } from '../../../../contract.js';
import { useUiLang } from '../ui-lang.js';
import { Chart } from './TargetKitBoard.js';

type Shown = Omit<RepBonus, 'explanation' | 'expected'> & { explanation: string; expected?: { result: string; bonus: string; explanation: string; points: Array<{ result: string; bonus: string }> } };
interface Answer { period: string; targetsPeriod: string; asOf: string; root: string; reach: string; reps: Shown[] }

const T = {
  title: { zh: '奖金模拟测算', en: 'Bonus simulator' },
  period: { zh: '期间', en: 'Period' },
  asOf: { zh: '截至', en: 'As of' },
  person: { zh: '人员', en: 'Person' },
  base: { zh: '基础目标', en: 'Base' },
  stretch: { zh: '挑战目标', en: 'Stretch' },
  actual: { zh: '已完成', en: 'Actual' },
  atActual: { zh: '按已完成的奖金', en: 'Bonus at actual' },
  atBase: { zh: '达基础目标的奖金', en: 'Bonus at Base' },
  atStretch: { zh: '达挑战目标的奖金', en: 'Bonus at Stretch' },
  expected: { zh: '预计业绩（元）', en: 'Expected result (yuan)' },
  simulate: { zh: '测算', en: 'Simulate' },
  bonus: { zh: '奖金', en: 'Bonus' },
  how: { zh: '构成', en: 'Made up of' },
  search: { zh: '按姓名或编号筛选', en: 'Filter by name or id' },
  scope: { zh: '可见范围', en: 'Scope' },
  all: { zh: '全公司', en: 'Whole company' },
  own: { zh: '本人', en: 'Own' },
} as const;

const yuan = (text: string): string => Number(text).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const errorText = (e: unknown): string => (e as { response?: { data?: { errors?: Array<{ message?: string }> } } })?.response?.data?.errors?.[0]?.message ?? String(e);

export function TargetKitBonus(): React.ReactElement {
  const api = useAPIClient();
  const lang = useUiLang();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [result, setResult] = useState<number | null>(null);
  const [what, setWhat] = useState<Shown | null>(null);

  useEffect(() => {
    let live = true;
    api.request<{ data?: Answer }>({ url: resourceAction('bonus'), method: 'post', data: {}, skipNotify: true })
      .then((res) => { if (live && res.data.data) setAnswer(res.data.data); })
      .catch((e: unknown) => { if (live) setError(errorText(e)); });
    return () => { live = false; };
  }, [api]);

  const rows = useMemo(() => (answer?.reps ?? []).filter((r) => !text || r.name.includes(text) || r.id.toLowerCase().includes(text.toLowerCase())), [answer, text]);
  const rep = answer?.reps.find((r) => r.id === chosen) ?? (answer?.reach === 'own' ? answer.reps[0] : undefined);

  const simulate = (): void => {
    if (!rep || result === null) return;
    setWhat(null);
    api.request<{ data?: Answer }>({ url: resourceAction('bonus'), method: 'post', data: { unit: rep.id, result: String(result) }, skipNotify: true })
      .then((res) => { setWhat(res.data.data?.reps.find((r) => r.id === rep.id) ?? null); setError(null); })
      .catch((e: unknown) => setError(errorText(e)));
  };

  const curve = useMemo(() => (what?.expected ? {
    grid: { left: 70, right: 20, top: 20, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: what.expected.points.map((p) => yuan(p.result)) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', name: T.bonus[lang], data: what.expected.points.map((p) => Number(p.bonus)) }],
  } : null), [what, lang]);

  const status = error && !answer ? 'error' : answer ? 'ok' : 'loading';
  return (
    <div data-testid="tk-bonus" data-tk-status={status} data-tk-count={answer?.reps.length ?? 0}>
      <Card title={T.title[lang]} extra={answer ? (
        <Space>
          <Tag>{T.period[lang]} {answer.period}</Tag>
          <Tag>{T.asOf[lang]} {answer.asOf}</Tag>
          <Tag color="blue" data-testid="tk-bonus-scope">{T.scope[lang]}: {answer.reach === 'all' ? T.all[lang] : answer.reach === 'own' ? T.own[lang] : answer.root}</Tag>
        </Space>
      ) : null}>
        {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} /> : null}
        {answer ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{answer.targetsPeriod}</Typography.Text>
            {rep ? (
              <Card size="small" title={`${rep.name} (${rep.id})`} data-testid="tk-bonus-mine">
                <Descriptions size="small" column={3} items={[
                  { key: 'b', label: T.base[lang], children: yuan(rep.base) },
                  { key: 's', label: T.stretch[lang], children: yuan(rep.stretch) },
                  { key: 'a', label: T.actual[lang], children: yuan(rep.actual) },
                  { key: 'ba', label: T.atActual[lang], children: <b data-testid="tk-bonus-at-actual">{yuan(rep.atActual)}</b> },
                  { key: 'bb', label: T.atBase[lang], children: yuan(rep.atBase) },
                  { key: 'bs', label: T.atStretch[lang], children: yuan(rep.atStretch) },
                ]} />
                <Space style={{ marginTop: 8 }}>
                  <InputNumber<number> min={0} precision={2} style={{ width: 220 }} placeholder={T.expected[lang]} value={result} onChange={setResult} data-testid="tk-bonus-result" />
                  <Button type="primary" onClick={simulate} disabled={result === null} data-testid="tk-bonus-simulate">{T.simulate[lang]}</Button>
                </Space>
                {what?.expected ? (
                  <div data-testid="tk-bonus-expected" data-bonus={what.expected.bonus} style={{ marginTop: 8 }}>
                    <Typography.Paragraph style={{ marginBottom: 4 }}>
                      {T.bonus[lang]}: <b>{yuan(what.expected.bonus)}</b> · {T.how[lang]}: {what.expected.explanation}
                    </Typography.Paragraph>
                    {curve ? <Chart option={curve} height={220} testId="tk-bonus-curve" /> : null}
                  </div>
                ) : null}
              </Card>
            ) : null}
            {answer.reach !== 'own' ? (
              <>
                <Space>
                  <Input.Search allowClear placeholder={T.search[lang]} onChange={(e) => setText(e.target.value)} style={{ width: 240 }} data-testid="tk-bonus-search" />
                  <Typography.Text type="secondary">{rows.length} / {answer.reps.length}</Typography.Text>
                </Space>
                <Table<Shown> size="small" rowKey="id" dataSource={rows} data-testid="tk-bonus-table" pagination={{ pageSize: 10 }}
                  onRow={(r) => ({ onClick: () => { setChosen(r.id); setWhat(null); }, style: { cursor: 'pointer' } })}
                  columns={[
                    { title: T.person[lang], dataIndex: 'name', render: (n: string, r) => `${n} (${r.id})`, sorter: (a, b) => a.id.localeCompare(b.id) },
                    ...(['base', 'stretch', 'actual', 'atActual', 'atBase', 'atStretch'] as const).map((k) => ({
                      title: T[k][lang], dataIndex: k, align: 'right' as const, render: yuan, sorter: (a: Shown, b: Shown) => Number(a[k]) - Number(b[k]),
                    })),
                  ]} />
              </>
            ) : null}
          </Space>
        ) : null}
      </Card>
    </div>
  );
}
