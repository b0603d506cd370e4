/**
 * Screens are addressed by the URL hash: `#/` the gallery, `#/templates/<id>` a template, and
 * `#/<screen>` each screen of the registry (screens/registry.ts: `#/build`, `#/editor` and
 * `#/editor/<file>`, `#/simulator`, `#/board`, `#/workspace`, `#/data`, `#/pipeline`,
 * `#/process`, `#/phasing`, `#/visits`), so a screen can be bookmarked and the app still works
 * from any static host, with no server rewrite rules.
 */
import { useSyncExternalStore } from 'react';
import { screenEntry, type ScreenId } from '../screens/registry.js';

export type Route =
  | { screen: 'gallery' }
  | { screen: 'template'; templateId: string }
  | { screen: ScreenId; file?: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/templates\/([^/?#]+)/.exec(hash);
  if (match?.[1]) return { screen: 'template', templateId: decodeURIComponent(match[1]) };
  // `#/<screen>`, `#/<screen>/`, and `#/<screen>/<file>` for a screen that takes a file
  const address = /^#\/([\w-]+)(?:\/([^?#]*))?$/.exec(hash);
  const entry = address?.[1] ? screenEntry(address[1]) : undefined;
  if (entry && address) {
    const rest = address[2];
    if (rest === undefined || (rest === '' && !entry.takesFile)) return { screen: entry.id as ScreenId };
    if (rest !== '' && entry.takesFile) return { screen: entry.id as ScreenId, file: decodeURIComponent(rest) };
  }
  return { screen: 'gallery' };
}

export function routeHref(route: Route): string {
  if (route.screen === 'gallery') return '#/';
  if (route.screen === 'template') return `#/templates/${encodeURIComponent(route.templateId)}`;
  return route.file && screenEntry(route.screen)?.takesFile ? `#/${route.screen}/${encodeURIComponent(route.file)}` : `#/${route.screen}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
