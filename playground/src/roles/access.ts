/**
 * What a role may open and do, asked of the persona's bundle roles (roles/personas.ts
 * `rolesOf`): the screens from the registry's `roles` (screens/registry.ts), and the few
 * playground tools that no flow of the bundle governs. Units within a screen are filtered by
 * the org tree (canSeeUnit); what a role may do in a flow, by the flow (roles/scope.ts).
 */
import { rolesOf, type PersonaId } from './personas.js';

/**
 * Who configures the bundle (模板库, 搭建, 规则编辑器, the template previews): the implementer,
 * whose work it is, and the HQ target admin, who owns the company's parameters (the lights'
 * boundaries, the appeal limit). Reps, heads and the other roles work on the live screens
 * only: a rep must not move the boundary of his own light.
 */
export const CONFIG_ROLES = ['implementer', 'hq-admin'] as const;

/** Whether the persona may open the template library and the template previews. */
export const mayOpenTemplates = (persona: PersonaId): boolean => mayOpen(persona, { roles: CONFIG_ROLES });

/** Whether the persona may open the screen (a screen without `roles` is for everybody). */
export function mayOpen(persona: PersonaId, screen: { readonly roles?: readonly string[] | undefined }): boolean {
  return screen.roles === undefined || rolesOf(persona).some((r) => screen.roles!.includes(r));
}

/**
 * Playground tools outside the bundle's flows, and the bundle roles that have them: edit the
 * board's actuals (HQ and a region head, for their units), import data (HRBP only exports), and
 * publish or withdraw the allocation review (the review starts published, so no transition of
 * allocation-review says who publishes it).
 */
const TOOLS = {
  'edit-actuals': ['hq-admin', 'region-head'],
  'import-data': ['hq-admin'],
  'publish-review': ['hq-admin'],
} as const satisfies Record<string, readonly string[]>;

export type Tool = keyof typeof TOOLS;

/** Whether one of the roles has the tool. */
export const hasTool = (roles: readonly string[], tool: Tool): boolean => roles.some((r) => (TOOLS[tool] as readonly string[]).includes(r));
