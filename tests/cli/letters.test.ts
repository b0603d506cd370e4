import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadBundle, parseCsv, planLetters, signLetter, type LettersParameters } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

function planFile(rows: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tk-letters-'));
  const path = join(dir, 'plan.csv');
  writeFileSync(path, ['plan,id,parent_id,name,level,base,stretch,head_name,head_id', ...rows].join('\n') + '\n');
  return path;
}

const rows = ['balanced,east,co,华东大区,region,8000000,12000000,孙伟,u-sun', 'balanced,south,co,华南大区,region,6500000.50,8000000,黄敏,u-huang'];
const SIG_COLUMNS = 'unit_id,signer_id,signed_by,signed_at,hash,mac';

afterEach(() => { vi.unstubAllEnvs(); });

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
    writeFileSync(sigs, [SIG_COLUMNS, `east,u-sun,孙伟,2026-04-03T10:00:00+08:00,${exported[0]!.hash},`, `south,u-huang,黄敏,2026-04-03T11:00:00+08:00,${exported[1]!.hash},`].join('\n'));
    const changed = planFile([rows[0]!, 'balanced,south,co,华南大区,region,6500000.51,8000000,黄敏,u-huang']);
    const out2 = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    vi.stubEnv('TARGET_KIT_SIGNING_KEY', '');
    const r2 = await runCli(['letters', '--plan', changed, '--out', out2, '--period', '2026-Q2', '--signatures', sigs, '--no-pdf']);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toContain('签名未加密钥');
    const again = JSON.parse(readFileSync(join(out2, 'hr-export.json'), 'utf8')) as Array<Record<string, string>>;
    expect(again.map((e) => [e.unit_id, e.status, e.signed_by, e.signer_id])).toEqual([['east', 'signed', '孙伟', 'u-sun'], ['south', 'void', '黄敏', 'u-huang']]);
  });

  it('refuses a signing record from before signatures bound the signer\'s id, and writes nothing', async () => {
    const plan = planFile(rows);
    const sigs = join(mkdtempSync(join(tmpdir(), 'tk-sig-')), 'signatures.csv');
    writeFileSync(sigs, ['unit_id,signed_by,signed_at,hash', `east,孙伟,2026-04-03T10:00:00+08:00,${'0'.repeat(64)}`].join('\n'));
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    const r = await runCli(['letters', '--plan', plan, '--out', out, '--signatures', sigs, '--no-pdf', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no signer_id column');
    expect(existsSync(out)).toBe(false);
  });

  it('a region head\'s signature on his team lead\'s letter is void, whatever name it gives', async () => {
    const plan = planFile([rows[0]!, 'balanced,east-1,east,华东一组,team,3000000,4000000,陈明,u-chen']);
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    expect((await runCli(['letters', '--plan', plan, '--out', out, '--period', '2026-Q2', '--no-pdf'])).code).toBe(0);
    const exported = JSON.parse(readFileSync(join(out, 'hr-export.json'), 'utf8')) as Array<Record<string, string>>;
    const sigs = join(mkdtempSync(join(tmpdir(), 'tk-sig-')), 'signatures.csv');
    writeFileSync(sigs, [SIG_COLUMNS, `east-1,u-sun,陈明,2026-04-03T10:00:00+08:00,${exported[1]!.hash},`].join('\n'));
    const out2 = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    expect((await runCli(['letters', '--plan', plan, '--out', out2, '--period', '2026-Q2', '--signatures', sigs, '--no-pdf'])).code).toBe(0);
    const again = JSON.parse(readFileSync(join(out2, 'hr-export.json'), 'utf8')) as Array<Record<string, string>>;
    expect(again.find((e) => e.unit_id === 'east-1')?.status).toBe('void');
  });

  it('with TARGET_KIT_SIGNING_KEY, numbers changed and hashes recomputed are void', async () => {
    const key = 'cli-secret';
    vi.stubEnv('TARGET_KIT_SIGNING_KEY', key);
    const loaded = loadBundle(defaultBundleFiles());
    if (!loaded.ok) throw new Error('bundle');
    const params = loaded.bundle.parameters.letters as LettersParameters;
    const lettersOf = (csv: string[]) => {
      const table = parseCsv(['plan,id,parent_id,name,level,base,stretch,head_name,head_id', ...csv].join('\n'));
      if (!table.ok) throw new Error('csv');
      const r = planLetters(table.records, params, { period: '2026-Q2', lang: 'zh', file: 'plan.csv' });
      if (!r.ok) throw new Error('letters');
      return r.letters;
    };
    // the signing host (here: this test) signs east's letter with the key
    const [east] = lettersOf(rows.slice(0, 1));
    const signed = signLetter(east!.letter, { id: 'u-sun' }, '2026-04-03T10:00:00+08:00', key);
    if (!signed.ok) throw new Error('sign');
    const s = signed.signature;
    const sigFile = (hash: string, mac: string) => {
      const path = join(mkdtempSync(join(tmpdir(), 'tk-sig-')), 'signatures.csv');
      writeFileSync(path, [SIG_COLUMNS, `east,${s.signerId},${s.name},${s.at},${hash},${mac}`].join('\n'));
      return path;
    };
    const statusOf = async (plan: string, sigs: string) => {
      const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
      const r = await runCli(['letters', '--plan', plan, '--out', out, '--period', '2026-Q2', '--signatures', sigs, '--no-pdf']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      return (JSON.parse(readFileSync(join(out, 'hr-export.json'), 'utf8')) as Array<Record<string, string | boolean>>)[0];
    };
    expect(await statusOf(planFile(rows.slice(0, 1)), sigFile(s.hash, s.mac!))).toMatchObject({ status: 'signed', keyed: true });
    // the Base lowered, the letter's hash recomputed and written into the signing record
    const lowered = ['balanced,east,co,华东大区,region,7000000,12000000,孙伟,u-sun'];
    const [edited] = lettersOf(lowered);
    expect(await statusOf(planFile(lowered), sigFile(edited!.letter.hash, s.mac!))).toMatchObject({ status: 'void' });
    expect(await statusOf(planFile(lowered), sigFile(edited!.letter.hash, ''))).toMatchObject({ status: 'void' });
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
    const r = await runCli(['letters', '--plan', planFile([rows[0]!, 'balanced,south,co,华南大区,region,"6,500,000",8000000,黄敏,u-huang']), '--out', out, '--no-pdf', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/plan\.csv:3:base .*not an amount/);
    expect(existsSync(out)).toBe(false);
  });

  it('asks which plan when the file holds several', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tk-out-')), 'letters');
    const plan = planFile([...rows, 'aggressive,east,co,华东大区,region,9000000,13000000,孙伟,u-sun']);
    expect((await runCli(['letters', '--plan', plan, '--out', out, '--no-pdf'])).code).toBe(2);
    expect((await runCli(['letters', '--plan', plan, '--out', out, '--no-pdf', '--use', 'aggressive'])).code).toBe(0);
    expect(readdirSync(out)).toContain('east.html');
    expect(readdirSync(out)).not.toContain('south.html');
  });
});
