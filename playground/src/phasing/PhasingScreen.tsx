/**
 * Seasonal phasing (月度分解): choose a unit, see the profile its period target follows (learned
 * from history, explicit weights or working days, as the bundle's `phasing` parameters say) as a
 * small bar chart and a table of month weights, and its Base and Stretch phased into months and
 * ISO weeks, exact to the 分, each month and week with its light against its own phased target.
 * Editing a weight re-phases at once through the plugin; a weight the plugin refuses shows its
 * message and the last good profile stays. Edits replace the build's parameter file.
 */
import { Alert, Card, Col, Empty, InputNumber, Row, Segmented, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { fractionToPercent, lightPercent, percentToFraction, type Day, type Fen, type LoadedBundle, type PhasedUnit, type Problem, type ProfileKind } from '../../../plugin/index.js';
import { boardActuals, boardTracker } from '../board/boardModel.js';
import { LightBadge } from '../shared/charts/lights.js';
import { useBuildStore } from '../build/buildStore.js';
import type { Workspace } from '../build/workspace.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import { exactMoney } from './exactMoney.js';
import { periodLights, phaseCompany, phasingFile, phasingSettings, withUnitProfile, withUnitWeight, type PeriodLight } from './phasingModel.js';
import { creditData } from './sampleCredit.js';

const EChart = lazy(() => import('../shared/charts/EChart.js'));

type OwnChoice = 'default' | ProfileKind;

interface SubRow {
  key: string;
  label: string;
  days?: string;
  workingDays?: number;
  straddles?: boolean;
  weight?: number;
  share: number;
  base: number;
  stretch: number;
  light: PeriodLight | undefined;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export default function PhasingScreen({ bundle }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t, pick, lang } = useT();
  const { result, persona } = useCompany(bundle);
  const model = result.ok ? result.model : null;
  const commitFile = useBuildStore((s) => s.commitFile);
  const edits = useBuildStore((s) => s.flows.actualEdits);
  const made = useMemo(() => boardTracker(bundle), [bundle]);
  const tracker = made.ok ? made.tracker : null;
  const settings = useMemo(() => phasingSettings(bundle), [bundle]);
  const file = useMemo(() => phasingFile(bundle), [bundle]);
  const byMonth = useMemo(() => (model ? phaseCompany(bundle, model, 'month') : null), [bundle, model]);
  const byWeek = useMemo(() => (model ? phaseCompany(bundle, model, 'week') : null), [bundle, model]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ problems: Problem[]; count: number } | null>(null);
  const [resets, setResets] = useState(0);
  const ownByDay = useMemo(() => (model ? boardActuals(bundle, model, edits).byDay : new Map<string, Map<Day, Fen>>()), [bundle, model, edits]);

  const home = persona?.actor.unitId ?? null;
  const unitId = chosen ?? home;
  const lights = useMemo(() => {
    if (!model || !tracker || !unitId || !byMonth?.ok || !byWeek?.ok) return null;
    return periodLights(tracker, model, { month: byMonth.result, week: byWeek.result }, ownByDay, [unitId]).get(unitId) ?? null;
  }, [model, tracker, unitId, byMonth, byWeek, ownByDay]);

  // the weekly lights count the shared deals: their files refused by row and column are shown, not left out
  const creditProblems = creditData(bundle).problems;
  const problems = !result.ok ? result.problems : !made.ok ? made.problems : !settings.ok ? settings.problems : byMonth && !byMonth.ok ? byMonth.problems : creditProblems;
  if (!model || !persona || !tracker || !settings.ok || !byMonth?.ok || !byWeek?.ok || !unitId || !home || creditProblems.length) {
    return <WorkPage testId="phasing" title={t('nav.phasing')} persona={persona} problems={problems} />;
  }
  const tree = model.tree;
  const months = byMonth.result;
  const weeks = byWeek.result;
  const unit: PhasedUnit | undefined = months.units.find((u) => u.id === unitId);
  const weekUnit = weeks.units.find((u) => u.id === unitId);
  const own = settings.settings.units[unitId];
  const ownChoice: OwnChoice = own ? own.profile : 'default';
  const kindText = (k: ProfileKind) => t(`phasing.kind.${k}`);
  const monthLabel = (key: string) => (lang === 'zh' ? `${Number(key.slice(5, 7))}月` : new Date(`${key}-01T00:00:00Z`).toLocaleString('en', { month: 'short', timeZone: 'UTC' }));
  const weights = own?.profile === 'explicit' ? own.months : null;

  const refuse = (p: Problem[]) => { setRefused((r) => ({ problems: p, count: (r?.count ?? 0) + 1 })); setResets((n) => n + 1); };
  const choose = (choice: OwnChoice) => {
    if (!file || !unit) return;
    const spec = choice === 'default' ? null
      : choice === 'explicit' ? { profile: 'explicit' as const, months: months.months.reduce((acc, m, i) => { acc[Number(m.key.slice(5, 7)) - 1] = Math.round(unit.profile.shares[i]! * 1_000_000) / 1_000_000; return acc; }, [...settings.settings.explicit.months]) }
      : { profile: choice };
    const out = withUnitProfile(file, unitId, spec);
    if (!out.ok) { refuse(out.problems); return; }
    setRefused(null);
    commitFile(file.path, out.content);
  };
  const editWeight = (monthKey: string, value: number | null) => {
    if (!file || value === null || Number.isNaN(value)) return;
    // typed in percent, kept as a fraction
    const fraction = percentToFraction(value);
    const current = weights?.[Number(monthKey.slice(5, 7)) - 1];
    if (current === fraction) return;
    const out = withUnitWeight(file, settings.settings, months, unitId, monthKey, fraction);
    if (!out.ok) { refuse(out.problems); return; }
    setRefused(null);
    commitFile(file.path, out.content);
  };

  const monthRows: SubRow[] = unit ? months.months.map((m, i) => ({
    key: m.key, label: monthLabel(m.key), workingDays: m.workingDays,
    weight: weights ? fractionToPercent(weights[Number(m.key.slice(5, 7)) - 1]!) : Math.round(unit.profile.shares[i]! * 1_000_000) / 10_000,
    share: unit.profile.shares[i]!, base: unit.phasedBase.months[i]!, stretch: unit.phasedStretch.months[i]!,
    light: lights?.months.find((l) => l.key === m.key),
  })) : [];
  const weekRows: SubRow[] = weekUnit ? weeks.slots.map((s, i) => ({
    key: s.key, label: s.key, days: `${s.start.slice(5)} – ${s.end.slice(5)}`, workingDays: s.workingDays, straddles: s.straddles,
    share: weekUnit.slotShares[i]!, base: weekUnit.phasedBase.slots[i]!, stretch: weekUnit.phasedStretch.slots[i]!,
    light: lights?.weeks.find((l) => l.key === s.key),
  })) : [];

  const lightCell = (grain: 'month' | 'week') => (_: unknown, r: SubRow) => {
    const p = r.light?.progress;
    if (!p) return <Typography.Text type="secondary">{t('phasing.notStarted')}</Typography.Text>;
    return <LightBadge light={p.light} testId={`${grain}-light-${r.key}`} title={pick(p.explanation.base.branch)}
      text={`${t(`light.${p.light}`)} ${p.completionBase === null ? '' : lightPercent(p.explanation.base)}`} />;
  };
  const amountColumns = (grain: 'month' | 'week'): TableColumnsType<SubRow> => [
    { title: t('phasing.base'), key: 'base', align: 'right', width: 150, render: (_, r) => <span data-testid={`${grain}-base-${r.key}`}>{exactMoney(r.base)}</span> },
    { title: t('phasing.stretch'), key: 'stretch', align: 'right', width: 150, render: (_, r) => <span data-testid={`${grain}-stretch-${r.key}`}>{exactMoney(r.stretch)}</span> },
    { title: t('phasing.actual'), key: 'actual', align: 'right', width: 140, render: (_, r) => (r.light?.progress ? exactMoney(r.light.actual) : '—') },
    { title: t('phasing.light'), key: 'light', width: 130, render: lightCell(grain) },
  ];
  const monthColumns: TableColumnsType<SubRow> = [
    { title: t('phasing.month'), dataIndex: 'label', key: 'label', width: 70 },
    {
      title: t('phasing.weight'), key: 'weight', width: 120, render: (_, r) => (
        <InputNumber<number> size="small" style={{ width: 100 }} step={1} suffix="%" data-testid={`weight-${r.key}`} key={`${unitId}:${r.key}:${r.weight ?? ''}:${resets}`}
          defaultValue={r.weight} onBlur={(e) => editWeight(r.key, e.target.value === '' ? null : Number(e.target.value))}
          onPressEnter={(e) => editWeight(r.key, Number((e.target as HTMLInputElement).value))} />
      ),
    },
    { title: t('phasing.share'), key: 'share', align: 'right', width: 80, render: (_, r) => <span data-testid={`share-${r.key}`}>{pct(r.share)}</span> },
    ...amountColumns('month'),
  ];
  const weekColumns: TableColumnsType<SubRow> = [
    { title: t('phasing.week'), dataIndex: 'label', key: 'label', width: 100 },
    { title: t('phasing.days'), key: 'days', width: 170, render: (_, r) => <Space size={4} wrap={false}>{r.days}{r.straddles && <Tag color="purple">{t('phasing.straddles')}</Tag>}</Space> },
    { title: t('phasing.workingDays'), dataIndex: 'workingDays', key: 'wd', align: 'right', width: 80 },
    ...amountColumns('week'),
  ];
  const total = (rows: SubRow[], grain: 'month' | 'week', span: number) => () => (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0} colSpan={span}><b>{t('phasing.total')}</b></Table.Summary.Cell>
      <Table.Summary.Cell index={1} align="right"><b data-testid={`${grain}-base-total`}>{exactMoney(rows.reduce((a, r) => a + r.base, 0))}</b></Table.Summary.Cell>
      <Table.Summary.Cell index={2} align="right"><b data-testid={`${grain}-stretch-total`}>{exactMoney(rows.reduce((a, r) => a + r.stretch, 0))}</b></Table.Summary.Cell>
      <Table.Summary.Cell index={3} colSpan={2} />
    </Table.Summary.Row>
  );

  const visible = tree.subtree(home);
  const levelName = (l: string) => t(`level.${l}` as 'level.team');
  const differences = months.differences.filter((d) => d.parentId === unitId);
  const profile = unit?.profile;
  const defaultKind = kindText(settings.settings.profile);

  return (
    <WorkPage testId="phasing" title={t('nav.phasing')} subtitle={t('phasing.subtitle', { period: model.period.key, file: file?.path ?? 'parameters' })} persona={persona}>
      <Card size="small" className="work-card">
        <Space wrap size={16}>
          <Space>
            <Typography.Text strong>{t('phasing.unit')}</Typography.Text>
            <Select size="middle" showSearch optionFilterProp="label" value={unitId} onChange={(v: string) => { setChosen(v); setRefused(null); }} style={{ width: 260 }} data-testid="phasing-unit"
              options={visible.map((u) => ({ value: u.id, label: `${u.name} · ${levelName(u.level)}` }))} />
          </Space>
          <Typography.Text type="secondary">{t('phasing.defaultIs', { kind: defaultKind, level: levelName(settings.settings.referenceLevel) })}</Typography.Text>
        </Space>
      </Card>
      {refused && (
        <Alert className="work-card" type="error" showIcon data-testid="phasing-refused" closable onClose={() => setRefused(null)}
          message={t('phasing.refused')} description={refused.problems.map((p) => <div key={`${p.code}${p.pointer ?? ''}`}>{pick(p.message)}</div>)} />
      )}
      {!unit || !profile ? <Card size="small"><Empty /></Card> : (
        <>
          <Card size="small" title={`${unit.name} · ${t('phasing.profile')}`} className="work-card" data-testid="phasing-profile">
            <Row gutter={[24, 8]}>
              <Col xs={24} lg={11}>
                <Space direction="vertical" size={10} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <Tag color="blue" data-testid="profile-kind" data-kind={profile.kind}>{kindText(profile.kind)}</Tag>
                    <Tag>{profile.source === 'inherited' ? t('phasing.source.inherited', { from: tree.get(profile.from)?.name ?? profile.from }) : t(`phasing.source.${profile.source}`)}</Tag>
                    {profile.years && <Tag>{t('phasing.years', { years: profile.years.join(lang === 'zh' ? '、' : ', ') })}</Tag>}
                  </Space>
                  {profile.note && <Typography.Text type="secondary">{pick(profile.note)}</Typography.Text>}
                  <Segmented<OwnChoice> size="small" value={ownChoice} onChange={choose} data-testid="profile-choice"
                    options={[
                      { value: 'default', label: t('phasing.default') },
                      { value: 'history', label: t('phasing.short.history') },
                      { value: 'explicit', label: t('phasing.short.explicit') },
                      { value: 'working-days', label: t('phasing.short.working-days') },
                    ]} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('phasing.editHint')}</Typography.Text>
                  {differences.length > 0 && (
                    <Alert type="info" showIcon data-testid="phasing-differences" message={<span style={{ fontSize: 13 }}>{t('phasing.differences', { count: differences.length })}</span>}
                      description={<span style={{ fontSize: 12 }}>{pick(months.reference.message)}</span>} />
                  )}
                </Space>
              </Col>
              <Col xs={24} lg={13}>
                <Suspense fallback={<Spin className="chart-loading" />}>
                  <EChart height={200} testId="echart-profile" option={{
                    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
                    grid: { left: 40, right: 8, top: 24, bottom: 24 },
                    xAxis: { type: 'category', data: months.months.map((m) => monthLabel(m.key)) },
                    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
                    series: [{ type: 'bar', barWidth: '50%', data: profile.shares.map((s) => Math.round(s * 10_000) / 100), itemStyle: { color: '#3370ff' },
                      label: { show: true, position: 'top', formatter: '{c}%', fontSize: 11 } }],
                  }} />
                </Suspense>
              </Col>
            </Row>
          </Card>
          <Card size="small" title={`${t('phasing.shares')} · ${t('phasing.lightsMonths')}`} className="work-card">
            <Table<SubRow> size="small" rowKey="key" pagination={false} dataSource={monthRows} columns={monthColumns} data-testid="phasing-months"
              scroll={{ x: 'max-content' }} summary={total(monthRows, 'month', 3)} />
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>{t('phasing.lightsNote', { asOf: model.asOf })}</Typography.Paragraph>
          </Card>
          <Card size="small" className="work-card" title={`${t('phasing.weeks')} · ${t('phasing.lightsWeeks')}`}>
            <Table<SubRow> size="small" rowKey="key" pagination={false} dataSource={weekRows} columns={weekColumns} data-testid="phasing-weeks"
              scroll={{ x: 'max-content' }} summary={total(weekRows, 'week', 3)} />
          </Card>
        </>
      )}
    </WorkPage>
  );
}
