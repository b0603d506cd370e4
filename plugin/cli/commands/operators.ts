/** `target-kit operators`: the operator reference of the engine, as a Markdown table. */
import { createEngine, operatorReference } from '../../index.js';
import { write, type CommandContext } from '../context.js';

export const operatorsHelp = {
  zh: '用法：target-kit operators [--lang zh|en]\n\n列出规则引擎支持的全部运算符，每个附说明与例子（Markdown 表格）。',
  en: 'Usage: target-kit operators [--lang zh|en]\n\nLists every operator the rules engine supports, each with what it does and an example (a Markdown table).',
};

export async function operatorsCommand(ctx: CommandContext): Promise<void> {
  await write(ctx.stdout, operatorReference(createEngine(), ctx.lang));
}
