/**
 * The board's card of what the persona acts on (本职视图): the escalation levels and target-health
 * reviews in his view, the rolling forecast and the bonus at the present pace of the units he
 * manages (a rep: himself; a head: his teams; HQ: the regions). Figures from roleWork.ts, which
 * takes them from the runtime's use cases; this card only lays them out.
 */
import { Card, Col, Row, Skeleton, Tag } from 'antd';
import { startTransition, useEffect, useMemo, useState } from 'react';
import { formatYuanGrouped, type Day, type Fen, type LoadedBundle, type TimeProfile, type UnitProgress } from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { useT } from '../i18n/useT.js';
import { DataTable, type DataColumn } from '../shared/table/DataTable.js';
import { boardAlerts } from './boardModel.js';
import { useBoardT } from './boardMessages.js';
import { roleAlerts, roleBonuses, roleForecasts, type RoleAlert, type RoleBonus } from './roleWork.js';

interface RoleWorkProps {
  bundle: LoadedBundle;
  model: CompanyModel;
  progress: ReadonlyMap<string, UnitProgress>;
  byDay: ReadonlyMap<string, ReadonlyMap<Day, Fen>>;
  timelines: ReadonlyMap<string, TimeProfile> | undefined;
  /** The persona's own unit. */
  home: string;
  /** The units he manages (a rep: himself). */
  unitIds: readonly string[];
  isRep: boolean;
}

type Figures = Pick<RoleWorkProps, 'bundle' | 'model' | 'progress' | 'byDay' | 'timelines' | 'home' | 'unitIds'>;

export function RoleWork(props: RoleWorkProps) {
  // the alerts, forecasts and bonuses of a whole company take a second or two: worked out after
  // the board has painted and outside a click's own update (a transition), so an edit or a
  // restore on the board answers at once and this card follows
  const { bundle, model, progress, byDay, timelines, home, unitIds } = props;
  const [inputs, setInputs] = useState<Figures | null>(null);
  useEffect(() => {
    const id = setTimeout(() => startTransition(() => setInputs({ bundle, model, progress, byDay, timelines, home, unitIds })), 0);
    return () => clearTimeout(id);
  }, [bundle, model, progress, byDay, timelines, home, unitIds]);
  const b = useBoardT();
  if (!inputs) return <Card size="small" className="work-card" title={b('board.roleWork')} data-testid="role-work-pending"><Skeleton active /></Card>;
  return <RoleFigures {...inputs} isRep={props.isRep} />;
}

function RoleFigures({ bundle, model, progress, byDay, timelines, home, unitIds, isRep }: RoleWorkProps) {
  const { pick } = useT();
  const b = useBoardT();
  const raised = useMemo(() => boardAlerts(bundle, model, byDay as Map<string, Map<Day, Fen>>, timelines), [bundle, model, byDay, timelines]);
  const alerts = useMemo(() => roleAlerts(raised, model, home), [raised, model, home]);
  const forecasts = useMemo(() => roleForecasts(bundle, model, byDay, unitIds), [bundle, model, byDay, unitIds]);
  const bonuses = useMemo(() => roleBonuses(bundle, model, progress, unitIds), [bundle, model, progress, unitIds]);

  const levelText = (l: RoleAlert['level']) => (l === 'health' ? b('board.levelHealth') : b(`board.level${l}`));
  const alertColumns: Array<DataColumn<RoleAlert>> = [
    { key: 'unit', title: b('board.alertUnit'), width: 140, text: (a) => a.unit },
    { key: 'level', title: b('board.alertLevel'), width: 140, filter: true, text: (a) => levelText(a.level),
      render: (a) => <Tag color={a.level === 'health' ? 'purple' : a.level === 3 ? 'red' : a.level === 2 ? 'orange' : 'blue'} data-testid={`alert-level-${a.unitId}`}>{levelText(a.level)}</Tag> },
    { key: 'since', title: b('board.alertSince'), width: 110, text: (a) => a.since },
    { key: 'open', title: b('board.alertOpen'), width: 90, filter: true, text: (a) => (a.open ? b('board.open') : b('board.cleared')) },
    { key: 'why', title: b('board.alertWhy'), text: (a) => pick(a.why), sort: false },
  ];
  const months = forecasts?.[0]?.months.map((m) => m.month) ?? [];
  type ForecastRow = { unitId: string; unit: string; amounts: Map<string, Fen> };
  const forecastRows: ForecastRow[] = (forecasts ?? []).map((f) => ({ unitId: f.unitId, unit: f.unit, amounts: new Map(f.months.map((m) => [m.month, m.amount])) }));
  const forecastColumns: Array<DataColumn<ForecastRow>> = [
    { key: 'unit', title: b('board.alertUnit'), width: 120, fixed: 'left', text: (r) => r.unit },
    ...months.map((m) => ({ key: m, title: m, align: 'right' as const, width: 130, text: (r: ForecastRow) => formatYuanGrouped(r.amounts.get(m) ?? 0), fen: (r: ForecastRow) => r.amounts.get(m) ?? null })),
  ];
  const bonusColumns: Array<DataColumn<RoleBonus>> = [
    { key: 'unit', title: b('board.alertUnit'), width: 120, text: (r) => r.unit },
    ...(isRep ? [] : [{ key: 'reps', title: b('board.reps'), align: 'right' as const, width: 70, text: (r: RoleBonus) => String(r.reps), sort: (r: RoleBonus) => r.reps }]),
    { key: 'projected', title: b('board.projected'), align: 'right', width: 150, text: (r) => formatYuanGrouped(r.projected), fen: (r) => r.projected },
    { key: 'bonus', title: b('board.bonusAmount'), align: 'right', width: 130, text: (r) => formatYuanGrouped(r.bonus), fen: (r) => r.bonus,
      render: (r) => <span data-testid={`bonus-${r.unitId}`}>{formatYuanGrouped(r.bonus)}</span> },
  ];

  return (
    <Card size="small" className="work-card" title={b('board.roleWork')} data-testid="role-work">
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" type="inner" title={b('board.alerts')}>
            <DataTable<RoleAlert> testId="alerts-table" title={b('board.alerts')} rowKey={(a) => a.key} rows={alerts} columns={alertColumns} pageSize={10} scroll={{ x: 800 }} />
          </Card>
        </Col>
        {forecasts && (
          <Col xs={24} xl={14}>
            <Card size="small" type="inner" title={b('board.forecast')}>
              <DataTable<ForecastRow> testId="forecast-table" title={b('board.forecast')} rowKey={(r) => r.unitId} rows={forecastRows} columns={forecastColumns} pageSize={10} scroll={{ x: 120 + 130 * months.length }} />
            </Card>
          </Col>
        )}
        {bonuses && (
          <Col xs={24} xl={10}>
            <Card size="small" type="inner" title={b('board.bonus')}>
              <DataTable<RoleBonus> testId="bonus-table" title={b('board.bonus')} rowKey={(r) => r.unitId} rows={bonuses} columns={bonusColumns} pageSize={10} />
            </Card>
          </Col>
        )}
      </Row>
    </Card>
  );
}
