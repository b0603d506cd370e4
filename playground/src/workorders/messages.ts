/**
 * UI strings of the work orders (协同工单): raised on the rep's phone view, moved in 我的待办,
 * shown on the pipeline cards. Kept apart from messages.ts so they load with those lazy screens,
 * not with the first page; `useWorkOrderT` fills `{name}` placeholders the same way.
 */
import { useTextsT } from '../i18n/useT.js';

const workOrderZh = {
  'wo.title': '协同工单',
  'wo.intro': '客户提出定制需求时开工单：主管指派工程师，工程师写明处理结果，你确认关闭或退回重做。每步都按流程校验，时间按样例公司的“现在”（{now}）。',
  'wo.raise': '提出工单',
  'wo.raised': '已提出工单：{customer} · {title}',
  'wo.none': '还没有工单',
  'wo.next': '下一步：{who}',
  'wo.nextOne': '{name}（{actions}）',
  'wo.closed': '已结束',
  'wo.due': '处理时限 {due}',
  'wo.noDue': '此状态没有处理时限',
  'wo.overdue': '已逾期',
  'wo.onTime': '未逾期',
  'wo.engineer': '工程师：{name}',
  'wo.resolution': '处理结果：{text}',
  'wo.reopenReason': '退回原因：{text}',
  'wo.detail': '说明：{text}',
  'wo.done': '已执行：{action}',
  'wo.history': '{at} · {who} · {action}',
  'wo.raisedBy': '{at} · {who} · 提出',
  'wo.noFlow': '当前搭建中没有协同工单的流程或模板（{id}）',
} as const;

const workOrderEn: Record<keyof typeof workOrderZh, string> = {
  'wo.title': 'Work orders',
  'wo.intro': 'Raise a work order for a customer\'s custom requirement: the lead assigns an engineer, the engineer states the resolution, and you confirm it or send it back. The flow checks every step; times are the sample company\'s "now" ({now}).',
  'wo.raise': 'Raise work order',
  'wo.raised': 'Raised: {customer} · {title}',
  'wo.none': 'No work orders yet',
  'wo.next': 'Next: {who}',
  'wo.nextOne': '{name} ({actions})',
  'wo.closed': 'Closed',
  'wo.due': 'Due {due}',
  'wo.noDue': 'No due time in this state',
  'wo.overdue': 'Overdue',
  'wo.onTime': 'On time',
  'wo.engineer': 'Engineer: {name}',
  'wo.resolution': 'Resolution: {text}',
  'wo.reopenReason': 'Sent back: {text}',
  'wo.detail': 'Details: {text}',
  'wo.done': 'Done: {action}',
  'wo.history': '{at} · {who} · {action}',
  'wo.raisedBy': '{at} · {who} · raised',
  'wo.noFlow': 'The build has no work-order flow or template ({id})',
};

type WorkOrderKey = keyof typeof workOrderZh;
const texts = { zh: workOrderZh as Record<WorkOrderKey, string>, en: workOrderEn };

/** `t` for the work-order strings, bound to the current language. */
export function useWorkOrderT() {
  return useTextsT<WorkOrderKey>(texts);
}
