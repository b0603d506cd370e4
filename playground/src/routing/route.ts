/**
 * Screens are addressed by the URL hash (`#/` the gallery, `#/templates/<id>` a template,
 * `#/build` the build composer, `#/editor` the rule editor, `#/editor/<file>` one file,
 * `#/simulator`, `#/board`, `#/workspace` (the persona's flows), `#/data`, `#/pipeline`, `#/process`, `#/phasing` and `#/visits` (the rep's phone view)), so a
 * screen can be bookmarked and the app still works from any static host, with no server
 * rewrite rules.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { screen: 'gallery' }
  | { screen: 'template'; templateId: string }
  | { screen: 'build' }
  | { screen: 'editor'; file?: string }
  | { screen: 'simulator' }
  | { screen: 'board' }
  | { screen: 'workspace' }
  | { screen: 'data' }
  | { screen: 'pipeline' }
  | { screen: 'process' }
  | { screen: 'phasing' }
  | { screen: 'visits' };

const SIMPLE = ['simulator', 'board', 'workspace', 'data', 'pipeline', 'process', 'phasing', 'visits'] as const;

export function parseRoute(hash: string): Route {
  const match = /^#\/templates\/([^/?#]+)/.exec(hash);
  if (match?.[1]) return { screen: 'template', templateId: decodeURIComponent(match[1]) };
  if (/^#\/build\/?$/.test(hash)) return { screen: 'build' };
  for (const screen of SIMPLE) if (hash === `#/${screen}` || hash === `#/${screen}/`) return { screen };
  const editor = /^#\/editor(?:\/([^?#]+))?$/.exec(hash);
  if (editor) return editor[1] ? { screen: 'editor', file: decodeURIComponent(editor[1]) } : { screen: 'editor' };
  return { screen: 'gallery' };
}

export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'template':
      return `#/templates/${encodeURIComponent(route.templateId)}`;
    case 'build':
      return '#/build';
    case 'editor':
      return route.file ? `#/editor/${encodeURIComponent(route.file)}` : '#/editor';
    case 'simulator':
    case 'board':
    case 'workspace':
    case 'data':
    case 'pipeline':
    case 'process':
    case 'phasing':
    case 'visits':
      return `#/${route.screen}`;
    default:
      return '#/';
  }
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
