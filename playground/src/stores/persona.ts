/** The persona the playground acts as; kept in localStorage like the language. */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { PERSONA_IDS, type PersonaId } from '../roles/personas.js';

interface PersonaState {
  persona: PersonaId;
  setPersona: (persona: PersonaId) => void;
}

const isPersona = (value: unknown): value is PersonaId => PERSONA_IDS.includes(value as PersonaId);

export const usePersonaStore = create<PersonaState>()(
  persist(
    (set) => ({ persona: 'hq-admin', setPersona: (persona) => set({ persona }) }),
    {
      name: 'target-kit.playground.persona',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ persona: s.persona }),
      merge: (persisted, current) => {
        const p = (persisted as { persona?: unknown } | null)?.persona;
        return { ...current, persona: isPersona(p) ? p : current.persona };
      },
    },
  ),
);
