/**
 * TargetKitPhasing (目标分解到月、周): a unit's period target split into months or weeks by the
 * runtime's phasing over the stored history, each sub-period's phased Base and Stretch beside
 * its actual and light, and the period to date (`targetKit:phasing`; the server decides every
 * figure and the units the viewer may pick). Texts follow the user's UI language.
 *
 * The root carries data-testid="tk-phasing", data-tk-status and data-tk-unit for tests.
 */
import { Alert, Card, Descriptions, Radio, Select, Space, Table, Tag } from 'antd';
import React, { useState } from 'react';
import { useBlockAnswer } from './block-answer.js';
import { useUiLang } from '../ui-lang.js';

type Light = 'green' | 'yellow' | 'red' | 'grey' | null;
interface Slot { key: string; start: string; end: string; base: number; stretch: number; actual: number | null; light: Light; share: number }
interface UnitPhasing { id: string; name: string; level: string; base: number; stretch: number; profile: { kind: string; source: string; from: string }; slots: Slot[]; toDate: { due: number; dueShare: number; actual: number; light: Light } }
interface Answer { period: string; by: 'month' | 'week'; asOf: string; units: Array<{ id: string; name: string; level: string }>; unit: UnitPhasing | null }

const T = {
  title: { zh: '目标分解与进度', en: 'Phased targets and progress' },
  period: { zh: '期间', en: 'Period' },
  asOf: { zh: '截至', en: 'As of' },
  month: { zh: '按月', en: 'By month' },
  week: { zh: '按周', en: 'By week' },
  slot: { zh: '子期间', en: 'Sub-period' },
  base: { zh: '基础目标', en: 'Base' },
  stretch: { zh: '挑战目标', en: 'Stretch' },
  actual: { zh: '实际', en: 'Actual' },
  light: { zh: '信号灯', en: 'Light' },
  share: { zh: '占比', en: 'Share' },
  toDate: { zh: '期初至今', en: 'Period to date' },
  due: { zh: '应完成（按曲线）', en: 'Due by the profile' },
  profile: { zh: '分解曲线', en: 'Profile' },
} as const;

/** The profile the server names (its kind, and the unit it is inherited from) in words. */
const PROFILE: Record<string, Record<'zh' | 'en', string>> = {
  history: { zh: '按历史同月学习', en: 'learned from history' }, explicit: { zh: '指定月度占比', en: 'explicit month shares' }, 'working-days': { zh: '按工作日', en: 'by working days' },
};
const profileText = (profile: UnitPhasing['profile'], lang: 'zh' | 'en'): string => {
  const from = profile.source === 'inherited' ? (lang === 'zh' ? `（沿用 ${profile.from}）` : ` (from ${profile.from})`) : '';
  return `${PROFILE[profile.kind]?.[lang] ?? profile.kind}${from}`;
};
const fen = (f: number | null): string => (f === null ? '—' : `¥${(f / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const COLOR: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red', grey: 'default' };
const LIGHT: Record<string, Record<'zh' | 'en', string>> = { green: { zh: '绿', en: 'green' }, yellow: { zh: '黄', en: 'yellow' }, red: { zh: '红', en: 'red' }, grey: { zh: '灰', en: 'grey' } };

export function TargetKitPhasing(): React.ReactElement {
  const lang = useUiLang();
  const [unit, setUnit] = useState<string | undefined>();
  const [by, setBy] = useState<'month' | 'week'>('month');
  const { answer, error, status } = useBlockAnswer<Answer>('phasing', { by, ...(unit ? { unit } : {}) });
  const u = answer?.unit;
  const light = (l: Light) => (l ? <Tag color={COLOR[l]} data-tk-light={l}>{LIGHT[l]?.[lang] ?? l}</Tag> : '—');
  return (
    <div data-testid="tk-phasing" data-tk-status={status} data-tk-unit={u?.id ?? ''}>
      <Card title={T.title[lang]} extra={answer ? <Space><Tag>{T.period[lang]} {answer.period}</Tag><Tag>{T.asOf[lang]} {answer.asOf}</Tag></Space> : null}>
        {error ? <Alert type="error" message={error} /> : null}
        {answer ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <Select showSearch optionFilterProp="label" style={{ width: 280 }} value={u?.id} onChange={setUnit} data-testid="tk-phasing-unit"
                options={answer.units.map((x) => ({ value: x.id, label: `${x.name} (${x.id})` }))} />
              <Radio.Group value={by} onChange={(e) => setBy(e.target.value as 'month' | 'week')} optionType="button"
                options={[{ value: 'month', label: T.month[lang] }, { value: 'week', label: T.week[lang] }]} />
            </Space>
            {u ? (
              <>
                <Descriptions size="small" bordered column={3} data-testid="tk-phasing-to-date" items={[
                  { key: 'b', label: `${T.base[lang]} / ${T.stretch[lang]}`, children: `${fen(u.base)} / ${fen(u.stretch)}` },
                  { key: 'p', label: T.profile[lang], children: profileText(u.profile, lang) },
                  { key: 'd', label: `${T.toDate[lang]} · ${T.due[lang]}`, children: `${fen(u.toDate.due)} (${(u.toDate.dueShare * 100).toFixed(1)}%)` },
                  { key: 'a', label: `${T.toDate[lang]} · ${T.actual[lang]}`, children: <span data-testid="tk-phasing-actual">{fen(u.toDate.actual)}</span> },
                  { key: 'l', label: `${T.toDate[lang]} · ${T.light[lang]}`, children: light(u.toDate.light) },
                ]} />
                <Table<Slot> size="small" rowKey="key" dataSource={u.slots} pagination={false} data-testid="tk-phasing-slots" columns={[
                  { title: T.slot[lang], dataIndex: 'key', render: (k: string, s) => `${k} (${s.start.slice(5)} – ${s.end.slice(5)})` },
                  { title: T.share[lang], dataIndex: 'share', render: (x: number) => `${(x * 100).toFixed(1)}%` },
                  { title: T.base[lang], dataIndex: 'base', render: fen, align: 'right' },
                  { title: T.stretch[lang], dataIndex: 'stretch', render: fen, align: 'right' },
                  { title: T.actual[lang], dataIndex: 'actual', render: fen, align: 'right' },
                  { title: T.light[lang], dataIndex: 'light', render: light },
                ]} />
              </>
            ) : null}
          </Space>
        ) : null}
      </Card>
    </div>
  );
}
