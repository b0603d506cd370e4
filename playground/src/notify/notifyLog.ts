/**
 * The playground's own delivery log: the test messages sent from the 通知 screen (to a relay, or
 * shown only), kept in localStorage like the persona. It is not the CLI's delivery log: the
 * playground never delivers a notice, so nothing here marks one as sent.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type TestStatus = 'waiting' | 'delivered' | 'failed' | 'dry-run';

export interface TestEntry {
  id: string;
  at: string;
  channel: string;
  to: string;
  what: string;
  status: TestStatus;
  /** For a failure: the relay's status or the network error. */
  detail?: string;
}

interface NotifyLogState {
  entries: TestEntry[];
  add: (entry: TestEntry) => void;
  settle: (id: string, status: TestStatus, detail?: string) => void;
  clear: () => void;
}

/** The newest entries kept; older ones fall off so localStorage stays small. */
const KEEP = 200;

export const useNotifyLog = create<NotifyLogState>()(
  persist(
    (set) => ({
      entries: [],
      add: (entry) => set((s) => ({ entries: [entry, ...s.entries].slice(0, KEEP) })),
      settle: (id, status, detail) => set((s) => ({ entries: s.entries.map((e) => (e.id === id ? { ...e, status, ...(detail ? { detail } : {}) } : e)) })),
      clear: () => set({ entries: [] }),
    }),
    {
      name: 'target-kit.playground.notify-log',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ entries: s.entries }),
      merge: (persisted, current) => {
        const entries = (persisted as { entries?: unknown } | null)?.entries;
        // a page closed mid-send left 'waiting': it never got an answer
        return { ...current, entries: Array.isArray(entries) ? (entries as TestEntry[]).map((e) => (e.status === 'waiting' ? { ...e, status: 'failed' as const, detail: 'page closed' } : e)) : [] };
      },
    },
  ),
);
