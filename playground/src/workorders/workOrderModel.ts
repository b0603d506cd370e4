/**
 * Work orders (协同工单) as the playground runs them: the bundle's `work-order` flow on the
 * plugin's flow engine over the sample company's org tree, due times in working hours on the
 * company's calendar, every action taken at the sample's "now" (the pipeline's last day). What an
 * opportunity shows of one (its state, who acts next, its due time and whether it is overdue)
 * comes from the plugin: `workOrdersOf`, and the runtime's `overdue` and `available` for each
 * persona of the role switch.
 */
import { createFlowRuntime, createWorkingClock, workOrdersOf, type Actor, type FlowInstance, type FlowRuntime, type FlowTransition, type LoadedBundle, type WorkOrderStatus } from '../../../plugin/index.js';
import { SAMPLE_PIPELINE_NOW } from '../../../plugin/sample/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { PERSONA_IDS, personas, type Persona } from '../roles/personas.js';

/** The flow a work order runs on, and the template whose forms raise and move it. */
const WORK_ORDER_FLOW = 'work-order';
export const WORK_ORDER_TEMPLATE = 'work-order';
export const RAISE_FORM = 'raise';
/** Every work-order action happens at the sample's now, so due times and overdue agree with the pipeline's alerts. */
export const WORK_ORDER_NOW = SAMPLE_PIPELINE_NOW;

const runtimes = new WeakMap<LoadedBundle, WeakMap<CompanyModel, FlowRuntime | null>>();

/** The work-order flow of the build on the company's org tree and working calendar; null when the build has no such flow. */
export function workOrderRuntime(bundle: LoadedBundle, model: CompanyModel): FlowRuntime | null {
  let byModel = runtimes.get(bundle);
  if (!byModel) runtimes.set(bundle, (byModel = new WeakMap()));
  if (byModel.has(model)) return byModel.get(model) ?? null;
  const def = bundle.flows.find((f) => f.def.id === WORK_ORDER_FLOW)?.def;
  const flow = def ? createFlowRuntime(def, model.tree, bundle, createWorkingClock(model.calendar)) : null;
  byModel.set(model, flow);
  return flow;
}

/** What the rep fills in on the raise form, plus the customer's name kept for lists that have no pipeline at hand. */
interface RaiseValues {
  opportunityId: string;
  customer: string;
  title: string;
  detail?: string;
}

/** A new work order in the flow's initial state, owned by the rep who raised it (his unit is its scope). */
export function raiseWorkOrder(flow: FlowRuntime, rep: Actor, values: RaiseValues, id: string): FlowInstance {
  const data: Record<string, unknown> = { opportunityId: values.opportunityId, customer: values.customer, title: values.title };
  if (values.detail) data.detail = values.detail;
  return flow.start({ id, ownerId: rep.id, unitId: rep.unitId, data, now: WORK_ORDER_NOW });
}

/** A persona who may act on a work order now, with the actions the flow offers him. */
interface NextStep {
  persona: Persona;
  actions: FlowTransition[];
}

export interface WorkOrderProgress {
  instance: FlowInstance;
  /** State, its title, due time and final flag, as `workOrdersOf` gives them. */
  status: WorkOrderStatus;
  /** The runtime's `overdue` at now. */
  overdue: boolean;
  /** Who acts next: the switcher's personas `available` offers an action other than cancel. */
  next: NextStep[];
}

/** The engineer a work order was assigned to, if any. */
export const engineerOf = (instance: FlowInstance): string | null =>
  typeof instance.data.engineerId === 'string' ? instance.data.engineerId : null;

/**
 * The actions the flow offers `persona` on a work order. The flow lets any engineer resolve
 * (scope `any`); once one is assigned, the host offers it to him alone.
 */
export function actionsFor(flow: FlowRuntime, instance: FlowInstance, persona: Persona): FlowTransition[] {
  const assigned = engineerOf(instance);
  return flow.available(instance, persona.actor)
    .filter((t) => !(assigned !== null && t.roles.includes('engineer') && persona.actor.id !== assigned));
}

/** The people of the role switch who can be assigned a work order: the engineers. */
export function engineers(all: Record<string, Persona>): Persona[] {
  return Object.values(all).filter((p) => p.actor.roles.includes('engineer'));
}

/** The progress of some work orders, each opportunity's in `workOrdersOf` order, the opportunities newest first. */
export function progressOf(flow: FlowRuntime, model: CompanyModel, instances: readonly FlowInstance[]): WorkOrderProgress[] {
  const people = personas(model.tree);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const opportunities = [...new Set([...instances].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map((i) => String(i.data.opportunityId ?? '')))];
  return opportunities.flatMap((opp) => workOrdersOf(opp, instances, flow.def, WORK_ORDER_NOW).map((status) => {
    const instance = byId.get(status.id)!;
    const next = PERSONA_IDS.map((id) => people[id])
      .map((persona) => ({ persona, actions: actionsFor(flow, instance, persona).filter((t) => t.action !== 'cancel') }))
      .filter((n) => n.actions.length > 0);
    return { instance, status, overdue: flow.overdue(instance, WORK_ORDER_NOW) !== null, next };
  }));
}
