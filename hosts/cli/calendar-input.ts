/**
 * The working-day calendar a command runs on: the file given with --calendar, or else the
 * bundle's own calendar-* dataset; refused by its problems, nothing written.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCalendar, problem, type LoadedBundle, type WorkingCalendar } from '../../plugin/index.js';
import type { CommandContext } from './context.js';
import { NOTHING_WRITTEN, refuse } from './problems-out.js';

export async function calendarOf(ctx: CommandContext, bundle: LoadedBundle, path: string | undefined): Promise<WorkingCalendar> {
  let value: unknown;
  let name: string;
  if (path !== undefined) {
    name = path;
    try {
      value = JSON.parse(readFileSync(resolve(ctx.cwd, path), 'utf8'));
    } catch (e) {
      return refuse(ctx, [problem('CALENDAR_UNREADABLE', path, '', { zh: `无法读取日历：${(e as Error).message}`, en: `cannot read the calendar: ${(e as Error).message}` })], NOTHING_WRITTEN);
    }
  } else {
    const dataset = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
    if (!dataset) return refuse(ctx, [problem('CALENDAR_MISSING', 'bundle.json', '/datasets', { zh: '包中没有工作日历（calendar-* 数据集），用 --calendar 指定', en: 'the bundle has no working-day calendar (a calendar-* dataset); give one with --calendar' })], NOTHING_WRITTEN);
    name = dataset.def.file;
    value = dataset.content;
  }
  const r = parseCalendar(value, name);
  if (!r.ok) return refuse(ctx, r.problems, NOTHING_WRITTEN);
  return r.calendar;
}
