/**
 * The sales organisation (战略 → 战区 → 战队 → 战士): company → region → team → rep. Targets
 * cascade down it, actuals roll up it, and flows take their scope from it, never from a form.
 * Built from flat rows (id, parent id) with every structural problem reported by row.
 */
import { problem, type Problem } from '../problems.js';

export type OrgLevel = 'company' | 'region' | 'team' | 'rep';
export const ORG_LEVELS: readonly OrgLevel[] = ['company', 'region', 'team', 'rep'];

/**
 * A table's level cell: blank leaves the level to the tree (below the parent's, or from the
 * org's shape); the four level names are the only others taken. Anything else (大区, Rep,
 * division) is refused by row and column: read as blank it silently made a company → team → rep
 * org's reps into teams, and alerts and reviews go by level.
 */
export function readLevelCell(raw: unknown, file: string, row: number, column = 'level'): { level?: OrgLevel; problem?: Problem } {
  const value = raw === undefined || raw === null ? '' : String(raw).trim();
  if (value === '') return {};
  if ((ORG_LEVELS as readonly string[]).includes(value)) return { level: value as OrgLevel };
  return {
    problem: {
      ...problem('ORG_LEVEL_UNKNOWN', file, '', {
        zh: `level 只能是 company、region、team 或 rep（或留空，按组织结构推定），实际是 "${value}"`,
        en: `level must be company, region, team or rep (or blank, to take it from the org's shape), got "${value}"`,
      }),
      row, column,
    },
  };
}

export interface OrgUnitInput {
  id: string;
  parentId: string | null;
  name: string;
  /**
   * Optional; when absent, the level below the parent's (root = company, then region, team,
   * rep). A given level must lie below the parent's, skipping levels if the org has none there
   * (company → team → rep).
   */
  level?: OrgLevel;
  /**
   * The person who heads the unit (主管 / 负责人), by the id hosts give him as a flow actor. When
   * it is set, only he stands at this unit in a flow (scope by identity); a rep unit's id is its
   * rep's own id, so a rep unit needs none.
   */
  head?: string;
  /** 1-based row in the source file, for error messages. */
  row?: number;
}

interface OrgUnit<T extends OrgUnitInput = OrgUnitInput> {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly level: OrgLevel;
  readonly depth: number;
  /** Children ids in input order. */
  readonly childIds: readonly string[];
  readonly input: T;
}

export interface OrgTree<T extends OrgUnitInput = OrgUnitInput> {
  readonly root: OrgUnit<T>;
  readonly units: ReadonlyMap<string, OrgUnit<T>>;
  /** Ids from the root down, parents always before their children (breadth first). */
  readonly topDown: readonly string[];
  get(id: string): OrgUnit<T> | undefined;
  children(id: string): OrgUnit<T>[];
  /** The unit's ancestors from its parent up to the root. */
  ancestors(id: string): OrgUnit<T>[];
  /** Whether `id` is `ancestorId` or lies below it. */
  isWithin(id: string, ancestorId: string): boolean;
  /** The unit and everything below it, top down. */
  subtree(id: string): OrgUnit<T>[];
  /** The units by their place in `topDown`, for walks over many units by index rather than by id. */
  readonly flat: FlatOrgTree<T>;
}

/**
 * The tree by place in `topDown`: a breadth-first walk puts each unit's children side by side,
 * so they are a range (first child's place, how many) in input order. Built with the tree, so
 * the use cases that walk 50,000 units (allocation, phasing) share it instead of each building
 * its own maps and lists by id.
 */
interface FlatOrgTree<T extends OrgUnitInput> {
  readonly units: readonly OrgUnit<T>[];
  /** The parent's place; −1 for the root. */
  readonly parentAt: Int32Array;
  readonly firstChildAt: Int32Array;
  readonly childCountAt: Int32Array;
  /** The place of a unit by id (−1 when unknown); its map is built on first use. */
  indexOf(id: string): number;
}

/** The children of a leaf: one list for every leaf (nine units in ten), never written. */
const NO_CHILDREN: readonly string[] = [];

type OrgTreeResult<T extends OrgUnitInput> = { ok: true; tree: OrgTree<T> } | { ok: false; problems: Problem[] };

/**
 * Builds the tree: exactly one root (no parent), unique ids, every parent known, no cycles,
 * levels (given or derived) going down the tree, given ones possibly skipping a level. `file`
 * names the source in problems.
 */
export function buildOrgTree<T extends OrgUnitInput>(rows: readonly T[], file = '<units>'): OrgTreeResult<T> {
  const problems: Problem[] = [];
  const at = (r: T, column: string, code: string, zh: string, en: string): void => {
    const p = problem(code, file, '', { zh, en });
    problems.push(r.row !== undefined ? { ...p, row: r.row, column } : p);
  };
  const byId = new Map<string, T>();
  for (const r of rows) {
    if (!r.id) {
      at(r, 'id', 'ORG_EMPTY_ID', '单位 id 为空', 'the unit id is empty');
      continue;
    }
    if (byId.has(r.id)) {
      at(r, 'id', 'ORG_DUPLICATE_ID', `单位 id ${r.id} 重复`, `unit id ${r.id} appears twice`);
      continue;
    }
    byId.set(r.id, r);
  }
  const roots = [...byId.values()].filter((r) => r.parentId === null || r.parentId === '');
  if (roots.length !== 1) {
    const first = roots[1] ?? rows[0];
    if (first) {
      at(first, 'parent_id', 'ORG_ROOT', roots.length === 0 ? '没有顶层单位（parent_id 为空的公司）' : `有 ${roots.length} 个顶层单位（parent_id 为空），只能有一个`,
        roots.length === 0 ? 'no top unit (a company with an empty parent_id)' : `${roots.length} top units (empty parent_id); there must be one`);
    } else {
      problems.push(problem('ORG_EMPTY', file, '', { zh: '没有任何单位', en: 'there are no units' }));
    }
  }
  const childIds = new Map<string, string[]>();
  for (const r of byId.values()) {
    if (r.parentId === null || r.parentId === '') continue;
    if (!byId.has(r.parentId)) {
      at(r, 'parent_id', 'ORG_UNKNOWN_PARENT', `单位 ${r.id} 的上级 ${r.parentId} 不存在`, `unit ${r.id}: parent ${r.parentId} does not exist`);
      continue;
    }
    if (r.parentId === r.id) {
      at(r, 'parent_id', 'ORG_CYCLE', `单位 ${r.id} 是自己的上级`, `unit ${r.id} is its own parent`);
      continue;
    }
    const list = childIds.get(r.parentId);
    if (list) list.push(r.id);
    else childIds.set(r.parentId, [r.id]);
  }
  if (problems.length) return { ok: false, problems };

  const root = roots[0] as T;
  const units = new Map<string, OrgUnit<T>>();
  const topDown: string[] = [];
  const list: OrgUnit<T>[] = [];
  const size = byId.size;
  const parentAt = new Int32Array(size);
  const firstChildAt = new Int32Array(size);
  const childCountAt = new Int32Array(size);
  // the walk's queue as three columns rather than an object per unit
  const queue: string[] = [root.id];
  const depthAt: number[] = [0];
  const parentOf: number[] = [-1];
  for (let q = 0; q < queue.length; q++) {
    const id = queue[q] as string;
    const depth = depthAt[q] as number;
    const parent = parentOf[q] as number;
    const input = byId.get(id) as T;
    // the parent was placed before its children, at its place in the walk
    const parentLevel = parent >= 0 ? (list[parent] as OrgUnit<T>).level : undefined;
    // Levels go down the tree and may skip one (company → team → rep has no region): a given
    // level must lie below the parent's; an absent one is the next below the parent's.
    const parentIndex = parentLevel === undefined ? -1 : ORG_LEVELS.indexOf(parentLevel);
    const level = input.level ?? ORG_LEVELS[Math.min(parentIndex + 1, ORG_LEVELS.length - 1)] as OrgLevel;
    const given = input.level === undefined ? undefined : ORG_LEVELS.indexOf(input.level);
    if (depth >= ORG_LEVELS.length) {
      at(input, 'parent_id', 'ORG_TOO_DEEP', `单位 ${id} 在第 ${depth + 1} 层，组织最多四层（公司、大区、团队、销售）`, `unit ${id} is at level ${depth + 1}; the organisation has at most four (company, region, team, rep)`);
    } else if (given === undefined && parentIndex >= ORG_LEVELS.length - 1) {
      at(input, 'parent_id', 'ORG_LEVEL', `单位 ${id} 的上级 ${input.parentId} 是销售（rep），销售下面不能再有单位`, `unit ${id}: its parent ${input.parentId} is a rep, and a rep has no units below it`);
    } else if (given !== undefined && (depth === 0 ? given !== 0 : given <= parentIndex)) {
      at(input, 'level', 'ORG_LEVEL', depth === 0
        ? `顶层单位 ${id} 标为 ${input.level}，顶层单位必须是 company（公司）`
        : `单位 ${id} 标为 ${input.level}，但它的上级是 ${parentLevel ?? '无'}：下级的层级必须低于上级（company → region → team → rep，可跳过中间一层）`,
      depth === 0
        ? `the top unit ${id} is marked ${input.level}; the top unit must be company`
        : `unit ${id} is marked ${input.level} but its parent is ${parentLevel ?? 'none'}: a unit's level must lie below its parent's (company → region → team → rep, a level may be skipped)`);
    }
    const kids = childIds.get(id) ?? NO_CHILDREN;
    const unit: OrgUnit<T> = { id, parentId: input.parentId || null, name: input.name, level, depth, childIds: kids, input };
    units.set(id, unit);
    topDown.push(id);
    if (q < size) {
      list.push(unit);
      parentAt[q] = parent;
      firstChildAt[q] = queue.length;
      childCountAt[q] = kids.length;
    }
    for (const kid of kids) { queue.push(kid); depthAt.push(depth + 1); parentOf.push(q); }
  }
  // whatever the walk from the root did not reach hangs in a cycle
  if (units.size !== byId.size) for (const r of byId.values()) {
    if (!units.has(r.id)) at(r, 'parent_id', 'ORG_CYCLE', `单位 ${r.id} 的上级链形成了环，到不了顶层单位`, `unit ${r.id}: its chain of parents loops and never reaches the top unit`);
  }
  if (problems.length) return { ok: false, problems };

  let places: Map<string, number> | undefined;
  const flat: FlatOrgTree<T> = {
    units: list, parentAt, firstChildAt, childCountAt,
    indexOf: (id) => (places ??= new Map(topDown.map((u, i) => [u, i]))).get(id) ?? -1,
  };
  const tree: OrgTree<T> = {
    flat,
    root: units.get(root.id) as OrgUnit<T>,
    units,
    topDown,
    get: (id) => units.get(id),
    children: (id) => (units.get(id)?.childIds ?? []).map((c) => units.get(c) as OrgUnit<T>),
    ancestors: (id) => {
      const out: OrgUnit<T>[] = [];
      for (let u = units.get(units.get(id)?.parentId ?? ''); u; u = u.parentId ? units.get(u.parentId) : undefined) out.push(u);
      return out;
    },
    isWithin: (id, ancestorId) => {
      for (let u = units.get(id); u; u = u.parentId ? units.get(u.parentId) : undefined) if (u.id === ancestorId) return true;
      return false;
    },
    subtree: (id) => {
      const start = units.get(id);
      if (!start) return [];
      const out: OrgUnit<T>[] = [start];
      for (let i = 0; i < out.length; i++) for (const c of (out[i] as OrgUnit<T>).childIds) out.push(units.get(c) as OrgUnit<T>);
      return out;
    },
  };
  return { ok: true, tree };
}
