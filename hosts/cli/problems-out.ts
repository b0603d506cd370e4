/**
 * Problems printed to standard error, one a line with its place, and the refusal that follows
 * (exit 1): the one way every command stops on bad input, so every refusal reads the same.
 */
import type { Problem } from '../../plugin/index.js';
import { Failure, write, type CommandContext, type Said } from './context.js';
import { describeProblem } from './report.js';

/** What a refusal says after its problems: a fixed line, or a line that counts them. */
export type Refusal = Said | ((count: number) => Said);

/** `texts` (file name → text) places problems found by JSON pointer at their line and column. */
export async function printProblems(ctx: CommandContext, problems: readonly Problem[], texts?: Map<string, string>): Promise<void> {
  for (const p of problems) await write(ctx.stderr, describeProblem(p, ctx.lang, texts) + '\n');
}

/** Prints the problems, then fails with the refusal's line (none when no refusal is given). */
export async function refuse(ctx: CommandContext, problems: readonly Problem[], refusal?: Refusal, texts?: Map<string, string>): Promise<never> {
  await printProblems(ctx, problems, texts);
  const said = typeof refusal === 'function' ? refusal(problems.length) : refusal;
  throw new Failure(said ? said[ctx.lang] : '');
}

/** "N problem(s); nothing was written", after what went wrong when that is given. */
export function nothingWritten(what?: Said): (count: number) => Said {
  return (count) => ({
    zh: `${what ? `${what.zh}：` : ''}${count} 个问题，未写入任何文件`,
    en: `${what ? `${what.en}: ` : ''}${count} problem(s); nothing was written`,
  });
}

/** The refusal of the commands that read tables and write one: "N problem(s); nothing was written". */
export const NOTHING_WRITTEN = nothingWritten();
