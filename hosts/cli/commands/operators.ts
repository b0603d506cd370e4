/** `target-kit operators`: the operator reference of the engine, as a Markdown table. */
import { createEngine, jsonLogicSchema, operatorReference } from '../../../plugin/index.js';
import { NO_POSITIONALS, defineCommand } from '../command.js';
import { write } from '../context.js';

const operatorsHelp = {
  zh: '用法：target-kit operators [--schema] [--lang zh|en]\n\n列出规则引擎支持的全部运算符，每个附说明与例子（Markdown 表格）。\n--schema 改为输出这些运算符的 JsonLogic JSON Schema（即 schemas/jsonlogic.schema.json，供编辑器补全与检查）。',
  en: 'Usage: target-kit operators [--schema] [--lang zh|en]\n\nLists every operator the rules engine supports, each with what it does and an example (a Markdown table).\n--schema prints the JsonLogic JSON Schema of these operators instead (schemas/jsonlogic.schema.json, for editors).',
};

export const operatorsCommand = defineCommand({
  name: 'operators',
  synopsis: { zh: '', en: '' },
  summary: { zh: '列出规则引擎的全部运算符', en: 'list every operator of the rules engine' },
  help: operatorsHelp,
  options: { schema: { type: 'boolean' } },
  positionals: NO_POSITIONALS,
  run: (ctx, values) => write(ctx.stdout, values.schema
    ? JSON.stringify(jsonLogicSchema(createEngine()), null, 2) + '\n'
    : operatorReference(createEngine(), ctx.lang)),
});
