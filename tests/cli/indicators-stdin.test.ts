/**
 * `target-kit indicators --activities -`: a few activities piped through standard input (CSV or
 * NDJSON, told apart by content) give the same daily values as the same rows in a file, a bad row
 * is named `<stdin>` with its row and column and nothing is written, and the help says so.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const CSV = [
  'id,opportunity_id,owner_id,type,at',
  'A1,OP1,r1,first_visit,2026-03-02T09:00:00+08:00',
  'A2,OP1,r1,touch,2026-03-02T15:00:00+08:00',
  'A3,OP2,r1,quote_request,2026-03-03T09:00:00+08:00',
  'A4,OP2,r1,quote,2026-03-03T15:00:00+08:00',
  'A5,OP3,r2,demo,2026-03-03T10:00:00+08:00',
].join('\n') + '\n';

interface Daily { person_id: string; date: string; values: Record<string, number | null> }

describe('target-kit indicators --activities -', () => {
  it('reads a few activities from standard input, the same as from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-ind-stdin-'));
    writeFileSync(join(dir, 'a.csv'), CSV);
    const file = await runCli(['indicators', '--activities', join(dir, 'a.csv')]);
    const stdin = await runCli(['indicators', '--activities', '-'], { stdin: CSV });
    expect(stdin.stderr).toBe('');
    expect(stdin.code).toBe(0);
    expect(JSON.parse(stdin.stdout)).toEqual(JSON.parse(file.stdout));
    const daily = (JSON.parse(stdin.stdout) as { daily: Daily[] }).daily;
    const day = (person: string, date: string) => daily.find((d) => d.person_id === person && d.date === date)!.values;
    expect(day('r1', '2026-03-02')['rep-customer-touches']).toBe(2);
    expect(day('r1', '2026-03-03')['rep-quote-response']).toBe(6);
    expect(day('r2', '2026-03-03')['rep-customer-touches']).toBe(1);
  });

  it('tells NDJSON on standard input by its content', async () => {
    const [head, ...lines] = CSV.trim().split('\n');
    const cols = head!.split(',');
    const ndjson = lines.map((l) => JSON.stringify(Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))).join('\n') + '\n';
    const csv = await runCli(['indicators', '--activities', '-', '--out', 'csv'], { stdin: CSV });
    const nd = await runCli(['indicators', '--activities', '-', '--out', 'csv'], { stdin: ndjson });
    expect(nd.code).toBe(0);
    expect(nd.stdout).toBe(csv.stdout);
    expect(nd.stdout.split('\n')[0]).toContain('rep-customer-touches');
  });

  it('names <stdin> with the row and column of a bad row and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-ind-stdin-'));
    const r = await runCli(['indicators', '--activities', '-', '--out', join(dir, 'out.json'), '--lang', 'en'], { stdin: CSV + 'A6,OP1,r1,touch,noon\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:7:at');
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });

  it('says in its help that "-" reads standard input', async () => {
    expect((await runCli(['indicators', '--help', '--lang', 'en'])).stdout).toContain('"-" reads standard input');
    expect((await runCli(['indicators', '--help', '--lang', 'zh'])).stdout).toContain('"-" 为标准输入');
  });
});
