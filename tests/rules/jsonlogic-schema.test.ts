/**
 * schemas/jsonlogic.schema.json lists the operators of the engine, no more and no fewer, so an
 * editor's completions and checks cannot drift from what `target-kit validate` accepts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../plugin/index.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schemas', 'jsonlogic.schema.json'), 'utf8')) as {
  $defs: { operation: { properties: Record<string, { description: string }> } };
};

describe('the JsonLogic schema', () => {
  it('names exactly the engine\'s operators, in the engine\'s order', () => {
    expect(Object.keys(schema.$defs.operation.properties)).toEqual(createEngine().operators().map((o) => o.name));
  });

  it('describes each operator with the engine\'s own summary, in both languages', () => {
    for (const op of createEngine().operators()) {
      const description = schema.$defs.operation.properties[op.name]!.description;
      expect(description, op.name).toContain(op.doc.summary.zh);
      expect(description, op.name).toContain(op.doc.summary.en);
    }
  });
});
