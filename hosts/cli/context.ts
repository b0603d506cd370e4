/** What a command needs from the process, passed in so tests run commands in-process. */
import type { Lang } from '../../plugin/problems.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  cwd: string;
}

/** Progress on stderr for long runs (made by progress.ts; declared here, where commands meet it). */
export interface Progress {
  /** The step starting now (shown once the run is past the delay). */
  step(what: Said): void;
  /** Wipes the line, if one was shown; idempotent. */
  done(): void;
}

export interface CommandContext extends CliIo {
  lang: Lang;
  /** Progress on stderr for long runs (progress.ts); set by the dispatcher, silent unless stderr is a terminal. */
  progress?: Progress;
}

/** A usage mistake: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {}

/** A refusal or a failure already reported on stderr: exit 1. */
export class Failure extends Error {}

/** A message in both languages; the command's --lang picks one. */
export interface Said {
  zh: string;
  en: string;
}

export function say(ctx: CommandContext, zh: string, en: string): string {
  return ctx.lang === 'zh' ? zh : en;
}

/** Writes respecting back-pressure, so streaming a million lines keeps memory flat. */
export async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) {
    await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
}
