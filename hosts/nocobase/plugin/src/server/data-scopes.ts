/**
 * `targetKit:scopes`: the bundle roles' data scopes on its data collections, written as
 * NocoBase's own ACL records (a role's resource with its `view` action bound to a scope), so
 * NocoBase itself filters every list and get: the importer's mapping decides the filters, this
 * only stores them, idempotently (the same grant twice changes nothing).
 */

/** The repository calls made here (NocoBase's `db.getRepository`), declared here so the module is testable without NocoBase. */
interface Row { get(key: string): unknown }
interface Repository {
  findOne(options: { filter?: Record<string, unknown>; appends?: string[] }): Promise<Row | null>;
  update(options: { filterByTk: unknown; values: Record<string, unknown>; updateAssociationValues?: string[] }): Promise<unknown>;
  create(options: { values: Record<string, unknown> }): Promise<unknown>;
}

export interface Grant {
  role: string;
  collection: string;
  kind: 'all' | 'subtree' | 'own';
  scope: Record<string, unknown> | null;
  /**
   * The role's actions on a flow's collection (view, create, update, each with the fields it may
   * write); view and update are bound to the scope, create is not. Absent: view alone.
   */
  actions?: Array<{ name: 'view' | 'create' | 'update'; fields?: string[] }>;
}

interface ScopeRepos {
  scopes: Repository;
  resources: Repository;
  dataSourceRoles: Repository;
}

const DATA_SOURCE = 'main';
const SCOPE_TITLES: Record<Grant['kind'], string> = { all: '全部', subtree: '目标包：本人组织子树', own: '目标包：本人单位' };

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A checked grant list, or why it is not one. */
export function grantsOf(value: unknown): Grant[] | string {
  if (!Array.isArray(value)) return 'grants must be an array';
  for (const [i, g] of value.entries()) {
    const grant = g as Partial<Grant> | null;
    if (!grant || typeof grant.role !== 'string' || typeof grant.collection !== 'string' || !['all', 'subtree', 'own'].includes(String(grant.kind))) return `grants/${i}: role, collection and kind are needed`;
    // only our collections: the action must not rewrite the scopes of NocoBase's own tables
    if (!grant.collection.startsWith('tk_')) return `grants/${i}: ${grant.collection} is not a target-kit collection`;
    if (grant.scope !== null && (typeof grant.scope !== 'object' || Array.isArray(grant.scope))) return `grants/${i}: scope must be a filter object or null`;
    if (grant.actions !== undefined && (!Array.isArray(grant.actions) || !grant.actions.every((a) => ['view', 'create', 'update'].includes(String(a?.name))
      && (a.fields === undefined || (Array.isArray(a.fields) && a.fields.every((f) => typeof f === 'string')))))) {
      return `grants/${i}: actions must be view, create or update, each with an optional list of fields`;
    }
  }
  return value as Grant[];
}

async function scopeId(repos: ScopeRepos, grant: Grant): Promise<unknown> {
  if (!grant.scope) return null;
  const key = `tk-${grant.kind}-${grant.collection}`;
  const found = await repos.scopes.findOne({ filter: { key } });
  if (found) {
    if (!sameJson(found.get('scope'), grant.scope)) await repos.scopes.update({ filterByTk: found.get('id'), values: { scope: grant.scope } });
    return found.get('id');
  }
  const made = await repos.scopes.create({ values: { key, name: SCOPE_TITLES[grant.kind], resourceName: grant.collection, dataSourceKey: DATA_SOURCE, scope: grant.scope } }) as Row;
  return made.get('id');
}

/**
 * Writes each grant as the role's resource on the collection: its actions (`view` alone by
 * default) within its scope, each of the fields it names or of every field the collection has
 * now (NocoBase's action lists its fields; an empty list shows none).
 */
export async function applyGrants(repos: ScopeRepos, grants: readonly Grant[], fieldsOf: (collection: string) => string[]): Promise<number> {
  let written = 0;
  const rolesDone = new Set<string>();
  for (const grant of grants) {
    if (!rolesDone.has(grant.role)) {
      rolesDone.add(grant.role);
      const link = await repos.dataSourceRoles.findOne({ filter: { roleName: grant.role, dataSourceKey: DATA_SOURCE } });
      if (!link) await repos.dataSourceRoles.create({ values: { roleName: grant.role, dataSourceKey: DATA_SOURCE } });
    }
    const id = await scopeId(repos, grant);
    const existing = await repos.resources.findOne({ filter: { roleName: grant.role, name: grant.collection, dataSourceKey: DATA_SOURCE }, appends: ['actions'] });
    const actions = existing?.get('actions');
    type Action = { name: unknown; scopeId: unknown; fields: unknown };
    const read = (a: { get?: (k: string) => unknown } & Partial<Action>): Action =>
      (a.get ? { name: a.get('name'), scopeId: a.get('scopeId'), fields: a.get('fields') } : { name: a.name, scopeId: a.scopeId, fields: a.fields });
    const comparable = (a: Action): unknown => ({ name: a.name, scopeId: a.scopeId === null || a.scopeId === undefined ? null : String(a.scopeId), fields: Array.isArray(a.fields) ? [...a.fields].map(String).sort() : [] });
    const current = Array.isArray(actions) ? actions.map(read) : [];
    // a new record has no unit yet when NocoBase checks create: only reads and updates are scoped
    const want = (grant.actions ?? [{ name: 'view' as const }]).map((a) => ({
      name: a.name, scopeId: a.name === 'create' ? null : id, fields: a.fields ?? fieldsOf(grant.collection),
    }));
    const sorted = (list: Action[]): unknown[] => list.map(comparable).sort((a, b) => String((a as Action).name).localeCompare(String((b as Action).name)));
    if (existing && existing.get('usingActionsConfig') === true && sameJson(sorted(current), sorted(want))) continue;
    const values = { usingActionsConfig: true, actions: want };
    if (existing) await repos.resources.update({ filterByTk: existing.get('id'), values, updateAssociationValues: ['actions'] });
    else await repos.resources.create({ values: { roleName: grant.role, name: grant.collection, dataSourceKey: DATA_SOURCE, ...values } });
    written++;
  }
  return written;
}
