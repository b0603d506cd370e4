/**
 * Overdue flow to-dos as a notify source (流程待办超时): the flow instances a host saved (the
 * shape `target-kit replay --instance` reads, one or a list), checked whole, and the flow engine's
 * own `overdue` asked of each at the run's instant. An instance that moved on (or closed) gives
 * no event, so its delivered notice gets its resolved note from the plan.
 */
import type { LoadedBundle } from '../bundle/index.js';
import type { WorkingCalendar } from '../calendar/index.js';
import { createFlowRuntime, createWorkingClock, type FlowEvent, type FlowInstance } from '../flow/index.js';
import { isObject } from '../json.js';
import type { OrgTree } from '../org/index.js';
import { joinPointer, problem, type Problem } from '../problems.js';

/** Enough of an instance to ask its engine when it is due; the audit trail is `replay`'s business. */
const REQUIRED_TEXT = ['id', 'flowId', 'state', 'ownerId', 'unitId'] as const;

/**
 * Reads a flows file's JSON: an instance, a list of them, or `{ "instances": [...] }`. Every
 * instance is checked against the bundle's flows and the org tree; any bad one refuses the file,
 * by JSON pointer.
 */
export function readFlowInstances(value: unknown, file: string, bundle: LoadedBundle, tree: OrgTree): { ok: true; instances: FlowInstance[] } | { ok: false; problems: Problem[] } {
  const [list, base] = Array.isArray(value) ? [value, ''] : isObject(value) && Array.isArray(value.instances) ? [value.instances, '/instances'] : [[value], null];
  const flows = new Set(bundle.flows.map((f) => f.def.id));
  const problems: Problem[] = [];
  const bad = (pointer: string, zh: string, en: string) => problems.push(problem('FLOW_INSTANCE', file, pointer, { zh, en }));
  const seen = new Set<string>();
  list.forEach((v: unknown, i: number) => {
    const at = base === null ? '' : joinPointer(base, i);
    if (!isObject(v)) { bad(at, '流程实例应为对象', 'a flow instance must be an object'); return; }
    const missing = REQUIRED_TEXT.find((k) => typeof v[k] !== 'string' || v[k] === '');
    if (missing) { bad(joinPointer(at, missing), `缺少 ${missing}（文本）`, `${missing} is missing (text)`); return; }
    if (typeof v.version !== 'number') { bad(joinPointer(at, 'version'), 'version 应为数字', 'version must be a number'); return; }
    const due = v.due;
    if (due !== null && due !== undefined && (!isObject(due) || typeof due.at !== 'string' || Number.isNaN(Date.parse(due.at)) || typeof due.state !== 'string' || typeof due.event !== 'string')) {
      bad(joinPointer(at, 'due'), 'due 应为 null 或 {at（带时区的时间）, state, event, action}', 'due must be null or {at (a time with its offset), state, event, action}');
      return;
    }
    if (!flows.has(v.flowId as string)) bad(joinPointer(at, 'flowId'), `包中没有流程 ${String(v.flowId)}`, `the bundle has no flow ${String(v.flowId)}`);
    if (!tree.get(v.unitId as string)) bad(joinPointer(at, 'unitId'), `组织中没有单位 ${String(v.unitId)}`, `the org has no unit ${String(v.unitId)}`);
    if (seen.has(v.id as string)) bad(joinPointer(at, 'id'), `实例 ${String(v.id)} 重复`, `instance ${String(v.id)} appears twice`);
    seen.add(v.id as string);
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, instances: list as FlowInstance[] };
}

/** The overdue events of the instances at `now`, each decided by its own flow's engine. */
export function overdueFlowEvents(bundle: LoadedBundle, tree: OrgTree, instances: readonly FlowInstance[], now: string): FlowEvent[] {
  const runtimes = new Map(bundle.flows.map((f) => [f.def.id, createFlowRuntime(f.def, tree, bundle)]));
  const out: FlowEvent[] = [];
  for (const instance of instances) {
    const event = runtimes.get(instance.flowId)?.overdue({ ...instance, due: instance.due ?? null }, now);
    if (event) out.push(event);
  }
  return out;
}

/**
 * The overdue events of instances a host keeps as records, whose due time is not stored: it is
 * what the step that entered the current state set (`step` with the working clock of the
 * bundle's calendar), taken again from the trail's last entry. Instances of a flow or unit the
 * bundle does not know are left out.
 */
export function overdueStoredFlows(bundle: LoadedBundle, tree: OrgTree, instances: readonly FlowInstance[], calendar: WorkingCalendar, now: string): FlowEvent[] {
  const clock = createWorkingClock(calendar);
  const defs = new Map(bundle.flows.map((f) => [f.def.id, f.def]));
  const withDue: FlowInstance[] = [];
  for (const instance of instances) {
    const def = defs.get(instance.flowId);
    if (!def || !tree.get(instance.unitId)) continue;
    const last = instance.audit.at(-1);
    const entered = last && last.to === instance.state
      ? def.transitions.find((t) => t.action === last.action && t.to === last.to && (Array.isArray(t.from) ? t.from.includes(last.from) : t.from === last.from))
      : undefined;
    const due = entered?.due && last
      ? { at: clock(last.at, entered.due.workingHours), state: entered.to, event: entered.due.event ?? `${def.id}.overdue`, action: last.action }
      : null;
    withDue.push({ ...instance, due });
  }
  return overdueFlowEvents(bundle, tree, withDue, now);
}
