/**
 * The board's card of what the persona acts on (本职视图): the escalation levels and target-health
 * reviews in his view, the rolling forecast, the bonus at the present pace and the points of the
 * units he manages (a rep: himself; a head: his teams; HQ: the regions), with the month's top
 * places. Figures from roleWork.ts, which takes them from the runtime's use cases, worked out in
 * the board's worker run; this card only lays them out.
 */
import { Card, Col, List, Row, Skeleton, Tag, Typography } from 'antd';
import { memo } from 'react';
import { formatYuanGrouped, type Fen } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import { DataTable, type DataColumn } from '../shared/table/DataTable.js';
import { RunSign } from '../shared/worker/RunSign.js';
import type { RoleFigures } from '../shared/worker/tasks.js';
import type { Computed } from '../shared/worker/useComputed.js';
import { useBoardT } from './boardMessages.js';
import type { RoleAlert, RoleBonus, RolePoints } from './roleWork.js';

type PointsRow = RolePoints['units'][number];

export function RoleWork({ run, isRep }: { run: Computed<'roleWork'>; isRep: boolean }) {
  const b = useBoardT();
  // the figures shown are the last run's while a new one is worked out (its sign above them)
  if (!run.result) {
    return (
      <Card size="small" className="work-card" title={b('board.roleWork')} data-testid="role-work-pending">
        <RunSign run={run} testId="role-run" />
        {run.progress && <Skeleton active />}
      </Card>
    );
  }
  return (
    <Card size="small" className="work-card" title={b('board.roleWork')} data-testid="role-work">
      <RunSign run={run} testId="role-run" />
      <RoleFigureCards figures={run.result} isRep={isRep} />
    </Card>
  );
}

/** The card's tables, memoised: a run's progress messages re-render its sign, not these. */
const RoleFigureCards = memo(function RoleFigureCards({ figures, isRep }: { figures: RoleFigures; isRep: boolean }) {
  const { pick } = useT();
  const b = useBoardT();
  const { alerts, forecasts, bonuses, points } = figures;

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

  const pointsColumns: Array<DataColumn<PointsRow>> = [
    { key: 'unit', title: b('board.alertUnit'), width: 120, text: (r) => r.unit },
    ...(isRep ? [] : [{ key: 'people', title: b('board.pointsPeople'), align: 'right' as const, width: 90, text: (r: PointsRow) => String(r.people), sort: (r: PointsRow) => r.people }]),
    { key: 'balance', title: b('board.pointsBalance'), align: 'right', width: 110, text: (r) => String(r.balance), sort: (r) => r.balance,
      render: (r) => <span data-testid={`points-balance-${r.unitId}`}>{r.balance}</span> },
    { key: 'month', title: b('board.pointsMonth'), align: 'right', width: 110, text: (r) => String(r.monthPoints), sort: (r) => r.monthPoints,
      render: (r) => <span data-testid={`points-month-${r.unitId}`}>{r.monthPoints}</span> },
  ];

  return (
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
      {points && (
        <Col xs={24} xl={14}>
          <Card size="small" type="inner" title={b('board.points', { month: points.month })} data-testid="points-card">
            <DataTable<PointsRow> testId="points-table" title={b('board.points', { month: points.month })} rowKey={(r) => r.unitId} rows={points.units} columns={pointsColumns} pageSize={10} />
            <Typography.Paragraph type="secondary" className="chart-note" data-testid="points-note">{points.mapped ? b('board.pointsNote', { posted: points.posted }) : b('board.pointsUnmapped')}</Typography.Paragraph>
          </Card>
        </Col>
      )}
      {points && (
        <Col xs={24} xl={10}>
          <Card size="small" type="inner" title={b('board.pointsTop', { month: points.month })} data-testid="points-top">
            <List size="small" dataSource={points.top} locale={{ emptyText: b('board.pointsNone') }} renderItem={(r) => (
              <List.Item data-testid="points-top-person" data-person={r.person} data-points={r.points}>
                <Tag color={r.place === 1 ? 'gold' : 'blue'}>{b('board.place', { place: r.place })}</Tag>{r.name}
                <Typography.Text strong style={{ marginLeft: 'auto' }}>{r.points}</Typography.Text>
              </List.Item>
            )} />
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
  );
});
