/**
 * TargetKitIndicators (过程指标): per person of the viewer's scope, the bundle's process
 * indicators of the last week with their thresholds and lights, the health index and open
 * coaching (`targetKit:indicators`, the runtime's collector over the stored activity; the server
 * cuts it to the scope). The block only formats. Texts follow the user's UI language.
 *
 * The root carries data-testid="tk-indicators", data-tk-status and data-tk-count for tests.
 */
import { Alert, Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import React, { useMemo, useState } from 'react';
import { useBlockAnswer } from './block-answer.js';
import { useUiLang } from '../ui-lang.js';

type Light = 'green' | 'yellow' | 'red' | null;
interface Indicator { id: string; name: string; collects: string; period: string; better: 'higher' | 'lower'; thresholds: { target: number; red: number }; weight: number }
interface Person { personId: string; name: string; team: string | null; week: string; health: number | null; coaching: boolean; anomalies: number; indicators: Array<{ id: string; value: number | null; teamMedian: number | null; light: Light }> }
interface Answer { from: string | null; to: string | null; week: string | null; health: { threshold: number }; indicators: Indicator[]; people: Person[]; scope: string }

const T = {
  title: { zh: '过程指标', en: 'Process indicators' },
  week: { zh: '周', en: 'Week' },
  person: { zh: '人员', en: 'Person' },
  team: { zh: '团队', en: 'Team' },
  health: { zh: '行为健康度', en: 'Health index' },
  coaching: { zh: '辅导中', en: 'Coaching' },
  anomalies: { zh: '异常', en: 'Anomalies' },
  target: { zh: '目标', en: 'target' },
  red: { zh: '红线', en: 'red line' },
  search: { zh: '按姓名或编号筛选', en: 'Filter by name or id' },
  collected: { zh: '采集的内容', en: 'What is collected' },
} as const;

const COLOR: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red' };
const num = (v: number | null): string => (v === null ? '—' : String(Math.round(v * 100) / 100));

export function TargetKitIndicators(): React.ReactElement {
  const lang = useUiLang();
  const { answer, error, status } = useBlockAnswer<Answer>('indicators', {});
  const [text, setText] = useState('');
  const rows = useMemo(() => (answer?.people ?? []).filter((p) => !text || p.name.includes(text) || p.personId.toLowerCase().includes(text.toLowerCase()) || (p.team ?? '').includes(text)), [answer, text]);
  return (
    <div data-testid="tk-indicators" data-tk-status={status} data-tk-count={answer?.people.length ?? 0}>
      <Card title={T.title[lang]} extra={answer ? <Space><Tag>{T.week[lang]} {answer.week ?? '—'}</Tag><Tag>{answer.from} — {answer.to}</Tag></Space> : null}>
        {error ? <Alert type="error" message={error} /> : null}
        {answer ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">{T.collected[lang]}：{answer.indicators.map((d) => `${d.name}（${d.collects}）`).join('；')}</Typography.Text>
            <Input.Search allowClear placeholder={T.search[lang]} onChange={(e) => setText(e.target.value)} style={{ width: 240 }} />
            <Table<Person> size="small" rowKey="personId" dataSource={rows} data-testid="tk-indicators-table" pagination={{ pageSize: 20, showSizeChanger: false }} scroll={{ x: true }}
              columns={[
                { title: T.person[lang], key: 'p', render: (_: unknown, p) => `${p.name} (${p.personId})`, sorter: (a, b) => a.personId.localeCompare(b.personId), defaultSortOrder: 'ascend' },
                { title: T.team[lang], dataIndex: 'team', render: (t: string | null) => t ?? '—' },
                ...answer.indicators.map((d) => ({
                  title: <Tooltip title={d.collects}><span>{d.name}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{T.target[lang]} {d.thresholds.target} · {T.red[lang]} {d.thresholds.red}</Typography.Text></span></Tooltip>,
                  key: d.id,
                  render: (_: unknown, p: Person) => {
                    const x = p.indicators.find((i) => i.id === d.id);
                    return x?.light ? <Tag color={COLOR[x.light]} data-tk-light={x.light}>{num(x.value)}</Tag> : <Typography.Text type="secondary">{num(x?.value ?? null)}</Typography.Text>;
                  },
                  sorter: (a: Person, b: Person) => (a.indicators.find((i) => i.id === d.id)?.value ?? -Infinity) - (b.indicators.find((i) => i.id === d.id)?.value ?? -Infinity),
                })),
                { title: `${T.health[lang]} (< ${answer.health.threshold})`, dataIndex: 'health', render: (h: number | null, p: Person) => <Space><span>{num(h)}</span>{p.coaching ? <Tag color="red">{T.coaching[lang]}</Tag> : null}</Space>, sorter: (a, b) => (a.health ?? -1) - (b.health ?? -1) },
                { title: T.anomalies[lang], dataIndex: 'anomalies', sorter: (a, b) => a.anomalies - b.anomalies },
              ]} />
          </Space>
        ) : null}
      </Card>
    </div>
  );
}
