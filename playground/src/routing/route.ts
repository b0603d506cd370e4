/**
 * Screens are addressed by the URL hash: `#/` the gallery, `#/templates/<id>` a template, and
 * `#/<screen>` each screen of the registry (screens/registry.ts: `#/build`, `#/editor` and
 * `#/editor/<file>`, `#/simulator`, `#/board`, `#/workspace`, `#/data`, `#/pipeline`,
 * `#/process`, `#/phasing`, `#/visits`), so a screen can be bookmarked and the app still works
 * from any static host, with no server rewrite rules.
 */
/**
 * Addresses of screens, as links: what any screen may import to point at another. Reading the
 * address back into a screen of the registry is routing/useRoute.ts, which only the shell uses,
 * so that a lazily loaded screen never imports the registry that loads it.
 */
export type Route<Screen extends string = string> =
  | { screen: 'gallery' }
  | { screen: 'template'; templateId: string }
  | { screen: Screen; file?: string };

export function routeHref(route: Route): string {
  if (route.screen === 'gallery') return '#/';
  if ('templateId' in route) return `#/templates/${encodeURIComponent(route.templateId)}`;
  return 'file' in route && route.file ? `#/${route.screen}/${encodeURIComponent(route.file)}` : `#/${route.screen}`;
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
