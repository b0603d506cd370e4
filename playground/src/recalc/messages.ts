/**
 * UI strings of the emergency recalculation (应急重算) in 我的待办. Kept apart from messages.ts
 * so they load with the lazy work screen, not with the first page (as workorders/messages.ts).
 */
import { fillVars, type Vars } from '../i18n/translate.js';
import { useTextsT } from '../i18n/useT.js';

const recalcZh = {
  'rc.title': '应急重算',
  'rc.intro': '政策变化冻结客户等突发情况：总部申请排除受影响的城市或单位，销售总监授权后总部在当前评审方案上重算，销售总监或 HRBP 审批后生效；只有目标变化的单位重签承诺书。',
  'rc.none': '没有进行中的应急重算',
  'rc.new': '申请应急重算',
  'rc.cancel': '取消',
  'rc.excluded': '排除',
  'rc.excludedUnits': '{list}（{count} 个单位）',
  'rc.unknown': '未找到的城市或单位：{list}',
  'rc.reason': '理由',
  'rc.comment': '意见',
  'rc.next': '下一步',
  'rc.nextOne': '{name}（{actions}）',
  'rc.closed': '已结束',
  'rc.run': '运行重算并提交审批',
  'rc.needReview': '目标评审冻结后才能在当前方案上重算：请先发布评审，并让各大区确认或裁定。',
  'rc.changed': '目标变化的单位：{count} 个（大区 {regions} · 团队 {teams} · 销售 {reps}），金额精确到分',
  'rc.unchanged': '重算没有改变任何单位的目标',
  'rc.sums': '合计校验：公司基础目标 {base} 元（重算前 {before} 元）；{parents} 个上级单位的基础与挑战目标都等于下级之和。',
  'rc.sumsBroken': '合计不符：{list}',
  'rc.colUnit': '单位',
  'rc.colParent': '上级',
  'rc.colBase': '基础目标 原 → 新（元）',
  'rc.colDiff': '变化（元）',
  'rc.colStretch': '挑战目标 原 → 新（元）',
  'rc.excludedTag': '已排除',
  'rc.stale': '重算之后目标评审又有变化（或已撤回），这份重算结果不能再生效：请驳回后重新申请。',
  'rc.applied': '重算方案已生效：{count} 个单位的目标变化，其承诺书需重签。',
  'rc.rejected': '已驳回：{text}',
  'rc.history': '{at} · {who} · {action}',
  'rc.noFlow': '当前搭建中没有应急重算的流程或模板（{id}）',
} as const;

const recalcEn: Record<keyof typeof recalcZh, string> = {
  'rc.title': 'Emergency recalculation',
  'rc.intro': 'When something sudden happens (a policy change froze customers): HQ requests a rerun without the affected cities or units, the sales director authorises it, HQ recalculates the current review\'s plan, and the sales director or the HRBP approves it; only the units whose targets changed re-sign their letters.',
  'rc.none': 'No emergency recalculation under way',
  'rc.new': 'Request a recalculation',
  'rc.cancel': 'Cancel',
  'rc.excluded': 'Excluded',
  'rc.excludedUnits': '{list} ({count} units)',
  'rc.unknown': 'Cities or units not found: {list}',
  'rc.reason': 'Reason',
  'rc.comment': 'Comment',
  'rc.next': 'Next',
  'rc.nextOne': '{name} ({actions})',
  'rc.closed': 'Closed',
  'rc.run': 'Recalculate and submit for approval',
  'rc.needReview': 'The plan can be recalculated once the review is frozen: publish the review and have every region accept or be decided first.',
  'rc.changed': 'Units whose targets change: {count} (regions {regions} · teams {teams} · reps {reps}), amounts to the fen',
  'rc.unchanged': 'The recalculation changed no unit\'s target',
  'rc.sums': 'Totals: company Base {base} yuan (before: {before} yuan); in {parents} parents, Base and Stretch equal the sum of the children.',
  'rc.sumsBroken': 'Totals that do not add up: {list}',
  'rc.colUnit': 'Unit',
  'rc.colParent': 'Parent',
  'rc.colBase': 'Base old → new (yuan)',
  'rc.colDiff': 'Change (yuan)',
  'rc.colStretch': 'Stretch old → new (yuan)',
  'rc.excludedTag': 'excluded',
  'rc.stale': 'The review changed (or was withdrawn) after this recalculation, so it can no longer apply: reject it and request again.',
  'rc.applied': 'The recalculated plan applies: {count} units\' targets changed, and their letters must be signed again.',
  'rc.rejected': 'Rejected: {text}',
  'rc.history': '{at} · {who} · {action}',
  'rc.noFlow': 'The build has no emergency-recalc flow or template ({id})',
};

type RecalcKey = keyof typeof recalcZh;
const texts = { zh: recalcZh as Record<RecalcKey, string>, en: recalcEn };

/** A string in both languages, for a message kept in state while the language may switch. */
export function recalcLocalized(key: RecalcKey, vars: Vars = {}): { zh: string; en: string } {
  return { zh: fillVars(texts.zh[key], vars), en: fillVars(texts.en[key], vars) };
}

/** `t` for the recalculation strings, bound to the current language. */
export function useRecalcT() {
  return useTextsT<RecalcKey>(texts);
}
