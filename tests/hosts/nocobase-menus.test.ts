/**
 * Menus per role: every page the importer makes is in the menus of the roles that use it, so
 * that nobody has to grant pages by hand after an import. A rep finds his own work (the
 * board, filing, letter, scores, points) and not the allocation simulator; the director and HQ
 * find the simulator.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function target() {
  const loaded = loadBundle(defaultBundleFiles());
  if (!loaded.ok) throw new Error('the default bundle does not load');
  return nocobaseTarget(loaded.bundle);
}

describe('the pages\' menus per role', () => {
  const t = target();
  const pagesOf = (role: string): string[] => t.pages.filter((p) => p.roles?.includes(role)).map((p) => p.title).sort();

  it('every page names the roles given its menu entry, and every bundle role has some', () => {
    for (const page of t.pages) expect(page.roles?.length, page.title).toBeGreaterThan(0);
    for (const role of t.roles) expect(pagesOf(role.name).length, role.name).toBeGreaterThan(0);
  });

  it('a rep: the board, his filing, letter, scores, points and bonus; neither the simulator nor the appeals', () => {
    const rep = pagesOf('tk_rep');
    expect(rep).toEqual(expect.arrayContaining(['目标进度看板', '目标申报', '目标承诺书', '绩效评分', '积分兑换', '奖金模拟测算']));
    expect(rep).not.toContain('目标拆解模拟器');
    expect(rep).not.toContain('目标评审');
  });

  it('the director and HQ: the simulator page (the block\'s and the template\'s) and the appeals; a region head not the simulator', () => {
    // the block's page is titled apart from the template's form page, so a menu never shows one title twice
    for (const role of ['tk_sales_director', 'tk_hq_admin']) expect(pagesOf(role)).toEqual(expect.arrayContaining(['目标拆解模拟器', '目标拆解与发布']));
    expect(pagesOf('tk_sales_director')).toContain('目标评审');
    expect(pagesOf('tk_region_head')).not.toContain('目标拆解模拟器');
    expect(pagesOf('tk_region_head')).not.toContain('目标拆解与发布');
  });

  it('no role\'s menu shows one title twice (a block\'s page is titled apart from a template\'s form page)', () => {
    const roles = new Set(t.pages.flatMap((p) => p.roles ?? []));
    expect(roles.size).toBeGreaterThan(3);
    for (const role of roles) {
      const titles = pagesOf(role);
      expect({ role, twice: titles.filter((title, i) => titles.indexOf(title) !== i) }).toEqual({ role, twice: [] });
    }
  });
});
