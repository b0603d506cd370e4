/**
 * Whose scores a viewer sees, decided on the server: the whole company is scored (a rank is a
 * place among everyone), then the viewer gets the cards of his scope, the same scope his
 * stored rows have (stored-tables.ts scopeOfUser): all, his subtree, his own unit, or none.
 * Plain functions, testable without NocoBase.
 */
import type { CompanyScores } from '../../../../../plugin/index.js';
import type { StoredScope } from './stored-tables.js';

/** A unit's path in the scored tree as the org collection writes it: `/YQ/HN/HN01/`. */
function pathOf(tree: CompanyScores['tree'], id: string): string {
  const ids: string[] = [];
  for (let u = tree.get(id); u; u = u.parentId ? tree.get(u.parentId) : undefined) ids.unshift(u.id);
  return `/${ids.join('/')}/`;
}

export function visibleScores(scores: CompanyScores, scope: StoredScope): CompanyScores['people'] {
  switch (scope.kind) {
    case 'all': return scores.people;
    case 'none': return [];
    case 'own': return scores.people.filter((p) => p.id === scope.unit);
    case 'subtree': return scores.people.filter((p) => pathOf(scores.tree, p.id).startsWith(scope.path));
  }
}

/** The unit a scope is about, for the block's title: the last unit of a subtree's path. */
export function scopeUnit(scope: StoredScope): string | undefined {
  if (scope.kind === 'own') return scope.unit;
  if (scope.kind === 'subtree') return scope.path.split('/').filter(Boolean).at(-1);
  return undefined;
}

/** Whether a unit of the tree (a rep, a team…) lies in a viewer's scope: the same rule as his stored rows. */
export function unitVisible(tree: CompanyScores['tree'], scope: StoredScope, id: string): boolean {
  switch (scope.kind) {
    case 'all': return tree.get(id) !== undefined;
    case 'none': return false;
    case 'own': return id === scope.unit;
    case 'subtree': return tree.get(id) !== undefined && pathOf(tree, id).startsWith(scope.path);
  }
}
