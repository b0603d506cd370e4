/**
 * Our blocks in NocoBase's "Add block" menu (添加区块), so an implementer places them on any
 * page as he places a table or a form: a group "目标管理" / "Target management" in the page's
 * and the popups' add-block menus, one item per block, each inserting the block in a card with
 * NocoBase's block toolbar (drag, and a settings cog that removes it).
 *
 * The items are data: a block more is a line more in BLOCKS. What each block shows is its own
 * business (its server action cuts the answer to the viewer's scope), so the same block placed
 * on another page shows the same thing to the same person.
 */
import { SchemaSettings, useSchemaInitializer, type Application, type SchemaInitializerItemOptions } from '@nocobase/client';
import {
  BOARD_COMPONENT, BONUS_COMPONENT, INDICATORS_COMPONENT, LETTER_COMPONENT, PHASING_COMPONENT, PIPELINE_COMPONENT, POINTS_COMPONENT, SCORES_COMPONENT,
  SIMULATOR_COMPONENT, collectionNameOf,
} from '../../../contract.js';
import type { Lang } from './format.js';

/** The block toolbar's settings: remove (with its emptied grid row and column). */
const BLOCK_SETTINGS = 'blockSettings:targetKit';
/** The initializers (menus) our group goes into: a page's, and a popup's two. */
const MENUS = ['page:addBlock', 'popup:addNew:addBlock', 'popup:common:addBlock'] as const;
const GROUP_NAME = 'targetKit';

interface BlockItem {
  name: string;
  component: string;
  title: Record<Lang, string>;
  props?: Record<string, unknown>;
}

const BLOCKS: readonly BlockItem[] = [
  { name: 'board', component: BOARD_COMPONENT, title: { zh: '目标进度看板', en: 'Progress board' } },
  { name: 'simulator', component: SIMULATOR_COMPONENT, title: { zh: '目标拆解模拟器', en: 'Allocation simulator' } },
  // the default bundle's letter collection; the importer's page also names who may export
  { name: 'letter', component: LETTER_COMPONENT, title: { zh: '目标承诺书', en: 'Commitment letters' }, props: { collection: collectionNameOf('commitment-letter') } },
  { name: 'scores', component: SCORES_COMPONENT, title: { zh: '绩效评分与排名', en: 'Scores and rankings' } },
  { name: 'points', component: POINTS_COMPONENT, title: { zh: '积分余额与流水', en: 'Points and ledger' } },
  { name: 'bonus', component: BONUS_COMPONENT, title: { zh: '奖金模拟测算', en: 'Bonus simulator' } },
  { name: 'pipeline', component: PIPELINE_COMPONENT, title: { zh: '商机跟进看板', en: 'Follow-up pipeline' } },
  { name: 'indicators', component: INDICATORS_COMPONENT, title: { zh: '过程指标看板', en: 'Process indicators' } },
  { name: 'phasing', component: PHASING_COMPONENT, title: { zh: '目标分解到月、周', en: 'Targets by month and week' } },
];

const GROUP_TITLE: Record<Lang, string> = { zh: '目标管理', en: 'Target management' };

/** The schema a block item inserts: the block in a card, with NocoBase's block toolbar. */
function blockSchema(block: BlockItem): Record<string, unknown> {
  return {
    type: 'void',
    'x-decorator': 'CardItem',
    'x-toolbar': 'BlockSchemaToolbar',
    'x-settings': BLOCK_SETTINGS,
    'x-component': block.component,
    'x-component-props': { ...(block.props ?? {}) },
  };
}

/** The menu group with its items, titled in the language the user opened NocoBase in. */
function blockGroup(lang: Lang): SchemaInitializerItemOptions {
  return {
    name: GROUP_NAME,
    type: 'itemGroup',
    title: GROUP_TITLE[lang],
    children: BLOCKS.map((block) => ({
      name: block.name,
      type: 'item',
      title: block.title[lang],
      useComponentProps() {
        const { insert } = useSchemaInitializer();
        return { onClick: () => insert(blockSchema(block)) };
      },
    })),
  };
}

export function registerBlockInitializers(app: Application, lang: Lang): void {
  app.schemaSettingsManager.add(new SchemaSettings({
    name: BLOCK_SETTINGS,
    items: [{ name: 'remove', type: 'remove', useComponentProps: () => ({ removeParentsIfNoChildren: true, breakRemoveOn: { 'x-component': 'Grid' } }) }],
  }));
  for (const menu of MENUS) app.schemaInitializerManager.addItem(menu, GROUP_NAME, blockGroup(lang));
}
