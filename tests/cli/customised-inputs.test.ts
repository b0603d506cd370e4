/**
 * Inputs nobody here wrote (session 10's adversarial review): tables and bundles a customer
 * makes, read by the commands as the documented formats say, or refused by row and column.
 * Each case failed before its fix.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle } from '../../plugin/index.js';
import { TEMPLATES_DIR, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('the default bundle does not load');
const bundle = loaded.bundle;

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'tk-custom-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** The default bundle copied into `d`/bundle, `edit` changing one of its JSON files. */
function customBundle(d: string, file: string, edit: (json: any) => void): string {
  const at = join(d, 'bundle');
  cpSync(TEMPLATES_DIR, at, { recursive: true });
  const json = JSON.parse(readFileSync(join(at, file), 'utf8'));
  edit(json);
  writeFileSync(join(at, file), JSON.stringify(json));
  return at;
}

describe('a level cell that is not one of the four names', () => {
  // a Chinese office writes the levels in Chinese; read as blank, 销售 became a team
  const targets = `id,parent_id,name,level,base,stretch
co,,公司,company,1200,1400
tm,co,一组,团队,1200,1400
r1,tm,王磊,销售,600,700
r2,tm,李娜,rep,600,700
`;
  const d = dir({
    'targets.csv': targets,
    'actuals.csv': 'id,date,amount\nr1,2026-04-01,100\n',
    'history.csv': 'id,month,amount\nr1,2025-04,100\nr2,2025-04,100\n',
  });
  const tree = buildOrgTree([['co', ''], ['tm', 'co'], ['r1', 'tm'], ['r2', 'tm']].map(([id, parent]) => ({ id: id!, parentId: parent || null, name: id! })));
  if (!tree.ok) throw new Error('tree');
  const filing = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'target-filing')!.def, tree.tree, bundle);
  writeFileSync(join(d, 'instance.json'), JSON.stringify(filing.start({ id: 'f-1', ownerId: 'r1', unitId: 'r1', data: {}, now: '2026-04-01T09:00:00+08:00' })));
  const refusedRows = (stderr: string) => [...stderr.matchAll(/targets\.csv:(\d+):level .*\[ORG_LEVEL_UNKNOWN\]/g)].map((m) => Number(m[1]));

  it('track refuses it by row and column, naming the four', async () => {
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-04', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(1);
    expect(refusedRows(r.stderr)).toEqual([3, 4]);
    expect(r.stderr).toContain('level must be company, region, team or rep (or blank, to take it from the org\'s shape), got "团队"');
    expect(r.stdout).toBe('');
  });

  it('phase and replay refuse it the same way', async () => {
    const phased = await runCli(['phase', '--targets', 'targets.csv', '--history', 'history.csv', '--period', '2026-Q2', '--by', 'month', '--lang', 'en'], { cwd: d });
    expect(phased.code).toBe(1);
    expect(refusedRows(phased.stderr)).toEqual([3, 4]);
    const replayed = await runCli(['replay', '--instance', 'instance.json', '--org', 'targets.csv', '--lang', 'en'], { cwd: d });
    expect(replayed.code).toBe(1);
    expect(refusedRows(replayed.stderr)).toEqual([3, 4]);
  });
});
