/**
 * The target-kit-alerts node (每日预警) on NocoBase's workflow canvas: a plain node card whose
 * drawer shows which datasets the importer gave it (targets, actuals, daily actions). The
 * server runs it (server/alerts.ts); without this registration the canvas cannot draw the
 * imported schedule workflow.
 */
import type { Lang } from './format.js';
import { ALERTS_NODE_TYPE } from '../../../contract.js';

const TEXT = {
  title: { zh: 'target-kit 每日预警', en: 'target-kit daily alerts' },
  description: {
    zh: '按包中的跟踪与通知参数，计算存储数据上的一至三级预警和目标健康度评审，写入“目标预警”并给本人和直属上级发站内信；同一天再次运行不重复发送，已解除的预警会发解除说明。',
    en: 'Computes alert levels 1-3 and the target-health review over the stored data with the bundle\'s tracking and notification parameters, writes them to 目标预警 and sends in-app messages to the person and his manager; a second run the same day sends nothing again, and a cleared alert sends its resolved note.',
  },
  targets: { zh: '目标数据集', en: 'Targets dataset' },
  actuals: { zh: '实际数据集', en: 'Actuals dataset' },
  activity: { zh: '基础动作数据集', en: 'Daily actions dataset' },
} satisfies Record<string, Record<Lang, string>>;

interface WorkflowClientPlugin { registerInstruction(type: string, instruction: new () => object): void }

const isWorkflowClientPlugin = (value: unknown): value is WorkflowClientPlugin =>
  typeof value === 'object' && value !== null && typeof (value as { registerInstruction?: unknown }).registerInstruction === 'function';

export function registerAlertsNode(workflow: unknown, lang: Lang): void {
  if (!isWorkflowClientPlugin(workflow)) return;
  const field = (title: string) => ({ type: 'string', title, 'x-decorator': 'FormItem', 'x-component': 'Input', 'x-read-pretty': true });
  const instruction = {
    type: ALERTS_NODE_TYPE, group: 'extended', title: TEXT.title[lang], description: TEXT.description[lang], testable: false,
    fieldset: { targets: field(TEXT.targets[lang]), actuals: field(TEXT.actuals[lang]), activity: field(TEXT.activity[lang]) },
    createDefaultConfig: (): Record<string, unknown> => ({}),
  };
  try {
    workflow.registerInstruction(ALERTS_NODE_TYPE, class AlertsNodeInstruction { constructor() { Object.assign(this, instruction); } });
  } catch (e) {
    // a canvas that refuses our node must not take the forms down with it
    console.warn('target-kit: the workflow canvas did not accept the target-kit-alerts node', e);
  }
}
