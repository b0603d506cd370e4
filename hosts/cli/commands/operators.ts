/** `target-kit operators`: the operator reference of the engine, as a Markdown table. */
import { createEngine, operatorReference } from '../../../plugin/index.js';
import { NO_POSITIONALS, defineCommand } from '../command.js';
import { write } from '../context.js';

const operatorsHelp = {
  zh: '用法：target-kit operators [--lang zh|en]\n\n列出规则引擎支持的全部运算符，每个附说明与例子（Markdown 表格）。',
  en: 'Usage: target-kit operators [--lang zh|en]\n\nLists every operator the rules engine supports, each with what it does and an example (a Markdown table).',
};

export const operatorsCommand = defineCommand({
  name: 'operators',
  synopsis: { zh: '', en: '' },
  summary: { zh: '列出规则引擎的全部运算符', en: 'list every operator of the rules engine' },
  help: operatorsHelp,
  options: {},
  positionals: NO_POSITIONALS,
  run: (ctx) => write(ctx.stdout, operatorReference(createEngine(), ctx.lang)),
});
