/**
 * A use case over an actuals table in steps (`startScoreCompany`, `startDayNotices`): a host that
 * streams the file runs the steps itself, pass by pass; one that holds the rows (NocoBase's
 * stored records, the playground's import) runs them here, in the same order: every row read
 * (the reader's problems refuse the run first), the booker made for the latest day read, the
 * rows booked, the booking finished.
 */
import type { Problem } from '../problems.js';
import { latestActualDay, type ActualsReader } from './actuals.js';
import type { ActualsBooker } from './booking.js';
import type { Day } from '../calendar/index.js';

export interface ActualsSteps<R> {
  reader: ActualsReader;
  bookerFor(latestActual: Day | undefined): { ok: true; booker: ActualsBooker } | { ok: false; problems: Problem[] };
  finish(booked: ReturnType<ActualsBooker['finish']>): R | { ok: false; problems: Problem[] };
}

export function runActualsSteps<R>(
  steps: ActualsSteps<R>,
  records: Iterable<{ line: number; record: Readonly<Record<string, unknown>> }>,
): R | { ok: false; problems: Problem[] } {
  const rows = [];
  for (const { line, record } of records) {
    const row = steps.reader.read(line, record);
    if (row) rows.push(row);
  }
  if (steps.reader.problems.length) return { ok: false, problems: steps.reader.problems };
  const made = steps.bookerFor(latestActualDay(rows));
  if (!made.ok) return made;
  for (const row of rows) made.booker.add(row);
  return steps.finish(made.booker.finish());
}
