/**
 * Outputs appear whole or not at all: written under a temporary name beside the destination and
 * renamed. The built CLI is killed (SIGKILL) while it writes a large XLSX: the destination keeps
 * its previous content (or, if the rename won the race, the complete new one), never half a file.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomically, writeFileAtomic, writeFolderAtomic } from '../../hosts/cli/atomic.js';
import { readTable } from '../../hosts/cli/tables.js';
import { generateSampleCompany, sampleCompanyFiles } from '../../plugin/sample/index.js';
import { runCli } from '../support/run-cli.js';

const bin = join(import.meta.dirname, '..', '..', 'dist', 'hosts', 'cli', 'main.js');
const templates = join(import.meta.dirname, '..', '..', 'templates');
const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/**
 * Spawns the built CLI, polls `dir` until a temporary entry for `name` appears (or the run ends)
 * and kills it with SIGKILL; says whether the temporary entry was seen.
 */
async function killWhileWriting(args: string[], dir: string, name: string): Promise<boolean> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  let finished = false;
  void exited.then(() => { finished = true; });
  let seen = false;
  while (!seen && !finished) {
    seen = temporaries(dir).some((f) => f.startsWith(`.${name}.`));
    if (!seen) await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  await exited;
  return seen;
}

/** The default bundle as a folder with one more dataset of `rows` rows (about 40 bytes each). */
function largeBundle(dir: string, rows: number): string {
  const src = join(dir, 'src');
  cpSync(templates, src, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(src, 'bundle.json'), 'utf8')) as { datasets: unknown[] };
  manifest.datasets.push({ id: 'big', file: 'data/big.csv', format: 'csv', title: { zh: '大表', en: 'big table' } });
  writeFileSync(join(src, 'bundle.json'), JSON.stringify(manifest, null, 2) + '\n');
  const lines = ['id,name,amount'];
  for (let i = 0; i < rows; i++) lines.push(`u${i},name ${i} 华东大区,${(i * 37) % 100_000}.25`);
  writeFileSync(join(src, 'data', 'big.csv'), lines.join('\n') + '\n');
  return src;
}

describe('atomic outputs', () => {
  it('a killed allocate leaves the previous XLSX whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-atomic-'));
    const units = join(dir, 'units.csv');
    // 4,000 reps: an XLSX that takes far longer to write than the 2 ms between looks for its
    // temporary, without the child allocating 12,000 units first (most of this test's time)
    writeFileSync(units, sampleCompanyFiles(generateSampleCompany({ reps: 4_000, history: false }))['units.csv'] as string);
    const out = join(dir, 'plan.xlsx');
    // the previous output: the sample company's plan
    expect((await runCli(['allocate', '--total', '120250000', '--out', out], { cwd: dir })).code).toBe(0);
    const previous = readFileSync(out);

    const seen = await killWhileWriting(['allocate', '--units', units, '--total', '120250000', '--out', out], dir, 'plan.xlsx');
    expect(seen, 'the temporary file never appeared').toBe(true);

    const now = readFileSync(out);
    if (!now.equals(previous)) {
      // the rename came first: then the new workbook is whole
      const t = await readTable(out);
      expect(t.ok && t.rows.length).toBeGreaterThan(4_000);
    }
    // a later normal run replaces it (the killed run's temporary file stays, hidden, until removed)
    expect((await runCli(['allocate', '--total', '120250000', '--out', out], { cwd: dir })).code).toBe(0);
    expect(readFileSync(out).length).toBeGreaterThan(0);
  }, 120_000);

  it('a killed convert leaves no half-written JSON file and no half-filled folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-atomic-'));
    // 150,000 rows (6 MB): the temporary JSON lives some 60 ms and the temporary folder some
    // 190 ms before their renames (measured at load 12), far longer than the 2 ms between looks;
    // 600,000 only made the child read four times as much before it starts writing
    largeBundle(dir, 150_000);
    expect(await killWhileWriting(['convert', 'src', '--out', 'single.json'], dir, 'single.json'), 'the temporary file never appeared').toBe(true);
    // absent, or (if the rename came first) whole
    if (existsSync(join(dir, 'single.json'))) expect(() => JSON.parse(readFileSync(join(dir, 'single.json'), 'utf8'))).not.toThrow();

    if (!existsSync(join(dir, 'single.json'))) expect((await runCli(['convert', 'src', '--out', 'single.json'], { cwd: dir })).code).toBe(0);
    expect(await killWhileWriting(['convert', 'single.json', '--out', 'folder'], dir, 'folder'), 'the temporary folder never appeared').toBe(true);
    if (existsSync(join(dir, 'folder'))) {
      expect(statSync(join(dir, 'folder', 'data', 'big.csv')).size).toBe(statSync(join(dir, 'src', 'data', 'big.csv')).size);
      expect(existsSync(join(dir, 'folder', 'bundle.json'))).toBe(true);
    }
  }, 120_000);

  it('normal runs leave no temporary file or folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-atomic-'));
    for (const out of ['a.csv', 'a.xlsx', 'a.json']) {
      const r = await runCli(['allocate', '--total', '120250000', '--out', out], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
    }
    expect((await runCli(['letters', '--plan', 'a.csv', '--out', 'letters', '--no-pdf', '--level', 'region'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['convert', templates, '--out', 'single.json'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['convert', 'single.json', '--out', 'bundle'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'a.json', 'a.xlsx', 'bundle', 'letters', 'single.json']);
    expect(temporaries(join(dir, 'letters'))).toEqual([]);
    expect(readdirSync(join(dir, 'letters'))).toContain('hr-export.csv');
  });

  it('a failed write removes its temporary file or folder and keeps the previous content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-atomic-'));
    const file = join(dir, 'out.csv');
    await writeFileAtomic(file, 'old\n');
    await expect(writeAtomically(file, async (tmp) => {
      writeFileSync(tmp, 'half');
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    const folder = join(dir, 'letters');
    await expect(writeFolderAtomic(folder, async (tmp) => {
      writeFileSync(join(tmp, 'a.html'), 'x');
      throw new Error('chromium crashed');
    })).rejects.toThrow('chromium crashed');
    expect(existsSync(folder)).toBe(false);
    expect(readdirSync(dir)).toEqual(['out.csv']);
    // a folder replaces an empty folder, not a full one
    await writeFolderAtomic(folder, async (tmp) => writeFileSync(join(tmp, 'a.html'), 'x'));
    expect(readdirSync(folder)).toEqual(['a.html']);
    await expect(writeFolderAtomic(folder, async (tmp) => writeFileSync(join(tmp, 'b.html'), 'y'))).rejects.toThrow();
    expect(readdirSync(folder)).toEqual(['a.html']);
    expect(readdirSync(dir).sort()).toEqual(['letters', 'out.csv']);
  });
});
