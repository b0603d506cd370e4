/**
 * Runs one command from its definition, the same way for every command: parse the options
 * (unknown ones are usage errors), answer --help, check the positional arguments, then run.
 */
import { parseArgs } from 'node:util';
import type { CommandDef, Positionals } from './command.js';
import { UsageError, say, type CommandContext } from './context.js';
import { progressOf } from './progress.js';

/** Every command takes these; main.ts reads --lang before parsing, to speak the right language in errors. */
const COMMON = {
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Returns the exit code of a success; usage errors and failures are thrown (see main.ts). */
export async function dispatch(command: CommandDef, args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true });
  if (values.help) {
    ctx.stdout.write(command.help[ctx.lang] + '\n');
    return 0;
  }
  checkPositionals(ctx, command.positionals, positionals);
  const progress = progressOf(ctx);
  try {
    await command.run({ ...ctx, progress }, values, positionals);
  } finally {
    progress.done();
  }
  return 0;
}

function checkPositionals(ctx: CommandContext, expected: Positionals, got: string[]): void {
  if (expected.max === 0) {
    if (got.length) throw new UsageError(say(ctx, `多余的参数：${got.join(' ')}`, `unexpected arguments: ${got.join(' ')}`));
    return;
  }
  // an empty argument ('') counts as missing
  if (got.length !== expected.max || got.some((arg) => !arg)) {
    throw new UsageError(expected.max === 1
      ? say(ctx, `需要且只需要一个${expected.what.zh}`, `exactly one ${expected.what.en} is needed`)
      : say(ctx, `需要：${expected.what.zh}`, `expected: ${expected.what.en}`));
  }
}
