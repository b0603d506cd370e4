/** The company model and the current persona for a screen, from the loaded bundle. */
import { useMemo } from 'react';
import type { LoadedBundle } from '../../../plugin/index.js';
import { personas, type Persona } from '../roles/personas.js';
import { usePersonaStore } from '../stores/persona.js';
import { companyModel, type CompanyResult } from './companyModel.js';

export function useCompany(bundle: LoadedBundle): { result: CompanyResult; persona: Persona | null } {
  const personaId = usePersonaStore((s) => s.persona);
  const result = useMemo(() => companyModel(bundle), [bundle]);
  const persona = result.ok ? personas(result.model.tree)[personaId] : null;
  return { result, persona };
}
