/**
 * The progress sign's strings (RunSign.tsx), loaded with the screens that run work in the
 * worker, not with the first page.
 */
import { useTextsT } from '../../i18n/useT.js';

const runZh = {
  'run.working': '正在计算（不影响页面操作）',
  'run.step': '第 {done}/{total} 步：{stage}',
  'run.cancel': '取消',
  'run.cancelled': '已取消计算：下面仍是上一次的结果。',
  'run.cancelledNone': '已取消计算。',
  'run.retry': '重新计算',
  'run.failed': '计算失败：{message}',
  'run.stage.starting': '开始',
  'run.stage.bundle': '读取构建',
  'run.stage.company': '建立公司组织与数据',
  'run.stage.plans': '拆解三种方案',
  'run.stage.progress': '跟踪进度与信号灯',
  'run.stage.lines': '按产品线跟踪',
  'run.stage.weeks': '逐周对应完成',
  'run.stage.scores': '绩效评分',
  'run.stage.alerts': '预警与健康度评审',
  'run.stage.forecast': '滚动预测与奖金',
  'run.stage.points': '积分',
  'run.stage.indicators': '过程指标与健康度',
  'run.stage.importRows': '合并导入的行',
  'run.stage.importLoad': '检查导入后的构建',
};

const runEn: typeof runZh = {
  'run.working': 'Working (the page stays usable)',
  'run.step': 'Step {done} of {total}: {stage}',
  'run.cancel': 'Cancel',
  'run.cancelled': 'Cancelled: below are still the previous results.',
  'run.cancelledNone': 'Cancelled.',
  'run.retry': 'Compute again',
  'run.failed': 'The computation failed: {message}',
  'run.stage.starting': 'starting',
  'run.stage.bundle': 'reading the build',
  'run.stage.company': 'building the company',
  'run.stage.plans': 'allocating three plans',
  'run.stage.progress': 'tracking progress and lights',
  'run.stage.lines': 'tracking product lines',
  'run.stage.weeks': 'weeks to date',
  'run.stage.scores': 'scores',
  'run.stage.alerts': 'alerts and health reviews',
  'run.stage.forecast': 'forecast and bonus',
  'run.stage.points': 'points',
  'run.stage.indicators': 'process indicators and health',
  'run.stage.importRows': 'merging the imported rows',
  'run.stage.importLoad': 'checking the build with them',
};

type RunKey = keyof typeof runZh;
const texts = { zh: runZh, en: runEn };

/** `t` for these strings, bound to the current language. */
export function useRunT() {
  return useTextsT<RunKey>(texts);
}

/** A stage's name as shown; a stage this table does not know is shown by its key. */
export function stageKey(stage: string | undefined): RunKey | null {
  const key = `run.stage.${stage ?? ''}`;
  return key in runZh ? (key as RunKey) : null;
}
