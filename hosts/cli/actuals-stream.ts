/**
 * An --actuals file read a pass at a time, never held (a year of daily rows for 50,000 reps is
 * 18M rows): the first pass checks the file (`streamedTableOrFail`) and finds its latest day as
 * written (`tableRecordDay`: the targets' period) and as read (`actualRowDay`: the default as-of
 * day); the second feeds every row to the runtime's reader and the rows it gives to a booker.
 * `score` and `notify` read their actuals so; `track` does the same inline, with its --db path.
 */
import { actualRowDay, createActualsReader, tableRecordDay, type ActualsSteps, type Day, type Problem } from '../../plugin/index.js';
import { NOTHING_WRITTEN, refuse } from './problems-out.js';
import type { CommandContext } from './context.js';
import { streamedTableOrFail } from './table-stream.js';

type Streamed = Awaited<ReturnType<typeof streamedTableOrFail>>;

interface ScannedActuals {
  table: Streamed;
  /** The latest day of the date cells as written, and of the rows as the reader reads them (refused rows left out). */
  latestCell: Day | undefined;
  latestActual: Day | undefined;
}

/** The first pass over `path` (refused as a table is refused when it is no readable table). */
export async function scanActualsOrFail(ctx: CommandContext, path: string, flag = '--actuals'): Promise<ScannedActuals> {
  let latestCell: Day | undefined;
  let latestActual: Day | undefined;
  const scan = createActualsReader(path);
  const table = await streamedTableOrFail(ctx, path, {
    flag,
    visit: ({ line, record }) => {
      const cell = tableRecordDay(record);
      if (cell !== undefined && (latestCell === undefined || cell > latestCell)) latestCell = cell;
      const row = scan.read(line, record);
      // a refused row is refused again, with its problem, by the second pass
      scan.problems.length = 0;
      const day = row && actualRowDay(row);
      if (day !== undefined && (latestActual === undefined || day > latestActual)) latestActual = day;
    },
  });
  return { table, latestCell, latestActual };
}

/**
 * The second pass for a use case in steps (`startScoreCompany`, `startDayNotices`): the booker
 * for the latest day the first pass read, every row through the use case's reader into it, and
 * the booking finished; refused (nothing written) on the reader's problems, then the booker's,
 * as `runActualsSteps` refuses rows held in memory.
 */
export async function finishStreamedSteps<R>(ctx: CommandContext, actuals: ScannedActuals, steps: ActualsSteps<R>): Promise<Exclude<R, { ok: false }>> {
  const made = steps.bookerFor(actuals.latestActual);
  for await (const batch of actuals.table.batches()) {
    for (const { line, record } of batch) {
      const row = steps.reader.read(line, record);
      if (row && made.ok) made.booker.add(row);
    }
  }
  if (steps.reader.problems.length) return refuse(ctx, steps.reader.problems, NOTHING_WRITTEN);
  if (!made.ok) return refuse(ctx, made.problems, NOTHING_WRITTEN);
  const done = steps.finish(made.booker.finish());
  const failed = done as { ok?: unknown; problems?: Problem[] };
  if (failed.ok === false) return refuse(ctx, failed.problems ?? [], NOTHING_WRITTEN);
  return done as Exclude<R, { ok: false }>;
}
