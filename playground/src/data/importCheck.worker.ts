/**
 * The import's check, off the page's thread (issue 21: the tab must not freeze while a large
 * file is checked). It receives the file's rows, the column mapping and what the check needs
 * (the organisation's unit ids; for a units file the build's files, loaded here), maps every row
 * into the dataset's form (`storedCell`) and runs the kind's check (the plugin's readers, as on
 * the page), a slice of rows at a time, reporting progress after each. Cancelling is the page
 * terminating the worker: nothing here is kept.
 */
import { loadBundle, type BundleFiles } from '../../../plugin/index.js';
import type { OrgTree } from '../../../plugin/index.js';
import { serve } from '../shared/worker/serve.js';
import { KINDS, storedCell, type ImportKind, type RowProblem } from './importKinds.js';

export interface CheckRequest {
  kind: ImportKind;
  file: string;
  /** Target column → source column (unmapped targets absent). */
  mapping: Record<string, string | undefined>;
  targets: string[];
  rows: Array<{ line: number; record: Record<string, string | number> }>;
  /** The organisation's unit ids, for the checks that name a unit (history, actuals). */
  unitIds: string[] | null;
  /** The build's files, for the units check (it prepares the allocation with the bundle's rules). */
  files: BundleFiles | null;
}

export interface CheckResult {
  problems: RowProblem[];
  rows: Array<{ line: number; record: Record<string, string> }>;
}

/** Rows per slice: small enough for frequent progress, large enough that the messages cost nothing. */
const SLICE = 5_000;

serve<CheckRequest>((request, progress) => new Promise<CheckResult>((resolve) => {
  const { kind, file, mapping, targets, rows, unitIds, files } = request;
  const def = KINDS[kind];
  const total = rows.length;
  const mapRow = (r: CheckRequest['rows'][number]) => ({
    line: r.line,
    record: Object.fromEntries(targets.map((c) => {
      const source = mapping[c];
      return [c, source ? storedCell(def.cell(c), r.record[source] ?? '') : ''];
    })),
  });
  const ids = unitIds ? new Set(unitIds) : null;
  // the checks ask the tree only whether a unit is there
  const tree = ids ? ({ get: (id: string) => (ids.has(id) ? {} : undefined) } as unknown as OrgTree) : null;
  if (kind === 'units') {
    // one check over the whole table: the allocation is prepared over every unit at once
    progress(0, total);
    const mapped = rows.map(mapRow);
    const loaded = loadBundle(files ?? {});
    const problems = loaded.ok ? def.check(loaded.bundle, tree, mapped, file)
      : loaded.problems.map((p) => ({ row: p.row ?? 0, column: String(p.column ?? ''), message: p.message }));
    resolve({ problems, rows: mapped });
    return;
  }
  const problems: RowProblem[] = [];
  const mapped: Array<{ line: number; record: Record<string, string> }> = [];
  let done = 0;
  // slices one macrotask apart, so the progress messages go out while the work goes on
  const next = () => {
    const slice = rows.slice(done, done + SLICE).map(mapRow);
    mapped.push(...slice);
    // history and actuals read no bundle (importKinds.ts): their check takes the rows and the tree only
    problems.push(...def.check(null as never, tree, slice, file));
    done += slice.length;
    progress(done, total);
    if (done < total) setTimeout(next, 0);
    else resolve({ problems, rows: mapped });
  };
  next();
}));
