import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
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

/** Runs the built CLI with a small heap: if it held every record, it would run out of memory. */
function runBuilt(args: string[], heapMb: number): Promise<{ code: number | null; lines: number; last: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, '--disallow-code-generation-from-strings', bin, ...args]);
    let lines = 0;
    let tail = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('utf8');
      const parts = text.split('\n');
      tail = parts.pop() ?? '';
      lines += parts.length;
      if (parts.length) lastLine = parts[parts.length - 1] as string;
    });
    let lastLine = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('close', (code) => resolve({ code, lines, last: lastLine, stderr }));
  });
}

describe('eval --each streams', () => {
  it('a JSON array of 400,000 records through a 40 MB heap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-stream-'));
    const file = join(dir, 'records.json');
    const n = 400_000;
    await writeLines(file, (function* () {
      yield '[';
      for (let i = 0; i < n; i++) yield `${i ? ',' : ''}{"id":"u${i}","actual":${i % 1000},"target":1000,"note":"华东大区第${i}号"}\n`;
      yield ']';
    })());
    const r = await runBuilt(['eval', '--bundle', join(root, 'templates'), '--rule', 'traffic-light', '--data', file, '--each'], 40);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.lines).toBe(n);
    expect(r.last).toBe('"green"');
  }, 180_000);

  it('a CSV of 400,000 rows through a 40 MB heap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-stream-'));
    const file = join(dir, 'records.csv');
    const n = 400_000;
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
