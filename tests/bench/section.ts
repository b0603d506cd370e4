/** A bench section: one module per concern (rules today; allocation, tracking... later). */
import type { SalesRecord } from './records.js';

export interface BenchContext {
  /** The same seeded records for every section. */
  records: readonly SalesRecord[];
  log(line: string): void;
  /**
   * A line of the run's closing table: our time beside its floor (the hand-written or plain
   * pass over the same input, timed in the same run), both in milliseconds.
   */
  ratio(row: string, oursMs: number, floor: string, floorMs: number): void;
}

export interface BenchSection {
  name: string;
  /** Returns false when the implementations disagree (the bench then exits non-zero). */
  run(context: BenchContext): boolean | Promise<boolean>;
}
