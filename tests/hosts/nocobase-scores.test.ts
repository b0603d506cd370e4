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
import { scopeUnit, visibleScores } from '../../hosts/nocobase/plugin/src/server/score-scope.js';
import { scopeOfUser } from '../../hosts/nocobase/plugin/src/server/stored-tables.js';
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
    // the blocks first, the template's entry forms below them: a rep opens his scores, not an empty form
    for (const [key, block] of [['scorecard', 'TargetKitScores'], ['points', 'TargetKitPoints'], ['bonus-simulator', 'TargetKitScores']] as const) {
      const text = pages.get(key) ?? '';
      expect(text.indexOf(`"x-component":"${block}"`), key).toBeGreaterThan(0);
      expect(text.indexOf(`"x-component":"${block}"`), key).toBeLessThan(text.indexOf('FormBlockProvider'));
    }
  });

  it('cuts the scores to the viewer\'s stored scope: a rep his own, a region head his region, HQ and administrators all', () => {
    const scored = scoreCompany(bundle, { targets: table('targets.csv'), actuals: table('actuals.csv'), calendar: calendar2026(), period: parsePeriod('2026-H1')! });
    if (!scored.ok) throw new Error(JSON.stringify(scored.problems));
    const { scores } = scored;
    const roles = bundle.manifest.roles;
    const seen = (roleNames: string[], unitId: string | null, path: string | null) => visibleScores(scores, scopeOfUser(roles, { roleNames, unitId, path }));
    expect(seen(['tk_rep'], 'HD01-01', '/YQ/HD/HD01/HD01-01/').map((p) => p.id)).toEqual(['HD01-01']);
    const hn = seen(['tk_region_head'], 'HN', '/YQ/HN/');
    expect(hn.length).toBe(scores.people.filter((p) => p.ranks.region?.unit === 'HN').length);
    expect(hn.every((p) => p.id.startsWith('HN'))).toBe(true);
    // /YQ/HN/ is not a prefix of another region's path that merely starts with HN
    expect(seen(['tk_team_lead'], 'HN01', '/YQ/HN/HN01/').every((p) => p.ranks.team?.unit === 'HN01')).toBe(true);
    expect(seen(['tk_sales_director'], 'YQ', '/YQ/')).toHaveLength(480);
    expect(seen(['admin'], null, null)).toHaveLength(480);
    expect(seen(['tk_region_head'], null, '-')).toEqual([]);
    expect(scopeUnit({ kind: 'subtree', path: '/YQ/HN/' })).toBe('HN');
  });
});
