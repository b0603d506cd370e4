/**
 * `target-kit nocobase import <bundle> --url … (--token … | --account … --password …) [--dry-run]`:
 * the bundle, checked first, imported into a running NocoBase with our rules plugin.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundleOrFail } from '../bundle-io.js';
import { defineCommand } from '../command.js';
import { Failure, UsageError, say, write, type CommandContext } from '../context.js';
import { applyImport, planImport, type PlanStep, type PluginPackage } from '../../nocobase/importer/importer.js';
import { nocobaseTarget } from '../../nocobase/importer/mapping.js';
import { NocoBaseClient, NocoBaseError } from '../../nocobase/importer/rest.js';

const nocobaseHelp = {
  zh: `用法：target-kit nocobase import <包> --url <http://主机:端口>
       (--token <令牌> | --account <账号> --password <密码>) [--dry-run] [--plugin <tgz>]
       [--lang zh|en]

把模板包导入正在运行的 NocoBase（2.x）：先完整检查包；再列出计划（新建、更新、不变），然后执行：
  上传并启用规则插件 @target-kit/nocobase-plugin，把包的规则与参数交给它；
  每个模板 → 一个数据表（字段来自表单与样例数据）和一个页面（表单区块，规则结果实时显示）；
  每个流程 → 状态字段（只有流程能改）、每个流转一个工作流（规则节点按流程检查操作人的角色、
  组织范围、不得自批与守卫，不通过就退回并写明原因；换人决定时生成人工节点，任务交给范围内
  持有该角色的用户）；包里的角色 → NocoBase 角色（用户的“组织单位”字段定位到组织树）；加载样例数据。
再次导入同一个包不会改变任何东西；包有变化时原地更新，已录入的记录不会丢失。
NocoBase 重启插件时（503）会自动重试。--dry-run 只打印计划。
插件包默认取 npm run build:nocobase 生成的 dist/nocobase/target-kit-nocobase-plugin.tgz。`,
  en: `Usage: target-kit nocobase import <bundle> --url <http://host:port>
       (--token <t> | --account <a> --password <p>) [--dry-run] [--plugin <tgz>]
       [--lang zh|en]

Imports the bundle into a running NocoBase (2.x): checks the bundle first, prints the plan (what is
created, updated or left alone), then carries it out:
  uploads and enables the rules plugin @target-kit/nocobase-plugin and hands it the bundle's rules
  and parameters; each template becomes a collection (fields from its forms and sample data) and a
  page (form blocks, rule results live); each flow a status field only the flow changes and one
  workflow per transition (our rule node checks the acting user's role, org scope, no
  self-approval and the guard, and refuses with the flow's message; where another person decides
  next, a manual node whose task goes to the users holding that role within the scope); the
  bundle's roles become NocoBase roles (a user's "unit" field places him in the org tree); the
  sample data is loaded.
A second import of the same bundle changes nothing; a changed bundle is updated in place, and the
records already entered are kept. A 503 while NocoBase restarts a plugin is retried. --dry-run
prints the plan only. The plugin package defaults to dist/nocobase/target-kit-nocobase-plugin.tgz,
built by npm run build:nocobase.`,
};

export const nocobaseCommand = defineCommand({
  name: 'nocobase',
  synopsis: { zh: 'import <包> --url <地址> --token <令牌>', en: 'import <bundle> --url <url> --token <t>' },
  summary: { zh: '把包导入 NocoBase（数据表、页面、工作流、规则插件）', en: 'import the bundle into NocoBase (collections, pages, workflows, rules plugin)' },
  help: nocobaseHelp,
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    account: { type: 'string' },
    password: { type: 'string' },
    'dry-run': { type: 'boolean' },
    plugin: { type: 'string' },
  },
  positionals: { min: 2, max: 2, what: { zh: '子命令 import 与包路径', en: 'the subcommand import and a bundle path' } },
  run: async (ctx, values, positionals) => {
    const [sub, bundlePath] = positionals as [string, string];
    if (sub !== 'import') throw new UsageError(say(ctx, `未知的子命令：${sub}（只有 import）`, `unknown subcommand: ${sub} (only import)`));
    if (!values.url) throw new UsageError(say(ctx, '缺少 --url', '--url is required'));
    if (!values.token && !(values.account && values.password)) {
      throw new UsageError(say(ctx, '需要 --token，或 --account 与 --password', '--token, or --account and --password, is needed'));
    }
    await importBundle(ctx, bundlePath, { url: values.url, token: values.token, account: values.account, password: values.password }, values['dry-run'] === true, values.plugin);
  },
});

const DEFAULT_PLUGIN = fileURLToPath(new URL('../../../nocobase/target-kit-nocobase-plugin.tgz', import.meta.url));

async function readPluginPackage(ctx: CommandContext, path: string | undefined): Promise<PluginPackage> {
  const file = path ? resolve(ctx.cwd, path) : DEFAULT_PLUGIN;
  try {
    const bytes = await readFile(file);
    const version = (await readFile(file.replace(/[^/\\]+$/, 'plugin-version.txt'), 'utf8')).trim();
    return { file: new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer), version, fileName: basename(file) };
  } catch {
    throw new UsageError(say(ctx,
      `找不到规则插件包 ${file}（及同目录的 plugin-version.txt）：先运行 npm run build:nocobase，或用 --plugin 指定`,
      `the rules plugin package ${file} (and plugin-version.txt beside it) is missing: run npm run build:nocobase first, or give --plugin`));
  }
}

const ACTION_WORDS = {
  create: { zh: '新建', en: 'create' },
  update: { zh: '更新', en: 'update' },
  unchanged: { zh: '不变', en: 'unchanged' },
  remove: { zh: '删除', en: 'remove' },
} as const;

function stepLine(ctx: CommandContext, step: PlanStep): string {
  const reason = step.reason ? `  (${step.reason})` : '';
  return `  ${ACTION_WORDS[step.action][ctx.lang].padEnd(9)} ${step.kind.padEnd(10)} ${step.name}${reason}\n`;
}

async function importBundle(
  ctx: CommandContext, bundlePath: string, auth: { url: string; token?: string; account?: string; password?: string },
  dryRun: boolean, pluginPath: string | undefined,
): Promise<void> {
  const { bundle } = await loadBundleOrFail(ctx, bundlePath, { zh: '包无效，没有导入任何东西', en: 'the bundle is invalid; nothing was imported' });
  const plugin = await readPluginPackage(ctx, pluginPath);
  const client = new NocoBaseClient(auth);
  try {
    await client.connect();
    const target = nocobaseTarget(bundle);
    const plan = await planImport(client, target, plugin);
    const changes = plan.steps.filter((s) => s.action !== 'unchanged');
    await write(ctx.stdout, say(ctx, `计划（${auth.url}）：\n`, `Plan (${auth.url}):\n`));
    for (const step of plan.steps) await write(ctx.stdout, stepLine(ctx, step));
    await write(ctx.stdout, say(ctx,
      `共 ${plan.steps.length} 项，${changes.length} 项要改动\n`,
      `${plan.steps.length} item(s), ${changes.length} to change\n`));
    if (dryRun || !changes.length) {
      await write(ctx.stdout, dryRun ? say(ctx, '--dry-run：什么也没有改\n', '--dry-run: nothing was changed\n') : say(ctx, '已是最新，无需改动\n', 'up to date; nothing to do\n'));
      return;
    }
    const started = Date.now();
    let last = started;
    await applyImport(client, target, plugin, plan, (step) => {
      // each step's own time: where a slow import spends it
      const now = Date.now();
      const took = ` [${((now - last) / 1000).toFixed(1)} s]`;
      last = now;
      void write(ctx.stdout, say(ctx, `完成 `, `done  `) + stepLine(ctx, step).trimStart().replace(/\n$/, `${took}\n`));
    });
    await write(ctx.stdout, say(ctx, `导入完成，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`, `import finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`));
  } catch (error) {
    if (!(error instanceof NocoBaseError)) throw error;
    await write(ctx.stderr, say(ctx, `导入失败：${error.said.zh}\n`, `import failed: ${error.said.en}\n`));
    throw new Failure(say(ctx, '已完成的步骤保留；修正后重新运行同一命令即可继续', 'the steps already done are kept; fix the cause and run the same command again to finish'));
  }
}
