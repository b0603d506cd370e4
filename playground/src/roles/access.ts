/**
 * What a role may open and do, asked of the persona's bundle roles (roles/personas.ts
 * `rolesOf`): the screens from the registry's `roles` (screens/registry.ts), and the few
 * playground tools that no flow of the bundle governs. Units within a screen are filtered by
 * the org tree (canSeeUnit); what a role may do in a flow, by the flow (roles/scope.ts).
 */
import { rolesOf, type PersonaId } from './personas.js';

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
