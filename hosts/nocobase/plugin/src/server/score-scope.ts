/**
 * Whose scores a viewer sees, decided on the server: the whole company is scored (a rank is a
 * place among everyone), then a rep gets his own card, a head his subtree's, the company level
 * and administrators all, and a user without a bundle role or a unit in the tree nothing.
 * Plain functions, testable without NocoBase.
 */
import type { CompanyScores } from '../../../../../plugin/index.js';

/** Who asks: an administrator, or a user placed at a unit of the org tree (or nowhere). */
export interface Viewer {
  admin: boolean;
  /** Whether he holds a role of the bundle (a NocoBase member without one sees no scores). */
  bundleRole: boolean;
  unit: string | null;
  /** His place in the org tree (`/YQ/HD/`): one unit deep is the company level. */
  path: string | null;
  /** The names a points entry may give for him (his nickname, username, unit id). */
  names: readonly string[];
}

type Scope = { kind: 'all' } | { kind: 'subtree' | 'own'; unit: string } | { kind: 'none' };

/** What the viewer may see of the company's scores: all, his subtree, his own card, or nothing. */
export function scoreScope(tree: CompanyScores['tree'], viewer: Viewer): Scope {
  if (viewer.admin) return { kind: 'all' };
  if (!viewer.bundleRole) return { kind: 'none' };
  const unit = viewer.unit ? tree.get(viewer.unit) : undefined;
  if (!unit) return { kind: 'none' };
  if (unit.parentId === null) return { kind: 'all' };
  return unit.level === 'rep' ? { kind: 'own', unit: unit.id } : { kind: 'subtree', unit: unit.id };
}

export function visibleScores(scores: CompanyScores, scope: Scope): CompanyScores['people'] {
  if (scope.kind === 'all') return scores.people;
  if (scope.kind === 'none') return [];
  if (scope.kind === 'own') return scores.people.filter((p) => p.id === scope.unit);
  const inside = new Set(scores.tree.subtree(scope.unit).map((u) => u.id));
  return scores.people.filter((p) => inside.has(p.id));
}

