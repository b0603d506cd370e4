/**
 * Progress on standard error for long runs (issue 21): once a command has run for two seconds,
 * one line shows the time so far and the step under way ("12.4 s  booking 18,250,000 rows…"),
 * rewritten in place, and wiped when the command ends. Only when standard error is a terminal:
 * a pipe, a file or a test's stream gets nothing, so outputs and logs stay byte for byte what
 * they were. The runtime's use cases are synchronous, so the line moves at each step a command
 * reports and on a half-second timer while it waits for files; a long step shows its start.
 */
import type { CommandContext, Progress, Said } from './context.js';

interface ProgressOptions {
  /** Milliseconds before anything is shown (default 2,000). */
  delayMs?: number;
  now?: () => number;
  /** Refresh while the event loop is free; off in tests (default 500 ms). */
  refreshMs?: number | null;
}

const SILENT: Progress = { step() {}, done() {} };

export function progressOf(ctx: CommandContext, options: ProgressOptions = {}): Progress {
  const stream = ctx.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  if (stream.isTTY !== true) return SILENT;
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 2_000;
  const started = now();
  let current: Said | undefined;
  let shown = false;
  let over = false;
  const show = () => {
    const elapsed = now() - started;
    if (over || elapsed < delay || !current) return;
    stream.write(`\r\x1b[K${(elapsed / 1000).toFixed(1)} s  ${current[ctx.lang]}…`);
    shown = true;
  };
  const refresh = options.refreshMs === null ? undefined : setInterval(show, options.refreshMs ?? 500);
  refresh?.unref();
  return {
    step(what) { current = what; show(); },
    done() {
      if (over) return;
      over = true;
      if (refresh) clearInterval(refresh);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
