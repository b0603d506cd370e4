/**
 * Menus per role: every page the importer makes is in the menus of the roles that use it, so
 * that nobody has to grant pages by hand after an import. A rep finds his own work (the
 * board, filing, letter, scores, points) and not the allocation simulator; the director and HQ
 * find the simulator. One entry per subject: a template page whose subject a block page covers
 * (the template declares the rules the block runs) is folded into the block's page.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function target(files = defaultBundleFiles()) {
  const loaded = loadBundle(files);
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
    expect(rep).not.toContain('目标拆解与发布');
    expect(rep).not.toContain('目标拆解模拟器');
    expect(rep).not.toContain('目标评审');
  });

  it('one entry per subject: the board, pipeline and indicator block pages, never the template pages of the same subject', () => {
    for (const role of ['tk_rep', 'tk_team_lead', 'tk_region_head']) {
      const pages = pagesOf(role);
      expect(pages).toEqual(expect.arrayContaining(['目标进度看板', '商机跟进看板', '过程指标与信号灯']));
      for (const folded of ['目标看板', '商机看板', '过程指标看板']) expect(pages, role).not.toContain(folded);
    }
    expect(t.pages.map((p) => p.folds?.key).filter(Boolean).sort()).toEqual(['page:pipeline-board', 'page:process-dashboard', 'page:progress-board', 'page:target-allocation'].map((k) => `target-kit:${k}`));
  });

  it('a folded template\'s forms that run a rule go below the block (the board: the actual entry, not the filter); a filter-only template leaves none', () => {
    const board = t.pages.find((p) => p.title === '目标进度看板')!;
    const rows = Object.keys(((board.schema.properties as Record<string, { properties: Record<string, unknown> }>)[board.tabSchemaName])!.properties);
    expect(rows).toEqual(['row_board', 'row_progress_board_main']);
    const text = JSON.stringify(board.schema);
    expect(text).toContain('"collection":"tk_progress_board"');
    expect(text).toContain('"behind":"落后"');
    // the filter form (level, period, light) is not placed: the board filters itself
    expect(text).not.toContain('"x-collection-field":"tk_progress_board.level"');
    expect(board.roles).toEqual(expect.arrayContaining(['tk_rep', 'tk_hq_admin']));
    const pipeline = JSON.stringify(t.pages.find((p) => p.title === '商机跟进看板')!.schema);
    expect(pipeline).not.toContain('FormBlockProvider');
  });

  it('the fold is decided by the rules, not by our template ids: a renamed board template is folded all the same', () => {
    const files = defaultBundleFiles();
    const manifest = files['bundle.json'] as { templates: string[] };
    const board = files['progress-board/template.json'] as { id: string; title: { zh: string } };
    board.id = 'weekly-sheet';
    board.title.zh = '周报表';
    files['weekly-sheet/template.json'] = board;
    delete files['progress-board/template.json'];
    manifest.templates = manifest.templates.map((x) => (x === 'progress-board/template.json' ? 'weekly-sheet/template.json' : x));
    const renamed = target(files);
    const page = renamed.pages.find((p) => p.title === '目标进度看板')!;
    expect(page.folds).toMatchObject({ key: 'target-kit:page:weekly-sheet', title: '周报表', schemaUid: 'tk_weekly_sheet_page' });
    expect(renamed.pages.map((p) => p.title)).not.toContain('周报表');
  });

  it('the director and HQ: the simulator page (the template\'s form below the block) and the appeals; a region head not the simulator', () => {
    for (const role of ['tk_sales_director', 'tk_hq_admin']) {
      expect(pagesOf(role)).toContain('目标拆解与发布');
      expect(pagesOf(role)).not.toContain('目标拆解模拟器');
    }
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
