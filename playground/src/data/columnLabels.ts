/**
 * The import columns as people name them, per language: the headers of the downloadable import
 * templates, and names the import's column mapping recognises (with the machine names and the
 * aliases in importKinds.ts), so a template filled in either language maps itself. A column a
 * bundle adds (a new factor) has none and is headed by its machine name.
 */
import type { Lang, Localized } from '../../../plugin/index.js';

export const COLUMN_LABELS: Readonly<Record<string, Localized>> = {
  id: { zh: '单位编号', en: 'Unit ID' },
  parent_id: { zh: '上级编号', en: 'Parent ID' },
  name: { zh: '名称', en: 'Name' },
  level: { zh: '层级', en: 'Level' },
  city: { zh: '城市', en: 'City' },
  revenue_12m: { zh: '近12月回款', en: 'Revenue, last 12 months' },
  revenue_prev_12m: { zh: '前12月回款', en: 'Revenue, 12 months before' },
  last_revenue: { zh: '上期回款', en: 'Revenue, last period' },
  market_index: { zh: '区域潜力指数', en: 'Market index' },
  new_city: { zh: '新开城市', en: 'New city' },
  tenure_months: { zh: '平均司龄（月）', en: 'Tenure (months)' },
  product_fit: { zh: '产品适配度', en: 'Product fit' },
  competitor_share: { zh: '竞品覆盖', en: 'Competitor share' },
  is_new: { zh: '新单位', en: 'New unit' },
  growth_correction: { zh: '外部修正', en: 'Growth correction' },
  correction_reason: { zh: '修正原因', en: 'Correction reason' },
  capacity: { zh: '负荷上限', en: 'Capacity' },
  date: { zh: '日期', en: 'Date' },
  amount: { zh: '金额', en: 'Amount' },
};

/** A column as the screen heads it: its label in `lang`, or its machine name when it has none (a month, a new factor's column). */
export const columnLabel = (column: string, lang: Lang): string => COLUMN_LABELS[column]?.[lang] ?? column;
