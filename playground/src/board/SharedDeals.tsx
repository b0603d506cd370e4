/**
 * A person's shared deals (共享订单分成) on the board: each order he shares with others, its
 * amount, his share (a fraction, shown as a percent) and the amount credited to him (plugin `creditBreakdown`, exact to the
 * 分), and who else holds a part.
 */
import { Card, Empty, Table, Typography, type TableColumnsType } from 'antd';
import { creditBreakdown, fractionToPercent, type AllocationUnitInput, type Credit, type OrgTree, type ProductLine } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import { exactMoney } from '../phasing/exactMoney.js';

interface DealRow { key: string; credit: Credit; partners: string }

export function SharedDeals({ personId, personName, credits, tree, lines }: {
  personId: string; personName: string; credits: readonly Credit[]; tree: OrgTree<AllocationUnitInput>; lines: readonly ProductLine[];
}) {
  const { t, pick, lang } = useT();
  const mine = creditBreakdown(credits, personId).filter((c) => c.shared);
  const rows: DealRow[] = mine.map((c) => ({
    key: c.orderId, credit: c,
    partners: credits.filter((o) => o.orderId === c.orderId && o.id !== personId).map((o) => `${tree.get(o.id)?.name ?? o.id} ${fractionToPercent(o.share)}%`).join(lang === 'zh' ? '、' : ', '),
  }));
  const lineName = (id: string | undefined) => { const l = lines.find((x) => x.id === id); return l ? pick(l.name) : (id ?? '—'); };
  const sub = { fontSize: 12, color: 'rgba(0, 0, 0, 0.45)' };
  const columns: TableColumnsType<DealRow> = [
    {
      // the order id on one line: at 390 px the fixed amount columns left it one character a line
      title: t('board.order'), key: 'order', width: 200, render: (_, r) => (
        <div>
          <span style={{ whiteSpace: 'nowrap' }}>{r.credit.orderId}</span>
          <div style={sub}>{r.credit.date ?? ''} · {lineName(r.credit.line)}</div>
          <div style={sub}>{t('board.partners', { names: r.partners })}</div>
        </div>
      ),
    },
    { title: t('board.sharePercent'), key: 'percent', align: 'right', width: 80, render: (_, r) => <span data-testid={`share-percent-${r.key}`}>{`${fractionToPercent(r.credit.share)}%`}</span> },
    { title: t('board.credited'), key: 'credited', align: 'right', width: 120, render: (_, r) => <b data-testid={`share-credited-${r.key}`}>{exactMoney(r.credit.amount)}</b> },
    { title: t('board.orderAmount'), key: 'amount', align: 'right', width: 120, render: (_, r) => exactMoney(r.credit.orderAmount) },
  ];
  return (
    <Card size="small" className="chart-card" title={t('board.sharedDeals', { name: personName })} data-testid="shared-deals">
      {rows.length === 0 ? <Empty description={t('board.sharedNone')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
        <Table<DealRow> size="small" rowKey="key" pagination={false} dataSource={rows} columns={columns} scroll={{ x: 520, y: 300 }} data-testid="shared-deals-table"
          rowClassName={() => 'shared-deal-row'} />
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>{t('board.sharedNote')}</Typography.Paragraph>
    </Card>
  );
}
