/**
 * Checks of the tracking parameter groups, run by the bundle loader: light boundaries that are
 * fractions (0.9 = 90%) with green above yellow, every preset likewise, positive whole streak lengths, a
 * deviation limit between 0 and 1, and the booking rule for period rows.
 */
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Problem } from '../problems.js';

type Check = (value: unknown, file: string, pointer: string) => Problem[];

const bad = (file: string, pointer: string, zh: string, en: string): Problem =>
  problem('PARAM_INVALID', file, pointer, { zh, en });

const checkLights: Check = (value, file, pointer) => {
  if (!isObject(value)) return [bad(file, pointer, '信号灯参数应为对象 {green, yellow}', 'light parameters must be an object {green, yellow}')];
  const out: Problem[] = [];
  for (const color of ['green', 'yellow'] as const) {
    const b = value[color];
    const at = joinPointer(pointer, color);
    if (!isObject(b) || typeof b.from !== 'number' || !Number.isFinite(b.from) || typeof b.inclusive !== 'boolean') {
      out.push(bad(file, at, `${color} 应为 {"from": 数字, "inclusive": true|false}`, `${color} must be {"from": number, "inclusive": true|false}`));
    }
  }
  if (out.length) return out;
  // a boundary is a completion rate: 0.9 is 90%; 90 would make a unit at 90% yellow
  for (const color of ['green', 'yellow'] as const) {
    const from = (value[color] as { from: number }).from;
    if (!isFraction(from)) out.push(notFraction(file, joinPointer(pointer, color, 'from'), { zh: `${color === 'green' ? '绿灯' : '黄灯'}边界 ${color}.from`, en: `the ${color} boundary ${color}.from` }, from));
  }
  if (out.length) return out;
  const g = value.green as { from: number; inclusive: boolean };
  const y = value.yellow as { from: number; inclusive: boolean };
  if (!(g.from > y.from)) {
    out.push(bad(file, joinPointer(pointer, 'green', 'from'), `绿灯边界 ${g.from} 必须高于黄灯边界 ${y.from}`, `the green boundary ${g.from} must be above the yellow boundary ${y.from}`));
  }
  return out;
};

const checkLightPresets: Check = (value, file, pointer) => {
  if (!isObject(value)) return [bad(file, pointer, '预设应为 {名称: 边界} 对象', 'presets must be an object {name: boundaries}')];
  return Object.entries(value).flatMap(([name, preset]) => checkLights(preset, file, joinPointer(pointer, name)));
};

const positiveIntegers = (keys: string[]): Check => (value, file, pointer) => {
  if (!isObject(value)) return [bad(file, pointer, '参数组应为对象', 'the parameter group must be an object')];
  return keys.filter((k) => !(Number.isInteger(value[k]) && (value[k] as number) >= 1))
    .map((k) => bad(file, joinPointer(pointer, k), `${k} 应为不小于 1 的整数`, `${k} must be a whole number >= 1`));
};

const checkEscalation: Check = (value, file, pointer) => {
  const out = positiveIntegers(['reminderDays', 'noticeWeeks', 'coachingWeeks'])(value, file, pointer);
  if (!isObject(value)) return out;
  for (const k of ['dailyMinimum', 'weeklyThreshold']) {
    if (typeof value[k] !== 'number' || (value[k] as number) < 0) out.push(bad(file, joinPointer(pointer, k), `${k} 应为非负数`, `${k} must be a number >= 0`));
  }
  if (!out.length && (value.noticeWeeks as number) > (value.coachingWeeks as number)) {
    out.push(bad(file, joinPointer(pointer, 'noticeWeeks'), '通知上级的周数不能多于启动辅导的周数（第二级先于第三级）', 'noticeWeeks cannot exceed coachingWeeks (level 2 comes before level 3)'));
  }
  return out;
};

const checkHealth: Check = (value, file, pointer) => {
  const out = positiveIntegers(['weeks'])(value, file, pointer);
  if (isObject(value) && typeof value.deviation === 'number' && value.deviation > 1) {
    out.push(notFraction(file, joinPointer(pointer, 'deviation'), { zh: '偏离阈值 deviation', en: 'the deviation limit' }, value.deviation));
  } else if (isObject(value) && !(typeof value.deviation === 'number' && value.deviation > 0 && value.deviation < 1)) {
    out.push(bad(file, joinPointer(pointer, 'deviation'), 'deviation 应在 0 与 1 之间（0.15 = 15%）', 'deviation must lie between 0 and 1 (0.15 = 15%)'));
  }
  return out;
};

const checkPace: Check = (value, file, pointer) => {
  if (isObject(value) && typeof value.tolerance === 'number' && value.tolerance >= 0 && value.tolerance < 1) return [];
  const at = joinPointer(pointer, 'tolerance');
  return isObject(value) && typeof value.tolerance === 'number' && value.tolerance > 1
    ? [notFraction(file, at, { zh: '进度容差 tolerance', en: 'the pace tolerance' }, value.tolerance)]
    : [bad(file, at, 'tolerance 应在 0 与 1 之间', 'tolerance must lie between 0 and 1')];
};

/** `booking.periodRows`: how a period row may be split (see booking.ts); absent means never. */
const checkBooking: Check = (value, file, pointer) => {
  if (!isObject(value)) return [bad(file, pointer, 'booking 应为对象 {"periodRows": "working-days"}', 'booking must be an object {"periodRows": "working-days"}')];
  const rule = value.periodRows;
  return rule === undefined || rule === 'working-days'
    ? []
    : [bad(file, joinPointer(pointer, 'periodRows'), `periodRows 只能是 "working-days"（按工作日拆分期间行），实际是 ${JSON.stringify(rule)}`, `periodRows must be "working-days" (period rows split by working days), got ${JSON.stringify(rule)}`)];
};

export const trackingParameterChecks: Record<string, Check> = {
  lights: checkLights,
  lightPresets: checkLightPresets,
  escalation: checkEscalation,
  health: checkHealth,
  pace: checkPace,
  booking: checkBooking,
};
