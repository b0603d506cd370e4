/**
 * What a persona is and may do, asked of his role as the bundle declares it (bundle.json
 * `roles`: the level of the org tree the role works at) and of the flow definitions (which
 * roles take which transition), so that a screen asks "is he a rep", "may he submit a filing",
 * "does he act in the recalculation" and never tests a persona's id.
 */
import type { LoadedBundle } from '../../../plugin/index.js';
import { hasTool, type Tool } from './access.js';
import type { Persona } from './personas.js';

type FlowDef = LoadedBundle['flows'][number]['def'];
type RoleLevel = LoadedBundle['manifest']['roles'][number]['level'];

export interface PersonaScope {
  /** The level of the org tree his role works at; none for a role outside the sales line (the support engineer). */
  level: RoleLevel;
  /** He is a rep: he works on his own numbers, not on units below him. */
  isRep: boolean;
  /** One of his roles takes the flow's transition `action`. */
  may(flowId: string, action: string): boolean;
  /** One of his roles takes some transition of the flow. */
  actsIn(flowId: string): boolean;
  /** One of his roles has the playground tool (roles/access.ts). */
  has(tool: Tool): boolean;
}

/** The flow's definition in the bundle, if the bundle has it. */
export const flowDef = (bundle: LoadedBundle, flowId: string): FlowDef | undefined => bundle.flows.find((f) => f.def.id === flowId)?.def;

/** Whether one of the roles takes the transition `action` of the flow (any transition when no action is named). */
export function rolesMay(bundle: LoadedBundle, roles: readonly string[], flowId: string, action?: string): boolean {
  return (flowDef(bundle, flowId)?.transitions ?? []).some((t) => (action === undefined || t.action === action) && t.roles.some((r) => roles.includes(r)));
}

export function personaScope(bundle: LoadedBundle, persona: Persona): PersonaScope {
  const roles = persona.actor.roles;
  const declared = bundle.manifest.roles.filter((r) => roles.includes(r.id));
  const level = declared.find((r) => r.level !== undefined)?.level;
  return {
    level,
    isRep: level === 'rep',
    may: (flowId, action) => rolesMay(bundle, roles, flowId, action),
    actsIn: (flowId) => rolesMay(bundle, roles, flowId),
    has: (tool) => hasTool(roles, tool),
  };
}

/** The bundle roles at an org level that take the flow's transition `action` (a region's head, for a region's review). */
export function rolesAt(bundle: LoadedBundle, level: RoleLevel, flowId: string, action: string): string[] {
  return bundle.manifest.roles.filter((r) => r.level === level && rolesMay(bundle, [r.id], flowId, action)).map((r) => r.id);
}
