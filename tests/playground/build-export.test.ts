/**
 * The build's export without a browser: for every template alone, for pairs, and for the
 * whole sample, the single file carries exactly the build's templates (with what they
 * require) and loads with the plugin, so `target-kit validate` accepts it. Driven by the
 * bundle on disk, so new templates are covered as they land.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, loadSingleFileBundle, type RulesFile } from '../../plugin/index.js';
import { buildContents, buildSingleFile, withRequirements } from '../../playground/src/build/dependencies.js';
import { addTemplate, removeTemplate } from '../../playground/src/composer/buildEdits.js';
import { migrateBuild, readBuildData, STORE_VERSION } from '../../playground/src/build/buildStore.js';
import { loadDefaultBundle } from '../browser/bundleOnDisk.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const bundle = loadDefaultBundle();
const ids = bundle.templates.map((t) => t.def.id);

function exportLoads(templateIds: string[]) {
  const single = buildSingleFile(bundle, templateIds);
  const loaded = loadSingleFileBundle(single, 'build.json');
  if (!loaded.ok) throw new Error(`${templateIds.join(', ')}: ${JSON.stringify(loaded.problems.slice(0, 3), null, 2)}`);
  return { single, loaded: loaded.bundle };
}

describe('build export', () => {
  it.each(ids)('exports %s alone (with what it requires) as a bundle that loads', (id) => {
    const { loaded } = exportLoads([id]);
    expect(loaded.templates.map((t) => t.def.id)).toEqual(withRequirements(bundle.templates, [id]));
    // nothing beyond what the references reach
    const contents = buildContents(bundle, [id]);
    expect([...loaded.rules.keys()].sort()).toEqual([...contents.ruleIds].sort());
  });

  it('carries the parameter groups and datasets a template declares, not only those its rules read', () => {
    const single = buildSingleFile(bundle, ['commitment-letter']);
    const loaded = loadSingleFileBundle(JSON.parse(JSON.stringify(single)), 'export.json');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
    expect(Object.keys(loaded.bundle.parameters)).toEqual(expect.arrayContaining(['letters', 'review']));
    const board = buildSingleFile(bundle, ['progress-board']);
    expect(Object.keys(board.files)).toContain('calendars/cn-2026.json');
  });

  it('exports every pair in build order', () => {
    for (const a of ids) for (const b of ids) if (a !== b) exportLoads([a, b]);
  });

  it('exports the whole sample with every template, rule, flow and parameter group the templates reach', () => {
    const { single, loaded } = exportLoads(ids);
    expect(loaded.templates.map((t) => t.def.id)).toEqual(ids);
    for (const path of single.rules) expect((single.files[path] as RulesFile).rules.length).toBeGreaterThan(0);
  });
});

describe('build edits', () => {
  const needs = bundle.templates.find((t) => t.def.requires?.length)!.def;

  it('adding a template pulls in what it requires, before it, and says so', () => {
    const { ids: build, notice } = addTemplate(bundle.templates, [], needs.id);
    expect(build).toEqual(withRequirements(bundle.templates, [needs.id]));
    expect(notice).toEqual({ kind: 'pulledIn', template: needs.id, added: build.slice(0, -1) });
  });

  it('refuses to remove a template another one requires', () => {
    const { ids: build } = addTemplate(bundle.templates, [], needs.id);
    const result = removeTemplate(bundle.templates, build, needs.requires![0]!);
    expect(result.ids).toEqual(build);
    expect(result.notice).toEqual({ kind: 'stillRequired', template: needs.requires![0], by: [needs.id] });
  });
});

describe('stored build', () => {
  const activities = [{ id: 'v1', opportunityId: 'OP0001', ownerId: 'HD01-01', type: 'feedback', at: '2026-05-15T18:00:00+08:00', fields: { feedback: '好' } }];
  const workOrder = {
    id: 'WO-1', flowId: 'work-order', state: 'raised', version: 0, ownerId: 'HD01-01', unitId: 'HD01-01',
    data: { opportunityId: 'OP0001', title: '对接客户 ERP' }, createdAt: '2026-05-15T18:00:00+08:00', due: null, audit: [],
  };
  const recalc = { instance: { ...workOrder, id: 'R-1', flowId: 'emergency-recalc', state: 'requested', unitId: 'CO', data: { excluded: ['无锡'], reason: '政策' } }, result: null };
  const v9flows = { review: null, filings: {}, letters: {}, actualEdits: { HD: 100 }, activities, workOrders: { 'WO-1': workOrder }, recalc };
  const flows = { ...v9flows, pipelineMoves: {} };
  const v7 = { base: { kind: 'sample' }, templateIds: ['a'], edits: {}, drafts: { 'x.json': '{' }, generation: 2, flows: v9flows, signingKey: 'ab'.repeat(32) };
  const stored = { ...v7, flows, simulation: null, undo: null };
  const { signingKey: _key, ...v5 } = v7;
  const { signingKey: _storedKey, ...keyless } = stored;
  // from version 5 on, every older build reads with its flows emptied (their trails are unchained) and a new key
  const restarted = { ...stored, flows: { review: null, filings: {}, letters: {}, actualEdits: {}, activities: [], workOrders: {}, recalc: null, pipelineMoves: {} }, signingKey: expect.stringMatching(/^[0-9a-f]{64}$/) };

  it('reads the current shape and refuses anything else as corrupt', () => {
    expect(readBuildData(stored)).toEqual(stored);
    expect(() => readBuildData({ ...stored, drafts: { 'x.json': 1 } })).toThrow(/"drafts"/);
    expect(() => readBuildData('garbage')).toThrow();
    expect(() => readBuildData({ ...stored, flows: { ...flows, filings: 'x' } })).toThrow(/"flows"/);
    expect(() => readBuildData({ ...stored, flows: { ...flows, activities: [{ id: 1 }] } })).toThrow(/"flows.activities"/);
    expect(() => readBuildData({ ...stored, flows: { ...flows, workOrders: { x: { id: 'x' } } } })).toThrow(/"flows.workOrders"/);
    expect(() => readBuildData({ ...stored, flows: { ...flows, recalc: { instance: {}, result: null } } })).toThrow(/"flows.recalc"/);
    expect(() => readBuildData(keyless)).toThrow(/"signingKey"/);
    expect(() => readBuildData({ ...stored, flows: { ...flows, pipelineMoves: { OP0001: 3 } } })).toThrow(/"flows.pipelineMoves"/);
    const simulation = { base: 15_000_000_000, stretch: null, planId: 'aggressive', locks: { HD01: 900_000_000 } };
    const { generation: _g, undo: _u, ...before } = stored;
    const withUndo = { ...stored, simulation, undo: { action: 'withdraw-review', at: '2026-05-15T18:00:00Z', before } };
    expect(readBuildData(withUndo)).toEqual(withUndo);
    expect(() => readBuildData({ ...stored, simulation: { ...simulation, locks: { HD01: 1.5 } } })).toThrow(/"simulation"/);
    expect(() => readBuildData({ ...withUndo, undo: { ...withUndo.undo, action: 'explode' } })).toThrow(/"undo"/);
    // the build a restore would bring back is checked like the build
    expect(() => readBuildData({ ...withUndo, undo: { ...withUndo.undo, before: { ...before, drafts: { x: 1 } } } })).toThrow(/"drafts"/);
  });

  it('migrates from the stored version, and names a version it cannot read', () => {
    expect(migrateBuild(stored, STORE_VERSION)).toBe(stored);
    expect(() => migrateBuild(stored, STORE_VERSION + 1)).toThrow(/newer/);
    expect(() => migrateBuild(stored, 0)).toThrow(/no migration/);
    // version 1 had no flow instances, 2 no logged visits, 3 no work orders, 4 no recalculation: each step still runs
    const { flows: _none, ...v1 } = v5;
    expect(readBuildData(migrateBuild(v1, 1))).toEqual(restarted);
    const { activities: _noVisits, workOrders: _noOrders, recalc: _noRecalc, ...v2flows } = flows;
    expect(readBuildData(migrateBuild({ ...v5, flows: v2flows }, 2))).toEqual(restarted);
    const { workOrders: _none3, recalc: _none3r, ...v3flows } = flows;
    const v3 = { ...v5, flows: v3flows };
    expect(() => readBuildData({ ...v3, signingKey: stored.signingKey })).toThrow(/"flows.workOrders"/);
    expect(readBuildData(migrateBuild(v3, 3))).toEqual(restarted);
    const { recalc: _none4, ...v4flows } = flows;
    const v4 = { ...v5, flows: v4flows };
    expect(() => readBuildData({ ...v4, signingKey: stored.signingKey })).toThrow(/"flows.recalc"/);
    expect(readBuildData(migrateBuild(v4, 4))).toEqual(restarted);
    // version 5 had unchained audit trails and typed-name signatures: its flows start again under a new key
    const migrated = readBuildData(migrateBuild(v5, 5));
    expect(migrated).toEqual(restarted);
    expect(readBuildData(migrateBuild(v5, 5)).signingKey).not.toBe(migrated.signingKey);
    // version 7 had no simulator inputs and nothing to restore, version 9 no pipeline moves (in the build nor in the one to restore)
    expect(() => readBuildData({ ...v7, flows })).toThrow(/"simulation"/);
    expect(readBuildData(migrateBuild(v7, 7))).toEqual(stored);
    const { generation: _g, undo: _u, ...before } = stored;
    const v9 = { ...stored, flows: v9flows, undo: { action: 'import-rows', at: '2026-05-15T18:00:00Z', before: { ...before, flows: v9flows } } };
    expect(() => readBuildData(v9)).toThrow(/"flows.pipelineMoves"/);
    expect(readBuildData(migrateBuild(v9, 9))).toEqual({ ...v9, flows, undo: { ...v9.undo, before } });
  });

  it('version 5 kept line weights, month weights and the allocation form\'s weights in percents: they come back as the fractions the plugin now reads', () => {
    /* eslint-disable @typescript-eslint/no-explicit-any -- parsed bundle files, edited in place */
    const files = defaultBundleFiles();
    const phasing = files['parameters/phasing.json'] as any;
    const allocation = files['target-allocation/template.json'] as any;
    const hundredfold = (x: number) => Math.round(x * 100 * 1e6) / 1e6;
    const oldPhasing = structuredClone(phasing);
    oldPhasing.parameters.phasing.explicit.months = phasing.parameters.phasing.explicit.months.map(hundredfold);
    oldPhasing.parameters.phasing.units = { HD: { profile: 'explicit', months: [1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2] } };
    oldPhasing.parameters.productLines.lines.forEach((l: any) => { l.weight = hundredfold(l.weight); });
    oldPhasing.parameters.productLines.units = { HD: { cloud: 2, saas: 1, ai: 1 }, SH: { cloud: 70, saas: 30 } };
    const oldAllocation = structuredClone(allocation);
    oldAllocation.sampleData.main.weights.forEach((r: any) => { r.weight = hundredfold(r.weight); });
    oldAllocation.sampleData.main.weightsTotal = 100;
    const edits = { 'parameters/phasing.json': oldPhasing, 'target-allocation/template.json': oldAllocation };
    // the percents are what the plugin refuses now
    expect(loadBundle({ ...files, ...edits }).ok).toBe(false);

    const v5 = { ...stored, base: { kind: 'imported', name: 'old.json', files: { ...files, ...edits, 'data/x.csv': 'a,b\n' } }, edits };
    const migrated = readBuildData(migrateBuild(v5, 5)) as any;
    for (const content of [migrated.edits, migrated.base.files]) {
      expect(content['parameters/phasing.json'].parameters.phasing.explicit).toEqual(phasing.parameters.phasing.explicit);
      expect(content['parameters/phasing.json'].parameters.phasing.units).toEqual({ HD: { profile: 'explicit', months: [0.01, 0.01, 0.02, 0.01, 0.01, 0.02, 0.01, 0.01, 0.02, 0.01, 0.01, 0.02] } });
      expect(content['parameters/phasing.json'].parameters.productLines.lines).toEqual(phasing.parameters.productLines.lines);
      expect(content['parameters/phasing.json'].parameters.productLines.units).toEqual({ HD: { cloud: 0.5, saas: 0.25, ai: 0.25 }, SH: { cloud: 0.7, saas: 0.3 } });
      expect(content['target-allocation/template.json']).toEqual(allocation);
    }
    expect(migrated.base.files['data/x.csv']).toBe('a,b\n');
    expect(loadBundle(migrated.base.files).ok).toBe(true);
    // a build saved with fractions already is left as it was
    const current = { ...stored, edits: { 'parameters/phasing.json': phasing } };
    expect((readBuildData(migrateBuild(current, 5)) as any).edits['parameters/phasing.json']).toEqual(phasing);
    /* eslint-enable @typescript-eslint/no-explicit-any */
  });
});
