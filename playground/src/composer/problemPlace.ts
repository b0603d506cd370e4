/**
 * Where a problem of a single-file bundle is, said the way a person looks for it: the inner
 * file and the pointer inside it (`rules/tracking.rules.json#/rules/0/logic`), rather than one
 * pointer through `/files/...` of the container.
 */
import type { Problem } from '../../../plugin/index.js';

const unescape = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

export function innerLocation(p: Problem): { file: string; pointer: string } {
  const match = /^\/files\/([^/]*)(.*)$/.exec(p.pointer);
  if (match) return { file: unescape(match[1]!), pointer: match[2]! };
  return { file: p.file, pointer: p.pointer };
}

export function problemPlace(p: Problem): string {
  const { file, pointer } = innerLocation(p);
  return `${file}#${pointer}`;
}
