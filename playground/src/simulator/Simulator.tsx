/**
 * Allocation simulator (目标拆解模拟): the company total (and an optional Stretch) in, the
 * model's three plans side by side with their risks, the chosen plan per region with a
 * drill-down to teams, and every unit (or the reps of one region) in a virtualised table where
 * Bases can be locked by hand; each edit re-runs the allocation in a Web Worker (the plugin's
 * `simulatePlans` there, shared/worker/tasks.ts), with its progress and a cancel button, so the
 * page answers while a large company is allocated. Totals,
 * plan and locks are kept with the build (they survive leaving the screen and a reload), a lock
 * that cannot hold is shown at its field while everything else is computed without it, and
 * 「发布此方案」 publishes exactly this plan at these totals (shared/publishPlan.tsx).
 */
import { Alert, Button, Card, Col, Empty, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { DataTable, type DataColumn } from '../shared/table/DataTable.js';
import { useMemo, useRef, useState } from 'react';
import {
  fenToYuan, parseYuan, RISK_LABELS, summarizeRisks,
  type FactorScore, type LoadedBundle, type Localized, type PlanResult, type PlanUnit, type RiskCode,
} from '../../../plugin/index.js';
import { useBuildStore, type SimulationInputs } from '../build/buildStore.js';
import type { Workspace } from '../build/workspace.js';
import { usePublishPlan } from '../shared/publishPlan.js';
import { RunSign } from '../shared/worker/RunSign.js';
import { warm } from '../shared/worker/computeClient.js';
import { useComputed } from '../shared/worker/useComputed.js';
import { simulatedTotals } from '../shared/reviewRuntime.js';
import { money, percent, wan } from '../company/format.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';

const grouped = (v: number | string | undefined) => (v === undefined || v === '' ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
// a blank field parses to '' (rc-input-number's "no value"), never Number('') = 0: tabbing through
// an empty lock field must not lock that unit at zero
const ungrouped = (v: string | undefined) => {
  const text = (v ?? '').replace(/,/g, '').trim();
  return (text === '' ? '' : Number(text)) as number;
};

// stable across renders, so the unit table (DataTable, memoised) skips renders its rows did not change
const unitKey = (u: PlanUnit) => u.id;
const unitParent = (u: PlanUnit) => u.parentId;
const NO_REFUSALS: Readonly<Record<string, never>> = {};

const PLAN_COLOR: Record<string, string> = { aggressive: 'volcano', balanced: 'blue', conservative: 'green' };

/**
 * The factors as the allocation scored them (name, weight), read off the plan's units rather than
 * the parameters, so the columns are exactly what the runtime used: a factor added in JSON shows
 * up here by its name with no playground change.
 */
function planFactors(plan: PlanResult | undefined): FactorScore[] {
  return plan?.units.find((u) => u.factors.length > 0)?.factors ?? [];
}

function riskCounts(plan: PlanResult): Array<[RiskCode, number]> {
  const counts = new Map<RiskCode, number>();
  for (const r of plan.risks) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return (Object.keys(RISK_LABELS) as RiskCode[]).filter((c) => counts.has(c)).map((c) => [c, counts.get(c)!]);
}

export default function Simulator({ bundle, workspace }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { lang, t, pick } = useT();
  // the worker loads the build while this render builds the page's company (idempotent, no state)
  warm(workspace.files);
  const { result, persona } = useCompany(bundle);
  const stored = useBuildStore((s) => s.simulation);
  const setSimulation = useBuildStore((s) => s.setSimulation);
  const [regionId, setRegionId] = useState<string | null>(null);
  const [scope, setScope] = useState<string>('all');
  const [publishError, setPublishError] = useState<string | null>(null);
  const model = result.ok ? result.model : null;
  const current: SimulationInputs = stored ?? { base: null, stretch: null, planId: 'balanced', locks: {} };
  // read through a ref, so the lock inputs' handlers stay the same functions while other inputs change
  const currentRef = useRef(current);
  currentRef.current = current;
  const update = (change: Partial<SimulationInputs>) => setSimulation({ ...currentRef.current, ...change });
  const { planId, locks } = current;

  // typing stays immediate; the allocation runs in the worker and follows when it is done
  const suggested = model ? `${model.suggestedBase}:${model.suggestedStretch}` : null;
  const request = useMemo(
    () => (model ? { totals: simulatedTotals(model, stored), locks: stored?.locks ?? {} } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new review gives a new model with the same suggestion: no new allocation
    [suggested, stored],
  );
  const run = useComputed('simulate', workspace.files, request);
  const outcome = run.result;
  // the plans shown are the current inputs' (not an earlier input's while the new ones are allocated)
  const upToDate = run.resultFor === request;
  const publish = usePublishPlan(bundle, model);
  const plans = outcome?.ok ? outcome.plans : [];
  const refused: Readonly<Record<string, Localized>> = outcome?.ok ? outcome.refused : NO_REFUSALS;
  const plan = plans.find((p) => p.plan.id === planId) ?? plans[0];
  const tree = model?.tree;
  // every unit, or the reps of one region: a pass over all units, only when the plan or the scope changes
  const bigRows = useMemo(
    () => (plan && tree ? plan.units.filter((u) => (scope === 'all' ? true : u.level === 'rep' && tree.isWithin(u.id, scope))) : []),
    [plan, scope, tree],
  );

  const factors = planFactors(plan);
  // the unit table's columns: the same object while only the company totals are typed (the table then skips its render)
  const unitRowColumns = useMemo((): Array<DataColumn<PlanUnit>> => {
    const lockColumn: TableColumnsType<PlanUnit>[number] = {
      title: t('sim.lock'), key: 'lock', width: 150, render: (_, u) => (
        <InputNumber<number>
          size="small" min={0} step={10000} style={{ width: 136 }} formatter={grouped} parser={ungrouped} data-testid={`lock-${u.id}`}
          placeholder={t('sim.lockHint')}
          status={refused[u.id] ? 'error' : undefined}
          title={refused[u.id] ? t('sim.lockRefused', { message: pick(refused[u.id]) }) : undefined}
          value={locks[u.id] !== undefined ? fenToYuan(locks[u.id]!) : null}
          onChange={(v) => {
            const next = { ...locks };
            if (v === null || v === undefined) delete next[u.id]; else next[u.id] = parseYuan(v) ?? 0;
            update({ locks: next });
          }}
        />
      ),
    };
    const riskKinds = (u: PlanUnit) => [...new Set(u.risks.map((r) => RISK_LABELS[r.code][lang]))];
    // the unit rows in the shared table: amounts as fen (exact totals), tier, level and risk kind as filters, the rest searched
    const unitRowColumns: Array<DataColumn<PlanUnit>> = [
      { key: 'name', title: t('sim.unit'), width: 160, fixed: 'left', text: (u) => `${u.name} ${u.id}`, render: (u) => u.name },
      { key: 'level', title: t('sim.level'), width: 90, filter: true, text: (u) => t(`level.${u.level}`) },
      { key: 'tier', title: t('sim.tier'), width: 80, filter: true, text: (u) => u.tier ?? '' },
      { key: 'last', title: t('sim.lastRevenue'), align: 'right', width: 140, text: (u) => money(u.lastRevenue), fen: (u) => u.lastRevenue, render: (u) => money(u.lastRevenue) },
      { key: 'base', title: t('sim.base'), align: 'right', width: 140, text: (u) => money(u.base), fen: (u) => u.base, render: (u) => <span data-testid="unit-base">{money(u.base)}</span> },
      { key: 'stretch', title: t('sim.stretch'), align: 'right', width: 140, text: (u) => money(u.stretch), fen: (u) => u.stretch, render: (u) => money(u.stretch) },
      { key: 'growth', title: t('sim.growth'), align: 'right', width: 90, text: (u) => percent(u.growth), sort: (u) => u.growth },
      { key: 'lock', title: t('sim.lock'), width: 150, text: (u) => (locks[u.id] !== undefined ? money(locks[u.id]!) : ''), sort: false, render: (u) => lockColumn.render!(undefined, u, 0) as ReactNode },
      { key: 'score', title: t('sim.score'), align: 'right', width: 90, text: (u) => (u.parentId === null ? '—' : u.score.toFixed(2)), sort: (u) => u.score },
      ...factors.map((f): DataColumn<PlanUnit> => ({
        key: `factor-${f.id}`, align: 'right', width: 120, title: `${pick(f.name)} ${percent(f.weight, 0)}`,
        head: <span data-testid="factor-head" data-factor={f.id} title={t('sim.factorHint')}>{pick(f.name)}<br /><Typography.Text type="secondary">{percent(f.weight, 0)}</Typography.Text></span>,
        text: (u) => u.factors.find((x) => x.id === f.id)?.score.toFixed(2) ?? '—', sort: (u) => u.factors.find((x) => x.id === f.id)?.score ?? null,
        render: (u) => {
          const own = u.factors.find((x) => x.id === f.id);
          return own ? <span data-testid="factor-score" data-factor={f.id}>{own.score.toFixed(2)}</span> : '—';
        },
      })),
      { key: 'risks', title: t('sim.risks'), width: 220, filter: true, filterValues: riskKinds, text: (u) => riskKinds(u).join(' '),
        render: (u) => <Space size={2} wrap>{u.risks.map((r, i) => <Tag key={i} color="orange" title={pick(r.message)}>{RISK_LABELS[r.code][lang]}</Tag>)}</Space> },
    ];
    return unitRowColumns;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- t and pick follow lang; update reads the inputs through a ref
  }, [lang, factors, locks, refused]);

  const unitScroll = useMemo(() => ({ x: 1190 + 120 * factors.length, y: 420 }), [factors.length]);

  if (!model || !tree) return <WorkPage testId="simulator" title={t('nav.simulator')} persona={persona} problems={result.ok ? [] : result.problems} />;
  const totals = simulatedTotals(model, current);
  const regions = tree.children(tree.root.id);

  const unitColumns: TableColumnsType<PlanUnit> = [
    { title: t('sim.unit'), dataIndex: 'name', key: 'name', width: 160, ellipsis: true },
    { title: t('sim.tier'), dataIndex: 'tier', key: 'tier', width: 70 },
    { title: t('sim.lastRevenue'), key: 'last', align: 'right', width: 130, render: (_, u) => money(u.lastRevenue) },
    { title: t('sim.base'), key: 'base', align: 'right', width: 130, render: (_, u) => <span data-testid="unit-base">{money(u.base)}</span> },
    { title: t('sim.stretch'), key: 'stretch', align: 'right', width: 130, render: (_, u) => money(u.stretch) },
    { title: t('sim.growth'), key: 'growth', align: 'right', width: 90, render: (_, u) => percent(u.growth) },
    {
      title: t('sim.risks'), key: 'risks', render: (_, u) => (
        <Space size={2} wrap>{u.risks.map((r, i) => <Tag key={i} color="orange" title={pick(r.message)}>{RISK_LABELS[r.code][lang]}</Tag>)}</Space>
      ),
    },
  ];

  const refusedIds = Object.keys(refused);
  const regionRows = plan ? regions.map((r) => plan.byId.get(r.id)!).filter(Boolean) : [];
  const teamRows = plan && regionId ? tree.children(regionId).map((c) => plan.byId.get(c.id)!).filter(Boolean) : [];

  return (
    <WorkPage testId="simulator" title={t('nav.simulator')} subtitle={t('sim.subtitle')} persona={persona}>
      <Card size="small" className="work-card">
        <Space wrap size="large" align="end">
          <div>
            <div className="field-label">{t('sim.companyBase')}</div>
            <InputNumber<number> data-testid="company-base" style={{ width: 220 }} min={0} step={1_000_000} addonAfter={t('sim.yuan')} formatter={grouped} parser={ungrouped}
              value={fenToYuan(totals.base)} onChange={(v) => update({ base: v === null ? null : (parseYuan(v) ?? 0) })} />
          </div>
          <div>
            <div className="field-label">{t('sim.companyStretch')}</div>
            <InputNumber<number> data-testid="company-stretch" style={{ width: 220 }} min={0} step={1_000_000} addonAfter={t('sim.yuan')} formatter={grouped} parser={ungrouped}
              placeholder={t('sim.stretchAuto')} value={totals.stretch === undefined ? null : fenToYuan(totals.stretch)}
              onChange={(v) => update({ stretch: v === null ? null : (parseYuan(v) ?? 0) })} />
          </div>
          <Button onClick={() => setSimulation(null)} data-testid="sim-reset">{t('sim.resetInputs')}</Button>
          <Button type="primary" disabled={!outcome?.ok || !upToDate} onClick={() => publish(setPublishError)} data-testid="sim-publish">{t('publish.button')}</Button>
        </Space>
        {/* the plans below are the last inputs' until the allocation has followed the new ones */}
        <RunSign run={run} testId="sim-run" />
        {publishError && <Alert type="error" showIcon message={publishError} className="sim-publish-error" />}
      </Card>

      {refusedIds.length > 0 && (
        <Alert type="warning" showIcon data-testid="sim-lock-problems" message={t('sim.locksRefused', { count: refusedIds.length })} description={
          <ul className="loss-list">{refusedIds.map((id) => (
            <li key={id} data-testid="sim-lock-problem" data-unit={id}>{lang === 'zh' ? `${tree.get(id)?.name ?? id}（${id}）：` : `${tree.get(id)?.name ?? id} (${id}): `}{pick(refused[id])}</li>
          ))}</ul>
        } />
      )}

      {outcome && !outcome.ok && (
        <Alert type="error" showIcon data-testid="sim-problems" message={outcome.problems.map((p) => pick(p.message)).join('; ')} />
      )}

      <Row gutter={[16, 16]} className="plan-row">
        {plans.map((p) => {
          const counts = riskCounts(p);
          return (
            <Col xs={24} lg={8} key={p.plan.id}>
              <Card
                data-testid="plan-card" data-plan={p.plan.id}
                className={p.plan.id === plan?.plan.id ? 'plan-card plan-card-selected' : 'plan-card'}
                title={<Space><Tag color={PLAN_COLOR[p.plan.id] ?? 'default'}>{pick(p.plan.name)}</Tag></Space>}
                extra={<Button size="small" type={p.plan.id === plan?.plan.id ? 'primary' : 'default'} onClick={() => update({ planId: p.plan.id })}>{t('sim.choose')}</Button>}
              >
                <Row gutter={8}>
                  <Col span={12}><Statistic title={t('sim.base10k')} value={wan(p.base)} /></Col>
                  <Col span={12}><Statistic title={t('sim.stretch10k')} value={wan(p.stretch)} /></Col>
                </Row>
                <Typography.Text type="secondary">{t('sim.outsideBand', { amount: wan(p.outsideBand) })}</Typography.Text>
                <div className="plan-risks" data-testid="plan-risks">
                  <Typography.Text strong>{t('sim.risksCount', { count: p.risks.length })}</Typography.Text>
                  <div>
                    {counts.length === 0 ? <Tag color="green">{t('sim.noRisk')}</Tag> : counts.map(([code, n]) => (
                      <Tag key={code} color={code === 'TOTAL_SHORT' || code === 'OUTSIDE_BANDS' ? 'red' : 'orange'}>{RISK_LABELS[code][lang]} {n}</Tag>
                    ))}
                  </div>
                  <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} className="plan-risk-summary">{summarizeRisks(p.risks, lang)}</Typography.Paragraph>
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>

      {plan && (
        <Card size="small" className="work-card" title={t('sim.byRegion', { plan: pick(plan.plan.name) })} data-testid="region-table">
          {factors.length > 0 && (
            <div className="factor-legend" data-testid="factor-legend">
              <Typography.Text type="secondary">{t('sim.factors')}</Typography.Text>{' '}
              {factors.map((f) => <Tag key={f.id} data-factor={f.id}>{pick(f.name)} {percent(f.weight, 0)}</Tag>)}
              <Typography.Text type="secondary">{t('sim.factorHint')}</Typography.Text>
            </div>
          )}
          <Table<PlanUnit>
            size="small" rowKey="id" pagination={false} dataSource={regionRows} scroll={{ x: 'max-content' }}
            columns={[...unitColumns.slice(0, 1).map((c) => ({ ...c, render: (_: unknown, u: PlanUnit) => (
              <Button type="link" size="small" data-testid={`drill-${u.id}`} onClick={() => setRegionId(u.id)}>{u.name}</Button>
            ) })), ...unitColumns.slice(1)]}
            rowClassName={(u) => (u.id === regionId ? 'row-selected' : '')}
          />
          {regionId ? (
            <div className="drill" data-testid="team-table">
              <Typography.Title level={5}>{t('sim.teamsOf', { region: tree.get(regionId)?.name ?? regionId })}</Typography.Title>
              <Table<PlanUnit> size="small" rowKey="id" pagination={false} dataSource={teamRows} columns={unitColumns} scroll={{ x: 'max-content', y: 320 }} />
            </div>
          ) : <Typography.Text type="secondary">{t('sim.drillHint')}</Typography.Text>}
        </Card>
      )}

      {plan && (
        <Card
          size="small" className="work-card" data-testid="unit-table"
          title={t('sim.allUnits', { count: bigRows.length })}
          extra={
            <Select size="small" value={scope} onChange={setScope} style={{ width: 180 }} data-testid="unit-scope"
              options={[{ value: 'all', label: t('sim.scopeAll') }, ...regions.map((r) => ({ value: r.id, label: t('sim.scopeReps', { region: r.name }) }))]} />
          }
        >
          {bigRows.length === 0 ? <Empty /> : (
            <DataTable<PlanUnit> testId="unit-rows" virtual title={t('sim.allUnits', { count: bigRows.length })} rowKey={unitKey} rows={bigRows} parentOf={unitParent}
              scroll={unitScroll} columns={unitRowColumns} />
          )}
        </Card>
      )}
    </WorkPage>
  );
}
