/**
 * Issue 16, item 9: the CLI never prints a stack trace, neither on a closed pipe
 * (`target-kit allocate ... | head -1`) nor on a bad argument; an org of three levels with a
 * `level` column (company → team → rep, no region) is accepted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'hosts', 'cli', 'main.js');

/** Runs the built CLI; with `closeAfterFirstChunk` the reader goes away as `head -1` does. */
function runBuilt(args: string[], closeAfterFirstChunk: boolean): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stderr = '';
    child.stdout.once('data', () => { if (closeAfterFirstChunk) child.stdout.destroy(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const STACK = /^\s+at |EPIPE|internal error/m;

describe('no stack traces', () => {
  it('stops quietly when the reader of stdout goes away (| head -1)', async () => {
    const r = await runBuilt(['allocate', '--total', '100000000'], true);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  // One bad argument through the real binary: its exit code and its stderr as a shell sees them.
  it('a bad argument through the built binary: one line, exit 1', async () => {
    const r = await runBuilt(['validate', '/nonexistent-bundle'], false);
    expect(r.stderr).toBe('无法访问 /nonexistent-bundle：不存在（ENOENT）\n');
    expect(r.code).toBe(1);
  });

  // The rest in-process (a child each cost ~0.4 s of CPU to start): the binary sets its exit code
  // to what run() returns, and prints a stack only for what run() throws, which rejects runCli here.
  it.each([
    [['validate', '/nonexistent-bundle'], 1, '无法访问 /nonexistent-bundle：不存在（ENOENT）'],
    [['convert', '/nonexistent-bundle', '--out', '/tmp/x.json'], 1, '无法访问 /nonexistent-bundle'],
    [['allocate', '--total', '100', '--bundle', '/nonexistent-bundle'], 1, '无法访问 /nonexistent-bundle'],
    [['allocate', '--total', '100000', '--out', '/nonexistent-dir/x.csv', '--lang', 'en'], 1, 'cannot access /nonexistent-dir/x.csv: does not exist (ENOENT)'],
    [['allocate', '--total', 'abc'], 2, ''],
    [['track', '--bogus'], 2, ''],
    [['nope'], 2, '未知命令'],
    [['test', 'templates', '--lang', 'fr'], 2, '--lang'],
  ] as const)('%j exits %i with one message', async (args, code, message) => {
    const r = await runCli([...args], { cwd: root });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(code);
  });
});

describe('org levels of any depth the tree allows', () => {
  it('tracks a company → team → rep org given with a level column', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tk-levels-'));
    writeFileSync(join(d, 'targets.csv'), `id,parent_id,name,level,base,stretch
co,,公司,company,1000,1200
t1,co,一组,team,600,700
r1,t1,王磊,rep,300,350
r2,t1,李娜,rep,300,350
t2,co,二组,team,400,500
r3,t2,张伟,rep,400,500
`);
    writeFileSync(join(d, 'actuals.csv'), 'id,date,amount\nr1,2026-04-01,270\nr3,2026-04-02,100\n');
    const r = await runCli(['track', '--targets', 'targets.csv', '--actuals', 'actuals.csv', '--period', '2026-Q2', '--as-of', '2026-05-08', '--preset', 'green90-yellow70'], { cwd: d });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.find((l) => l.startsWith('t1,'))).toMatch(/,team,/);
    expect(lines.find((l) => l.startsWith('r1,'))).toMatch(/,rep,.*,green,/);
  });
});
