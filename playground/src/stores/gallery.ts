/**
 * The gallery's search text and category filter. Kept outside the gallery component so they
 * survive opening a template and coming back.
 */
import { create } from 'zustand';

interface GalleryFilterState {
  query: string;
  /** A template category id, or null for every category. */
  category: string | null;
  setQuery: (query: string) => void;
  setCategory: (category: string | null) => void;
  clear: () => void;
}

export const useGalleryFilter = create<GalleryFilterState>()((set) => ({
  query: '',
  category: null,
  setQuery: (query) => set({ query }),
  setCategory: (category) => set({ category }),
  clear: () => set({ query: '', category: null }),
}));
