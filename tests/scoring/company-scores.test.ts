/**
 * The company's scores over its targets and actuals tables (`scoreCompany`): what NocoBase's
 * targetKit:scores and `target-kit score --targets` both answer. The ranks within a region and
 * a team are the scorer's own ranking of that subtree; the CLI prints the same ranks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScorer, parseCsv, parsePeriod, scoreCompany } from '../../plugin/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';
import { calendar2026, defaultBundle } from '../tracking/support.js';

const DATA = join(TEMPLATES_DIR, 'data', 'sample-actuals');
const table = (name: string) => {
  const parsed = parseCsv(readFileSync(join(DATA, name), 'utf8'), name);
  if (!parsed.ok) throw new Error(parsed.problem.message.en);
  return { file: name, columns: parsed.columns, records: parsed.records };
};

describe('scoreCompany', () => {
  const bundle = defaultBundle();
  const scored = scoreCompany(bundle, {
    targets: table('targets.csv'), actuals: table('actuals.csv'), calendar: calendar2026(),
    period: parsePeriod('2026-05')!, targetsPeriod: parsePeriod('2026-H1')!,
  });

  it('scores every rep and ranks him in the company, his region and his team', () => {
    if (!scored.ok) throw new Error(JSON.stringify(scored.problems));
    const { people, tree } = scored.scores;
    expect(people).toHaveLength(480);
    expect(scored.scores.asOf).toBe('2026-05-15');
    const scorer = createScorer(bundle);
    if (!scorer.ok) throw new Error('no scorer');
    const hd = scorer.scorer.rank(people, { tree, within: 'HD' });
    const inHd = people.filter((p) => p.ranks.region?.unit === 'HD');
    expect(inHd).toHaveLength(hd.length);
    for (const c of hd) expect(inHd.find((p) => p.id === c.id)?.ranks.region?.rank).toBe(c.rank);
    const rep = people.find((p) => p.id === 'HD01-01')!;
    expect(rep.ranks.team).toMatchObject({ unit: 'HD01' });
    expect(rep.ranks.team!.of).toBe(tree.get('HD01')!.childIds.length);
    // the weights are the bundle's: each dimension's points are weight × normalised × 100
    for (const d of rep.dimensions) expect(d.points).toBeCloseTo(d.weight * d.normalised * 100, 1);
  });

  it('refuses a period outside the targets period, naming the targets file', () => {
    const r = scoreCompany(bundle, { targets: table('targets.csv'), actuals: table('actuals.csv'), calendar: calendar2026(), period: parsePeriod('2026-09')!, targetsPeriod: parsePeriod('2026-H1')! });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'SCORE_BAD_PERIOD', file: 'targets.csv' });
  });

  it('is what `target-kit score --targets --actuals --within` prints', async () => {
    if (!scored.ok) throw new Error('not scored');
    const r = await runCli(['score', '--targets', join(DATA, 'targets.csv'), '--actuals', join(DATA, 'actuals.csv'), '--period', '2026-05', '--targets-period', '2026-H1', '--within', 'HN', '--out', 'json']);
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout) as Array<{ id: string; rank: number; score: number }>;
    const inHn = scored.scores.people.filter((p) => p.ranks.region?.unit === 'HN');
    expect(rows.map((x) => [x.id, x.rank, x.score]).sort()).toEqual(inHn.map((p) => [p.id, p.ranks.region!.rank, p.score]).sort());
  });
});
