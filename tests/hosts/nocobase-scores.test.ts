/**
 * Scores and points inside NocoBase, without a NocoBase (the real one is `npm run
 * test:nocobase`): the importer places the blocks on the scorecard, bonus and points pages, and
 * the server cuts the company's scores to the viewer's scope (a rep his own card, a head his
 * subtree, the company level everyone, a user placed nowhere nothing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parsePeriod, scoreCompany } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { scoreScope, visibleScores } from '../../hosts/nocobase/plugin/src/server/score-scope.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { calendar2026, defaultBundle } from '../tracking/support.js';

const table = (name: string) => {
  const parsed = parseCsv(readFileSync(join(TEMPLATES_DIR, 'data', 'sample-actuals', name), 'utf8'), name);
  if (!parsed.ok) throw new Error(parsed.problem.message.en);
  return { file: name, columns: parsed.columns, records: parsed.records };
};

describe('NocoBase scores and points', () => {
  const bundle = defaultBundle();

  it('places the scores block on the scorecard and bonus pages and the points block on the points page', () => {
    const pages = new Map(nocobaseTarget(bundle).pages.map((p) => [p.key.replace(/^.*page:/, ''), JSON.stringify(p.schema)]));
    expect(pages.get('scorecard')).toContain('"x-component":"TargetKitScores"');
    expect(pages.get('bonus-simulator')).toContain('"x-component":"TargetKitScores"');
    expect(pages.get('points')).toContain('"x-component":"TargetKitPoints"');
    expect(pages.get('target-filing')).not.toContain('TargetKit' + 'Scores');
  });

  it('cuts the scores to the viewer: a rep his own, a region head his region, HQ and administrators all', () => {
    const scored = scoreCompany(bundle, { targets: table('targets.csv'), actuals: table('actuals.csv'), calendar: calendar2026(), period: parsePeriod('2026-H1')! });
    if (!scored.ok) throw new Error(JSON.stringify(scored.problems));
    const { scores } = scored;
    const seen = (unit: string | null, admin = false) => visibleScores(scores, scoreScope(scores.tree, { admin, bundleRole: true, unit, path: null, names: [] }));
    expect(seen('HD01-01').map((p) => p.id)).toEqual(['HD01-01']);
    const hn = seen('HN');
    expect(hn.length).toBe(scores.people.filter((p) => p.ranks.region?.unit === 'HN').length);
    expect(hn.every((p) => p.id.startsWith('HN'))).toBe(true);
    expect(seen('YQ')).toHaveLength(480);
    expect(seen(null, true)).toHaveLength(480);
    expect(seen(null)).toEqual([]);
    expect(seen('NOWHERE')).toEqual([]);
    // a NocoBase member placed at 华南 without a role of the bundle
    expect(visibleScores(scores, scoreScope(scores.tree, { admin: false, bundleRole: false, unit: 'HN', path: '/YQ/HN/', names: [] }))).toEqual([]);
  });
});
