/**
 * Rules get what they declare (issue 14, item 2), on the playground's pipeline board: a stage
 * criterion's further declared input is read from the opportunity's row of the sample
 * opportunities, as `target-kit pipeline` reads it from its --opportunities file; a required one
 * that no column provides refuses the board with the CLI's problem (shown as the model's problems).
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, type RuleDef } from '../../plugin/index.js';
import { checkOpportunityMove, pipelineData } from '../../playground/src/shared/pipeline/pipelineModel.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

type Files = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const OPPORTUNITIES = 'data/sample-pipeline/opportunities.csv';

/** pipeline-won-entry with a `minAmount` input (column min_amount): won needs more than it. */
function withMinAmount(required: boolean, cells?: (id: string, amount: string) => string): Files {
  const files = clone(defaultBundleFiles()) as Files;
  const rule = (files['rules/pipeline.rules.json'].rules as RuleDef[]).find((r) => r.id === 'pipeline-won-entry')!;
  rule.inputs.push({ name: 'minAmount', type: 'number', required, description: { zh: '成交最低金额', en: 'Least amount to win' } });
  rule.logic = { '>': [{ var: ['amount', 0] }, { var: ['minAmount', 0] }] };
  for (const e of rule.examples ?? []) if (e.expectError === undefined && required) e.data.minAmount = 0;
  if (cells) {
    const [head, ...rows] = (files[OPPORTUNITIES] as string).trimEnd().split('\n');
    files[OPPORTUNITIES] = [`${head},min_amount`, ...rows.map((r) => { const c = r.split(','); return `${r},${cells(c[0]!, c[3]!)}`; })].join('\n') + '\n';
  }
  return files;
}

const load = (files: Files) => {
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.bundle;
};

describe('the pipeline board: each opportunity\'s row is its record', () => {
  it('a required input no opportunities column provides refuses the board with the CLI\'s problem', () => {
    const r = pipelineData(load(withMinAmount(true)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'RULE_INPUT_MISSING', file: 'rules/pipeline.rules.json' });
    expect(r.problems[0]!.message.en).toContain(`the opportunities file ${OPPORTUNITIES}`);
  });

  it('a move to won is checked against the opportunity\'s own min_amount', () => {
    // the first opportunity needs more than its amount; the others nothing
    let first: string | undefined;
    const r = pipelineData(load(withMinAmount(false, (id, amount) => (first ??= id) === id ? String(Number(amount) + 1) : '')));
    if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
    const [a, b] = r.data.opportunities;
    expect(a!.id).toBe(first);
    const wonFails = (o: typeof a) => checkOpportunityMove(r.data, o!, 'negotiation', 'won').some((f) => f.criterion === 'pipeline-won-entry');
    expect(wonFails(a)).toBe(true);
    expect(wonFails(b)).toBe(false);
  });

  it('a bad cell refuses the board by file, row and column', () => {
    const r = pipelineData(load(withMinAmount(false, (id) => (id === 'OP0002' ? 'lots' : ''))));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ code: 'RULE_INPUT_TYPE', file: OPPORTUNITIES, row: 3, column: 'min_amount' });
  });
});
