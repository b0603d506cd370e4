/**
 * schemas/jsonlogic.schema.json lists the operators of the engine, no more and no fewer, so an
 * editor's completions and checks cannot drift from what `target-kit validate` accepts.
 * Regenerate it with `target-kit operators --schema > schemas/jsonlogic.schema.json`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, jsonLogicSchema } from '../../plugin/index.js';
import { runCli } from '../support/run-cli.js';

const file = join(import.meta.dirname, '..', '..', 'schemas', 'jsonlogic.schema.json');
const schema = JSON.parse(readFileSync(file, 'utf8')) as {
  $defs: { operation: { properties: Record<string, { description: string }> } };
};

describe('the JsonLogic schema', () => {
  it('names exactly the engine\'s operators, in the engine\'s order', () => {
    expect(Object.keys(schema.$defs.operation.properties)).toEqual(createEngine().operators().map((o) => o.name));
  });

  it('is what `target-kit operators --schema` prints (descriptions and examples from the engine)', async () => {
    const r = await runCli(['operators', '--schema']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(file, 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual(jsonLogicSchema(createEngine()));
  });

  it('an operator added to an engine appears in that engine\'s schema', () => {
    const engine = createEngine();
    engine.addOperation('double', { apply: ([x]) => Number(x) * 2, doc: { summary: { zh: '乘以 2', en: 'times 2' }, examples: [] } });
    const properties = (jsonLogicSchema(engine)['$defs'] as typeof schema.$defs).operation.properties;
    expect(properties['double']?.description).toBe('乘以 2\ntimes 2');
  });
});
