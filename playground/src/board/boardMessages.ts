/**
 * UI strings added to the board after the first page's budget was spent: they load with the
 * lazy board, not with the first page (as workorders/messages.ts does).
 */
import { useTextsT } from '../i18n/useT.js';

const boardZh = {
  'board.dueToDate': '截至 {asOf} 应完成',
  'board.completionToDate': '完成率（对应完成）',
  'board.basisNote': '信号灯、完成率、节奏与热力图都以截至 {asOf} 应完成的目标为准（按月度分解的季节曲线），缺口仍指到期末的整个基础目标。大区、团队的实际是下属之和，只能在销售一行修改。',
  'board.roleWork': '预警、预测、奖金与积分',
  'board.points': '积分（截至 {month}）',
  'board.pointsPeople': '有积分人数',
  'board.pointsBalance': '积分余额',
  'board.pointsMonth': '本月积分',
  'board.pointsTop': '{month} 积分前列（公开表彰）',
  'board.pointsNone': '本月还没有人得分',
  'board.place': '第 {place} 名',
  'board.pointsNote': '积分按包里的 points.fromActivities 把跟进活动对应到动作（第一条匹配的生效），再按 points-for-event 规则记账；已记 {posted} 条。',
  'board.pointsUnmapped': '这个包没有 points.fromActivities：跟进活动不计积分。',
  'board.alerts': '预警（三级反馈与健康度评审）',
  'board.alertUnit': '单位',
  'board.alertLevel': '级别',
  'board.alertSince': '起始',
  'board.alertOpen': '状态',
  'board.alertWhy': '原因',
  'board.level1': '一级·提醒本人',
  'board.level2': '二级·通知上级',
  'board.level3': '三级·辅导计划',
  'board.levelHealth': '健康度评审',
  'board.open': '未解除',
  'board.cleared': '已解除',
  'board.forecast': '滚动预测（未来各月，元）',
  'board.bonus': '按当前节奏的奖金测算',
  'board.projected': '按节奏的期末业绩',
  'board.bonusAmount': '奖金',
  'board.reps': '人数',
  'board.noAlerts': '没有预警',
  'board.weekToDate': '* 截至 {asOf} 的本周：与截至当日应完成的目标相比。看板上修改的实际数是期间合计，与原合计的差额计入 {asOf}，之前各周保持原记录。',
} as const;

const boardEn: Record<keyof typeof boardZh, string> = {
  'board.dueToDate': 'Due by {asOf}',
  'board.completionToDate': 'Completion (of due)',
  'board.basisNote': 'Lights, completion, pace and the heat map all compare with the target due by {asOf} (phased by the monthly profile); the gap is still to the whole Base at the period end. A region\'s or team\'s actual is the sum of its people\'s: only a rep\'s row can be edited.',
  'board.roleWork': 'Alerts, forecast, bonus and points',
  'board.points': 'Points (to {month})',
  'board.pointsPeople': 'People with points',
  'board.pointsBalance': 'Balance',
  'board.pointsMonth': 'This month',
  'board.pointsTop': 'Top points in {month} (public recognition)',
  'board.pointsNone': 'Nobody has earned points this month yet',
  'board.place': 'No. {place}',
  'board.pointsNote': 'The bundle\'s points.fromActivities says which activity is which action (first match wins) and its points-for-event rule posts the points; {posted} posted.',
  'board.pointsUnmapped': 'This bundle has no points.fromActivities: activities earn no points.',
  'board.alerts': 'Alerts (three-level escalation and target-health reviews)',
  'board.alertUnit': 'Unit',
  'board.alertLevel': 'Level',
  'board.alertSince': 'Since',
  'board.alertOpen': 'State',
  'board.alertWhy': 'Why',
  'board.level1': 'L1 · reminder',
  'board.level2': 'L2 · manager notice',
  'board.level3': 'L3 · coaching plan',
  'board.levelHealth': 'Health review',
  'board.open': 'open',
  'board.cleared': 'cleared',
  'board.forecast': 'Rolling forecast (next months, yuan)',
  'board.bonus': 'Bonus at the present pace',
  'board.projected': 'Period result at this pace',
  'board.bonusAmount': 'Bonus',
  'board.reps': 'Reps',
  'board.noAlerts': 'No alerts',
  'board.weekToDate': '* The week to {asOf}, against the part of its target due by then. An actual edited on the board is a period total: its difference from the recorded total is booked on {asOf}, and earlier weeks keep what was recorded.',
};

type BoardKey = keyof typeof boardZh;
const texts = { zh: boardZh as Record<BoardKey, string>, en: boardEn };

/** `t` for these strings, bound to the current language. */
export function useBoardT() {
  return useTextsT<BoardKey>(texts);
}
