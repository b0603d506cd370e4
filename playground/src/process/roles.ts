/**
 * The roles the process-indicator screen offers (销售代表, 客户成功, 项目经理) and where each one's
 * activities and people come from. Reps are the pipeline's people: their activities are the
 * board's merged list (the sample's rows plus the visits logged on the phone) and the company's
 * org tree knows them. The other roles have their own activity files in the sample
 * (`sample-pipeline-activities-<role>`) and their people in `sample-pipeline-staff`, placed in
 * the sales teams; the screen adds them under their teams so team medians, team health and the
 * scope (a head his subtree, HQ everything) work for them exactly as for the reps.
 * The screen's own strings live here, in the lazily loaded screen, in both languages.
 */
import type { Localized } from '../../../plugin/index.js';

export const PROCESS_ROLES = ['rep', 'customer-success', 'project-manager'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const STAFF_DATASET = 'sample-pipeline-staff';
/** The activity dataset of a role other than the reps. */
export const roleActivitiesDataset = (role: Exclude<ProcessRole, 'rep'>): string => `sample-pipeline-activities-${role}`;

export const isProcessRole = (x: string): x is ProcessRole => (PROCESS_ROLES as readonly string[]).includes(x);

/** The screen's strings for the role picker and the role-aware subtitle. */
export const ROLE_TEXTS = {
  picker: { zh: '角色', en: 'Role' },
  /** {people} {role} {from} {to} {days} */
  subtitle: {
    zh: '{people} 人的{role}过程指标（{from} 至 {to}），每天采集；异常与自己过去 {days} 个工作日的中位数相比。',
    en: 'Process indicators of {people} people in {role} ({from} to {to}), collected daily; anomalies are measured against each person\'s median of the last {days} working days.',
  },
  /** {name} {date}: the last day's values of a role whose activities are not logged on the phone. */
  dayValues: { zh: '{name} {date} 当天', en: '{name} on {date}' },
  /** {role} */
  collected: { zh: '采集的内容（{role}）', en: 'What is collected ({role})' },
} satisfies Record<string, Localized>;

/** A text with its `{name}` placeholders filled. */
export const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(values, k) ? String(values[k]) : m));
