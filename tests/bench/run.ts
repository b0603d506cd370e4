/**
 * `npm run bench`: builds, then runs every bench section on the same seeded records under
 * `node --disallow-code-generation-from-strings` (what a strict-CSP browser allows).
 * Add a section by writing a module that exports a BenchSection and listing it here.
 * `npm run bench -- <words>` runs only the sections whose name contains those words (npm drops
 * the quotes, so the arguments are joined by spaces; commas separate several choices), e.g.
 * `npm run bench -- by product line` or `npm run bench -- phasing, allocation:`. The records are
 * generated only when a section reads them.
 */
import { generateRecords, type SalesRecord } from './records.js';
import { rulesBench } from './rules.js';
import { allocationBench } from './allocation.js';
import { linesBench } from './lines.js';
import { trackingBench } from './tracking.js';
import { pipelineBench } from './pipeline.js';
import { phasingBench } from './phasing.js';
import { pointsBench } from './points.js';
import type { BenchContext, BenchSection } from './section.js';

const all: BenchSection[] = [rulesBench, allocationBench, linesBench, trackingBench, pipelineBench, phasingBench, pointsBench];
const wanted = process.argv.slice(2).join(' ').split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
const sections = wanted.length ? all.filter((s) => wanted.some((w) => s.name.toLowerCase().includes(w))) : all;
if (!sections.length) {
  console.error(`no bench section matches ${wanted.join(', ')}; sections:\n${all.map((s) => `  ${s.name}`).join('\n')}`);
  process.exit(2);
}

const RECORDS = 1_000_000;
const started = process.hrtime.bigint();
const log = (line: string) => console.log(line);
let records: readonly SalesRecord[] | null = null;
const context: BenchContext = {
  get records() {
    if (!records) {
      const t = process.hrtime.bigint();
      records = generateRecords(RECORDS);
      log(`${RECORDS.toLocaleString('en')} seeded records generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`);
    }
    return records;
  },
  log,
};
log(`node ${process.version}; sections: ${sections.length} of ${all.length}`);

let ok = true;
for (const section of sections) {
  log(`\n== ${section.name} ==`);
  ok = section.run(context) && ok;
}
log(`\ntotal ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
if (!ok) {
  console.error('implementations disagree: see the checksums above');
  process.exitCode = 1;
}
