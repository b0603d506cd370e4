/** `target-kit validate <bundle>`: the whole bundle checked, every problem listed. */
import { resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { write, say, type CommandContext } from '../context.js';
import { printProblems, refuse } from '../problems-out.js';
import { readBundle } from '../read-bundle.js';

const validateHelp = {
  zh: `用法：target-kit validate <包目录 | bundle.json | 单文件包.json> [--lang zh|en]

检查整个包：每个文件的 JSON Schema、规则能否编译、模板与流程引用的规则/流程/角色是否存在、
重复的 id、规则读取了未声明的输入、示例缺少必需输入；因子引用的评分规则是否存在、示例单位表
是否有因子规则需要的列、产品线自己的因子权重是否写全、流程动作读取的 payload 字段是否在其表单中等。
同一个错误只报一次（JSON Schema 的分支噪音归入真正的问题，格式要求用文字说明）。
通过时打印一行摘要并以 0 退出；否则逐条列出问题（文件:行:列 #JSON指针 说明）并以 1 退出。`,
  en: `Usage: target-kit validate <bundle folder | bundle.json | single-file bundle.json> [--lang zh|en]

Checks the whole bundle: every file against its JSON Schema, that every rule compiles, that the
rules, flows and roles templates and flows name exist, duplicate ids, rules reading undeclared
inputs, examples missing a required input; that every factor's scoring rule exists, that the
sample units carry every column a factor rule requires, that a product line's own factor weights
name every factor, that the payload fields a flow action reads are on its form. Each mistake is
said once (schema branch noise folded under the real problem, patterns said in words).
On success prints a one-line summary and exits 0; otherwise lists every problem
(file:line:column #JSON-pointer message) and exits 1.`,
};

export const validateCommand = defineCommand({
  name: 'validate',
  synopsis: { zh: '<包>', en: '<bundle>' },
  summary: { zh: '检查包（目录或单文件），列出所有问题', en: 'check a bundle (folder or single file), list every problem' },
  help: validateHelp,
  options: {},
  positionals: { min: 1, max: 1, what: { zh: '包路径', en: 'bundle path' } },
  run: (ctx, _values, positionals) => validate(ctx, positionals[0] as string),
});

// Not loadBundleOrFail: listing the problems (and the warnings of a valid bundle) is this command's job.
async function validate(ctx: CommandContext, target: string): Promise<void> {
  const disk = await readBundle(resolve(ctx.cwd, target));
  const result = disk.result;
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error').length;
    return refuse(ctx, result.problems, { zh: `包无效：${errors} 个错误`, en: `invalid bundle: ${errors} error(s)` }, disk.texts);
  }
  await printProblems(ctx, result.warnings, disk.texts);
  const b = result.bundle;
  const groups = Object.keys(b.parameters).length;
  const warnings = result.warnings.length;
  await write(ctx.stdout, say(ctx,
    `有效：${b.manifest.id} ${b.manifest.version}（${disk.form === 'folder' ? '目录' : '单文件'}）— ${b.templates.length} 个模板，${b.rules.size} 条规则，${b.flows.length} 个流程，${groups} 个参数组，${b.datasets.size} 个数据集${warnings ? `，${warnings} 个警告` : ''}\n`,
    `valid: ${b.manifest.id} ${b.manifest.version} (${disk.form}): ${b.templates.length} templates, ${b.rules.size} rules, ${b.flows.length} flows, ${groups} parameter groups, ${b.datasets.size} datasets${warnings ? `, ${warnings} warning(s)` : ''}\n`));
}
