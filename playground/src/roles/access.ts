/**
 * Which screens a persona may open. Units within a screen are filtered by the org tree
 * (canSeeUnit); this table only says which tools a role has at all.
 */
import type { PersonaId } from './personas.js';

export type ScreenId = 'simulator' | 'board' | 'workspace' | 'data' | 'pipeline' | 'process' | 'phasing' | 'visits';

const SCREENS: Record<PersonaId, readonly ScreenId[]> = {
  'hq-admin': ['simulator', 'board', 'workspace', 'data', 'pipeline', 'process', 'phasing'],
  'sales-director': ['workspace', 'board'],
  'region-head': ['board', 'workspace', 'pipeline', 'process', 'phasing'],
  rep: ['board', 'workspace', 'pipeline', 'process', 'visits'],
  hrbp: ['board', 'workspace', 'data'],
  engineer: ['workspace'],
};

export function mayOpen(persona: PersonaId, screen: ScreenId): boolean {
  return SCREENS[persona].includes(screen);
}

/** Whether the persona may import data (HRBP only exports). */
export const mayImport = (persona: PersonaId) => persona === 'hq-admin';
