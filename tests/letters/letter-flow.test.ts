/**
 * The bundle's letter flow, read from the bundle: who issues letters and who signs them, which
 * fields of a flat letter record are the letter, and the one issuing decision every host asks.
 */
import { describe, expect, it } from 'vitest';
import { buildOrgTree, checkLetterIssue, letterFlowOf, loadBundle, type BundleFiles, type LoadedBundle, type OrgTree } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function loaded(files: BundleFiles = defaultBundleFiles()): LoadedBundle {
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.bundle;
}

const letterFlows = (bundle: LoadedBundle) => bundle.templates.flatMap(({ def }) => {
  const lf = letterFlowOf(def, bundle.flows.find((f) => f.def.id === def.flow)?.def);
  return lf ? [lf] : [];
});

const LETTER_TEMPLATE = 'commitment-letter/template.json';

describe('letterFlowOf', () => {
  it('finds the commitment letter alone, issued by the roles that do not sign it', () => {
    const flows = letterFlows(loaded());
    // the review and the recalculation quote the letters' texts but have no step only a head takes
    expect(flows.map((f) => f.templateId)).toEqual(['commitment-letter']);
    const [letters] = flows;
    expect(letters?.issuers).toEqual(['hrbp', 'hq-admin']);
    expect(letters?.signing).toEqual(['sign']);
    expect(letters?.fields).toEqual(['base', 'bonusTerms', 'company', 'headId', 'headName', 'period', 'stretch', 'unit', 'unitId', 'unitName']);
  });

  it('follows a customised letter form and renamed roles', () => {
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a bundle edited as plain JSON
    const template = files[LETTER_TEMPLATE];
    template.forms.acknowledge.properties.bonusClause = { type: 'string', title: '奖金条款', 'x-component': 'Input', 'x-pattern': 'readPretty' };
    template.forms.acknowledge.properties.remark = { type: 'string', title: '签署备注', 'x-component': 'Input' };
    template.roles = template.roles.filter((r: string) => r !== 'hrbp');
    const [letters] = letterFlows(loaded(files));
    expect(letters?.fields).toContain('bonusClause');
    // what the head types when he signs is his answer, not the letter
    expect(letters?.fields).not.toContain('remark');
    expect(letters?.fields).not.toContain('typedName');
    expect(letters?.issuers).toEqual(['hq-admin']);
  });
});

describe('checkLetterIssue', () => {
  const tree: OrgTree = (() => {
    const built = buildOrgTree([
      { id: 'YQ', parentId: null, name: '云启科技', level: 'company' },
      { id: 'HD', parentId: 'YQ', name: '华东大区', level: 'region', head: '7' },
      { id: 'HN', parentId: 'YQ', name: '华南大区', level: 'region', head: '8' },
      { id: 'HD01', parentId: 'HD', name: '上海一组', level: 'team' },
    ]);
    if (!built.ok) throw new Error('tree');
    return built.tree;
  })();
  const [letters] = letterFlows(loaded());
  if (!letters) throw new Error('no letter flow');
  const hrbp = { id: '3', roles: ['hrbp'], unitId: 'YQ' };

  it("refuses a region head issuing a letter that names himself, whatever head he names", () => {
    const headHN = { id: '8', roles: ['region-head'], unitId: 'HN' };
    expect(checkLetterIssue(letters, tree, headHN, { unitId: 'HN', headId: '8' })).toMatchObject({ ok: false, code: 'LETTER_ISSUER' });
  });

  it('lets an issuer name the head the org gives the unit, and no one else', () => {
    expect(checkLetterIssue(letters, tree, hrbp, { unitId: 'HD', headId: '7' })).toEqual({ ok: true });
    expect(checkLetterIssue(letters, tree, hrbp, { unitId: 'HD', headId: 7 })).toEqual({ ok: true });
    const wrong = checkLetterIssue(letters, tree, hrbp, { unitId: 'HD', headId: '8' });
    expect(wrong).toMatchObject({ ok: false, code: 'LETTER_HEAD', field: 'headId', message: { zh: expect.stringContaining('headId'), en: expect.stringContaining('headId') } });
    // a unit the org names no head of gets no letter
    expect(checkLetterIssue(letters, tree, hrbp, { unitId: 'HD01', headId: '9' })).toMatchObject({ ok: false, code: 'LETTER_HEAD' });
    expect(checkLetterIssue(letters, tree, hrbp, { unitId: 'XX', headId: '7' })).toMatchObject({ ok: false, code: 'LETTER_UNIT', field: 'unitId' });
  });

  it('keeps an issuer to his own subtree and away from his own letter, naming the fields the host gives', () => {
    const regional = { id: '5', roles: ['hrbp'], unitId: 'HN' };
    expect(checkLetterIssue(letters, tree, regional, { tk_unit: 'HD', headId: '7' }, { unit: 'tk_unit', head: 'headId' }))
      .toMatchObject({ ok: false, code: 'LETTER_UNIT', field: 'tk_unit', message: { en: expect.stringContaining('tk_unit') } });
    const both = { id: '7', roles: ['hrbp', 'region-head'], unitId: 'YQ' };
    expect(checkLetterIssue(letters, tree, both, { unitId: 'HD', headId: '7' })).toMatchObject({ ok: false, code: 'LETTER_HEAD' });
  });
});
