/**
 * 通知: the day's planned notices of the sample company (who gets what, by the runtime's
 * `dayNotices`), each manager's weekly digest, a test message per channel, and the
 * playground's delivery log of those tests.
 * The honest split: a browser page cannot hold a robot's key or an SMTP password, and a strict
 * host's CSP lets it talk to its own origin only. So a test goes to a relay URL the host serves
 * (it signs and forwards) when one is given, and otherwise the screen shows the exact body that
 * would be sent and logs it as not sent. Real deliveries are the CLI's and NocoBase's.
 */
import { LinkOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { shanghaiIso, type LoadedBundle, type Notice } from '../../../plugin/index.js';
import type { Workspace } from '../build/workspace.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import type { MessageKey } from '../i18n/messages.js';
import { CHANNELS, noticeTitle, plannedNotices, testPayload, type ChannelType } from './notifyModel.js';
import { useNotifyLog, type TestEntry, type TestStatus } from './notifyLog.js';

interface Row { key: string; notice: Notice; recipient: string; as: string; held: boolean }

const STATUS_COLOUR: Record<TestStatus, string> = { delivered: 'green', failed: 'red', waiting: 'blue', 'dry-run': 'default' };

export default function NotifyScreen({ bundle }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t, lang } = useT();
  const { result, persona } = useCompany(bundle);
  const day = result.ok ? result.model.asOf : null;
  const planned = useMemo(() => (day ? plannedNotices(bundle, day) : null), [bundle, day]);
  const { entries, add, settle, clear } = useNotifyLog();
  const [relay, setRelay] = useState<Partial<Record<ChannelType, string>>>({});
  const [shown, setShown] = useState<{ channel: ChannelType; payload: string } | null>(null);
  const [digestUnit, setDigestUnit] = useState<string | null>(null);

  const problems = !result.ok ? result.problems : planned && !planned.ok ? planned.problems : [];
  if (!planned?.ok || !persona) return <WorkPage testId="notify" title={t('nav.notify')} persona={persona} problems={problems} />;
  const { plan, digests } = planned;
  const digest = digests.find((d) => d.unitId === digestUnit) ?? digests[0];
  const rows: Row[] = [...plan.send.map((n) => [n, false] as const), ...plan.held.map((n) => [n, true] as const)]
    .flatMap(([n, held]) => n.recipients.map((r) => ({ key: `${n.key}>${r.id}`, notice: n, recipient: `${r.name} (${r.id})`, as: r.as, held })));
  const people = new Set(rows.map((r) => r.recipient)).size;
  const sample = plan.send[0] ?? plan.held[0];
  const channelName = (c: ChannelType) => t(`notify.channel.${c}` as MessageKey);

  const sendTest = async (channel: ChannelType) => {
    if (!sample) return;
    const payload = testPayload(channel, sample, lang, t('notify.testTitle'));
    const entry: TestEntry = {
      id: `${Date.now()}-${channel}`, at: shanghaiIso(Date.now()), channel: channelName(channel),
      to: sample.recipients.map((r) => r.name).join('、'), what: noticeTitle(sample.text[lang], sample.kind), status: 'waiting',
    };
    const url = relay[channel]?.trim();
    if (!url) {
      setShown({ channel, payload: JSON.stringify(payload, null, 2) });
      add({ ...entry, status: 'dry-run' });
      return;
    }
    setShown(null);
    add(entry);
    try {
      const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel, payload }) });
      settle(entry.id, r.ok ? 'delivered' : 'failed', r.ok ? undefined : `HTTP ${r.status}`);
    } catch (e) {
      settle(entry.id, 'failed', e instanceof Error ? e.message : 'network');
    }
  };

  const plannedColumns: TableColumnsType<Row> = [
    { title: t('notify.recipient'), key: 'recipient', width: 180, render: (_, r) => <Space direction="vertical" size={0}><span>{r.recipient}</span><Typography.Text type="secondary">{r.as === 'self' ? t('notify.as.self') : r.as === 'manager' ? t('notify.as.manager') : r.as}</Typography.Text></Space> },
    { title: t('notify.kind'), key: 'kind', width: 160, render: (_, r) => <Tag>{t(`notify.kind.${r.notice.kind}` as MessageKey)}</Tag> },
    // the link apart, as an icon: a relative address read as words would be noise in either language
    { title: t('notify.text'), key: 'text', render: (_, r) => <>{r.notice.text[lang].split(r.notice.link).join('').trim()} <LinkOutlined title={t('notify.link', { link: r.notice.link })} data-link={r.notice.link} /></> },
    { title: t('notify.state'), key: 'state', width: 140, render: (_, r) => (r.held ? <Tag color="orange">{t('notify.state.held', { until: plan.notBefore ?? '' })}</Tag> : <Tag color="blue">{t('notify.state.planned')}</Tag>) },
  ];
  const logColumns: TableColumnsType<TestEntry> = [
    { title: t('notify.at'), dataIndex: 'at', key: 'at', width: 200 },
    { title: t('notify.channel'), dataIndex: 'channel', key: 'channel', width: 170 },
    { title: t('notify.to'), dataIndex: 'to', key: 'to' },
    { title: t('notify.what'), dataIndex: 'what', key: 'what' },
    { title: t('notify.status'), key: 'status', width: 200, render: (_, e) => <Tag color={STATUS_COLOUR[e.status]} data-testid="log-status">{t(`notify.status.${e.status}` as MessageKey)}{e.detail ? ` · ${e.detail}` : ''}</Tag> },
  ];

  return (
    <WorkPage testId="notify" title={t('nav.notify')} persona={persona} subtitle={t('notify.subtitle', { day: planned.asOf, notices: plan.send.length + plan.held.length, people })}>
      <Card size="small" className="work-card" title={t('notify.channels')}>
        <Typography.Paragraph type="secondary">{t('notify.channelsHint')}</Typography.Paragraph>
        <Space direction="vertical" style={{ width: '100%' }}>
          {CHANNELS.map((c) => (
            <Space key={c} wrap data-testid={`channel-${c}`}>
              <Typography.Text strong style={{ display: 'inline-block', width: 180 }}>{channelName(c)}</Typography.Text>
              <Input style={{ width: 320 }} placeholder={t('notify.relay')} aria-label={`${channelName(c)} ${t('notify.relay')}`} value={relay[c] ?? ''}
                onChange={(e) => setRelay((r) => ({ ...r, [c]: e.target.value }))} />
              <Button onClick={() => { void sendTest(c); }} disabled={!sample} data-testid={`send-test-${c}`}>{t('notify.sendTest')}</Button>
            </Space>
          ))}
        </Space>
        {shown && (
          <div data-testid="test-payload" style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">{t('notify.payload', { channel: channelName(shown.channel) })}</Typography.Text>
            <pre style={{ whiteSpace: 'pre-wrap', background: '#f6f8fa', padding: 8, margin: 0 }}>{shown.payload}</pre>
          </div>
        )}
      </Card>
      <Card size="small" className="work-card" title={t('notify.log')} extra={<Button size="small" onClick={clear} disabled={!entries.length}>{t('notify.clearLog')}</Button>}>
        <Table<TestEntry> size="small" rowKey="id" dataSource={entries} columns={logColumns} pagination={{ pageSize: 5 }} data-testid="delivery-log"
          locale={{ emptyText: t('notify.logEmpty') }} />
      </Card>
      {digest && (
        <Card size="small" className="work-card" title={t('notify.digest', { count: digests.length })} data-testid="weekly-digest"
          extra={<Select showSearch optionFilterProp="label" size="small" style={{ width: 220 }} aria-label={t('notify.digestFor')} value={digest.unitId}
            options={digests.map((d) => ({ value: d.unitId, label: `${d.unitName} (${d.unitId})` }))} onChange={setDigestUnit} />}>
          <Typography.Paragraph type="secondary">{t('notify.digestHint')}</Typography.Paragraph>
          <Typography.Text strong data-testid="digest-title">{digest.title[lang]}</Typography.Text>
          <pre data-testid="digest-text" style={{ whiteSpace: 'pre-wrap', background: '#f6f8fa', padding: 8, margin: '8px 0 0', maxHeight: 320, overflow: 'auto' }}>{digest.text[lang]}</pre>
        </Card>
      )}
      <Card size="small" className="work-card" title={t('notify.planned')} extra={<Tag>{rows.length}</Tag>}>
        <Table<Row> size="small" rowKey="key" dataSource={rows} columns={plannedColumns} pagination={{ pageSize: 8, showSizeChanger: false }} data-testid="planned-notices" />
      </Card>
    </WorkPage>
  );
}
