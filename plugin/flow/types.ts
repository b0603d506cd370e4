/**
 * Flow instances and what the engine says about them. A flow definition (flow.schema.json)
 * is data; an instance is the state of one filing, appeal or letter; the engine turns
 * (definition, instance, action, actor, payload, now) into the next instance and the events
 * for the host, or a refusal. It performs nothing itself.
 */
import type { Localized } from '../problems.js';

/** Who acts: a person with roles, placed in the org tree at the unit he belongs to or heads. */
export interface Actor {
  id: string;
  roles: string[];
  unitId: string;
}

export interface AuditEntry {
  /** 1-based position in the trail. */
  seq: number;
  action: string;
  actor: Actor;
  /** ISO time with offset. */
  at: string;
  from: string;
  to: string;
  payload: Record<string, unknown>;
  /** Instance data paths the action changed, with the values before and after. */
  changes: Array<{ path: string; before: unknown; after: unknown }>;
  /** The instance version the action was taken against. */
  version: number;
  /** The hash of the entry before (for the first, of the instance's identity): the chain's link. */
  prev: string;
  /** SHA-256 of this entry's canonical JSON without `hash`. */
  hash: string;
}

interface DueTime {
  /** ISO time after which the instance is overdue in `state`. */
  at: string;
  state: string;
  event: string;
  /** The action that set the due time. */
  action: string;
}

export interface FlowInstance {
  id: string;
  flowId: string;
  state: string;
  /** Increases by one with every accepted action; an action names the version it saw. */
  version: number;
  /** The person the instance belongs to (the rep who files, the head who appeals). */
  ownerId: string;
  /** The org unit it is about; scope checks walk the org tree from here. */
  unitId: string;
  data: Record<string, unknown>;
  createdAt: string;
  due: DueTime | null;
  /** Append-only and hash-chained (audit-chain.ts): enough to replay the instance from its start. */
  audit: AuditEntry[];
}

export interface FlowEvent {
  event: string;
  instanceId: string;
  flowId: string;
  action?: string;
  /** A role id, or 'owner', 'actor', 'manager', as the definition says; the host delivers. */
  to?: string;
  ownerId: string;
  unitId: string;
  at: string;
  message?: Localized;
}

export interface Refusal {
  code: string;
  message: Localized;
  /** Where in the instance the refusal points, as a JSON pointer (an altered audit entry). */
  pointer?: string;
}

export type StepResult =
  | { ok: true; instance: FlowInstance; events: FlowEvent[] }
  | { ok: false; refusal: Refusal };

/** Adds working hours to a time; hosts pass one built from the bundle's working-day calendar. */
export type WorkingClock = (fromIso: string, hours: number) => string;
