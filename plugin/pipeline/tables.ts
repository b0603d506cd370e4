/**
 * The pipeline's two tables read into what the analysis takes: the opportunities (a table in the
 * shape parseCsv gives) and the activities (one row at a time, so a host may stream them). One
 * reader for every host: the CLI's files, NocoBase's stored collections. A bad row is refused by
 * row and column, never skipped or zeroed.
 */
import { problem, type Problem } from '../problems.js';
import { parseInstant } from '../calendar/instants.js';
import { opportunityInputProblems, pipelineInputProblems, type PipelineModel } from './model.js';
import type { Activity, Opportunity } from './analysis.js';

/** A table as parseCsv (or a host's reader of the same shape) gives it. */
interface RowsTable {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

type Read<T> = { ok: true } & T | { ok: false; problems: Problem[] };

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
/** The first of the names a column may go by (`owner_id` or `ownerId`) that the record has. */
const cell = (record: Readonly<Record<string, unknown>>, ...names: string[]): unknown => {
  for (const n of names) if (Object.hasOwn(record, n)) return record[n];
  return undefined;
};
const rowProblem = (file: string, row: number, column: string, code: string, zh: string, en: string): Problem => ({ ...problem(code, file, '', { zh, en }), row, column });

/** One problem per required column the header lacks; each entry lists the names it may go by. */
export function missingColumns(file: string, columns: readonly string[], needed: ReadonlyArray<readonly string[]>): Problem[] {
  return needed.filter((names) => !names.some((n) => columns.includes(n))).map((names) =>
    problem('TABLE_MISSING_COLUMN', file, '', { zh: `缺少列 ${names[0]}`, en: `column ${names[0]} is missing` }));
}

/** The columns an activity table needs (each with the names it may go by). */
export const ACTIVITY_COLUMNS: ReadonlyArray<readonly string[]> = [['id'], ['opportunity_id', 'opportunityId'], ['owner_id', 'ownerId'], ['type'], ['at']];

/**
 * The opportunities: id, owner_id, customer, amount (yuan, not negative), created_at (ISO with its
 * offset), stage (a stage or lost); a further input the pipeline's rules declare is read from the
 * row, and one no column provides is refused once.
 */
export function readOpportunities(model: PipelineModel, table: RowsTable): Read<{ opportunities: Opportunity[] }> {
  const missing = missingColumns(table.file, table.columns, [['id'], ['owner_id', 'ownerId'], ['customer'], ['amount'], ['created_at', 'createdAt'], ['stage']]);
  if (missing.length) return { ok: false, problems: missing };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const opportunities: Opportunity[] = [];
  const file = table.file;
  for (const { line, record } of table.records) {
    const id = text(record.id);
    const ownerId = text(cell(record, 'owner_id', 'ownerId'));
    const amountText = text(record.amount);
    const amount = Number(amountText);
    const createdText = text(cell(record, 'created_at', 'createdAt'));
    const createdAt = parseInstant(createdText);
    const stage = text(record.stage);
    const before = problems.length;
    if (!id) problems.push(rowProblem(file, line, 'id', 'TABLE_EMPTY_CELL', 'id 不能为空', 'id cannot be empty'));
    else if (seen.has(id)) problems.push(rowProblem(file, line, 'id', 'TABLE_DUPLICATE_ID', `商机 ${id} 重复`, `opportunity ${id} appears twice`));
    if (!ownerId) problems.push(rowProblem(file, line, 'owner_id', 'TABLE_EMPTY_CELL', 'owner_id 不能为空', 'owner_id cannot be empty'));
    if (amountText === '' || !Number.isFinite(amount) || amount < 0) problems.push(rowProblem(file, line, 'amount', 'TABLE_NOT_AMOUNT', `amount 应为非负数（元），实际是 "${amountText}"`, `amount must be a number >= 0 (yuan), got "${amountText}"`));
    if (createdAt === null) problems.push(rowProblem(file, line, 'created_at', 'TABLE_NOT_TIME', `created_at 应为带时区的 ISO 8601 时间，实际是 "${createdText}"`, `created_at must be an ISO 8601 time with its offset, got "${createdText}"`));
    if (!model.stageIndex.has(stage) && stage !== model.lostId) problems.push(rowProblem(file, line, 'stage', 'PIPELINE_UNKNOWN_STAGE', `未知阶段 "${stage}"`, `unknown stage "${stage}"`));
    seen.add(id);
    problems.push(...opportunityInputProblems(model, record, file, line));
    if (problems.length === before) opportunities.push({ id, ownerId, customer: text(record.customer), amount, createdAt: createdAt!, stage, record });
  }
  // a criterion or the time-out rule that requires an input neither computed nor a column here: refused once
  problems.push(...pipelineInputProblems(model, table.columns, { zh: `商机表 ${file}`, en: `the opportunities file ${file}` }));
  return problems.length ? { ok: false, problems } : { ok: true, opportunities };
}

/**
 * One activity row: its opportunity must be known, its type one of the bundle's, `at` an ISO time
 * with its offset, a stage move's `to_stage` a stage or lost. The row's problems, or the activity.
 */
export function readPipelineActivity(model: PipelineModel, file: string, line: number, record: Readonly<Record<string, unknown>>, known: ReadonlySet<string>): { activity: Activity; problems?: undefined } | { activity?: undefined; problems: Problem[] } {
  const opportunityId = text(cell(record, 'opportunity_id', 'opportunityId'));
  const ownerId = text(cell(record, 'owner_id', 'ownerId'));
  const type = text(record.type);
  const atText = text(record.at);
  const at = parseInstant(atText);
  const problems: Problem[] = [];
  const bad = (column: string, code: string, zh: string, en: string) => { problems.push(rowProblem(file, line, column, code, zh, en)); };
  if (!known.has(opportunityId)) bad('opportunity_id', 'PIPELINE_UNKNOWN_OPPORTUNITY', `商机 "${opportunityId}" 不在商机表中`, `opportunity "${opportunityId}" is not in the opportunities`);
  if (!ownerId) bad('owner_id', 'TABLE_EMPTY_CELL', 'owner_id 不能为空', 'owner_id cannot be empty');
  if (!model.typeIndex.has(type)) bad('type', 'PIPELINE_UNKNOWN_TYPE', `未知活动类型 "${type}"（${model.settings.activityTypes.join('、')}）`, `unknown activity type "${type}" (${model.settings.activityTypes.join(', ')})`);
  if (at === null) bad('at', 'TABLE_NOT_TIME', `at 应为带时区的 ISO 8601 时间，实际是 "${atText}"`, `at must be an ISO 8601 time with its offset, got "${atText}"`);
  const toStage = text(cell(record, 'to_stage', 'toStage'));
  const reason = text(record.reason);
  if (type === 'stage_change' && !model.stageIndex.has(toStage) && toStage !== model.lostId) bad('to_stage', 'PIPELINE_UNKNOWN_STAGE', `to_stage 应为阶段 id，实际是 "${toStage}"`, `to_stage must be a stage id, got "${toStage}"`);
  if (problems.length) return { problems };
  return { activity: { id: text(record.id), opportunityId, ownerId, type, at: at!, ...(type === 'stage_change' ? { toStage } : {}), ...(reason ? { reason } : {}) } };
}

/** Every activity of a table, or all its problems (the first `limit` of them). */
export function readPipelineActivities(model: PipelineModel, table: RowsTable, known: ReadonlySet<string>, limit = 200): Read<{ activities: Activity[] }> {
  const missing = table.records.length ? missingColumns(table.file, table.columns, ACTIVITY_COLUMNS) : [];
  if (missing.length) return { ok: false, problems: missing };
  const problems: Problem[] = [];
  const activities: Activity[] = [];
  for (const { line, record } of table.records) {
    const r = readPipelineActivity(model, table.file, line, record, known);
    if (r.activity) activities.push(r.activity);
    else if (problems.length < limit) problems.push(...r.problems);
  }
  return problems.length ? { ok: false, problems } : { ok: true, activities };
}
