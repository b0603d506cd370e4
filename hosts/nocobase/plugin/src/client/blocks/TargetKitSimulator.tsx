/**
 * TargetKitSimulator (目标拆解模拟器): the allocation simulator as a NocoBase block. The total
 * and Stretch (yuan, with thousands separators) and the locks go to `targetKit:simulate`, which
 * runs the plans over the org tree stored in NocoBase; the block shows the plan cards with their
 * risks, the chosen plan's units in a sortable, filterable table with a lock per unit (a lock
 * that cannot hold shows why at its field), and publishes through `targetKit:publish` only after
 * a confirmation that says how many rows of which period it replaces. The server decides who
 * may do either; the block only shows its answer.
 *
 * Test hooks: data-testid tk-sim, tk-sim-total, tk-sim-stretch, tk-sim-period, tk-sim-plan
 * (data-plan, data-risks), tk-sim-units, tk-sim-lock-<unit>, tk-sim-publish, tk-sim-error.
 */
import { useAPIClient } from '@nocobase/client';
import { Alert, Button, Card, Col, Input, InputNumber, Modal, Row, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { apiErrorOf } from '../TargetKitRuleResult.js';
import { useUiLang } from '../ui-lang.js';
import { SIMULATOR_COMPONENT, resourceAction } from '../../../../contract.js';

interface PlanCard {
  id: string;
  name: string;
  base: string;
  stretch: string;
  outsideBand: string;
  risks: number;
  riskCounts: Record<string, number>;
  riskLabels: Record<string, string>;
  summary: string;
  planRisks: string[];
}

interface UnitRow {
  id: string;
  parentId: string | null;
  name: string;
  level: 'company' | 'region' | 'team' | 'rep';
  tier: string | null;
  lastRevenue: string;
  base: string;
  stretch: string;
  growth: number | null;
  locked: boolean;
  risks: Array<{ code: string; label: string; message: string }>;
}

interface Simulation {
  plans: PlanCard[];
  plan: string | null;
  units: UnitRow[];
  refused: Record<string, string>;
  period?: string;
  replaces?: number;
  published?: { updated: number; created: number; removed: number };
}

const TEXT = {
  zh: {
    title: '目标拆解模拟器', total: '公司基础目标', stretch: '公司挑战目标', stretchAuto: '留空：按方案上浮', period: '发布期间', yuan: '元',
    choose: '选择', chosen: '已选', risks: '风险', noRisk: '无风险', base: '基础目标', stretchCol: '挑战目标', outside: '超出区间',
    unit: '单位', level: '层级', tier: '梯队', last: '上期', growth: '增长', lock: '锁定（元）', lockHint: '不锁定',
    publish: '发布此方案', confirm: '确认发布', cancel: '取消', levels: { company: '公司', region: '大区', team: '团队', rep: '个人' },
    confirmText: (plan: string, period: string, n: number, units: number) => `将把「${plan}」的 ${units} 个单位写入期间 ${period} 的目标：替换该期间现有的 ${n} 行（按单位与期间更新，其余删除），状态为已发布。`,
    published: (p: { updated: number; created: number; removed: number }, period: string) => `已发布期间 ${period}：更新 ${p.updated} 行，新建 ${p.created} 行，删除 ${p.removed} 行`,
    refused: (n: number) => `${n} 个锁定未能采用（其余照常计算）`, needTotal: '请输入公司基础目标', needPeriod: '发布前请填写期间（如 2026-H2）',
  },
  en: {
    title: 'Allocation simulator', total: 'Company Base', stretch: 'Company Stretch', stretchAuto: 'empty: the plan\'s uplift', period: 'Period to publish', yuan: 'yuan',
    choose: 'Choose', chosen: 'Chosen', risks: 'Risks', noRisk: 'No risk', base: 'Base', stretchCol: 'Stretch', outside: 'Outside bands',
    unit: 'Unit', level: 'Level', tier: 'Tier', last: 'Last period', growth: 'Growth', lock: 'Lock (yuan)', lockHint: 'not locked',
    publish: 'Publish this plan', confirm: 'Publish', cancel: 'Cancel', levels: { company: 'Company', region: 'Region', team: 'Team', rep: 'Rep' },
    confirmText: (plan: string, period: string, n: number, units: number) => `Writes the ${units} units of "${plan}" as the targets of ${period}: replaces the ${n} row(s) that period has now (updated by unit and period, the rest removed), status published.`,
    published: (p: { updated: number; created: number; removed: number }, period: string) => `Published ${period}: ${p.updated} updated, ${p.created} created, ${p.removed} removed`,
    refused: (n: number) => `${n} lock(s) set aside (everything else is computed without them)`, needTotal: 'Enter the company Base', needPeriod: 'Enter the period before publishing (e.g. 2026-H2)',
  },
};

/** Exact yuan text with thousands separators: "150000000.00" → "150,000,000.00". */
const grouped = (value: string | number | undefined): string => {
  if (value === undefined || value === '') return '';
  const [whole, fraction] = String(value).split('.');
  return `${(whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
};
const ungrouped = (text: string | undefined): string => (text ?? '').replace(/[,，\s]/g, '');
const RISK_COLOR = (code: string) => (code === 'TOTAL_SHORT' || code === 'OUTSIDE_BANDS' ? 'red' : 'orange');
const PLAN_COLOR: Record<string, string> = { aggressive: 'volcano', balanced: 'blue', conservative: 'green' };
const DEBOUNCE_MS = 300;

function YuanInput(props: { testId: string; value: string; placeholder?: string; width?: number; status?: 'error'; onChange: (v: string) => void }): React.JSX.Element {
  return (
    <InputNumber<string>
      data-testid={props.testId} stringMode min="0" step="1000000" style={{ width: props.width ?? 220 }} status={props.status}
      value={props.value === '' ? null : props.value} placeholder={props.placeholder}
      formatter={(v) => grouped(v)} parser={(v) => ungrouped(v)}
      onChange={(v) => props.onChange(v === null || v === undefined ? '' : String(v))}
    />
  );
}

export function TargetKitSimulator(): React.JSX.Element {
  const api = useAPIClient();
  const lang = useUiLang();
  const t = TEXT[lang];
  const [total, setTotal] = useState('');
  const [stretch, setStretch] = useState('');
  const [period, setPeriod] = useState('');
  const [plan, setPlan] = useState<string | undefined>(undefined);
  const [locks, setLocks] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const latest = useRef(0);

  const body = useMemo(() => ({
    total, ...(stretch ? { stretch } : {}), ...(plan ? { plan } : {}), ...(period.trim() ? { period: period.trim() } : {}),
    locks: Object.fromEntries(Object.entries(locks).filter(([, v]) => v !== '')),
  }), [total, stretch, plan, period, locks]);
  const key = JSON.stringify(body);

  useEffect(() => {
    const request = ++latest.current;
    if (!total) { setResult(null); setError(null); return undefined; }
    const timer = setTimeout(() => {
      setBusy(true);
      api.request<{ data: Simulation }>({ url: resourceAction('simulate'), method: 'post', data: JSON.parse(key) as unknown, skipNotify: true })
        .then((res) => { if (request === latest.current) { setResult(res.data.data); setError(null); } })
        .catch((e: unknown) => { if (request === latest.current) setError(apiErrorOf(e).message || String(e)); })
        .finally(() => { if (request === latest.current) setBusy(false); });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, key, total]);

  const chosen = result?.plans.find((p) => p.id === (plan ?? result.plan));
  const refused = result?.refused ?? {};

  const publish = async (): Promise<void> => {
    setConfirming(false);
    setBusy(true);
    try {
      const res = await api.request<{ data: Simulation }>({ url: resourceAction('publish'), method: 'post', data: { ...body, plan: chosen?.id }, skipNotify: true });
      setResult(res.data.data);
      if (res.data.data.published) setDone(t.published(res.data.data.published, period.trim()));
      setError(null);
    } catch (e) {
      setError(apiErrorOf(e).message || String(e));
    } finally {
      setBusy(false);
    }
  };

  const riskCodes = useMemo(() => {
    const codes = new Map<string, string>();
    for (const u of result?.units ?? []) for (const r of u.risks) codes.set(r.code, r.label);
    return [...codes];
  }, [result]);

  const columns: TableColumnsType<UnitRow> = [
    { title: t.unit, dataIndex: 'name', key: 'name', width: 170, fixed: 'left', sorter: (a, b) => a.id.localeCompare(b.id), render: (_, u) => <span title={u.id}>{u.name}</span> },
    {
      title: t.level, dataIndex: 'level', key: 'level', width: 80, render: (l: UnitRow['level']) => t.levels[l],
      filters: (['company', 'region', 'team', 'rep'] as const).map((l) => ({ text: t.levels[l], value: l })), onFilter: (v, u) => u.level === v,
    },
    { title: t.tier, dataIndex: 'tier', key: 'tier', width: 64, filters: ['A', 'B', 'C'].map((x) => ({ text: x, value: x })), onFilter: (v, u) => u.tier === v },
    { title: t.last, key: 'last', align: 'right', width: 140, sorter: (a, b) => Number(a.lastRevenue) - Number(b.lastRevenue), render: (_, u) => grouped(u.lastRevenue) },
    { title: t.base, key: 'base', align: 'right', width: 150, sorter: (a, b) => Number(a.base) - Number(b.base), render: (_, u) => <span data-testid="tk-sim-unit-base" data-unit={u.id}>{grouped(u.base)}</span> },
    { title: t.stretchCol, key: 'stretch', align: 'right', width: 150, sorter: (a, b) => Number(a.stretch) - Number(b.stretch), render: (_, u) => grouped(u.stretch) },
    { title: t.growth, key: 'growth', align: 'right', width: 80, sorter: (a, b) => (a.growth ?? -Infinity) - (b.growth ?? -Infinity), render: (_, u) => (u.growth === null ? '—' : `${(u.growth * 100).toFixed(1)}%`) },
    {
      title: t.lock, key: 'lock', width: 190, render: (_, u) => (
        <div>
          <YuanInput testId={`tk-sim-lock-${u.id}`} width={170} value={locks[u.id] ?? ''} placeholder={t.lockHint} status={refused[u.id] ? 'error' : undefined}
            onChange={(v) => setLocks((prev) => ({ ...prev, [u.id]: v }))} />
          {refused[u.id] ? <div data-testid="tk-sim-lock-problem" data-unit={u.id}><Typography.Text type="danger" style={{ fontSize: 12 }}>{refused[u.id]}</Typography.Text></div> : null}
        </div>
      ),
    },
    {
      title: t.risks, key: 'risks', filters: riskCodes.map(([code, label]) => ({ text: label, value: code })), onFilter: (v, u) => u.risks.some((r) => r.code === v),
      render: (_, u) => <Space size={2} wrap>{u.risks.map((r, i) => <Tag key={i} color={RISK_COLOR(r.code)} title={r.message}>{r.label}</Tag>)}</Space>,
    },
  ];
  // a refused lock on a unit the table has no row for (a mistyped id) still has its message
  const orphanRefusals = Object.entries(refused).filter(([id]) => !result?.units.some((u) => u.id === id));

  return (
    <div data-testid="tk-sim" data-tk-busy={busy ? 'true' : 'false'}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap size="large" align="end">
          <div><div>{t.total}</div><YuanInput testId="tk-sim-total" value={total} onChange={setTotal} /> <Typography.Text type="secondary">{t.yuan}</Typography.Text></div>
          <div><div>{t.stretch}</div><YuanInput testId="tk-sim-stretch" value={stretch} placeholder={t.stretchAuto} onChange={setStretch} /> <Typography.Text type="secondary">{t.yuan}</Typography.Text></div>
          <div><div>{t.period}</div><Input data-testid="tk-sim-period" style={{ width: 140 }} value={period} placeholder="2026-H2" onChange={(e) => setPeriod(e.target.value)} /></div>
          <Button type="primary" danger data-testid="tk-sim-publish" disabled={!chosen || busy || !!error} onClick={() => (period.trim() ? setConfirming(true) : setError(t.needPeriod))}>{t.publish}</Button>
        </Space>
        {!total ? <div style={{ marginTop: 8 }}><Typography.Text type="secondary">{t.needTotal}</Typography.Text></div> : null}
        {error ? <Alert style={{ marginTop: 12 }} type="error" showIcon data-testid="tk-sim-error" message={error} /> : null}
        {done ? <Alert style={{ marginTop: 12 }} type="success" showIcon data-testid="tk-sim-published" message={done} closable onClose={() => setDone(null)} /> : null}
        {Object.keys(refused).length ? (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon data-testid="tk-sim-refused" message={t.refused(Object.keys(refused).length)}
            description={orphanRefusals.length ? orphanRefusals.map(([id, m]) => <div key={id} data-testid="tk-sim-lock-problem" data-unit={id}>{id}: {m}</div>) : undefined} />
        ) : null}
      </Card>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(result?.plans ?? []).map((p) => {
          const selected = p.id === chosen?.id;
          return (
            <Col xs={24} lg={8} key={p.id}>
              <Card
                size="small" data-testid="tk-sim-plan" data-plan={p.id} data-risks={p.risks} data-selected={selected ? 'true' : 'false'}
                style={selected ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}
                title={<Tag color={PLAN_COLOR[p.id] ?? 'default'}>{p.name}</Tag>}
                extra={<Button size="small" type={selected ? 'primary' : 'default'} data-testid={`tk-sim-choose-${p.id}`} onClick={() => setPlan(p.id)}>{selected ? t.chosen : t.choose}</Button>}
              >
                <Row gutter={8}>
                  <Col span={12}><Statistic title={`${t.base}（${t.yuan}）`} value={grouped(p.base)} valueStyle={{ fontSize: 18 }} /></Col>
                  <Col span={12}><Statistic title={`${t.stretchCol}（${t.yuan}）`} value={grouped(p.stretch)} valueStyle={{ fontSize: 18 }} /></Col>
                </Row>
                <Typography.Text type="secondary">{t.outside}: {grouped(p.outsideBand)}</Typography.Text>
                <div style={{ marginTop: 8 }}>
                  <Typography.Text strong>{t.risks} {p.risks}</Typography.Text>
                  <div>
                    {p.risks === 0 ? <Tag color="green">{t.noRisk}</Tag> : Object.entries(p.riskCounts).map(([code, n]) => <Tag key={code} color={RISK_COLOR(code)}>{p.riskLabels[code] ?? code} {n}</Tag>)}
                  </div>
                  {p.planRisks.map((m, i) => <div key={i}><Typography.Text type="danger" style={{ fontSize: 12 }}>{m}</Typography.Text></div>)}
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>

      {result && chosen ? (
        <Card size="small" title={`${chosen.name} · ${result.units.length}`} data-testid="tk-sim-units">
          <Table<UnitRow> size="small" rowKey="id" dataSource={result.units} columns={columns} scroll={{ x: 1300 }} pagination={{ pageSize: 20, showSizeChanger: true }} />
        </Card>
      ) : null}

      <Modal
        open={confirming} title={t.publish} okText={t.confirm} cancelText={t.cancel} okButtonProps={{ danger: true, ...({ 'data-testid': 'tk-sim-confirm' } as object) }}
        onOk={() => void publish()} onCancel={() => setConfirming(false)}
      >
        <div data-testid="tk-sim-confirm-text">{chosen ? t.confirmText(chosen.name, period.trim(), result?.replaces ?? 0, result?.units.length ?? 0) : null}</div>
      </Modal>
    </div>
  );
}

TargetKitSimulator.displayName = SIMULATOR_COMPONENT;
