/**
 * Work orders (协同工单) seen from an opportunity: a custom requirement raised during follow-up
 * opens a `work-order` flow instance whose data names the opportunity; the rep sees each one's
 * state, due time and whether it is overdue. The flow itself runs on the flow engine.
 */
import type { FlowDef } from '../bundle/index.js';
import type { FlowInstance } from '../flow/index.js';
import type { Localized } from '../problems.js';

export interface WorkOrderStatus {
  id: string;
  state: string;
  stateTitle: Localized;
  final: boolean;
  due: string | null;
  overdue: boolean;
  title: string;
}

/** The work orders of one opportunity, oldest first; `now` is an ISO time. */
export function workOrdersOf(opportunityId: string, instances: readonly FlowInstance[], flow: FlowDef, now: string): WorkOrderStatus[] {
  const states = new Map(flow.states.map((s) => [s.id, s]));
  const nowMs = Date.parse(now);
  return instances
    .filter((i) => i.flowId === flow.id && i.data.opportunityId === opportunityId)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : 1))
    .map((i) => {
      const s = states.get(i.state);
      const due = i.due && i.due.state === i.state ? i.due.at : null;
      return {
        id: i.id,
        state: i.state,
        stateTitle: s?.title ?? { zh: i.state, en: i.state },
        final: s?.final === true,
        due,
        overdue: due !== null && !s?.final && Date.parse(due) < nowMs,
        title: typeof i.data.title === 'string' ? i.data.title : '',
      };
    });
}
