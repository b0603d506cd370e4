/**
 * `targetKit:board` without NocoBase: the stored tables come from the bundle's own files, and
 * the caller's scope is cut on the server: company roles and administrators all, a region head
 * his subtree, a rep his unit; a unit outside the scope is refused by id, and a user without
 * a bundle role or a unit gets nothing.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv, toSingleFile, type LoadedBundle, type ProgressBoard } from '../../plugin/index.js';
import { createBoardActions } from '../../hosts/nocobase/plugin/src/server/board.js';
import { RuleStore, compileBundle } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { scopeOfUser } from '../../hosts/nocobase/plugin/src/server/stored-tables.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const compiled = compileBundle(toSingleFile(defaultBundleFiles()));
if (!compiled.ok) throw new Error('bundle');
const store = new RuleStore();
store.activate(compiled.bundle);

const bundle: LoadedBundle = compiled.bundle.loaded;
const readTable = async (datasetId: string) => {
  const set = bundle.datasets.get(datasetId)!;
  const parsed = parseCsv(String(set.content), set.def.file);
  if (!parsed.ok) throw new Error(datasetId);
  return { file: set.def.file, columns: parsed.columns, records: parsed.records };
};

/** A user as NocoBase holds him: his roles, his unit and its path (none of them: signed out). */
type Viewer = { roleNames: string[]; unitId: string | null };
const pathOf = (unit: string | null) => (unit === null ? null : unit === 'YQ' ? '/YQ/' : unit.length === 2 ? `/YQ/${unit}/` : unit.length === 4 ? `/YQ/${unit.slice(0, 2)}/${unit}/` : `/YQ/${unit.slice(0, 2)}/${unit.slice(0, 4)}/${unit}/`);
// One action for the scope checks, as the plugin wires it: with a (fixed) version the company's
// board is computed once per period and as-of day and each caller's view is cut from the kept
// one (a board of the sample company takes seconds on a busy machine; computing it for each of
// the dozen callers below proved nothing more: the cut comes after the cache, board.ts).
let viewer: Viewer | undefined;
const actions = createBoardActions({
  store, ready: async () => undefined, readTable, today: () => '2026-12-07', version: async () => '0',
  scope: async () => (viewer ? scopeOfUser(bundle.manifest.roles, { ...viewer, path: pathOf(viewer.unitId) }) : { kind: 'none' as const }),
});

async function ask(who: Viewer | undefined, query: Record<string, string> = {}) {
  const ctx = {
    action: { params: {} }, state: {}, status: 0, body: undefined as unknown,
    request: { query }, get: () => '',
  };
  viewer = who;
  await actions.board(ctx, async () => undefined);
  return { status: ctx.status, body: ctx.body as { data?: ProgressBoard & { root: string; reach: string }; errors?: Array<{ code: string }> } };
}

describe('targetKit:board (the NocoBase plugin)', () => {
  it('cuts the board to the caller\'s scope on the server', async () => {
    const hq = await ask({ roleNames: ['tk_hq_admin'], unitId: 'YQ' });
    expect(hq.status).toBe(200);
    expect(hq.body.data?.units).toHaveLength(547);
    const head = await ask({ roleNames: ['tk_region_head'], unitId: 'HN' });
    expect(head.body.data?.root).toBe('HN');
    expect(head.body.data?.units.every((u) => u.id.startsWith('HN'))).toBe(true);
    const rep = await ask({ roleNames: ['tk_rep'], unitId: 'HN01-01' });
    expect(rep.body.data?.units.map((u) => u.id)).toEqual(['HN01-01']);
    // a lead who is a rep too sees his team: the widest of his roles
    const lead = await ask({ roleNames: ['tk_rep', 'tk_team_lead'], unitId: 'HN01' });
    expect(lead.body.data?.units.length).toBeGreaterThan(1);
  });

  it('refuses a unit outside the scope, and a caller without a bundle role or a unit', async () => {
    const other = await ask({ roleNames: ['member'], unitId: 'HD' }, { unit: 'HN' });
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.code).toBe('BOARD_OUT_OF_SCOPE');
    const repUp = await ask({ roleNames: ['tk_rep'], unitId: 'HN01-01' }, { unit: 'HN01' });
    expect(repUp.status).toBe(403);
    expect((await ask({ roleNames: ['tk_region_head'], unitId: null })).status).toBe(403);
    expect((await ask({ roleNames: ['some_other_role'], unitId: 'HN' })).status).toBe(403);
    expect((await ask(undefined)).status).toBe(403);
    const drill = await ask({ roleNames: ['tk_region_head'], unitId: 'HN' }, { unit: 'HN01' });
    expect(drill.body.data?.root).toBe('HN01');
    expect(drill.body.data?.units[0]?.id).toBe('HN01');
  });

  it('takes a period and an as-of day, and refuses a bad one naming it', async () => {
    const q2 = await ask({ roleNames: ['root'], unitId: null }, { period: '2026-Q2', asOf: '2026-04-30' });
    expect(q2.status).toBe(200);
    expect([q2.body.data?.period, q2.body.data?.asOf]).toEqual(['2026-Q2', '2026-04-30']);
    const bad = await ask({ roleNames: ['root'], unitId: null }, { asOf: '2026-13-01' });
    expect(bad.status).toBe(400);
  });
});

describe('targetKit:board keeps the computed board per version of the targets and actuals', () => {
  it('computes once per version, period and as-of day, and cuts each caller\'s scope from the kept board', async () => {
    let reads = 0;
    const versions = new Map<string, number>();
    let who: Viewer = { roleNames: [], unitId: null };
    // the company and one region (华南) stored: what is kept and when it is computed again does not
    // depend on the company's size, and this test computes three boards
    const south = (id: unknown) => id === 'YQ' || String(id).startsWith('HN');
    const board = createBoardActions({
      store, ready: async () => undefined, today: () => '2026-12-07',
      readTable: async (id) => {
        reads++;
        const table = await readTable(id);
        return { ...table, records: table.records.filter((r) => south(r.record.id)) };
      },
      version: async (id) => String(versions.get(id) ?? 0),
      scope: async () => scopeOfUser(bundle.manifest.roles, { ...who, path: pathOf(who.unitId) }),
    });
    const call = async (viewer: Viewer, query: Record<string, string> = {}) => {
      who = viewer;
      const ctx = { action: { params: {} }, status: 0, body: undefined as unknown, request: { query }, get: () => '' };
      await board.board(ctx, async () => undefined);
      return (ctx.body as { data: ProgressBoard }).data;
    };
    const hq = await call({ roleNames: ['tk_hq_admin'], unitId: 'YQ' });
    expect(reads).toBe(2);
    // another caller, the same data: the kept board, cut to his region
    const head = await call({ roleNames: ['tk_region_head'], unitId: 'HN' });
    expect(reads).toBe(2);
    expect(head.units.every((u) => u.id.startsWith('HN'))).toBe(true);
    expect(hq.units.map((u) => u.id)).toEqual(['YQ', ...head.units.map((u) => u.id)]);
    const rep = await call({ roleNames: ['tk_rep'], unitId: 'HN01-01' });
    expect(rep.units.map((u) => u.id)).toEqual(['HN01-01']);
    expect(reads).toBe(2);
    // another as-of day is another board
    await call({ roleNames: ['tk_hq_admin'], unitId: 'YQ' }, { asOf: '2026-04-30' });
    expect(reads).toBe(4);
    // an actual written: the next call computes again
    const actualsId = [...bundle.datasets.values()].find((d) => String(d.content).startsWith('id,date,amount'))!.def.id;
    versions.set(actualsId, 1);
    const again = await call({ roleNames: ['tk_hq_admin'], unitId: 'YQ' });
    expect(reads).toBe(6);
    expect(again).toEqual(hq);
  });
});
