import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

function planFile(rows: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tk-letters-'));
  const path = join(dir, 'plan.csv');
  writeFileSync(path, ['plan,id,parent_id,name,level,base,stretch,head_name', ...rows].join('\n') + '\n');
  return path;
}

const rows = ['balanced,east,co,华东大区,region,8000000,12000000,孙伟', 'balanced,south,co,华南大区,region,6500000.50,8000000,黄敏'];

describe('target-kit letters', () => {
  it('writes a letter per unit and the HR export with hashes; a changed number voids a signature', async () => {
    const plan = planFile(rows);
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    const r = await runCli(['letters', '--plan', plan, '--out', out, '--period', '2026-Q2', '--no-pdf']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['east.html', 'hr-export.csv', 'hr-export.json', 'south.html']);
    expect(readFileSync(join(out, 'east.html'), 'utf8')).toContain('8,000,000.00');
    const exported = JSON.parse(readFileSync(join(out, 'hr-export.json'), 'utf8')) as Array<Record<string, string>>;
    expect(exported.map((e) => [e.unit_id, e.base, e.status])).toEqual([['east', '8000000.00', 'unsigned'], ['south', '6500000.50', 'unsigned']]);

    // both sign; then the plan changes south's Base by one fen
    const sigs = join(mkdtempSync(join(tmpdir(), 'tk-sig-')), 'signatures.csv');
    writeFileSync(sigs, ['unit_id,signed_by,signed_at,hash', `east,孙伟,2026-04-03T10:00:00+08:00,${exported[0]!.hash}`, `south,黄敏,2026-04-03T11:00:00+08:00,${exported[1]!.hash}`].join('\n'));
    const changed = planFile([rows[0]!, 'balanced,south,co,华南大区,region,6500000.51,8000000,黄敏']);
    const out2 = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    expect((await runCli(['letters', '--plan', changed, '--out', out2, '--period', '2026-Q2', '--signatures', sigs, '--no-pdf'])).code).toBe(0);
    const again = JSON.parse(readFileSync(join(out2, 'hr-export.json'), 'utf8')) as Array<Record<string, string>>;
    expect(again.map((e) => [e.unit_id, e.status, e.signed_by])).toEqual([['east', 'signed', '孙伟'], ['south', 'void', '黄敏']]);
  });

  it('prints PDFs with Debian Chromium', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    const r = await runCli(['letters', '--plan', planFile(rows.slice(0, 1)), '--out', out, '--period', '2026-Q2', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 PDF');
    expect(readFileSync(join(out, 'east.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(readFileSync(join(out, 'east.html'), 'utf8')).toContain('Commitment Letter');
  }, 60_000);

  it('refuses bad amounts by row and column and writes nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    const r = await runCli(['letters', '--plan', planFile([rows[0]!, 'balanced,south,co,华南大区,region,"6,500,000",8000000,黄敏']), '--out', out, '--no-pdf', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plan\.csv:3:base .*not an amount/);
    expect(existsSync(out)).toBe(false);
  });

  it('asks which plan when the file holds several', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    const plan = planFile([...rows, 'aggressive,east,co,华东大区,region,9000000,13000000,孙伟']);
    expect((await runCli(['letters', '--plan', plan, '--out', out, '--no-pdf'])).code).toBe(2);
    expect((await runCli(['letters', '--plan', plan, '--out', out, '--no-pdf', '--use', 'aggressive'])).code).toBe(0);
    expect(readdirSync(out)).toContain('east.html');
    expect(readdirSync(out)).not.toContain('south.html');
  });
});
