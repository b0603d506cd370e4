/**
 * `npm run bench`: builds, then runs every bench section on the same seeded records under
 * `node --disallow-code-generation-from-strings` (what a strict-CSP browser allows).
 * Add a section by writing a module that exports a BenchSection and listing it here.
 * `npm run bench -- <words>` runs only the sections whose name contains those words (npm drops
 * the quotes, so the arguments are joined by spaces; commas separate several choices), e.g.
 * `npm run bench -- by product line` or `npm run bench -- phasing, allocation:`. The records are
 * generated only when a section reads them.
 *
 * Each section runs in a child process of its own, so its peak memory is its own: the
 * resident-set peak (resourceUsage().maxRSS) only grows within a process, and a section is one
 * synchronous run that no timer can sample. The run ends with one table: every section's
 * ratios to their floors and its peak.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRecords, type SalesRecord } from './records.js';
import { rulesBench } from './rules.js';
import { allocationBench } from './allocation.js';
import { linesBench } from './lines.js';
import { trackingBench } from './tracking.js';
import { pipelineBench } from './pipeline.js';
import { phasingBench } from './phasing.js';
import { pointsBench } from './points.js';
import { trackScaleBench, trackStreamBench } from './track-scale.js';
import { xlsxBench } from './xlsx.js';
import { sqlBench } from './sql.js';
import { trackDbBench } from './track-db.js';
import type { BenchContext, BenchSection } from './section.js';

const all: BenchSection[] = [rulesBench, allocationBench, linesBench, trackingBench, pipelineBench, phasingBench, pointsBench, trackScaleBench, trackStreamBench, xlsxBench, sqlBench, trackDbBench];
const wanted = process.argv.slice(2).join(' ').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
const sections = wanted.length ? all.filter((s) => wanted.some((w) => s.name.toLowerCase().includes(w))) : all;
if (!sections.length) {
  console.error(`no bench section matches ${wanted.join(', ')}; sections:\n${all.map((s) => `  ${s.name}`).join('\n')}`);
  process.exit(2);
}

const RECORDS = 1_000_000;
const log = (line: string) => console.log(line);
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

interface Row { row: string; oursMs: number; floor: string; floorMs: number }
/** What a section's process hands back to the run. */
interface Report { ok: boolean; rows: Row[]; peakKb: number; recordsKb: number | null }

const child = process.env.BENCH_SECTION;
if (child !== undefined) await runOne(all[Number(child)]!, process.env.BENCH_REPORT!);
else runAll();

async function runOne(section: BenchSection, reportFile: string): Promise<void> {
  let records: readonly SalesRecord[] | null = null;
  let recordsKb: number | null = null;
  const rows: Row[] = [];
  const context: BenchContext = {
    get records() {
      if (!records) {
        const t = process.hrtime.bigint();
        records = generateRecords(RECORDS);
        recordsKb = process.resourceUsage().maxRSS;
        log(`${RECORDS.toLocaleString('en')} seeded records generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s (peak ${mb(recordsKb)} so far)`);
      }
      return records;
    },
    log,
    ratio: (row, oursMs, floor, floorMs) => { rows.push({ row, oursMs, floor, floorMs }); },
  };
  const ok = await section.run(context);
  const peakKb = process.resourceUsage().maxRSS;
  log(`peak memory of this section: ${mb(peakKb)} resident${recordsKb !== null ? ` (${mb(recordsKb)} of it reached while generating the shared records)` : ''}`);
  const report: Report = { ok, rows, peakKb, recordsKb };
  writeFileSync(reportFile, JSON.stringify(report));
}

function runAll(): void {
  const started = process.hrtime.bigint();
  log(`node ${process.version}; sections: ${sections.length} of ${all.length}, each in a process of its own`);
  const dir = mkdtempSync(join(tmpdir(), 'target-kit-bench-'));
  let ok = true;
  const done: Array<{ section: BenchSection; report: Report | null }> = [];
  try {
    for (const section of sections) {
      log(`\n== ${section.name} ==`);
      const file = join(dir, `${all.indexOf(section)}.json`);
      const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
        env: { ...process.env, BENCH_SECTION: String(all.indexOf(section)), BENCH_REPORT: file },
        stdio: 'inherit',
      });
      let report: Report | null = null;
      try { report = JSON.parse(readFileSync(file, 'utf8')) as Report; } catch { /* the section failed: said below */ }
      if (r.status !== 0 || !report) log(`section did not finish (exit ${r.status ?? r.signal})`);
      ok = ok && r.status === 0 && report !== null && report.ok;
      done.push({ section, report });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  summary(done);
  log(`\ntotal ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  if (!ok) {
    console.error('implementations disagree or a section failed: see above');
    process.exitCode = 1;
  }
}

function summary(done: Array<{ section: BenchSection; report: Report | null }>): void {
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
  const lines: string[][] = [['section', 'what', 'ours', 'floor', 'floor time', 'ratio', 'peak memory']];
  for (const { section, report } of done) {
    const name = section.name.split(/[:(]/)[0]!.trim();
    if (!report) { lines.push([name, 'did not finish', '', '', '', '', '']); continue; }
    const peak = mb(report.peakKb);
    if (!report.rows.length) lines.push([name, '(no floor)', '', '', '', '', peak]);
    report.rows.forEach((r, i) => lines.push([
      i === 0 ? name : '', r.row, fmt(r.oursMs), r.floor, fmt(r.floorMs), `${(r.oursMs / r.floorMs).toFixed(1)}x`, i === 0 ? peak : '',
    ]));
  }
  const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  log('\n== summary: ours / floor, each pair timed in the same run ==');
  for (const l of lines) log(l.map((cell, c) => (c >= 2 && c !== 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd());
}
