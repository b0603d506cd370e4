import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'hosts', 'cli', 'main.js');

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * Runs the built CLI with a small heap: if it held every record, it would run out of memory.
 * The young generation is set to 2 MB semi-spaces: under a 32-48 MB cap V8 otherwise picks tiny
 * ones, promotes every short-lived row and runs a full mark-compact every few hundred ms (94 of
 * them in the JSON run: 3.6 s -> 1.4 s of CPU with it, the CSV run 1.8 -> 1.0 s). Reading whole
 * still fails under the same flags (measured 2026-12-07: JSON.parse of the 150,000 records at
 * 32 MB, even at 36; the runtime's parseCsv of the 100,000 rows at 40 MB, of the actuals at 48).
 */
function runBuilt(args: string[], heapMb: number): Promise<{ code: number | null; lines: number; first: string; last: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=2', '--disallow-code-generation-from-strings', bin, ...args]);
    let lines = 0;
    let tail = '';
    let stderr = '';
    let lastLine = '';
    // the first line after the header
    let firstRow = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('utf8');
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      if (lines < 2 && parts.length > 1 - lines) firstRow = parts[1 - lines] as string;
      lines += parts.length;
      if (parts.length) lastLine = parts[parts.length - 1] as string;
    });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('close', (code) => resolve({ code, lines, first: firstRow, last: lastLine, stderr }));
  });
}

// The sizes are the smallest that a run holding every record could not pass (measured on
// 2026-12-07 with node 20, the records below): JSON.parse of the 150,000 records' file alone runs
// out of a 32 MB heap (100,000 fit in 16 MB, at 40 MB 150,000 still fit); the runtime's parseCsv
// of the 100,000 rows' file runs out of 40 MB (50,000 take 40 MB). The CLI streaming them
// needs less than 20 MB either way. More records would prove nothing more and cost CPU seconds.
describe('eval --each streams', () => {
  it('a JSON array of 150,000 records through a 32 MB heap (read whole, they need more)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-stream-'));
    const file = join(dir, 'records.json');
    const n = 150_000;
    await writeLines(file, (function* () {
      yield '[';
      for (let i = 0; i < n; i++) yield `${i ? ',' : ''}{"id":"u${i}","actual":${i % 1000},"target":1000,"note":"华东大区第${i}号"}\n`;
      yield ']';
    })());
    const r = await runBuilt(['eval', '--bundle', join(root, 'templates'), '--rule', 'traffic-light', '--data', file, '--each'], 32);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines).toBe(n);
    expect(r.last).toBe('"green"');
  }, 180_000);

  it('a CSV of 100,000 rows through a 40 MB heap (read whole, they need more)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-stream-'));
    const file = join(dir, 'records.csv');
    const n = 100_000;
    await writeLines(file, (function* () {
      yield 'id,name,actual,target\n';
      for (let i = 0; i < n; i++) yield `u${i},"第${i}组, 华东",${(i % 100) * 10},1000\n`;
    })());
    const r = await runBuilt(['eval', '--rule', '{"ratio":[{"var":"actual"},{"var":"target"},0]}', '--data', file, '--each'], 40);
    expect(r.code).toBe(0);
    expect(r.lines).toBe(n);
    expect(r.last).toBe('0.99');
  }, 180_000);
});

const targets = join(root, 'templates', 'data', 'sample-actuals', 'targets.csv');
const reps = readFileSync(targets, 'utf8').split('\n').slice(1).map((l) => l.split(',')).filter((c) => c[3] === 'rep').map((c) => c[0] as string);

/** 100,000 daily rows over the sample company's reps in 2026-Q2 (written once): the runtime's parseCsv holding them runs out of 48 MB (measured as above). */
let actuals: Promise<{ file: string; fen: number }> | undefined;
function bigActuals(): Promise<{ file: string; fen: number }> {
  return (actuals ??= (async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tk-stream-')), 'actuals.csv');
    const n = 100_000;
    let fen = 0;
    await writeLines(file, (function* () {
      yield 'id,date,amount\n';
      for (let i = 0; i < n; i++) {
        const amount = (i * 7919) % 100_000;
        fen += amount;
        yield `${reps[i % reps.length]},2026-0${4 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')},${(amount / 100).toFixed(2)}\n`;
      }
    })());
    return { file, fen };
  })());
}

describe('track --actuals streams', () => {
  it('100,000 daily rows through a 48 MB heap (read whole, they need more): the company actual is their sum, the as-of day their latest', async () => {
    const { file, fen } = await bigActuals();
    const r = await runBuilt(['track', '--targets', targets, '--actuals', file, '--period', '2026-Q2', '--out', 'csv'], 48);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const company = r.first.split(',');
    expect(company[0]).toBe('YQ');
    expect(company[5]).toBe('2026-06-28');
    expect(Math.round(Number(company[8]) * 100)).toBe(fen);
  }, 180_000);
});

describe('score and notify stream --actuals as track does', () => {
  it('the same 100,000 rows through a 48 MB heap: every rep scored, the day\'s notices planned', async () => {
    const { file } = await bigActuals();
    const scored = await runBuilt(['score', '--targets', targets, '--actuals', file, '--period', '2026-Q2', '--out', 'csv'], 48);
    expect(scored.stderr).toBe('');
    expect(scored.code).toBe(0);
    // the header and a row per rep
    expect(scored.lines).toBe(reps.length + 1);
    const channels = join(mkdtempSync(join(tmpdir(), 'tk-stream-')), 'channels.json');
    writeFileSync(channels, JSON.stringify({ lang: 'en', channels: [{ id: 'w', type: 'wecom', tokenEnv: 'TK_UNSET', endpoint: 'http://127.0.0.1:9/x' }] }));
    const notified = await runBuilt(['notify', '--targets', targets, '--actuals', file, '--channels', channels, '--now', '2026-06-29T09:00:00+08:00',
      '--dry-run', '--log', join(channels, '..', 'log.jsonl'), '--lang', 'en'], 48);
    expect(notified.stderr).toBe('');
    expect(notified.code).toBe(0);
    expect(notified.first).toMatch(/^\S.*\(\S+\): \d+$/);
  }, 180_000);
});
