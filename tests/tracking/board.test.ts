import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bookActuals, boardView, latestActualDay, parseCsv, parsePeriod, readActuals, trackBoard, trackStoredBoard, type ProgressBoard, type StoredActuals,
} from '../../plugin/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';
import { calendar2026, defaultBundle } from './support.js';

const dir = join(TEMPLATES_DIR, 'data/sample-actuals');
function table(file: string) {
  const parsed = parseCsv(readFileSync(join(dir, file), 'utf8'), file);
  if (!parsed.ok) throw new Error(file);
  return { file, columns: parsed.columns, records: parsed.records };
}

const bundle = defaultBundle();
// a board of the sample company takes seconds on a busy machine: each one is made once
const made = new Map<string, ProgressBoard>();
const sample = (extra: { period?: string; asOf?: string; basis?: 'to-date' } = {}): ProgressBoard => {
  const key = JSON.stringify(extra);
  if (!made.has(key)) made.set(key, makeSample(extra));
  return made.get(key)!;
};
const makeSample = (extra: { period?: string; asOf?: string; basis?: 'to-date' }) => {
  const r = trackBoard(bundle, {
    targets: table('targets.csv'), actuals: table('actuals.csv'), calendar: calendar2026(), today: '2026-12-07', ...(extra.basis ? { basis: extra.basis } : {}),
    ...(extra.period ? { period: parsePeriod(extra.period)! } : {}), ...(extra.asOf ? { asOf: extra.asOf } : {}),
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.board;
};

describe('the progress board (trackBoard): track\'s figures, as exact text, with children and weeks', () => {
  it('defaults to the targets\' period (the sample company\'s 2026-H1) and the last actual day', () => {
    const board = sample();
    expect(board.period).toBe('2026-H1');
    expect(board.asOf).toBe('2026-05-15');
    expect(board.units).toHaveLength(547);
  });

  it('agrees with `target-kit track` unit for unit on the same period and as-of day', async () => {
    // the default board (2026-H1 to 2026-05-15, the test above) against track told that period and day
    const board = sample();
    expect([board.period, board.asOf]).toEqual(['2026-H1', '2026-05-15']);
    const out = await runCli(['track', '--targets', join(dir, 'targets.csv'), '--actuals', join(dir, 'actuals.csv'), '--period', '2026-H1', '--as-of', '2026-05-15', '--out', 'json'], { cwd: join(TEMPLATES_DIR, '..') });
    expect(out.code).toBe(0);
    const cli = new Map((JSON.parse(out.stdout) as Array<Record<string, unknown>>).map((r) => [String(r.id), r]));
    for (const u of board.units) {
      const c = cli.get(u.id)!;
      expect([u.base, u.actual, u.gapBase, u.gapStretch, u.light, u.lightStretch, u.pace].map(String))
        .toEqual([c.base, c.actual, c.gap_base, c.gap_stretch, c.light, c.light_stretch, c.pace === '' ? null : c.pace].map((v) => (typeof v === 'number' ? v.toFixed(2) : String(v))));
    }
  });

  it('amounts are yuan text with two decimals; each unit lists its children and the board weeks', () => {
    const board = sample();
    const hn = board.units.find((u) => u.id === 'HN')!;
    expect(hn.children.length).toBeGreaterThan(0);
    expect(hn.children.every((c) => c.startsWith('HN'))).toBe(true);
    for (const u of board.units) for (const a of [u.base, u.stretch, u.actual, u.gapBase]) if (a !== null) expect(a).toMatch(/^-?\d+\.\d{2}$/);
    expect(board.weeks[0]).toBe('2026-W01');
    expect(hn.weeks.map((w) => w.week)).toEqual(board.weeks);
    expect(hn.paceText?.zh).toMatch(/领先|正常|落后/);
  });

  it('each week is the period to date through its end (trackToDate): the last is the table\'s row, a middle one `track --basis to-date --as-of` that day', async () => {
    const board = sample({ basis: 'to-date' });
    // 2026-05-15 is a Friday: its week goes on, counted through the as-of day
    expect(board.weeks.at(-1)).toBe('2026-W20');
    for (const u of board.units) {
      const last = u.weeks.at(-1)!;
      expect([last.through, last.partial, last.actual, last.light, last.completion]).toEqual(['2026-05-15', true, u.actual, u.light, u.completionBase]);
    }
    const hn = board.units.find((u) => u.id === 'HN')!;
    const w16 = hn.weeks.find((w) => w.week === '2026-W16')!;
    expect([w16.through, w16.partial]).toEqual(['2026-04-19', false]);
    const out = await runCli(['track', '--targets', join(dir, 'targets.csv'), '--actuals', join(dir, 'actuals.csv'), '--period', '2026-H1', '--as-of', w16.through, '--basis', 'to-date', '--out', 'json'], { cwd: join(TEMPLATES_DIR, '..') });
    expect(out.code).toBe(0);
    const cli = new Map((JSON.parse(out.stdout) as Array<Record<string, unknown>>).map((r) => [String(r.id), r]));
    for (const id of ['HN', 'HN01', 'HN01-01', 'YQ']) {
      const w = board.units.find((u) => u.id === id)!.weeks.find((x) => x.week === '2026-W16')!;
      const c = cli.get(id)!;
      expect({ id, actual: w.actual, light: w.light }).toEqual({ id, actual: Number(c.actual).toFixed(2), light: c.light });
    }
    // what the heat map shows grows with the weeks: the actual to date never falls (no negative sample rows)
    for (const u of board.units.slice(0, 20)) {
      const actuals = u.weeks.map((w) => Number(w.actual));
      expect(actuals).toEqual([...actuals].sort((a, b) => a - b));
    }
  });

  it('weeks for some units only (weeksFor): the same board, those units\' weeks as the full board\'s, the others\' given later by weeksOf', () => {
    const full = sample({ basis: 'to-date' });
    const r = trackBoard(bundle, { targets: table('targets.csv'), actuals: table('actuals.csv'), calendar: calendar2026(), today: '2026-12-07', basis: 'to-date', weeksFor: ['HN', 'HN01'] });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const weeksOf = (b: ProgressBoard, id: string) => b.units.find((u) => u.id === id)!.weeks;
    expect(r.board.units.map((u) => ({ ...u, weeks: [] }))).toEqual(full.units.map((u) => ({ ...u, weeks: [] })));
    expect([weeksOf(r.board, 'HN'), weeksOf(r.board, 'HN01')]).toEqual([weeksOf(full, 'HN'), weeksOf(full, 'HN01')]);
    expect(weeksOf(r.board, 'YQ')).toEqual([]);
    // the company (every actual rolls into it), a rep, and an id that is no unit (left out)
    const later = r.weeksOf(['YQ', 'HD01-01', 'nobody']);
    expect([...later.keys()]).toEqual(['YQ', 'HD01-01']);
    expect([later.get('YQ'), later.get('HD01-01')]).toEqual([weeksOf(full, 'YQ'), weeksOf(full, 'HD01-01')]);
    expect(later.get('YQ')!.some((w) => w.actual !== '0.00')).toBe(true);
  });

  it('over actuals left where they are stored (trackStoredBoard): checked once, booked once, the table\'s board', async () => {
    const t = table('actuals.csv');
    const calls: string[] = [];
    const store: StoredActuals = {
      file: t.file,
      latest: (() => { const r = readActuals(t.records, t.file); return r.ok ? latestActualDay(r.rows) : undefined; })(),
      check: async (isUnit) => { calls.push('check'); const r = readActuals(t.records, t.file, { isUnit }); return r.ok ? [] : r.problems; },
      book: async (at) => {
        calls.push(`book ${at.period.key} ${at.asOf}`);
        const r = readActuals(t.records, t.file);
        return bookActuals({ ...at, rows: r.ok ? r.rows : [], file: t.file, keepParts: false });
      },
    };
    const r = await trackStoredBoard(bundle, { targets: table('targets.csv'), actuals: store, calendar: calendar2026(), today: '2026-12-07' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(calls).toEqual(['check', 'book 2026-H1 2026-05-15']);
    expect(r.board).toEqual(sample());
  });

  it('a week\'s percentage never sits across the boundary that decided its colour', () => {
    const board = sample();
    // the bundle's lights: green above 80%, yellow from 60% (80% itself is yellow)
    let seen = 0;
    for (const u of board.units) for (const w of u.weeks) {
      if (w.light === 'grey') continue;
      const pct = Number(w.completion.replace('%', ''));
      if (w.light === 'green') expect(pct).toBeGreaterThan(80);
      if (w.light === 'yellow') expect(pct >= 60 && pct <= 80).toBe(true);
      if (w.light === 'red') expect(pct).toBeLessThan(60);
      seen++;
    }
    expect(seen).toBeGreaterThan(1000);
  });

  it('a view is the subtree under its root, or the rep\'s own unit; a unit outside it never appears, not even as a child', () => {
    const board = sample();
    const hn = boardView(board, 'HN', 'subtree');
    expect(hn.units[0]?.id).toBe('HN');
    expect(hn.units.every((u) => u.id.startsWith('HN'))).toBe(true);
    expect(hn.units.length).toBe(board.units.filter((u) => u.id.startsWith('HN')).length);
    const own = boardView(board, 'HN01-01', 'own');
    expect(own.units.map((u) => u.id)).toEqual(['HN01-01']);
    expect(boardView(board, 'nobody', 'subtree').units).toEqual([]);
    fc.assert(fc.property(fc.constantFrom(...board.units.map((u) => u.id)), (root) => {
      const view: ProgressBoard = boardView(board, root, 'subtree');
      const ids = new Set(view.units.map((u) => u.id));
      return view.units.every((u) => u.children.every((c) => ids.has(c)) && (u.id === root || ids.has(u.parentId ?? '')));
    }), { numRuns: 50 });
  });
});
