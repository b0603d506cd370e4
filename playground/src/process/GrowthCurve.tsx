/**
 * A person's weekly growth curve (个人成长曲线): one line chart per indicator, week by week, with
 * the team median beside it, both from the plugin's weekly curve (`IndicatorResults.weekly`,
 * already scoped to the persona), and above the charts the person's values on the last day of the
 * data (`IndicatorResults.daily`), where a visit logged today shows first. The person picker offers whom the persona may see: a rep only
 * himself, a head his subtree, HQ everyone. Each chart switches to a table of the same numbers
 * (the board's ChartCard; echarts is loaded with the first chart, never with the first screen).
 */
import { Card, Col, Empty, Row, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { IndicatorDef, IndicatorResults, WeeklyPoint } from '../../../plugin/index.js';
import { ChartCard } from '../shared/charts/ChartCard.js';
import type { ChartOption } from '../shared/charts/EChart.js';
import { useT } from '../i18n/useT.js';
import './process.css';

const round = (x: number | null) => (x === null ? null : Number(x.toFixed(2)));

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(round(x)));

/** The person's value of each indicator on one day (a day without a row has no activity: '—'). */
function DayValues({ row, date, who, indicators, label }: { row: IndicatorResults['daily'][number] | undefined; date: string; who: string; indicators: readonly IndicatorDef[]; label?: (name: string, date: string) => string }) {
  const { t, pick } = useT();
  return (
    <div className="process-day-values" data-testid="day-values" data-date={date}>
      <Typography.Text type="secondary">{label ? label(who, date) : t('process.dayValues', { name: who, date })}</Typography.Text>
      <div className="process-day-values-list">
        {indicators.map((d) => (
          <span key={d.id} className="process-day-value" data-testid={`day-value-${d.id}`} data-value={row?.values[d.id] ?? ''}>
            {pick(d.name)} <Typography.Text strong>{fmt(row?.values[d.id])}</Typography.Text>
          </span>
        ))}
      </div>
    </div>
  );
}

export function GrowthCurve({ weekly, daily, lastDay, indicators, name, self, dayLabel }: {
  weekly: readonly WeeklyPoint[]; daily: IndicatorResults['daily']; lastDay: string | null; indicators: readonly IndicatorDef[]; name: (id: string) => string; self: string | null;
  /** The last day's caption, when the default (which mentions visits logged on the phone) does not fit the role. */
  dayLabel?: (name: string, date: string) => string;
}) {
  const { t, pick } = useT();
  const people = useMemo(() => [...new Set(weekly.map((w) => w.personId))].sort((a, b) => name(a).localeCompare(name(b), 'zh-CN') || (a < b ? -1 : 1)), [weekly, name]);
  const [chosen, setChosen] = useState<string | null>(null);
  const person = chosen !== null && people.includes(chosen) ? chosen : self !== null && people.includes(self) ? self : people[0] ?? null;
  if (person === null) return <Card size="small" className="work-card" title={t('process.curve')}><Empty description={t('process.noCurve')} /></Card>;

  const mine = weekly.filter((w) => w.personId === person);
  const weeks = [...new Set(mine.map((w) => w.week))].sort();
  const who = name(person);
  return (
    <Card size="small" className="work-card" title={t('process.curve')} data-testid="growth-curve" data-person={person}
      extra={<Select size="small" showSearch optionFilterProp="label" value={person} onChange={setChosen} disabled={people.length < 2}
        data-testid="curve-person" aria-label={t('process.curvePerson')} style={{ minWidth: 120 }}
        options={people.map((id) => ({ value: id, label: name(id) }))} />}>
      {lastDay !== null && <DayValues row={daily.find((r) => r.personId === person && r.date === lastDay)} date={lastDay} who={who} indicators={indicators} {...(dayLabel ? { label: dayLabel } : {})} />}
      <Row gutter={[12, 12]}>
        {indicators.map((d) => {
          const points = new Map(mine.filter((w) => w.indicator === d.id).map((w) => [w.week, w]));
          const values = weeks.map((w) => round(points.get(w)?.value ?? null));
          const medians = weeks.map((w) => round(points.get(w)?.teamMedian ?? null));
          const option: ChartOption = {
            grid: { left: 40, right: 12, top: 28, bottom: 24 },
            tooltip: { trigger: 'axis' },
            legend: { top: 0, data: [who, t('process.teamMedian')] },
            xAxis: { type: 'category', data: weeks.map((w) => w.replace(/^\d{4}-/, '')) },
            yAxis: { type: 'value' },
            series: [
              { name: who, type: 'line', data: values, connectNulls: true, symbolSize: 5 },
              { name: t('process.teamMedian'), type: 'line', data: medians, connectNulls: true, symbol: 'none', lineStyle: { type: 'dashed' } },
            ],
          };
          const rows = weeks.map((w, i) => ({ key: w, week: w, value: values[i] ?? '—', median: medians[i] ?? '—' }));
          return (
            <Col key={d.id} xs={24} md={12} xl={8}>
              <ChartCard name={`curve-${d.id}`} title={pick(d.name)} option={option} height={220} table={{
                columns: [
                  { title: t('process.week'), dataIndex: 'week', key: 'week' },
                  { title: who, dataIndex: 'value', key: 'value', align: 'right' },
                  { title: t('process.teamMedian'), dataIndex: 'median', key: 'median', align: 'right' },
                ],
                rows,
              }} />
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
