/**
 * TargetKitScores (评分与排名): the scorecard page's block. It asks the server
 * (`targetKit:scores`) for the period's scores, which the server scopes: a rep sees his own card
 * and his ranks, a head his subtree, the company level everyone. It shows the viewer's card
 * factor by factor (the bundle's weights) and a ranking table that sorts by any column and
 * filters by region, team or name. Texts follow the user's UI language.
 *
 * The root carries data-testid="tk-scores" and data-tk-status (loading / ok / error) for tests.
 */
import { useAPIClient } from '@nocobase/client';
import { Alert, Card, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import React, { useEffect, useMemo, useState } from 'react';
import { resourceAction } from '../../../../contract.js';
import { useUiLang } from '../ui-lang.js';
import type { Lang } from '../format.js';

interface RankIn { unit: string; name?: string | null; rank: number; of: number; gapToNext: number | null }
interface Dimension { dimension: string; weight: number; normalised: number; points: number; raw: Record<string, unknown> }
interface Person { id: string; name: string; score: number; ranks: { company: RankIn; region: RankIn | null; team: RankIn | null }; dimensions: Dimension[] }
interface Answer { period: string; asOf: string; weights: Record<string, number>; scope: { kind: string; unit?: string; name?: string | null }; people: Person[] }

const DIMENSIONS: Record<string, Record<Lang, string>> = {
  revenue: { zh: '回款额', en: 'Received revenue' },
  margin: { zh: '毛利率贡献', en: 'Gross-margin contribution' },
  newCustomers: { zh: '新客户数', en: 'New customers' },
  satisfaction: { zh: '客户满意度', en: 'Customer satisfaction' },
  compliance: { zh: '合规性', en: 'Compliance' },
};

const T = {
  title: { zh: '评分与排名', en: 'Scores and rankings' },
  period: { zh: '期间', en: 'Period' },
  asOf: { zh: '截至', en: 'As of' },
  mine: { zh: '我的评分明细', en: 'My score breakdown' },
  person: { zh: '人员', en: 'Person' },
  score: { zh: '综合分', en: 'Score' },
  team: { zh: '团队', en: 'Team' },
  region: { zh: '大区', en: 'Region' },
  company: { zh: '公司排名', en: 'Company rank' },
  teamRank: { zh: '团队排名', en: 'Team rank' },
  regionRank: { zh: '大区排名', en: 'Region rank' },
  search: { zh: '按姓名或编号筛选', en: 'Filter by name or id' },
  weight: { zh: '权重', en: 'Weight' },
  normalised: { zh: '完成度', en: 'Attainment' },
  points: { zh: '得分', en: 'Points' },
  scope: { zh: '可见范围', en: 'Scope' },
  all: { zh: '全公司', en: 'Whole company' },
  own: { zh: '本人', en: 'Own' },
  factor: { zh: '维度', en: 'Factor' },
} as const;

const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;
const rankText = (r: RankIn | null): string => (r ? `${r.rank} / ${r.of}` : '—');

function Breakdown({ person, lang }: { person: Person; lang: Lang }): React.ReactElement {
  return (
    <Card size="small" title={`${T.mine[lang]}: ${person.name} (${person.id})`} data-testid="tk-score-breakdown">
      <Descriptions size="small" column={4} items={[
        { key: 's', label: T.score[lang], children: <b data-testid="tk-score-total">{person.score.toFixed(2)}</b> },
        { key: 't', label: T.teamRank[lang], children: `${rankText(person.ranks.team)} ${person.ranks.team?.name ?? ''}` },
        { key: 'r', label: T.regionRank[lang], children: `${rankText(person.ranks.region)} ${person.ranks.region?.name ?? ''}` },
        { key: 'c', label: T.company[lang], children: rankText(person.ranks.company) },
      ]} />
      <Table<Dimension> size="small" pagination={false} rowKey="dimension" dataSource={person.dimensions} columns={[
        { title: T.factor[lang], dataIndex: 'dimension', render: (d: string) => DIMENSIONS[d]?.[lang] ?? d },
        { title: T.weight[lang], dataIndex: 'weight', render: percent },
        { title: T.normalised[lang], dataIndex: 'normalised', render: percent },
        { title: T.points[lang], dataIndex: 'points', render: (p: number) => p.toFixed(2) },
      ]} />
    </Card>
  );
}

export function TargetKitScores({ period }: { period?: string }): React.ReactElement {
  const api = useAPIClient();
  const lang = useUiLang();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [region, setRegion] = useState<string | undefined>();
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.request<{ data?: Answer }>({ url: resourceAction('scores'), method: 'post', data: period ? { period } : {}, skipNotify: true })
      .then((res) => { if (live && res.data.data) setAnswer(res.data.data); })
      .catch((e: unknown) => {
        const body = (e as { response?: { data?: { errors?: Array<{ message?: string }> } } }).response?.data;
        if (live) setError(body?.errors?.[0]?.message ?? String(e));
      });
    return () => { live = false; };
  }, [api, period]);

  const regions = useMemo(() => [...new Map((answer?.people ?? []).flatMap((p) => (p.ranks.region ? [[p.ranks.region.unit, p.ranks.region.name ?? p.ranks.region.unit] as const] : []))).entries()], [answer]);
  const rows = useMemo(() => (answer?.people ?? []).filter((p) => (!region || p.ranks.region?.unit === region)
    && (!text || p.name.includes(text) || p.id.toLowerCase().includes(text.toLowerCase()) || (p.ranks.team?.name ?? '').includes(text))), [answer, region, text]);

  const status = error ? 'error' : answer ? 'ok' : 'loading';
  const mine = answer && answer.scope.kind === 'own' ? answer.people[0] : answer?.people.find((p) => p.id === chosen);
  return (
    <div data-testid="tk-scores" data-tk-status={status} data-tk-count={answer?.people.length ?? 0}>
      <Card title={T.title[lang]} extra={answer ? (
        <Space>
          <Tag>{T.period[lang]} {answer.period}</Tag>
          <Tag>{T.asOf[lang]} {answer.asOf}</Tag>
          <Tag color="blue" data-testid="tk-scores-scope">{T.scope[lang]}: {answer.scope.kind === 'all' ? T.all[lang] : answer.scope.kind === 'own' ? T.own[lang] : answer.scope.name ?? answer.scope.unit}</Tag>
        </Space>
      ) : null}>
        {error ? <Alert type="error" message={error} /> : null}
        {answer ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            {mine ? <Breakdown person={mine} lang={lang} /> : null}
            {answer.scope.kind !== 'own' ? (
              <>
                <Space>
                  <Input.Search allowClear placeholder={T.search[lang]} onChange={(e) => setText(e.target.value)} style={{ width: 240 }} data-testid="tk-scores-search" />
                  {regions.length > 1 ? <Select allowClear placeholder={T.region[lang]} style={{ width: 160 }} value={region} onChange={setRegion} options={regions.map(([value, label]) => ({ value, label }))} /> : null}
                  <Typography.Text type="secondary">{rows.length} / {answer.people.length}</Typography.Text>
                </Space>
                <Table<Person> size="small" rowKey="id" dataSource={rows} data-testid="tk-ranking"
                  pagination={{ pageSize: 20, showSizeChanger: false }}
                  onRow={(p) => ({ onClick: () => setChosen(p.id), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: T.company[lang], key: 'company', render: (_: unknown, p) => p.ranks.company.rank, sorter: (a, b) => a.ranks.company.rank - b.ranks.company.rank, defaultSortOrder: 'ascend' },
                    { title: T.person[lang], key: 'name', render: (_: unknown, p) => `${p.name} (${p.id})`, sorter: (a, b) => a.id.localeCompare(b.id) },
                    { title: T.score[lang], dataIndex: 'score', render: (s: number) => s.toFixed(2), sorter: (a, b) => a.score - b.score },
                    { title: T.regionRank[lang], key: 'region', render: (_: unknown, p) => `${rankText(p.ranks.region)} ${p.ranks.region?.name ?? ''}`, sorter: (a, b) => (a.ranks.region?.rank ?? 0) - (b.ranks.region?.rank ?? 0) },
                    { title: T.teamRank[lang], key: 'team', render: (_: unknown, p) => `${rankText(p.ranks.team)} ${p.ranks.team?.name ?? ''}`, sorter: (a, b) => (a.ranks.team?.rank ?? 0) - (b.ranks.team?.rank ?? 0) },
                    ...Object.keys(answer.weights).map((d) => ({
                      title: `${DIMENSIONS[d]?.[lang] ?? d} ${percent(answer.weights[d] ?? 0)}`, key: d,
                      render: (_: unknown, p: Person) => p.dimensions.find((x) => x.dimension === d)?.points.toFixed(2) ?? '—',
                      sorter: (a: Person, b: Person) => (a.dimensions.find((x) => x.dimension === d)?.points ?? 0) - (b.dimensions.find((x) => x.dimension === d)?.points ?? 0),
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
