/**
 * `npm run bench`: builds, then runs every bench section on the same seeded records under
 * `node --disallow-code-generation-from-strings` (what a strict-CSP browser allows).
 * Add a section by writing a module that exports a BenchSection and listing it here.
 */
import { generateRecords } from './records.js';
import { rulesBench } from './rules.js';
import { allocationBench } from './allocation.js';
import { trackingBench } from './tracking.js';
import { pipelineBench } from './pipeline.js';
import { phasingBench } from './phasing.js';
import type { BenchSection } from './section.js';

const sections: BenchSection[] = [rulesBench, allocationBench, trackingBench, pipelineBench, phasingBench];

const RECORDS = 1_000_000;
const started = process.hrtime.bigint();
const records = generateRecords(RECORDS);
const log = (line: string) => console.log(line);
log(`${RECORDS.toLocaleString('en')} seeded records generated in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s (node ${process.version})`);

let ok = true;
for (const section of sections) {
  log(`\n== ${section.name} ==`);
  ok = section.run({ records, log }) && ok;
}
log(`\ntotal ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
if (!ok) {
  console.error('implementations disagree: see the checksums above');
  process.exitCode = 1;
}
