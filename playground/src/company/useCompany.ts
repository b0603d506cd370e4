/** The company model and the current persona for a screen, from the loaded bundle and the build's frozen plan. */
import { useMemo } from 'react';
import type { LoadedBundle } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import { personas, type Persona } from '../roles/personas.js';
import { usePersonaStore } from '../stores/persona.js';
import { companyModel, type CompanyResult } from './companyModel.js';
import { withReviewTargets } from './reviewTargets.js';

export function useCompany(bundle: LoadedBundle): { result: CompanyResult; persona: Persona | null } {
  const personaId = usePersonaStore((s) => s.persona);
  const review = useBuildStore((s) => s.flows.review);
  const result = useMemo(() => withReviewTargets(companyModel(bundle), review), [bundle, review]);
  // one object per persona while the company stands: screens memoise their parts on it
  const all = useMemo(() => (result.ok ? personas(result.model.tree) : null), [result]);
  const persona = all ? all[personaId] : null;
  return { result, persona };
}
