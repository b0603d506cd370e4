/**
 * The progress board block (目标进度看板) inside NocoBase: what `targetKit:board` answers for
 * the signed-in user, who sees only his scope (the server cuts it). A unit's summary, its
 * children's lights table (sortable, filterable by light, searchable), drill-down into a
 * child's own children, an as-of day, and below, the trend and the child × week heat map of the
 * period to date through each week (the runtime's `trackToDate`, as the playground's board:
 * the last column is the table's own light) (echarts, bundled). Every figure is the server's text: nothing is computed or rounded here,
 * so a percentage never disagrees with its light.
 */
import { useAPIClient } from '@nocobase/client';
import { Alert, Badge, Breadcrumb, Button, Card, Col, DatePicker, Empty, Input, Row, Space, Spin, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BoardUnit, Light, ProgressBoard } from '../../../../../../plugin/index.js';
import { BOARD_UNIT_PARAM, resourceAction } from '../../../../contract.js';
import type { Lang } from '../format.js';
import { useUiLang } from '../ui-lang.js';

echarts.use([LineChart, BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

interface BoardAnswer extends ProgressBoard { root: string; reach: 'all' | 'subtree' | 'own' }

const LIGHT_COLOR: Record<Light, string> = { green: '#2ba471', yellow: '#e8a317', red: '#d54941', grey: '#b5bac4' };
const LIGHT_INDEX: Record<Light, number> = { grey: 0, red: 1, yellow: 2, green: 3 };
const LIGHTS: readonly Light[] = ['green', 'yellow', 'red', 'grey'];

const TEXTS = {
  zh: {
    title: '目标进度看板', period: '期间', asOf: '截至', unit: '单位', level: '层级', base: '基础目标', stretch: '挑战目标', actual: '实际',
    completion: '完成率', light: '信号灯', lightStretch: '挑战灯', gap: '距基础目标', pace: '节奏', search: '搜索单位', up: '返回上级',
    trend: '累计完成率（截至每周）', heat: '累计信号灯热力图（截至每周，* 为进行中的一周）', week: '周', expected: '截至当时应完成', through: '截至', noData: '没有可显示的单位', drill: '查看下级',
    green: '绿', yellow: '黄', red: '红', grey: '灰', company: '公司', region: '大区', team: '团队', rep: '销售', time: '时间进度',
  },
  en: {
    title: 'Progress board', period: 'Period', asOf: 'As of', unit: 'Unit', level: 'Level', base: 'Base', stretch: 'Stretch', actual: 'Actual',
    completion: 'Completion', light: 'Light', lightStretch: 'Stretch light', gap: 'Gap to Base', pace: 'Pace', search: 'Search units', up: 'Up one level',
    trend: 'Completion to date, week by week', heat: 'Lights to date, week by week (* the week in progress)', week: 'Week', expected: 'Due by then', through: 'through', noData: 'No units to show', drill: 'Open',
    green: 'green', yellow: 'yellow', red: 'red', grey: 'grey', company: 'company', region: 'region', team: 'team', rep: 'rep', time: 'Time elapsed',
  },
} as const;
type Texts = (typeof TEXTS)[Lang];

/** Yuan text grouped by thousands for reading; the digits are the server's. */
const grouped = (v: string | null): string => (v === null ? '—' : v.replace(/^(-?)(\d+)/, (_, s: string, d: string) => s + d.replace(/\B(?=(\d{3})+(?!\d))/g, ',')));
/** Exact order of two yuan texts (fen as BigInt), for sorting. */
const fenOf = (v: string | null): bigint => (v === null ? -(10n ** 18n) : BigInt(v.replace('.', '')));
const byFen = (a: string | null, b: string | null): number => { const d = fenOf(a) - fenOf(b); return d > 0n ? 1 : d < 0n ? -1 : 0; };

function LightText({ light, text, t, testId }: { light: Light; text: string; t: Texts; testId?: string }) {
  return <span data-testid={testId} data-light={light}><Badge color={LIGHT_COLOR[light]} text={`${text} · ${t[light]}`} /></span>;
}

export function Chart({ option, height, testId }: { option: echarts.EChartsCoreOption; height: number; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return undefined;
    const instance = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => { observer.disconnect(); instance.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { chart.current?.setOption(option, { notMerge: true }); }, [option]);
  return <div ref={ref} style={{ height, width: '100%' }} data-testid={testId} />;
}

function errorText(e: unknown): string {
  const data = (e as { response?: { data?: { errors?: Array<{ message?: string }> } } })?.response?.data;
  return data?.errors?.[0]?.message ?? (e instanceof Error ? e.message : String(e));
}

export function TargetKitBoard() {
  const api = useAPIClient();
  const lang = useUiLang();
  const t = TEXTS[lang];
  const [asOf, setAsOf] = useState<string | undefined>();
  // an alert's message opens the board at its unit (`?unit=`, contract's boardLink)
  const [root, setRoot] = useState<string | undefined>(() => new URLSearchParams(window.location.search).get(BOARD_UNIT_PARAM) ?? undefined);
  const [trail, setTrail] = useState<Array<{ id: string; name: string }>>([]);
  const [search, setSearch] = useState('');
  const [board, setBoard] = useState<BoardAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(root ? { unit: root } : {}) }).toString();
    api.request<{ data?: BoardAnswer }>({ url: `${resourceAction('board')}${query ? `?${query}` : ''}`, method: 'get', skipNotify: true })
      .then((res) => { if (live) { setBoard(res.data.data ?? null); setError(null); } })
      .catch((e: unknown) => { if (live) setError(errorText(e)); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [api, asOf, root]);

  const byId = useMemo(() => new Map((board?.units ?? []).map((u) => [u.id, u])), [board]);
  const top = board ? byId.get(board.root) : undefined;
  const children = useMemo(() => (top ? top.children.map((id) => byId.get(id)).filter((u): u is BoardUnit => u !== undefined) : []), [top, byId]);
  const rows = useMemo(() => {
    const list = children.length ? children : top ? [top] : [];
    const q = search.trim().toLowerCase();
    return q ? list.filter((u) => u.name.toLowerCase().includes(q) || u.id.toLowerCase().includes(q)) : list;
  }, [children, top, search]);

  const open = (u: BoardUnit) => {
    if (!u.children.length) return;
    setTrail((old) => [...old, ...(top && !old.some((s) => s.id === top.id) ? [{ id: top.id, name: top.name }] : []), { id: u.id, name: u.name }]);
    setRoot(u.id);
  };
  const goTo = (i: number) => {
    const step = trail[i];
    if (!step) return;
    setTrail(trail.slice(0, i + 1));
    setRoot(i === 0 ? undefined : step.id);
  };

  const columns: TableColumnsType<BoardUnit> = [
    {
      title: t.unit, dataIndex: 'name', key: 'name', fixed: 'left', sorter: (a, b) => a.name.localeCompare(b.name),
      render: (_: unknown, u) => (u.children.length
        ? <Typography.Link data-testid={`tk-board-open-${u.id}`} onClick={() => open(u)}>{u.name}</Typography.Link>
        : <span>{u.name}</span>),
    },
    { title: t.level, dataIndex: 'level', key: 'level', render: (l: string) => (t as Record<string, string>)[l] ?? l },
    { title: t.base, dataIndex: 'base', key: 'base', align: 'right', sorter: (a, b) => byFen(a.base, b.base), render: grouped },
    { title: t.stretch, dataIndex: 'stretch', key: 'stretch', align: 'right', sorter: (a, b) => byFen(a.stretch, b.stretch), render: grouped },
    { title: t.actual, dataIndex: 'actual', key: 'actual', align: 'right', sorter: (a, b) => byFen(a.actual, b.actual), render: grouped },
    {
      title: t.light, key: 'light', dataIndex: 'light',
      filters: LIGHTS.map((l) => ({ text: t[l], value: l })), onFilter: (value, u) => u.light === value,
      sorter: (a, b) => LIGHT_INDEX[a.light] - LIGHT_INDEX[b.light],
      render: (_: unknown, u) => <LightText light={u.light} text={u.completionBase} t={t} testId={`tk-board-light-${u.id}`} />,
    },
    { title: t.lightStretch, key: 'lightStretch', render: (_: unknown, u) => <LightText light={u.lightStretch} text={u.completionStretch} t={t} /> },
    { title: t.gap, dataIndex: 'gapBase', key: 'gapBase', align: 'right', sorter: (a, b) => byFen(a.gapBase, b.gapBase), render: grouped },
    { title: t.pace, key: 'pace', render: (_: unknown, u) => u.paceText?.[lang] ?? '—' },
  ];

  // a week still going on at the as-of day is marked: it is counted through the as-of day
  const weekLabels = useMemo(() => (board ? board.weeks.map((w, i) => `${w.slice(5)}${board.units[0]?.weeks[i]?.partial ? '*' : ''}`) : []), [board]);

  const trend = useMemo<echarts.EChartsCoreOption | null>(() => {
    if (!board || !top || !board.weeks.length) return null;
    const shown = [top, ...children].slice(0, 8);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: weekLabels },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: shown.map((u) => ({
        name: u.name, type: 'line', smooth: false, symbolSize: 4,
        data: u.weeks.map((w) => (w.completion === '—' ? null : w.completion.replace('%', ''))),
      })),
    };
  }, [board, top, children, weekLabels]);

  const heat = useMemo<echarts.EChartsCoreOption | null>(() => {
    if (!board || !board.weeks.length) return null;
    const units = children.length ? children : top ? [top] : [];
    const data = units.flatMap((u, y) => u.weeks.map((w, x) => ({ value: [x, y, LIGHT_INDEX[w.light]], completion: w.completion, actual: w.actual, expected: w.expected, through: w.through })));
    return {
      tooltip: {
        formatter: (p: { data: { value: number[]; completion: string; actual: string; expected: string; through: string } }) => {
          const u = units[p.data.value[1] as number];
          return `${u?.name ?? ''} ${board.weeks[p.data.value[0] as number] ?? ''}（${t.through} ${p.data.through}）<br/>${t.completion} ${p.data.completion}<br/>${t.actual} ${grouped(p.data.actual)} / ${t.expected} ${grouped(p.data.expected)}`;
        },
      },
      grid: { left: 96, right: 16, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: weekLabels, splitArea: { show: true } },
      yAxis: { type: 'category', data: units.map((u) => u.name), splitArea: { show: true } },
      visualMap: {
        type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, dimension: 2,
        pieces: LIGHTS.map((l) => ({ value: LIGHT_INDEX[l], label: t[l], color: LIGHT_COLOR[l] })),
      },
      series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#fff', borderWidth: 1 } }],
    };
  }, [board, top, children, t, weekLabels]);

  return (
    <Card data-testid="tk-board" title={t.title} extra={
      <Space wrap>
        {board && <Typography.Text type="secondary" data-testid="tk-board-period">{t.period} {board.period}</Typography.Text>}
        <span>{t.asOf}</span>
        <DatePicker data-testid="tk-board-as-of" placeholder={board?.asOf ?? ''} onChange={(_: unknown, text: string | string[]) => setAsOf(typeof text === 'string' && text ? text : undefined)} />
      </Space>
    }>
      {error && <Alert type="error" showIcon message={error} data-testid="tk-board-error" style={{ marginBottom: 12 }} />}
      {trail.length > 1 && (
        <Breadcrumb style={{ marginBottom: 12 }} items={trail.map((s, i) => ({ title: i < trail.length - 1 ? <a onClick={() => goTo(i)}>{s.name}</a> : s.name }))} />
      )}
      <Spin spinning={loading}>
        {top ? (
          <Row gutter={[16, 12]} style={{ marginBottom: 12 }} data-testid="tk-board-summary">
            <Col xs={12} md={4}><Statistic title={top.name} value={grouped(top.actual)} /></Col>
            <Col xs={12} md={4}><Statistic title={t.base} value={grouped(top.base)} /></Col>
            <Col xs={12} md={4}><Statistic title={t.completion} valueRender={() => <LightText light={top.light} text={top.completionBase} t={t} testId="tk-board-root-light" />} /></Col>
            <Col xs={12} md={4}><Statistic title={t.gap} value={grouped(top.gapBase)} /></Col>
            <Col xs={12} md={4}><Statistic title={t.time} value={top.timeElapsed} /></Col>
            <Col xs={12} md={4}><Statistic title={t.pace} value={top.paceText?.[lang] ?? '—'} /></Col>
          </Row>
        ) : !loading && !error ? <Empty description={t.noData} /> : null}
        {top && (
          <>
            <Space style={{ marginBottom: 8 }}>
              <Input.Search allowClear placeholder={t.search} onChange={(e) => setSearch(e.target.value)} data-testid="tk-board-search" style={{ width: 240 }} />
              {trail.length > 1 && <Button onClick={() => goTo(trail.length - 2)}>{t.up}</Button>}
            </Space>
            <Table<BoardUnit> size="small" rowKey="id" data-testid="tk-board-table" columns={columns} dataSource={rows}
              pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
              // a unit's `children` are ids for drill-down, not nested rows antd should expand
              expandable={{ childrenColumnName: 'subunits' }} />
            <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
              <Col xs={24} lg={12}><Card size="small" title={t.trend}>{trend && <Chart option={trend} height={300} testId="tk-board-trend" />}</Card></Col>
              <Col xs={24} lg={12}><Card size="small" title={t.heat}>{heat && <Chart option={heat} height={Math.max(220, 28 * (children.length || 1) + 80)} testId="tk-board-heat" />}</Card></Col>
            </Row>
          </>
        )}
      </Spin>
    </Card>
  );
}
