/**
 * Screens are addressed by the URL hash (`#/` the gallery, `#/templates/<id>` a template), so a
 * template can be bookmarked and the app still works from any static host, with no server
 * rewrite rules.
 */
import { useSyncExternalStore } from 'react';

export type Route = { screen: 'gallery' } | { screen: 'template'; templateId: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/templates\/([^/?#]+)/.exec(hash);
  if (match?.[1]) return { screen: 'template', templateId: decodeURIComponent(match[1]) };
  return { screen: 'gallery' };
}

export function routeHref(route: Route): string {
  return route.screen === 'template' ? `#/templates/${encodeURIComponent(route.templateId)}` : '#/';
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
