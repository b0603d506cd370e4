/** A chart with its numbers: a switch between the chart and a table of the same data. */
import { Card, Segmented, Spin, Table, type TableColumnsType } from 'antd';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useT } from '../../i18n/useT.js';
import type { ChartOption } from './EChart.js';

const EChart = lazy(() => import('./EChart.js'));

interface ChartTable {
  columns: TableColumnsType<Record<string, unknown>>;
  rows: Array<Record<string, unknown>>;
}

/** `footer`: a note under the chart or its table, inside the card. */
export function ChartCard({ name, title, option, table, extra, height, footer }: {
  name: string; title: ReactNode; option: ChartOption; table: ChartTable; extra?: ReactNode; height?: number; footer?: ReactNode;
}) {
  const { t } = useT();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Card size="small" title={title} data-testid={`chart-${name}`} className="chart-card" extra={
      <span className="chart-extra">
        {extra}
        <Segmented<'chart' | 'table'> size="small" value={view} onChange={setView} data-testid={`chart-toggle-${name}`}
          options={[{ value: 'chart', label: t('board.chart') }, { value: 'table', label: t('board.table') }]} />
      </span>
    }>
      {view === 'chart' ? (
        <Suspense fallback={<Spin className="chart-loading" />}><EChart option={option} height={height ?? 300} testId={`echart-${name}`} /></Suspense>
      ) : (
        <Table size="small" rowKey="key" pagination={false} scroll={{ x: 'max-content', y: height ?? 300 }}
          data-testid={`chart-table-${name}`} columns={table.columns} dataSource={table.rows} />
      )}
      {footer}
    </Card>
  );
}
