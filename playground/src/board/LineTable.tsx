/**
 * Product-line columns of the board (产品线进度): per unit, each line's target, actual, light
 * and gap, and the total, as the plugin's `trackProductLines` gives them over the targets split
 * by `splitByProductLine`. Same rows as the units table; actuals without a line (an edit's
 * difference) count in the total only.
 */
import { Card, Segmented, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { lightPercent, type OrgTree, type AllocationUnitInput, type UnitProgress } from '../../../plugin/index.js';
import { money } from '../company/format.js';
import { useT } from '../i18n/useT.js';
import type { LineBoard } from './boardModel.js';
import { LightBadge } from '../shared/charts/lights.js';

interface LineRow { id: string; name: string; children?: LineRow[] }

export function LineTable({ board, tree, roots, depthOf }: {
  board: LineBoard; tree: OrgTree<AllocationUnitInput>; roots: readonly string[]; depthOf: (id: string) => number;
}) {
  const { t, pick } = useT();
  // all lines side by side, or one line next to the total (fits a laptop screen without scrolling)
  const [shown, setShown] = useState<string>('all');
  const total = new Map(board.progress.total.map((p) => [p.id, p]));
  const groups: Array<{ key: string; title: string; progress: ReadonlyMap<string, UnitProgress> }> = [
    ...board.lines.map((l) => ({ key: l.id, title: pick(l.name), progress: board.byLine.get(l.id) ?? new Map<string, UnitProgress>() })),
    { key: 'total', title: t('board.lineTotal'), progress: total },
  ];
  const toRow = (id: string, depth: number): LineRow => {
    const kids = depth < 3 ? tree.children(id).map((c) => toRow(c.id, depth + 1)) : [];
    const name = tree.get(id)?.name ?? id;
    return kids.length ? { id, name, children: kids } : { id, name };
  };
  const rows = roots.map((id) => toRow(id, depthOf(id)));
  const shownGroups = shown === 'all' ? groups : groups.filter((g) => g.key === shown || g.key === 'total');
  const cell = (g: (typeof groups)[number], id: string) => g.progress.get(id);
  const columns: TableColumnsType<LineRow> = [
    { title: t('sim.unit'), dataIndex: 'name', key: 'name', width: 140, fixed: 'left' },
    ...shownGroups.map((g) => ({
      title: g.title, key: g.key,
      children: [
        { title: t('board.lineTarget'), key: `${g.key}-target`, align: 'right' as const, width: 100, render: (_: unknown, r: LineRow) => <span data-testid={`line-${g.key}-target-${r.id}`}>{money(cell(g, r.id)?.base)}</span> },
        { title: t('phasing.actual'), key: `${g.key}-actual`, align: 'right' as const, width: 105, render: (_: unknown, r: LineRow) => <span data-testid={`line-${g.key}-actual-${r.id}`}>{money(cell(g, r.id)?.actual)}</span> },
        {
          title: t('board.light'), key: `${g.key}-light`, width: 90, render: (_: unknown, r: LineRow) => {
            const p = cell(g, r.id);
            return p ? <LightBadge light={p.light} testId={`line-${g.key}-light-${r.id}`} title={pick(p.explanation.base.branch)} text={lightPercent(p.explanation.base)} /> : '—';
          },
        },
        { title: t('board.gap'), key: `${g.key}-gap`, align: 'right' as const, width: 100, render: (_: unknown, r: LineRow) => <span data-testid={`line-${g.key}-gap-${r.id}`}>{money(cell(g, r.id)?.gapBase)}</span> },
      ],
    })),
  ];
  return (
    <Card size="small" className="work-card" title={t('board.lines')} data-testid="line-card" extra={
      <Segmented<string> size="small" value={shown} onChange={setShown} data-testid="line-choice"
        options={[{ value: 'all', label: t('board.linesAll') }, ...board.lines.map((l) => ({ value: l.id, label: pick(l.name) }))]} />
    }>
      <Table<LineRow> size="small" rowKey="id" pagination={false} dataSource={rows} columns={columns} bordered
        scroll={{ x: 'max-content', y: 420 }} data-testid="line-table" />
      {board.progress.unassigned !== 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }} data-testid="line-unassigned">
          {t('board.lineUnassigned', { amount: money(board.progress.unassigned) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
