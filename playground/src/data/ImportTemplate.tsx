/**
 * The import template of one kind (导入模板), as CSV (UTF-8 with BOM, as Excel opens it) or XLSX:
 * the kind's columns headed in the screen's language (columnLabels.ts; the import maps them back,
 * as it maps the machine names) and one example row taken from the build's own data, amounts as
 * numbers in the XLSX. Filled in and imported, it maps itself.
 */
import { FileExcelOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { parseCsv, readAmount, type LoadedBundle } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import { downloadText } from '../shared/download.js';
import { columnLabel } from './columnLabels.js';
import { KINDS, toCsv, type ImportKind } from './importKinds.js';
import { downloadXlsx } from './xlsxExport.js';

/** A row of the build's data to show the form of each cell: a rep's row for units (every column filled), else the first. */
function exampleRow(bundle: LoadedBundle, kind: ImportKind): Record<string, string> {
  const content = bundle.datasets.get(KINDS[kind].dataset)?.content;
  const parsed = typeof content === 'string' ? parseCsv(content, KINDS[kind].dataset) : null;
  const records = parsed?.ok ? parsed.records.map((r) => r.record) : [];
  return (kind === 'units' ? records.find((r) => r.level === 'rep') : undefined) ?? records[0] ?? {};
}

export function ImportTemplate({ bundle, kind }: { bundle: LoadedBundle; kind: ImportKind }) {
  const { t, lang } = useT();
  const columns = KINDS[kind].columns(bundle).map((c) => c.name);
  const header = (column: string) => columnLabel(column, lang);
  const headers = columns.map(header);
  const example = exampleRow(bundle, kind);
  const fileName = `${t('data.templateFile')}-${t(`data.kind.${kind}`)}`;

  const csv = () => downloadText(`${fileName}.csv`, '\ufeff' + toCsv(headers, [{ record: Object.fromEntries(columns.map((c) => [header(c), example[c] ?? ''])) }]), 'text/csv;charset=utf-8');
  const xlsx = () => downloadXlsx(`${fileName}.xlsx`, [{
    sheet: t(`data.kind.${kind}`),
    columns: headers,
    rows: [Object.fromEntries(columns.map((c) => {
      const value = example[c] ?? '';
      // amounts as numbers, so the sheet sums them; every other cell as the data holds it
      return [header(c), KINDS[kind].cell(c) === 'amount' && value !== '' && readAmount(value, { negative: true }).ok ? Number(value) : value];
    }))],
  }]);

  return (
    <Space wrap size={4} className="import-template" data-testid="import-template">
      <Typography.Text type="secondary">{t('data.template')}</Typography.Text>
      <Button size="small" icon={<FileTextOutlined />} onClick={csv} data-testid="import-template-csv">{t('data.templateCsv')}</Button>
      <Button size="small" icon={<FileExcelOutlined />} onClick={() => void xlsx()} data-testid="import-template-xlsx">{t('data.templateXlsx')}</Button>
    </Space>
  );
}
