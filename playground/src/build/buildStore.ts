/**
 * The build: which templates it holds, in which order, and the files edited on top of the
 * bundle it started from (the sample bundle shipped in `templates/`, or an imported one).
 * Edits are whole files that loaded; `drafts` are editor texts that did not load yet, kept so a
 * reload shows them again, but never used to run anything. Persisted in IndexedDB under a
 * version; `migrate` runs every step from the stored version up, and a store it cannot read
 * is reported (useStoreStatus), never silently replaced.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { BundleFiles, Fen, FlowInstance, PlanReview } from '../../../plugin/index.js';
import { indexedDbStorage, StoredStateUnreadable } from './idbStorage.js';
import { loaderReady } from './bundleLoader.js';
import { migrateFractionColumns } from './fractionColumnsMigration.js';
import { migratePercentShares } from './percentMigration.js';
import { sampleReady } from './sampleFiles.js';

export const STORE_KEY = 'build';
export const STORE_VERSION = 10;

export type BuildBase = { kind: 'sample' } | { kind: 'imported'; name: string; files: BundleFiles };

/** What people did in the flows on this build: they live and die with it. */
interface FlowsData {
  /** The published plan review (allocation-review instances of every region), or none yet. */
  review: PlanReview | null;
  /** Target-filing instances by unit id. */
  filings: Record<string, FlowInstance>;
  /** Commitment-letter instances by unit id. */
  letters: Record<string, FlowInstance>;
  /** Actuals edited on the board: unit id → the unit's period actual, fen. */
  actualEdits: Record<string, number>;
  /** Visits (拜访记录) logged on the phone view, added to the sample pipeline's activities. */
  activities: LoggedActivity[];
  /** Work orders (协同工单, work-order instances) raised on opportunities, by instance id. */
  workOrders: Record<string, FlowInstance>;
  /** The latest emergency recalculation (应急重算), or none yet; a new request replaces a finished one. */
  recalc: RecalcRecord | null;
  /** Opportunities moved on the pipeline board (商机看板), each to the stage the move was accepted into, by opportunity id. */
  pipelineMoves: Record<string, string>;
}

/** An emergency-recalc instance and, once recalculated, what the recalculation gave. */
export interface RecalcRecord {
  instance: FlowInstance;
  result: RecalcResult | null;
}

export interface RecalcResult {
  /** The current review as the plugin's `recalculate` left it: it replaces the current one on approval. */
  review: PlanReview;
  /** The review it was recalculated from (id, log length): approval is refused once that review moved on. */
  from: { id: string; logLength: number };
  /** Every unit whose target changed, old → new, kept so the change can still be read after approval. */
  changes: UnitChange[];
}

export interface UnitChange {
  id: string;
  name: string;
  level: string;
  parentName: string;
  excluded: boolean;
  before: { base: number; stretch: number };
  after: { base: number; stretch: number };
}

/** One activity a rep logged: the pipeline's activity columns, plus the visit form's values. */
export interface LoggedActivity {
  id: string;
  opportunityId: string;
  ownerId: string;
  type: string;
  /** ISO 8601 with its offset. */
  at: string;
  /** The rest of the visit form (feedback, next step, the folded fields). */
  fields: Record<string, unknown>;
}

const emptyFlows = (): FlowsData => ({ review: null, filings: {}, letters: {}, actualEdits: {}, activities: [], workOrders: {}, recalc: null, pipelineMoves: {} });

/** The simulator's inputs (拆解模拟), kept with the build so they survive leaving the screen and reloading. */
export interface SimulationInputs {
  /** Company Base, fen; null: the model's suggestion. */
  base: Fen | null;
  /** Company Stretch, fen; null: the plan's uplift over the Base. */
  stretch: Fen | null;
  planId: string;
  /** Bases locked by hand, fen, by unit, in the order they were entered (an earlier lock wins). */
  locks: Record<string, Fen>;
}

/** What can be undone: every action that removes or replaces work. */
type DestructiveAction = 'withdraw-review' | 'publish-review' | 'reset-to-sample' | 'import-bundle' | 'import-rows' | 'restore';

/** The build before the last destructive action, kept (persisted) so it can be brought back. */
interface UndoRecord {
  action: DestructiveAction;
  /** ISO 8601. */
  at: string;
  before: BuildSnapshot;
}

/** The build without its bookkeeping: what a restore brings back. */
export type BuildSnapshot = Omit<BuildData, 'generation' | 'undo'>;

interface BuildData {
  base: BuildBase;
  /** Template ids in build order; null means every template of the base, in bundle order, so
   * the untouched sample build follows templates/ as it grows. */
  templateIds: string[] | null;
  /** path → file content (parsed JSON) that replaced the base's file and loaded. */
  edits: Record<string, unknown>;
  /** path → editor text that does not load (yet). */
  drafts: Record<string, string>;
  /** Bumped when files change from outside the editor (reset, import), so open editors reload. */
  generation: number;
  flows: FlowsData;
  /**
   * The build's key for signatures on commitment letters (an HMAC under it, plugin/letters),
   * made when the build is. A demonstration: it lives in this browser beside what it signs, so
   * it shows how a host's secret voids a re-hashed letter, not a secret anyone is kept from.
   */
  signingKey: string;
  /** The simulator's inputs, or none yet (the suggestion, the balanced plan, no locks). */
  simulation: SimulationInputs | null;
  /** The last destructive action and the build before it; one level, and a restore is itself undoable. */
  undo: UndoRecord | null;
}

/** 256 random bits, hex: a new build's signing key. */
const newSigningKey = () => [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

interface BuildActions {
  setTemplateIds: (ids: string[]) => void;
  commitFile: (path: string, content: unknown) => void;
  setDraft: (path: string, text: string) => void;
  discardDraft: (path: string) => void;
  /** Back to the base bundle's version of a file: its edit and its draft dropped. */
  revertFile: (path: string) => void;
  importBundle: (name: string, files: BundleFiles) => void;
  resetToSample: () => void;
  setFlows: (change: (flows: FlowsData) => FlowsData) => void;
  setSimulation: (simulation: SimulationInputs | null) => void;
  /** Publishes a review (a confirmed click): it replaces any review and its letters, both kept for a restore. */
  publishReview: (review: PlanReview) => void;
  /** Withdraws the review and its letters (a confirmed click), kept for a restore. */
  withdrawReview: () => void;
  /** Replaces a dataset file with imported rows (a confirmed click), the file before kept for a restore. */
  importRows: (path: string, text: string) => void;
  /** Back to the build before the last destructive action; the build it replaces becomes the one to restore. */
  restoreLast: () => void;
}

type BuildState = BuildData & BuildActions;

const sampleBuild = (generation: number): BuildData => ({
  base: { kind: 'sample' },
  templateIds: null,
  edits: {},
  drafts: {},
  generation,
  flows: emptyFlows(),
  signingKey: newSigningKey(),
  simulation: null,
  undo: null,
});

const snapshotOf = ({ base, templateIds, edits, drafts, flows, signingKey, simulation }: BuildData): BuildSnapshot =>
  ({ base, templateIds, edits, drafts, flows, signingKey, simulation });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLoggedActivity = (value: unknown): value is LoggedActivity =>
  isRecord(value) && ['id', 'opportunityId', 'ownerId', 'type', 'at'].every((k) => typeof value[k] === 'string') && isRecord(value['fields']);

const isFlowInstance = (value: unknown): value is FlowInstance =>
  isRecord(value) && ['id', 'flowId', 'state', 'ownerId', 'unitId', 'createdAt'].every((k) => typeof value[k] === 'string')
  && typeof value['version'] === 'number' && isRecord(value['data']) && Array.isArray(value['audit']) && (value['due'] === null || isRecord(value['due']));

const isRecalcResult = (value: unknown): value is RecalcResult =>
  isRecord(value) && isRecord(value['review']) && isRecord(value['from']) && typeof value['from']['id'] === 'string'
  && typeof value['from']['logLength'] === 'number' && Array.isArray(value['changes']) && value['changes'].every((c) => isRecord(c) && typeof c['id'] === 'string');

const isRecalcRecord = (value: unknown): value is RecalcRecord =>
  isRecord(value) && isFlowInstance(value['instance']) && (value['result'] === null || isRecalcResult(value['result']));

const isFenRecord = (value: unknown): value is Record<string, Fen> =>
  isRecord(value) && Object.values(value).every((v) => Number.isSafeInteger(v) && (v as number) >= 0);

const isFenOrNull = (value: unknown) => value === null || (Number.isSafeInteger(value) && (value as number) >= 0);

const isSimulation = (value: unknown): value is SimulationInputs =>
  isRecord(value) && isFenOrNull(value['base']) && isFenOrNull(value['stretch']) && typeof value['planId'] === 'string' && isFenRecord(value['locks']);

const ACTIONS: readonly DestructiveAction[] = ['withdraw-review', 'publish-review', 'reset-to-sample', 'import-bundle', 'import-rows', 'restore'];

/** The stored shape, checked field by field: IndexedDB hands back whatever was written. */
export function readBuildData(value: unknown): BuildData {
  const fail = (field: string): never => {
    throw new StoredStateUnreadable('corrupt', `the stored build has an invalid "${field}"`);
  };
  if (!isRecord(value)) return fail('state');
  const { base, templateIds, edits, drafts, generation, flows, signingKey, simulation, undo } = value;
  if (!isRecord(base) || (base['kind'] !== 'sample' && base['kind'] !== 'imported')) return fail('base');
  if (base['kind'] === 'imported' && (typeof base['name'] !== 'string' || !isRecord(base['files']))) return fail('base.files');
  if (templateIds !== null && !(Array.isArray(templateIds) && templateIds.every((id) => typeof id === 'string'))) return fail('templateIds');
  if (!isRecord(edits)) return fail('edits');
  if (!isRecord(drafts) || !Object.values(drafts).every((text) => typeof text === 'string')) return fail('drafts');
  if (!isRecord(flows) || !isRecord(flows['filings']) || !isRecord(flows['letters']) || !isRecord(flows['actualEdits'])) return fail('flows');
  if (flows['review'] !== null && !isRecord(flows['review'])) return fail('flows.review');
  if (!Array.isArray(flows['activities']) || !flows['activities'].every(isLoggedActivity)) return fail('flows.activities');
  if (!isRecord(flows['workOrders']) || !Object.values(flows['workOrders']).every(isFlowInstance)) return fail('flows.workOrders');
  if (flows['recalc'] !== null && !isRecalcRecord(flows['recalc'])) return fail('flows.recalc');
  if (!isRecord(flows['pipelineMoves']) || !Object.values(flows['pipelineMoves']).every((stage) => typeof stage === 'string')) return fail('flows.pipelineMoves');
  if (typeof signingKey !== 'string' || signingKey.length < 32) return fail('signingKey');
  if (simulation !== null && !isSimulation(simulation)) return fail('simulation');
  let kept: UndoRecord | null = null;
  if (undo !== null) {
    if (!isRecord(undo) || !ACTIONS.includes(undo['action'] as DestructiveAction) || typeof undo['at'] !== 'string' || !isRecord(undo['before'])) return fail('undo');
    // the build it would bring back is checked like the build itself (it has no undo of its own)
    const { generation: _g, undo: _u, ...before } = readBuildData({ ...undo['before'], generation: 0, undo: null });
    kept = { action: undo['action'] as DestructiveAction, at: undo['at'], before };
  }
  return {
    base: base as BuildBase,
    templateIds: templateIds as string[] | null,
    edits,
    drafts: drafts as Record<string, string>,
    generation: typeof generation === 'number' ? generation : 0,
    flows: flows as unknown as FlowsData,
    signingKey,
    simulation: simulation as SimulationInputs | null,
    undo: kept,
  };
}

/** Steps from a stored version to the next one. Version 1 is the first shape, so nothing
 * older can be read; version 2 added the flow instances (none yet for a version-1 build);
 * version 3 the logged visits (none yet for a version-2 build); version 4 the work orders (none
 * yet for a version-3 build); version 5 the emergency recalculation (none yet for a version-4 build);
 * version 6 the signing key and hash-chained audit trails: a version-5 build's flow instances
 * carry unchained trails that the flow engine refuses (FLOW_AUDIT_UNCHAINED) and its letters
 * typed-name signatures, so its flows start again, empty, under a new key;
 * version 7 keeps shares and weights as fractions (a version-6 build's percents rewritten);
 * version 8 the split table's share and the units' growth_correction columns (a version-7
 * build's percent and correction columns rewritten);
 * version 9 the simulator's inputs and the build before the last destructive action (none yet for a version-8 build);
 * version 10 the pipeline board's moves (none yet for a version-9 build, nor in the build it would restore). */
const migrations: Record<number, (state: unknown) => unknown> = {
  1: (v1) => (isRecord(v1) ? { ...v1, flows: emptyFlows() } : v1),
  2: (v2) => (isRecord(v2) && isRecord(v2['flows']) ? { ...v2, flows: { ...v2['flows'], activities: [] } } : v2),
  3: (v3) => (isRecord(v3) && isRecord(v3['flows']) ? { ...v3, flows: { ...v3['flows'], workOrders: {} } } : v3),
  4: (v4) => (isRecord(v4) && isRecord(v4['flows']) ? { ...v4, flows: { ...v4['flows'], recalc: null } } : v4),
  5: (v5) => (isRecord(v5) ? { ...v5, flows: emptyFlows(), signingKey: newSigningKey() } : v5),
  6: migratePercentShares,
  7: migrateFractionColumns,
  8: (v8) => (isRecord(v8) ? { ...v8, simulation: null, undo: null } : v8),
  9: (v9) => {
    if (!isRecord(v9)) return v9;
    const withMoves = (flows: unknown) => (isRecord(flows) ? { ...flows, pipelineMoves: {} } : flows);
    const undo = v9['undo'];
    return {
      ...v9, flows: withMoves(v9['flows']),
      undo: isRecord(undo) && isRecord(undo['before']) ? { ...undo, before: { ...undo['before'], flows: withMoves(undo['before']['flows']) } } : undo,
    };
  },
};

export function migrateBuild(persisted: unknown, version: number): unknown {
  if (version > STORE_VERSION) {
    throw new StoredStateUnreadable('newer', `stored by a newer playground (version ${version}, this one reads ${STORE_VERSION})`);
  }
  let state = persisted;
  for (let v = version; v < STORE_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new StoredStateUnreadable('older', `no migration from version ${v}`);
    state = step(state);
  }
  return state;
}

export type StoreStatus =
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'unreadable'; reason: 'corrupt' | 'older' | 'newer' | 'unavailable'; detail: string };

/** Whether the stored build has been read; apart from the build so it is never persisted. */
export const useStoreStatus = create<{ status: StoreStatus }>()(() => ({ status: { kind: 'loading' } }));

const undoRecord = (action: DestructiveAction, current: BuildData): UndoRecord => ({ action, at: new Date().toISOString(), before: snapshotOf(current) });

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const useBuildStore = create<BuildState>()(
  persist(
    (set, get) => ({
      ...sampleBuild(0),
      setTemplateIds: (ids) => set({ templateIds: [...ids] }),
      commitFile: (path, content) => set({ edits: { ...get().edits, [path]: content }, drafts: without(get().drafts, path) }),
      setDraft: (path, text) => set({ drafts: { ...get().drafts, [path]: text } }),
      discardDraft: (path) => set({ drafts: without(get().drafts, path) }),
      revertFile: (path) => set({ edits: without(get().edits, path), drafts: without(get().drafts, path) }),
      importBundle: (name, files) =>
        set({
          base: { kind: 'imported', name, files }, templateIds: null, edits: {}, drafts: {}, generation: get().generation + 1, flows: emptyFlows(),
          signingKey: newSigningKey(), simulation: null, undo: undoRecord('import-bundle', get()),
        }),
      setFlows: (change) => set({ flows: change(get().flows) }),
      setSimulation: (simulation) => set({ simulation }),
      publishReview: (review) => set({ flows: { ...get().flows, review, letters: {} }, undo: undoRecord('publish-review', get()) }),
      withdrawReview: () => set({ flows: { ...get().flows, review: null, letters: {} }, undo: undoRecord('withdraw-review', get()) }),
      importRows: (path, text) =>
        set({ edits: { ...get().edits, [path]: text }, drafts: without(get().drafts, path), undo: undoRecord('import-rows', get()) }),
      restoreLast: () => {
        const undo = get().undo;
        if (!undo) return;
        set({ ...undo.before, generation: get().generation + 1, undo: undoRecord('restore', get()) });
      },
      resetToSample: () => {
        set({ ...sampleBuild(get().generation + 1), undo: undoRecord('reset-to-sample', get()) });
        void Promise.all([sampleReady, loaderReady]).then(() => useStoreStatus.setState({ status: { kind: 'ready' } }));
      },
    }),
    {
      name: STORE_KEY,
      version: STORE_VERSION,
      storage: indexedDbStorage<unknown>(),
      partialize: ({ base, templateIds, edits, drafts, generation, flows, signingKey, simulation, undo }) => ({ base, templateIds, edits, drafts, generation, flows, signingKey, simulation, undo }),
      migrate: migrateBuild,
      // A stored state that is not ours throws here, which ends hydration with the error below.
      merge: (persisted, current) => (persisted === undefined ? current : { ...current, ...readBuildData(persisted) }),
      onRehydrateStorage: () => (_state, error) => {
        if (!error) {
          void Promise.all([sampleReady, loaderReady]).then(() => useStoreStatus.setState({ status: { kind: 'ready' } }));
          return;
        }
        const reason = error instanceof StoredStateUnreadable ? error.reason : 'unavailable';
        const detail = error instanceof Error ? error.message : String(error);
        useStoreStatus.setState({ status: { kind: 'unreadable', reason, detail } });
      },
    },
  ),
);
