/**
 * Reads a Formily JSON Schema the way Formily builds its values: nested `object` nodes add a
 * level to the data path, `void` nodes (layout: grids, cards, collapses) do not.
 */
import { joinPointer } from '../problems.js';
import type { FormNode } from './types.js';

interface FormField {
  /** Data path with dots, as a binding names it. */
  path: string;
  /** JSON pointer of the node inside the form schema. */
  pointer: string;
  node: FormNode;
}

export function formFields(root: FormNode, rootPointer = ''): FormField[] {
  const out: FormField[] = [];
  const walk = (node: FormNode, dataPath: string[], pointer: string): void => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const childPointer = joinPointer(pointer, 'properties', name);
      const childPath = child.type === 'void' ? dataPath : [...dataPath, name];
      if (child.type !== 'void') out.push({ path: childPath.join('.'), pointer: childPointer, node: child });
      if (child.type === 'object' || child.type === 'void') walk(child, childPath, childPointer);
    }
  };
  walk(root, [], rootPointer);
  return out;
}

/** Every string in the schema that holds a Formily `{{ }}` expression, with its pointer. */
export function expressionStrings(value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return /\{\{[\s\S]*\}\}/.test(value) ? [pointer] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionStrings(v, joinPointer(pointer, i)));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => expressionStrings(v, joinPointer(pointer, k)));
  }
  return [];
}
