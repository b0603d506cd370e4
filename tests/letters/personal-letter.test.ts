/**
 * A rep's letter is his own: he signs it under his own id, in words that do not make him the
 * head of himself; an org unit's letter is its head's. The amount is written one way in the text
 * and wherever a host shows it.
 */
import { describe, expect, it } from 'vitest';
import {
  buildOrgTree, checkLetterIssue, createFlowRuntime, formatYuanGrouped, letterFlowOf, letterSignerOf, loadBundle,
  planLetters, signLetter, type LettersParameters,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const bundle = (() => {
  const r = loadBundle(defaultBundleFiles());
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.bundle;
})();
const params = bundle.parameters.letters as LettersParameters;
const tree = (() => {
  const built = buildOrgTree([
    { id: 'YQ', parentId: null, name: '云启科技', level: 'company' },
    { id: 'HD', parentId: 'YQ', name: '华东大区', level: 'region', head: '7' },
    { id: 'HD01', parentId: 'HD', name: '上海一组', level: 'team' },
    { id: 'HD01-01', parentId: 'HD01', name: '毛睿', level: 'rep' },
  ]);
  if (!built.ok) throw new Error('tree');
  return built.tree;
})();
const rows = [
  { line: 1, record: { id: 'HD', name: '华东大区', level: 'region', base: '28600328.96', stretch: '30000000' } },
  { line: 2, record: { id: 'HD01-01', name: '毛睿', level: 'rep', base: '104156.75', stretch: '120000' } },
];

describe('personal letters', () => {
  it('writes a rep\'s letter as his own and an org unit\'s as its head\'s, in both languages', () => {
    for (const lang of ['zh', 'en'] as const) {
      const r = planLetters(rows, params, { period: '2026-H1', lang, file: 'plan.csv' });
      if (!r.ok) throw new Error('letters');
      const [region, rep] = r.letters.map((l) => l.letter.content);
      expect(rep).toMatchObject({ headId: 'HD01-01', headName: '毛睿' });
      const repText = rep!.paragraphs.join('\n');
      expect(repText).not.toMatch(lang === 'zh' ? /负责人|带领团队/ : /head of|lead the team/);
      expect(repText).toContain('HD01-01');
      expect(region!.paragraphs.join('\n')).toMatch(lang === 'zh' ? /作为华东大区（HD）的负责人/ : /head of 华东大区 \(HD\)/);
      expect(region!.headId).toBe('head:HD');
    }
  });

  it('lets the rep, and only him, sign his letter through the bundle\'s flow', () => {
    const r = planLetters(rows, params, { period: '2026-H1', lang: 'zh', file: 'plan.csv' });
    if (!r.ok) throw new Error('letters');
    const letter = r.letters[1]!.letter;
    const def = bundle.flows.find((f) => f.def.id === 'commitment-letter')!.def;
    const flow = createFlowRuntime(def, tree, bundle);
    const now = '2026-04-03T10:00:00+08:00';
    const instance = flow.start({ id: 'letter:HD01-01', ownerId: 'HD01-01', unitId: 'HD01-01', now, data: { hash: letter.hash, headId: letter.content.headId, headName: letter.content.headName } });
    const rep = { id: 'HD01-01', roles: ['rep'], unitId: 'HD01-01' };
    expect(flow.available(instance, rep).map((t) => t.action)).toContain('sign');
    expect(signLetter(letter, rep, now).ok).toBe(true);
    const stepped = flow.step(instance, 'sign', rep, { hash: letter.hash, agree: true }, now, instance.version);
    expect(stepped.ok).toBe(true);
    const other = { id: 'HD01-02', roles: ['rep'], unitId: 'HD01-01' };
    expect(flow.step(instance, 'sign', other, { hash: letter.hash, agree: true }, now, instance.version).ok).toBe(false);
  });

  it('names the rep himself as the signer a host may issue his letter to', () => {
    const template = bundle.templates.find((t) => t.def.id === 'commitment-letter')!.def;
    const letters = letterFlowOf(template, bundle.flows.find((f) => f.def.id === template.flow)?.def)!;
    const hrbp = { id: '3', roles: ['hrbp'], unitId: 'YQ' };
    expect(letterSignerOf(tree.get('HD01-01')!)).toBe('HD01-01');
    expect(letterSignerOf(tree.get('HD01')!)).toBeUndefined();
    expect(checkLetterIssue(letters, tree, hrbp, { unitId: 'HD01-01', headId: 'HD01-01' })).toEqual({ ok: true });
    expect(checkLetterIssue(letters, tree, hrbp, { unitId: 'HD01-01', headId: '7' })).toMatchObject({ ok: false, code: 'LETTER_HEAD' });
  });

  it('writes the amount in the text as the one formatter writes it', () => {
    expect(formatYuanGrouped(2_860_032_896)).toBe('28,600,328.96');
    expect(formatYuanGrouped(5)).toBe('0.05');
    const r = planLetters(rows, params, { period: '2026-H1', lang: 'zh', file: 'plan.csv' });
    if (!r.ok) throw new Error('letters');
    expect(r.letters[0]!.letter.content.paragraphs.join('')).toContain(formatYuanGrouped(r.letters[0]!.letter.content.base));
  });
});
