/**
 * Data in and out. In: units, history or actuals from XLSX or CSV (UTF-8 or GBK), a
 * column-mapping step (guessed from the names, Chinese ones included), then every row checked
 * through the plugin; problems are listed by row and column and the build stays as it was, or
 * a preview of the rows and a choice: add or update these rows by the dataset's key (the
 * default: a 3-row file never wipes the other 12,188), or replace the whole file; the count of
 * what either does is confirmed once, and the file before is kept for a restore. Out: the three
 * plans at the simulator's totals and locks, the scores (the board's own cards, from the same
 * model) and the letters (the HR export) as XLSX.
 */
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Progress, Radio, Row, Segmented, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  createPlanReview, formatYuan, hrExport, RISK_LABELS, simulatePlans, type LoadedBundle,
} from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import { useConfirmLoss } from '../build/confirmLoss.js';
import { letterHeads, recordedSignature, simulatedTotals } from '../shared/reviewRuntime.js';
import type { Workspace } from '../build/workspace.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import { hasTool } from '../roles/access.js';
import { boardScoreCards } from '../board/boardModel.js';
import { ALIASES, KINDS, type ImportKind, type RowProblem } from './importKinds.js';
import type { ImportPlanInput } from './importPlan.js';
import { RunSign } from '../shared/worker/RunSign.js';
import { useComputed } from '../shared/worker/useComputed.js';
import { columnLabel } from './columnLabels.js';

const grouped = new Intl.NumberFormat('en-US');
const PREVIEW_ROWS = 5;
import { checkInWorker, type CheckRun } from './checkInWorker.js';
import { ImportTemplate } from './ImportTemplate.js';
import { readTable, type SourceTable } from './importTable.js';
import { downloadXlsx } from './xlsxExport.js';

function guessMapping(targets: string[], source: string[]): Record<string, string | undefined> {
  const lower = new Map(source.map((s) => [s.toLowerCase(), s]));
  return Object.fromEntries(targets.map((t) => {
    const hit = lower.get(t.toLowerCase()) ?? (ALIASES[t] ?? []).map((a) => lower.get(a.toLowerCase())).find(Boolean);
    return [t, hit];
  }));
}

export default function DataScreen({ bundle, workspace }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t, pick, lang } = useT();
  const { message } = App.useApp();
  const { result, persona } = useCompany(bundle);
  const model = result.ok ? result.model : null;
  const importRows = useBuildStore((s) => s.importRows);
  const confirm = useConfirmLoss();
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const flows = useBuildStore((s) => s.flows);
  const signingKey = useBuildStore((s) => s.signingKey);
  const [kind, setKind] = useState<ImportKind>('actuals');
  const [table, setTable] = useState<SourceTable | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | undefined>>({});
  const [checked, setChecked] = useState<RowProblem[] | null>(null);
  const targets = useMemo(() => KINDS[kind].columns(bundle), [kind, bundle]);

  // the rows as the last check mapped them, in the dataset's one form (storedCell: 2026/5/14 → 2026-05-14, 1,200 → 1200.00)
  const [checkedRows, setCheckedRows] = useState<Array<{ line: number; record: Record<string, string> }>>([]);
  const mapped = () => checkedRows;
  // the check runs in a worker (checkInWorker.ts): its progress, and the run to cancel
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const run = useRef<CheckRun | null>(null);
  // the apply step (the rows merged or replaced, the new CSV, the whole build loaded with it) runs in
  // the compute worker (importPlan.ts): a 20,000-rep company froze the tab for seconds on the page
  const [applyInput, setApplyInput] = useState<ImportPlanInput | null>(null);
  /** Ends a running check (and an apply under way: its plan is for rows no longer shown); `asked`: the user cancelled it, which the screen says. */
  const stopCheck = (asked = false) => {
    const running = run.current;
    run.current = null;
    setApplyInput(null);
    running?.cancel();
    setProgress(null);
    setCancelled(asked && running !== null);
  };
  useEffect(() => () => run.current?.cancel(), []);
  const missing = targets.filter((c) => c.required && !mapping[c.name]);
  const sourceOf = (column: string) => mapping[column] ?? column;
  // the dataset's columns headed in the screen's language (the machine names are the file's, not the reader's)
  const label = (column: string) => columnLabel(column, lang);

  const onFile = async (file: File) => {
    stopCheck();
    setChecked(null);
    const read = await readTable(file);
    if (!read.ok) { setTable(null); setReadError(pick(read.problem.message)); return; }
    setReadError(null);
    setTable(read.table);
    setMapping(guessMapping(targets.map((c) => c.name), read.table.columns));
  };

  const check = () => {
    if (!table) return;
    stopCheck();
    setProgress({ done: 0, total: table.rows.length });
    const started = checkInWorker({
      kind, file: table.file, mapping, targets: targets.map((c) => c.name), rows: table.rows,
      unitIds: model ? [...model.tree.units.keys()] : null,
      files: kind === 'units' ? workspace.files : null,
    }, (done, total) => { if (run.current === started) setProgress({ done, total }); });
    run.current = started;
    void started.outcome.then((outcome) => {
      // a cancelled run, or one a newer check replaced, says nothing
      if (run.current !== started) return;
      run.current = null;
      setProgress(null);
      // the browser's own words for a stopped worker are English: the screen says it in its language
      if (outcome.kind === 'failed') setReadError(t('data.checkFailed'));
      else if (outcome.kind === 'done') { setCheckedRows(outcome.result.rows); setChecked(outcome.result.problems); }
    });
  };

  const keyColumns = KINDS[kind].key;
  const applying = useComputed('importPlan', applyInput ? workspace.files : null, applyInput);
  const apply = () => {
    if (!checked || checked.length) return;
    setApplyInput({ kind, mode, columns: targets.map((c) => c.name), rows: mapped() });
  };
  useEffect(() => {
    const planned = applying.result;
    if (!applyInput || applying.resultFor !== applyInput || !planned) return;
    setApplyInput(null);
    if (!planned.ok) { setChecked(planned.problems); return; }
    const { path, text, existing, merged } = planned;
    const count = table?.rows.length ?? 0;
    confirm({
      title: t('import.confirmTitle', { rows: grouped.format(count) }),
      what: merged
        ? t('import.mergeSays', { added: grouped.format(merged.added), updated: grouped.format(merged.updated), unchanged: grouped.format(merged.unchanged), kept: grouped.format(merged.kept) })
        : t('import.replaceSays', { existing: grouped.format(existing), rows: grouped.format(count) }),
      okText: t('import.confirmOk'),
      items: merged ? (merged.updated > 0 ? [{ key: 'loss.updatedRows' as const, count: merged.updated }] : []) : existing > 0 ? [{ key: 'loss.rows' as const, count: existing }] : [],
      onOk: () => {
        importRows(path, text);
        void message.success(t('data.applied', { count }));
        setTable(null); setChecked(null);
      },
    });
  }, [applying.result, applying.resultFor]);

  const simulation = useBuildStore((s) => s.simulation);
  const exportPlans = async () => {
    if (!model) return;
    // the plans the simulator shows: its totals, and the locks that hold
    const plans = simulatePlans(model.prepared, simulatedTotals(model, simulation), simulation?.locks ?? {});
    if (!plans.ok) return;
    await downloadXlsx('plans.xlsx', plans.plans.map((p) => ({
      sheet: pick(p.plan.name),
      columns: ['id', 'parent_id', 'name', 'level', 'base', 'stretch', 'last_revenue', 'growth', 'risks'],
      rows: p.units.map((u) => ({
        id: u.id, parent_id: u.parentId ?? '', name: u.name, level: u.level, base: Number(formatYuan(u.base)), stretch: Number(formatYuan(u.stretch)),
        last_revenue: Number(formatYuan(u.lastRevenue)), growth: u.growth === null ? null : Math.round(u.growth * 10000) / 10000,
        risks: u.risks.map((r) => RISK_LABELS[r.code][lang]).join(lang === 'zh' ? '；' : '; '),
      })),
    })));
  };
  const exportScores = async () => {
    if (!model) return;
    // the board's own cards: shared deals credited and time progress by the phasing profile
    const cards = boardScoreCards(bundle, model, flows.actualEdits);
    const dims = cards[0]?.dimensions.map((d) => d.dimension) ?? [];
    await downloadXlsx('scores.xlsx', [{
      sheet: t('data.scores'),
      columns: ['rank', 'id', 'name', 'score', ...dims],
      rows: cards.map((c) => ({ rank: c.rank, id: c.id, name: c.name ?? '', score: c.score, ...Object.fromEntries(c.dimensions.map((d) => [d.dimension, d.points])) })),
    }]);
  };
  const review = flows.review;
  const exportLetters = async () => {
    if (!model || !review?.frozen) return;
    const runtime = createPlanReview({ bundle, prepared: model.prepared, planId: review.planId, period: review.period, totals: { base: model.suggestedBase, stretch: model.suggestedStretch } });
    const letters = runtime.letters(review, { lang, levels: ['region', 'team', 'rep'], heads: letterHeads(bundle, model) });
    const signatures = new Map(Object.values(flows.letters).filter((i) => i.state === 'signed').map((i) => [i.unitId, recordedSignature(i)]));
    // the export's amounts are exact yuan text; a spreadsheet gets them as numbers, so HR can sum them
    const rows = hrExport(letters, signatures, signingKey).map((r) => ({ ...r, base: Number(r.base), stretch: Number(r.stretch) }));
    await downloadXlsx('letters.xlsx', [{ sheet: t('data.letters'), columns: Object.keys(rows[0] ?? { unit_id: '' }), rows: rows as unknown as Array<Record<string, string | number>> }]);
  };

  const canImport = persona ? hasTool(persona.actor.roles, 'import-data') : false;
  const step = !table ? 0 : checked === null ? 1 : 2;
  return (
    <WorkPage testId="data-screen" title={t('nav.data')} subtitle={t('data.subtitle')} persona={persona} problems={result.ok ? [] : result.problems}>
      <Row gutter={[16, 16]}>
        {canImport && (
          <Col xs={24} xl={16}>
            <Card size="small" title={t('data.import')} data-testid="import-card">
              <Steps size="small" current={step} className="import-steps" items={[{ title: t('data.stepFile') }, { title: t('data.stepMap') }, { title: t('data.stepCheck') }]} />
              <Space wrap className="import-toolbar">
                <Segmented<ImportKind> value={kind} data-testid="import-kind" onChange={(k) => { stopCheck(); setKind(k); setTable(null); setChecked(null); }}
                  options={(['units', 'history', 'actuals'] as const).map((k) => ({ value: k, label: t(`data.kind.${k}`) }))} />
                <Upload accept=".csv,.xlsx" showUploadList={false} beforeUpload={(file) => { void onFile(file); return false; }}>
                  <Button icon={<UploadOutlined />} data-testid="import-file">{t('data.chooseFile')}</Button>
                </Upload>
                <Typography.Text type="secondary">{t('data.formats')}</Typography.Text>
                <ImportTemplate bundle={bundle} kind={kind} />
              </Space>
              {readError && <Alert type="error" showIcon message={readError} data-testid="import-read-error" />}
              {table && (
                <div data-testid="import-mapping">
                  <Typography.Paragraph>
                    {t('data.fileRead', { file: table.file, rows: table.rows.length })}{' '}
                    {table.encoding && <Tag data-testid="import-encoding">{table.encoding === 'gb18030' ? 'GBK / GB18030' : 'UTF-8'}</Tag>}
                  </Typography.Paragraph>
                  <Table size="small" rowKey="name" pagination={false} dataSource={targets} scroll={{ y: 300 }} columns={[
                    { title: t('data.target'), dataIndex: 'name', key: 'name', render: (n: string, c) => <span data-column={n}>{label(n)}{c.required && <Typography.Text type="danger"> *</Typography.Text>}</span> },
                    { title: t('data.source'), key: 'source', render: (_, c) => (
                      <Select size="small" allowClear style={{ width: 220 }} value={mapping[c.name]} data-testid={`map-${c.name}`} placeholder={t('data.unmapped')}
                        onChange={(v?: string) => { stopCheck(); setMapping((m) => ({ ...m, [c.name]: v })); setChecked(null); }}
                        options={table.columns.map((s) => ({ value: s, label: s }))} />
                    ) },
                  ]} />
                  <Space className="import-actions" wrap>
                    <Button type="primary" disabled={missing.length > 0 || progress !== null} onClick={check} data-testid="import-check">{t('data.check')}</Button>
                    {progress && (
                      <Space data-testid="import-progress" data-done={progress.done} data-total={progress.total}>
                        <Progress type="circle" size={28} percent={progress.total ? Math.floor((progress.done / progress.total) * 100) : 0} />
                        <Typography.Text type="secondary">{t('data.checking', { done: grouped.format(progress.done), total: grouped.format(progress.total) })}</Typography.Text>
                        <Button size="small" onClick={() => stopCheck(true)} data-testid="import-cancel">{t('data.cancelCheck')}</Button>
                      </Space>
                    )}
                    {cancelled && !progress && <Typography.Text type="secondary" data-testid="import-cancelled">{t('data.checkCancelled')}</Typography.Text>}
                    {missing.length > 0 && <Typography.Text type="warning">{t('data.missing', { columns: missing.map((c) => label(c.name)).join(lang === 'zh' ? '、' : ', ') })}</Typography.Text>}
                  </Space>
                </div>
              )}
              {checked && checked.length > 0 && (
                <div data-testid="import-errors">
                  <Alert type="error" showIcon message={t('data.errors', { count: checked.length })} description={t('data.nothingChanged')} />
                  <Table<RowProblem> size="small" rowKey={(p) => `${p.row}:${p.column}:${p.message.en}`} pagination={{ pageSize: 8 }} dataSource={checked} columns={[
                    { title: t('data.row'), dataIndex: 'row', key: 'row', width: 70 },
                    { title: t('data.column'), key: 'column', width: 200, render: (_, p) => (p.column && sourceOf(p.column) !== p.column && sourceOf(p.column) !== label(p.column) ? `${sourceOf(p.column)} → ${label(p.column)}` : p.column ? label(p.column) : '') },
                    { title: t('data.problem'), key: 'message', render: (_, p) => pick(p.message) },
                  ]} />
                </div>
              )}
              {checked && checked.length === 0 && table && (
                <div data-testid="import-ready">
                  <Alert type="success" showIcon data-testid="import-ok" message={t('data.allGood', { count: table.rows.length })} />
                  <Typography.Text strong className="import-preview-title">{t('import.preview', { count: Math.min(PREVIEW_ROWS, table.rows.length), total: grouped.format(table.rows.length) })}</Typography.Text>
                  <Table<{ line: number; record: Record<string, string> }>
                    size="small" rowKey="line" pagination={false} data-testid="import-preview" scroll={{ x: true }}
                    dataSource={mapped().slice(0, PREVIEW_ROWS)}
                    columns={[
                      { title: t('data.row'), dataIndex: 'line', key: 'line', width: 60 },
                      ...targets.filter((c) => mapping[c.name]).map((c) => ({ title: label(c.name), key: c.name, render: (_: unknown, r: { record: Record<string, string> }) => r.record[c.name] })),
                    ]}
                  />
                  <Space direction="vertical" className="import-mode">
                    <Typography.Text strong>{t('import.mode')}</Typography.Text>
                    <Radio.Group value={mode} onChange={(e) => { setApplyInput(null); setMode(e.target.value as 'merge' | 'replace'); }} data-testid="import-mode">
                      <Space direction="vertical">
                        <Radio value="merge"><span data-testid="import-mode-merge">{t('import.merge', { key: keyColumns.map(label).join(' + ') })}</span></Radio>
                        <Radio value="replace"><span data-testid="import-mode-replace">{t('import.replace')}</span></Radio>
                      </Space>
                    </Radio.Group>
                    <Button type="primary" onClick={apply} disabled={applying.progress !== null} data-testid="import-apply">{t('data.apply')}</Button>
                    {applyInput && <RunSign run={applying} testId="import-apply-run" />}
                  </Space>
                </div>
              )}
            </Card>
          </Col>
        )}
        <Col xs={24} xl={canImport ? 8 : 12}>
          <Card size="small" title={t('data.export')} data-testid="export-card">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Button block icon={<DownloadOutlined />} onClick={() => void exportPlans()} data-testid="export-plans">{t('data.exportPlans')}</Button>
              <Button block icon={<DownloadOutlined />} onClick={() => void exportScores()} data-testid="export-scores">{t('data.exportScores')}</Button>
              <Button block icon={<DownloadOutlined />} disabled={!review?.frozen} onClick={() => void exportLetters()} data-testid="export-letters">{t('data.exportLetters')}</Button>
              {!review?.frozen && <Typography.Text type="secondary">{t('data.lettersAfterFreeze')}</Typography.Text>}
            </Space>
          </Card>
        </Col>
      </Row>
    </WorkPage>
  );
}
