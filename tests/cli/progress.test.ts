/**
 * CLI progress (hosts/cli/progress.ts): shown on a terminal's stderr only after the delay, the
 * step under way with the time so far, wiped at the end; nothing at all on a pipe or a file.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressOf } from '../../hosts/cli/progress.js';
import type { CommandContext } from '../../hosts/cli/context.js';

function context(isTTY: boolean): { ctx: CommandContext; written: () => string } {
  const stderr = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stderr.on('data', (b: Buffer) => { text += b.toString('utf8'); });
  const ctx = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), cwd: '.', lang: 'en' } as CommandContext;
  return { ctx, written: () => text };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('CLI progress', () => {
  it('on a terminal: nothing before two seconds, then the time and the step in place, wiped when done', async () => {
    let t = 0;
    const { ctx, written } = context(true);
    const p = progressOf(ctx, { now: () => t, refreshMs: null });
    p.step({ zh: '读取', en: 'reading' });
    t = 1_999;
    p.step({ zh: '评分', en: 'scoring 60606 units' });
    await flush();
    expect(written()).toBe('');
    t = 2_500;
    p.step({ zh: '拆解', en: 'allocating the plans' });
    t = 7_250;
    p.step({ zh: '写出', en: 'writing 60606 rows' });
    p.done();
    p.done();
    await flush();
    expect(written()).toBe('\r\x1b[K2.5 s  allocating the plans…\r\x1b[K7.3 s  writing 60606 rows…\r\x1b[K');
  });

  it('a run that ends before the delay writes nothing, not even the wipe', async () => {
    let t = 0;
    const { ctx, written } = context(true);
    const p = progressOf(ctx, { now: () => t, refreshMs: null });
    p.step({ zh: '读取', en: 'reading' });
    t = 1_000;
    p.done();
    await flush();
    expect(written()).toBe('');
  });

  it('on a pipe or a file (no TTY): nothing, however long the run', async () => {
    let t = 0;
    const { ctx, written } = context(false);
    const p = progressOf(ctx, { now: () => t, refreshMs: null });
    t = 60_000;
    p.step({ zh: '写出', en: 'writing' });
    p.done();
    await flush();
    expect(written()).toBe('');
  });
});
