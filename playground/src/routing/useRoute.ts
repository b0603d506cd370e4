/**
 * The address read back into a route: a registry screen (screens/registry.ts) by its id, a
 * template, or the gallery for anything else. Only the shell imports this (App.tsx).
 */
import { useSyncExternalStore } from 'react';
import { screenEntry, type ScreenId } from '../screens/registry.js';
import type { Route } from './route.js';

function parseRoute(hash: string): Route<ScreenId> {
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

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route<ScreenId> {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
