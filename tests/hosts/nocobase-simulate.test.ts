/**
 * The NocoBase simulator without NocoBase: the plans over the org tree as stored are the CLI's
 * (`allocate` with the same total and plan), publishing writes one row per unit of the period
 * by its key with every parent the sum of its children, a bad lock is set aside by its unit
 * while the rest publishes, and only the allocation's company roles may run either.
 */
import { describe, expect, it } from 'vitest';
import { allocatePlan, createAllocation, loadBundle, parseAllocationUnits, parseCsv, readSimulationRequest, SAMPLE_UNITS_DATASET, type SourceRow } from '../../plugin/index.js';
import { allocationDatasets, allocatorRoles, createSimulateActions, targetWrites, type SimContext, type SimulateHost, type TargetWrites } from '../../hosts/nocobase/plugin/src/server/simulate.js';
import { roleNameOf } from '../../hosts/nocobase/contract.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const bundle = loaded.bundle;
const unitsCsv = bundle.datasets.get(SAMPLE_UNITS_DATASET)!.content as string;
const parsed = parseCsv(unitsCsv, 'tk_org');
if (!parsed.ok) throw new Error('units');
const records: SourceRow[] = parsed.records;

function fakeHost(roleNames: string[], stored: Array<Record<string, unknown>> = []) {
  const written: Array<{ collection: string; writes: TargetWrites }> = [];
  const host: SimulateHost = {
    ready: async () => undefined,
    bundle: () => bundle,
    caller: async () => ({ admin: false, roleNames }),
    lang: () => 'en',
    roleNameOf,
    readTable: async () => ({ file: 'tk_org', records }),
    targetFields: () => (column) => (column === 'id' ? 'unit' : column),
    storedOfPeriod: async (_c, field, period) => stored.filter((r) => r[field] === period),
    paths: async () => new Map(records.map((r) => [String(r.record.id), `/${String(r.record.id)}/`])),
    write: async (collection, writes) => { written.push({ collection, writes }); },
  };
  return { host, written };
}

async function call(host: SimulateHost, action: 'simulate' | 'publish', values: unknown): Promise<SimContext & { body: { data?: Record<string, unknown>; errors?: Array<{ code: string; message: string }> } }> {
  const ctx = { action: { params: { values } }, status: 0, body: undefined } as SimContext;
  await createSimulateActions(host)[action](ctx, async () => undefined);
  return ctx as SimContext & { body: { data?: Record<string, unknown>; errors?: Array<{ code: string; message: string }> } };
}

describe('the simulator over the stored org tree', () => {
  it('finds the org and targets datasets and the allocating roles', () => {
    expect(allocationDatasets(bundle)).toEqual({ org: 'sample-company-units', targets: 'sample-targets' });
    expect([...allocatorRoles(bundle, roleNameOf)].sort()).toEqual(['tk_hq_admin', 'tk_sales_director']);
  });

  it('reads totals with thousands separators, refuses a bad total by pointer and sets a bad lock aside', () => {
    const read = readSimulationRequest({ total: '150,000,000', stretch: 170_000_000.5, plan: 'aggressive', locks: { HD: 'abc', HN: '30,000,000' } });
    expect(read.ok && read.value.totals).toEqual({ base: 15_000_000_000, stretch: 17_000_000_050 });
    expect(read.ok && read.value.locks).toEqual({ HN: 3_000_000_000 });
    expect(read.ok && Object.keys(read.value.badLocks)).toEqual(['HD']);
    const bad = readSimulationRequest({ total: '12.345', period: '2026-H3' }, { needPeriod: true });
    expect(bad.ok ? [] : bad.problems.map((p) => p.pointer)).toEqual(['/total', '/period']);
  });

  it('gives the CLI\'s numbers for 150,000,000 aggressive, and publishes them for the period with exact sums', async () => {
    const { host, written } = fakeHost(['tk_sales_director'], [{ id: 7, unit: 'HD', period: '2026-H2' }, { id: 8, unit: 'GONE', period: '2026-H2' }]);
    const answer = await call(host, 'publish', { total: '150,000,000', plan: 'aggressive', period: '2026-H2' });
    expect(answer.status).toBe(200);
    const units = parseAllocationUnits(records, 'tk_org');
    const prepared = units.ok ? createAllocation(bundle, units.units, 'tk_org') : undefined;
    const cli = prepared?.ok ? allocatePlan(prepared.prepared, 'aggressive', { base: 15_000_000_000 }) : undefined;
    expect(cli?.ok).toBe(true);
    const { writes } = written[0]!;
    const rows = [...writes.update.map((u) => u.values), ...writes.create];
    expect(rows).toHaveLength(records.length);
    const base = new Map(rows.map((r) => [String(r.unit), String(r.base)]));
    for (const u of cli!.ok ? cli!.plan.units : []) expect(base.get(u.id), u.id).toBe((u.base / 100).toFixed(2));
    expect(base.get('YQ')).toBe('150000000.00');
    // every parent is the sum of its children, to the fen
    const fen = (r: Record<string, unknown>) => Math.round(Number(r.base) * 100);
    const sums = new Map<string, number>();
    for (const r of rows) if (r.parent_id) sums.set(String(r.parent_id), (sums.get(String(r.parent_id)) ?? 0) + fen(r));
    for (const r of rows) if (sums.has(String(r.unit))) expect(sums.get(String(r.unit)), String(r.unit)).toBe(fen(r));
    expect(writes.update.map((u) => u.id)).toEqual([7]);
    expect(writes.remove).toEqual([8]);
    expect(writes.create.every((r) => r.status === 'published' && r.plan === 'aggressive' && r.period === '2026-H2')).toBe(true);
    expect(writes.create.find((r) => r.unit === 'HN')?.tk_key).toBe('["HN","2026-H2"]');
  });

  it('sets a lock that cannot hold aside by its unit and publishes the rest with the good lock', async () => {
    const { host, written } = fakeHost(['tk_hq_admin']);
    const answer = await call(host, 'publish', { total: '150000000', plan: 'aggressive', period: '2026-H2', locks: { HD: '200000000', HN: '30000000', XX: '1' } });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.data!.refused as object).sort()).toEqual(['HD', 'XX']);
    const rows = [...written[0]!.writes.create];
    expect(rows.find((r) => r.unit === 'HN')).toMatchObject({ base: '30000000.00', locked: true });
    expect(rows.find((r) => r.unit === 'HD')).toMatchObject({ locked: false });
  });

  it('refuses a rep and a region head (403) and writes nothing; a bad total is refused whole', async () => {
    for (const role of ['tk_rep', 'tk_region_head']) {
      const { host, written } = fakeHost([role]);
      const answer = await call(host, 'publish', { total: '150000000', plan: 'aggressive', period: '2026-H2' });
      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0]?.code).toBe('SIM_FORBIDDEN');
      expect(written).toEqual([]);
    }
    const { host, written } = fakeHost(['tk_sales_director']);
    const bad = await call(host, 'publish', { total: '-5', plan: 'aggressive', period: '2026-H2' });
    expect(bad.status).toBe(400);
    expect(written).toEqual([]);
  });

  it('simulates the three plans with their risks and says how many rows of the period a publication replaces', async () => {
    const { host } = fakeHost(['tk_sales_director'], [{ id: 1, unit: 'YQ', period: '2026-H1' }]);
    const answer = await call(host, 'simulate', { total: '150000000', plan: 'aggressive', period: '2026-H1' });
    const data = answer.body.data as { plans: Array<{ id: string; risks: number }>; plan: string; units: unknown[]; replaces: number };
    expect(data.plans.map((p) => p.id)).toEqual(['aggressive', 'balanced', 'conservative']);
    expect(data.plan).toBe('aggressive');
    expect(data.units).toHaveLength(records.length);
    expect(data.replaces).toBe(1);
  });

  it('keeps the id of a stored row of the period and keys a new one by unit and period', () => {
    const rows = [{ id: 'A', parent_id: '', name: 'A', level: 'company' as const, base: '1.00', stretch: '1.00', period: 'P', plan: 'x', locked: false, status: 'published' as const }];
    const writes = targetWrites(rows, [{ id: 3, unit: 'A' }], (c) => (c === 'id' ? 'unit' : c), () => '/A/');
    expect(writes).toEqual({ create: [], update: [{ id: 3, values: expect.objectContaining({ unit: 'A', parent_id: null, tk_unit: 'A', tk_path: '/A/' }) }], remove: [] });
  });
});
