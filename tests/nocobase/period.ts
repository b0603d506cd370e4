/**
 * One period of targets on the running NocoBase: after the simulator published 2026-H2 beside
 * the bundle's own rows, the board and the scores still answer for the sample's period by
 * default (the one holding the as-of day) and for 2026-H2 when asked, each saying which period
 * of the targets it read; a period the targets do not hold is refused in words.
 */
interface Person { id: number; token: string; role: string }
type Answer = { status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } };

export interface PeriodCheckDeps {
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  call(person: Person, action: string, body?: unknown): Promise<Answer>;
  hq: Person;
}

interface Board { period: string; targetsPeriod: { key: string; message: { zh: string; en: string } }; units: Array<{ id: string; base: string | null }> }
interface Scores { period: string; targetsPeriod: { key: string; message: string }; people: unknown[] }

export async function periodChecks(deps: PeriodCheckDeps): Promise<void> {
  const assert: PeriodCheckDeps['assert'] = deps.assert;
  const get = async <T>(action: string): Promise<T> => {
    const got = await deps.call(deps.hq, action).catch(() => deps.call(deps.hq, action));
    assert(got.status === 200, `${action} answered ${got.status} ${JSON.stringify(got.body).slice(0, 300)}`);
    return got.body.data as T;
  };

  await deps.check('one period of targets: after 2026-H2 is published, the board and the scores answer for the sample period by default and for 2026-H2 when asked; a period not there is refused', async () => {
    // the targets just changed (the publish): the first call computes, the second is the kept board
    let started = Date.now();
    const board = await get<Board>('targetKit:board');
    const cold = Date.now() - started;
    started = Date.now();
    const kept = await get<Board>('targetKit:board');
    const warm = Date.now() - started;
    assert(JSON.stringify(kept) === JSON.stringify(board), 'the kept board differs from the computed one');
    assert(board.targetsPeriod.key === '2026-H1' && board.period === '2026-H1', `the default board reads ${board.targetsPeriod.key} (${board.targetsPeriod.message.zh}), tracks ${board.period}`);
    const sampleBase = board.units.find((u) => u.id === 'YQ')?.base;
    const h2 = await get<Board>('targetKit:board?period=2026-H2');
    const h2Base = h2.units.find((u) => u.id === 'YQ')?.base;
    assert(h2.targetsPeriod.key === '2026-H2' && h2Base === '150000000.00', `the 2026-H2 board reads ${h2.targetsPeriod.key}, company Base ${String(h2Base)}`);
    assert(sampleBase === '120250000.00', `the sample board's company Base ${String(sampleBase)}`);
    const scores = await get<Scores>('targetKit:scores');
    assert(scores.targetsPeriod.key === '2026-H1' && scores.people.length > 0, `the default scores read ${scores.targetsPeriod.key}, ${scores.people.length} people`);
    const scoresH2 = await get<Scores>('targetKit:scores?period=2026-H2');
    assert(scoresH2.targetsPeriod.key === '2026-H2' && scoresH2.period === '2026-H2', `the 2026-H2 scores read ${scoresH2.targetsPeriod.key} for ${scoresH2.period}`);
    const missing = await deps.call(deps.hq, 'targetKit:board?period=2027-Q1');
    const error = missing.body.errors?.[0];
    assert(missing.status === 422 && error?.code === 'TARGETS_PERIOD_MISSING' && /2026-H2/.test(error.message ?? ''), `a period not there: ${missing.status} ${JSON.stringify(missing.body).slice(0, 300)}`);
    return `board cold ${cold} ms, warm ${warm} ms; default: board ${board.targetsPeriod.message.zh}, company ${sampleBase}; asked 2026-H2: company ${h2Base}; scores ${scores.targetsPeriod.key} / ${scoresH2.targetsPeriod.key}; 2027-Q1: ${error.message}`;
  });
}
