/**
 * Changes to the build's template list, as pure functions the composer and its tests share:
 * adding pulls in what the template requires (and says so), removing refuses a template that
 * another one in the build still requires.
 */
import type { LoadedBundle } from '../../../plugin/index.js';
import { requiredBy, withRequirements } from '../build/dependencies.js';

type Templates = LoadedBundle['templates'];

export type BuildNotice =
  | { kind: 'pulledIn'; template: string; added: string[] }
  | { kind: 'already'; template: string }
  | { kind: 'stillRequired'; template: string; by: string[] };

export function addTemplate(templates: Templates, build: readonly string[], id: string, at = build.length) {
  if (build.includes(id)) return { ids: [...build], notice: { kind: 'already', template: id } as BuildNotice };
  const added = withRequirements(templates, [id]).filter((other) => other !== id && !build.includes(other));
  const ids = [...build];
  ids.splice(Math.max(0, Math.min(at, ids.length)), 0, ...added, id);
  const notice: BuildNotice | undefined = added.length ? { kind: 'pulledIn', template: id, added } : undefined;
  return { ids, notice };
}

export function removeTemplate(templates: Templates, build: readonly string[], id: string) {
  const by = requiredBy(templates, build, id);
  if (by.length) return { ids: [...build], notice: { kind: 'stillRequired', template: id, by } as BuildNotice };
  return { ids: build.filter((other) => other !== id), notice: undefined };
}

export function moveTemplate(build: readonly string[], from: number, to: number): string[] {
  const ids = [...build];
  const [moved] = ids.splice(from, 1);
  if (moved !== undefined) ids.splice(to, 0, moved);
  return ids;
}
