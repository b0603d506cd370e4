/**
 * The bundle's datasets read back from their NocoBase collections (stored-tables.ts), without
 * a NocoBase: the rows the importer sends, stored by a stand-in for PostgreSQL that returns them
 * in another order, come back as the very table the file holds; a scope keeps only its rows.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, parseCsv } from '../../plugin/index.js';
import { nocobaseTarget, type DataCollectionSpec } from '../../hosts/nocobase/importer/mapping.js';
import type { DataModel, StoredDatasetMeta } from '../../hosts/nocobase/plugin/src/server/data-load.js';
import { readStoredTable, scopeOfUser, storedTableCsv, type StoredTablesDb } from '../../hosts/nocobase/plugin/src/server/stored-tables.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('the default bundle does not load');
const bundle = loaded.bundle;
const target = nocobaseTarget(bundle);

/** A collection as PostgreSQL hands it back: ids given in insertion order, rows in reverse, `where` applied as Sequelize would. */
function storedModel(spec: DataCollectionSpec, extraRows: Array<Record<string, unknown>> = []): DataModel {
  const rows = [...spec.rows.map((r) => r.values), ...extraRows].map((values, i) => ({ id: String(1_000_000 + i), ...values }));
  return {
    async findAll({ where }) {
      const keep = (row: Record<string, unknown>): boolean => Object.entries(where ?? {}).every(([field, want]) => {
        const prefix = typeof want === 'object' && want !== null ? (want as Record<symbol, unknown>)[Symbol.for('startsWith')] : undefined;
        return typeof prefix === 'string' ? String(row[field] ?? '').startsWith(prefix) : row[field] === want;
      });
      return rows.filter(keep).reverse();
    },
    async bulkCreate() { throw new Error('read only'); },
    async update() { throw new Error('read only'); },
    async findByPk() { throw new Error('read only'); },
  };
}

function dbOf(extra: Record<string, Array<Record<string, unknown>>> = {}): StoredTablesDb {
  return {
    meta: async (dataset) => {
      const spec = target.datasets.find((d) => d.datasetId === dataset);
      return spec ? { dataset, collection: spec.name, file: spec.file, columns: spec.columns } satisfies StoredDatasetMeta : undefined;
    },
    model: (name) => {
      const spec = target.datasets.find((d) => d.name === name);
      return spec ? storedModel(spec, extra[name]) : undefined;
    },
  };
}

const fileTable = (dataset: string) => {
  const content = bundle.datasets.get(dataset)?.content;
  const parsed = parseCsv(typeof content === 'string' ? content : '');
  if (!parsed.ok) throw new Error(`${dataset} does not parse`);
  return parsed;
};

describe('stored datasets read back as tables', () => {
  it.each(['sample-company-units', 'sample-actuals', 'sample-targets'])('%s comes back as the file: its columns, rows, order and cells', async (dataset) => {
    const table = await readStoredTable(dbOf(), dataset, { scope: { kind: 'all' } });
    const file = fileTable(dataset);
    expect(table?.columns).toEqual(file.columns);
    expect(table?.records.map((r) => r.record)).toEqual(file.records.map((r) => r.record));
    expect(table?.records.map((r) => r.line)).toEqual(file.records.map((r) => r.line));
  });

  it('puts a company’s own rows after the file’s, numbered on from its last line', async () => {
    const actuals = target.datasets.find((d) => d.datasetId === 'sample-actuals')!;
    const own = { ...actuals.rows[0]!.values, tk_key: 'own-1', tk_line: null };
    const table = await readStoredTable(dbOf({ [actuals.name]: [own] }), 'sample-actuals', { scope: { kind: 'all' } });
    const last = table!.records.at(-1)!;
    expect(last.stored.tk_key).toBe('own-1');
    expect(last.line).toBe(actuals.rows.at(-1)!.line + 1);
  });

  it('reads only the scope: a subtree by its path, a unit’s own rows, nothing for none', async () => {
    const all = await readStoredTable(dbOf(), 'sample-actuals', { scope: { kind: 'all' } });
    const south = await readStoredTable(dbOf(), 'sample-actuals', { scope: { kind: 'subtree', path: '/YQ/HN/' } });
    expect(south!.records.length).toBeGreaterThan(0);
    expect(south!.records.length).toBeLessThan(all!.records.length);
    expect(south!.records.every((r) => String(r.stored.tk_path).startsWith('/YQ/HN/'))).toBe(true);
    const unit = String(south!.records[0]!.stored.tk_unit);
    const own = await readStoredTable(dbOf(), 'sample-actuals', { scope: { kind: 'own', unit } });
    expect(own!.records.every((r) => r.stored.tk_unit === unit)).toBe(true);
    expect((await readStoredTable(dbOf(), 'sample-actuals', { scope: { kind: 'none' } }))!.records).toEqual([]);
  });

  it('says undefined for a dataset that was never loaded, and writes the table back as its CSV', async () => {
    expect(await readStoredTable(dbOf(), 'no-such-dataset', { scope: { kind: 'all' } })).toBeUndefined();
    const table = await readStoredTable(dbOf(), 'sample-company-units', { scope: { kind: 'all' } });
    const again = parseCsv(storedTableCsv(table!));
    expect(again.ok && again.records.map((r) => r.record)).toEqual(fileTable('sample-company-units').records.map((r) => r.record));
  });
});

describe('whose rows a user reads', () => {
  const roles = bundle.manifest.roles;
  const company = roles.find((r) => r.level === 'company')!;
  const rep = roles.find((r) => r.level === 'rep')!;
  const region = roles.find((r) => r.level === 'region')!;
  const tk = (id: string) => `tk_${id.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}`;

  it('follows the data scopes: company roles and administrators all, a rep his unit, other roles and members their subtree', () => {
    expect(scopeOfUser(roles, { roleNames: ['root'] })).toEqual({ kind: 'all' });
    expect(scopeOfUser(roles, { roleNames: [tk(company.id)], unitId: 'YQ', path: '/YQ/' })).toEqual({ kind: 'all' });
    expect(scopeOfUser(roles, { roleNames: [tk(rep.id)], unitId: 'HN01-01', path: '/YQ/HN/HN01/HN01-01/' })).toEqual({ kind: 'own', unit: 'HN01-01' });
    expect(scopeOfUser(roles, { roleNames: [tk(region.id)], unitId: 'HN', path: '/YQ/HN/' })).toEqual({ kind: 'subtree', path: '/YQ/HN/' });
    expect(scopeOfUser(roles, { roleNames: ['member'], unitId: 'HN', path: '/YQ/HN/' })).toEqual({ kind: 'subtree', path: '/YQ/HN/' });
    // the widest of several roles
    expect(scopeOfUser(roles, { roleNames: [tk(rep.id), tk(company.id)], unitId: 'HN01-01', path: '/YQ/HN/HN01/HN01-01/' })).toEqual({ kind: 'all' });
  });

  it('gives nothing to a user outside the tree, or with no role of the bundle', () => {
    expect(scopeOfUser(roles, { roleNames: [tk(region.id)], unitId: null, path: '-' })).toEqual({ kind: 'none' });
    expect(scopeOfUser(roles, { roleNames: [tk(rep.id)], unitId: null })).toEqual({ kind: 'none' });
    expect(scopeOfUser(roles, { roleNames: ['guest'], unitId: 'HN', path: '/YQ/HN/' })).toEqual({ kind: 'none' });
  });
});
