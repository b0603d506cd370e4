/**
 * The NocoBase plugin's rule store and workflow node, without NocoBase: a rule id with input
 * mapping, a flow's inline guard, branching by truthiness, errors as failed jobs with our code.
 */
import { describe, expect, it } from 'vitest';
import { toSingleFile } from '../../plugin/index.js';
import { RuleStore, compileBundle } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { createRuleInstruction } from '../../hosts/nocobase/plugin/src/server/rule-instruction.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

async function storeWithDefaultBundle(): Promise<RuleStore> {
  const compiled = compileBundle(toSingleFile(defaultBundleFiles()));
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.code).join(', '));
  const store = new RuleStore();
  store.activate(compiled.bundle);
  return store;
}

type Node = { id: number; key: string; upstreamId: number | null; branchIndex: number | null; config: Record<string, unknown> | null };

function processorFor(record: Record<string, unknown>, nodes: Node[]) {
  const ran: Array<number> = [];
  return {
    ran,
    processor: {
      execution: { context: { data: record } },
      nodes,
      saveJob: (job: Record<string, unknown>) => ({ ...job, id: 99, status: Number(job.status) }),
      run: async (node: Node) => { ran.push(node.id); },
      exit: async () => undefined,
      findBranchParentJob: () => null,
      getParsedValue: (value: unknown) => value,
    },
  };
}

describe('target-kit-rule workflow node', () => {
  it('maps record fields to rule inputs and takes the branch of the result', async () => {
    const store = await storeWithDefaultBundle();
    const node = createRuleInstruction(store, async () => undefined);
    const guard: Node = { id: 1, key: 'g', upstreamId: null, branchIndex: null, config: { rule: 'filing-declaration-valid', inputs: { base: 'declaredBase', stretch: 'declaredStretch' } } };
    const branches: Node[] = [guard, { id: 2, key: 'y', upstreamId: 1, branchIndex: 1, config: null }, { id: 3, key: 'n', upstreamId: 1, branchIndex: 0, config: null }];
    const good = processorFor({ declaredBase: 100, declaredStretch: 120 }, branches);
    await node.run(guard, null, good.processor);
    expect(good.ran).toEqual([2]);
    const bad = processorFor({ declaredBase: 100, declaredStretch: 80 }, branches);
    await node.run(guard, null, bad.processor);
    expect(bad.ran).toEqual([3]);
  });

  it("evaluates a flow's inline guard on { payload, instance } with the bundle's engine", async () => {
    const store = await storeWithDefaultBundle();
    const node = createRuleInstruction(store, async () => undefined);
    const guard: Node = { id: 1, key: 'g', upstreamId: null, branchIndex: null, config: { logic: { '==': [{ var: 'payload.hash' }, { var: 'instance.expected' }] } } };
    const job = await node.run(guard, null, processorFor({ hash: 'abc', expected: 'abc' }, [guard]).processor);
    expect(job?.result).toBe(true);
    const refused = await node.run(guard, null, processorFor({ hash: 'abc', expected: 'xyz' }, [guard]).processor);
    expect(refused?.result).toBe(false);
  });

  it('ends the job in error with our code when an input is missing or the rule is unknown', async () => {
    const store = await storeWithDefaultBundle();
    const node = createRuleInstruction(store, async () => undefined);
    const missing: Node = { id: 1, key: 'g', upstreamId: null, branchIndex: null, config: { rule: 'traffic-light', inputs: { actual: 'actual', target: 'target' } } };
    const job = await node.run(missing, null, processorFor({ actual: 5 }, [missing]).processor);
    expect(job).toMatchObject({ status: -2, result: { code: 'RULE_INPUT_MISSING' } });
    const unknown = await node.run({ ...missing, config: { rule: 'nope' } }, null, processorFor({}, [missing]).processor);
    expect(unknown).toMatchObject({ status: -2, result: { code: 'RULE_UNKNOWN' } });
  });

  it('keeps the active bundle when a new one does not load', async () => {
    const store = await storeWithDefaultBundle();
    const before = store.current?.hash;
    const broken = compileBundle({ format: 1, files: {} });
    expect(broken.ok).toBe(false);
    expect(store.current?.hash).toBe(before);
    expect(store.evaluate('traffic-light', { actual: 85, target: 100 })).toEqual({ ok: true, result: 'green' });
  });
});
