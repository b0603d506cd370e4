/**
 * One menu entry per subject, on an older import (issue item: fold the template and the block
 * page of one subject). An import made before the fold had the board template's own page
 * (目标看板, tk_progress_board_page) beside the board's; it is rebuilt here as that import left
 * it — our form row, a row a user added, the rep's grant — and the board's page gets a user's row
 * and a stale hash too. The import then moves the user's row onto the board's page, removes the
 * old page and its menu entry, re-writes the board's page without losing its user's row, and
 * leaves every row once; a rep's menu lists the board once.
 */
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';
import type { NocoBaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { BOARD_PAGE_UID } from '../../hosts/nocobase/contract.js';

interface Person { id: number; token: string; role: string }
type Call = (person: Person, action: string, body?: unknown) => Promise<{ status: number; body: { data?: unknown } }>;

interface FoldDeps {
  client: NocoBaseClient;
  target: NocoBaseTarget;
  check: (name: string, body: () => Promise<string | void>) => Promise<void>;
  assert: (condition: unknown, message: string) => asserts condition;
  makePerson: (username: string, roles: string[], unit: string) => Promise<Person>;
  personCall: Call;
  importBundle: () => Promise<{ stdout: string }>;
}

/** A block a user adds: NocoBase names its row with a random uid, not our `row_…`. */
const userRow = (text: string): Record<string, unknown> => ({
  type: 'void', 'x-component': 'Grid.Row',
  properties: { c1: { type: 'void', 'x-component': 'Grid.Col', properties: { note: { type: 'void', 'x-decorator': 'CardItem', 'x-component': 'Markdown.Void', 'x-component-props': { content: text } } } } },
});

export async function foldChecks(d: FoldDeps): Promise<void> {
  const { client } = d;
  const assert: FoldDeps['assert'] = d.assert;
  await d.check('an older import\'s template page of the board (目标看板) is folded into the board\'s page: the user\'s row moved, the old page and its menu entry gone, the board page re-written keeping its user\'s row, nothing twice', async () => {
    const board = d.target.pages.find((p) => p.schemaUid === BOARD_PAGE_UID);
    assert(board?.folds, 'the board page folds no template page');
    const { folds } = board;
    const routes = await client.data<Array<{ id: number; schemaUid?: string; options?: { tkKey?: string } | null }>>('desktopRoutes:list', { query: { paginate: false } });
    const group = routes.find((r) => r.schemaUid === d.target.group.schemaUid);
    const boardRoute = routes.find((r) => r.schemaUid === BOARD_PAGE_UID);
    assert(group && boardRoute, 'no group or board route');
    // the older import: the template's page with our form row and a row the user added
    await client.call('uiSchemas:insert', { body: {
      type: 'void', 'x-component': 'Page', 'x-uid': folds.schemaUid,
      properties: { [`${folds.schemaUid}_tabs`]: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'page:addBlock', 'x-uid': folds.tabSchemaUid, 'x-async': true, properties: {
        row_main: userRow('旧导入的表单'), u7fold1note: userRow('用户在旧页面加的备注'),
      } } },
    } });
    const old = await client.data<{ id: number }>('desktopRoutes:create', { body: {
      type: 'page', title: folds.title, schemaUid: folds.schemaUid, menuSchemaUid: `${folds.schemaUid.replace(/_page$/, '')}_menu`, enableTabs: false, parentId: group.id,
      options: { tkKey: folds.key, tkHash: 'older' }, children: [{ type: 'tabs', schemaUid: folds.tabSchemaUid, tabSchemaName: `${folds.schemaUid}_tabs`, hidden: true }],
    } });
    await client.call('roles/tk_rep/desktopRoutes:add', { body: [group.id, old.id] });
    // a row the user added to the board's page, and a page the bundle changes since (a stale hash)
    await client.call(`uiSchemas:insertAdjacent/${board.tabSchemaUid}`, { query: { position: 'beforeEnd' }, body: { schema: { ...userRow('用户在看板页加的备注'), name: 'u7fold2note' } } });
    await client.call('desktopRoutes:update', { query: { filterByTk: boardRoute.id }, body: { options: { tkKey: board.key, tkHash: 'stale' } } });
    const rep = await d.makePerson('tk_fold_rep', ['tk_rep'], 'HD01-02');
    const menu = async (): Promise<string[]> => {
      const out: string[] = [];
      const walk = (rs: Array<{ title?: string; type?: string; children?: unknown[] }>): void => { for (const r of rs) { if (r.type === 'page' && r.title) out.push(r.title); walk((r.children ?? []) as typeof rs); } };
      walk(((await d.personCall(rep, 'desktopRoutes:listAccessible?tree=true')).body.data ?? []) as Array<{ title?: string }>);
      return out;
    };
    const before = await menu();
    assert(before.includes(folds.title) && before.includes(board.title), `the older import's menu: ${before.join(', ')}`);

    const { stdout } = await d.importBundle();
    const planned = stdout.split('\n').filter((l) => l.includes(folds.title) || l.includes(board.title)).map((l) => l.trim());

    const after = await client.data<Array<{ schemaUid?: string }>>('desktopRoutes:list', { query: { paginate: false } });
    assert(!after.some((r) => r.schemaUid === folds.schemaUid || r.schemaUid === folds.tabSchemaUid), `the old page's routes are still there: ${JSON.stringify(after.filter((r) => r.schemaUid?.startsWith('tk_progress_board_')))}`);
    const gone = await client.call<Record<string, unknown> | null>(`uiSchemas:getJsonSchema/${folds.schemaUid}`, { accept: [400, 404, 500] });
    assert(gone.status !== 200 || !gone.body.data || !Object.keys(gone.body.data).length || !JSON.stringify(gone.body.data).includes('Markdown'), `the old page's schema is still there: ${JSON.stringify(gone.body).slice(0, 200)}`);
    const grid = await client.data<{ properties?: Record<string, unknown> }>(`uiSchemas:getJsonSchema/${board.tabSchemaUid}`);
    const rows = Object.keys(grid.properties ?? {});
    const text = JSON.stringify(grid);
    const count = (s: string): number => text.split(s).length - 1;
    assert(JSON.stringify(rows) === JSON.stringify(['row_board', 'row_progress_board_main', 'u7fold2note', 'u7fold1note']), `the board page's rows: ${rows.join(', ')}`);
    assert(count('用户在旧页面加的备注') === 1 && count('用户在看板页加的备注') === 1 && count('旧导入的表单') === 0 && count('"TargetKitBoard"') === 1, `rows twice or lost: ${text.slice(0, 300)}`);
    const now = await menu();
    assert(!now.includes(folds.title) && now.filter((t) => t === board.title).length === 1, `the rep's menu after the import: ${now.join(', ')}`);
    // the user's rows stay where they are for the next import; the tests after this one find the page as imported
    for (const name of ['u7fold1note', 'u7fold2note']) {
      const uid = (grid.properties?.[name] as { 'x-uid'?: string } | undefined)?.['x-uid'];
      if (uid) await client.call(`uiSchemas:remove/${uid}`, { method: 'POST', accept: [400, 404, 500] });
    }
    return `plan: ${planned.join(' | ')}; rows now ${rows.join(', ')}; the rep's menu: ${now.join(', ')}`;
  });
}
