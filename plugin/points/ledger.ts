/**
 * The points ledger (积分账本) for instant rewards: key actions earn points through the rule
 * points-for-event, redemptions cost what redemption-cost says and need redemption-allowed.
 * The ledger is append-only: every entry has an idempotency key, so the same submission twice
 * counts once; a correction is a reversing entry, never an edit. A balance never goes
 * negative, at any date: a debit (redemption, reversal of an earning) that would make any
 * balance from its day on negative is refused with the reason.
 *
 * Idempotency keys are compared after `idempotencyKey`: surrounding whitespace trimmed, then
 * Unicode NFC; case is kept (`K1` and `k1` are two events). Every host gets the same rule
 * because the ledger applies it, to `key` and to `reverses`, and stores the normalised key.
 */
import { bundleRules, paramAt, ruleInputs, type LoadedBundle, type RuleInputsResult } from '../bundle/index.js';
import { parsePeriod, shanghaiDay, type Day } from '../calendar/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import { competitionRank } from '../ranking/index.js';
import { createDayBalances, type DayBalances } from './day-balances.js';
import { isEntryPoints, MAX_POINTS } from './parameter-checks.js';

interface EarnRequest {
  key: string;
  person: string;
  type: string;
  /** ISO date or date-time (with offset; without one it is Shanghai time). */
  at: string;
  note?: string;
  /**
   * The event as recorded (a row of the events table): every further input that
   * points-for-event declares (an `amount` an implementer added) is read from it by name.
   * `type` is always the request's own.
   */
  record?: Readonly<Record<string, unknown>>;
}

interface RedeemRequest {
  key: string;
  person: string;
  item: string;
  at: string;
  note?: string;
  /**
   * The redemption as recorded: further inputs of redemption-cost and redemption-allowed are
   * read from it. `item` is the request's own; `balance` and `cost` are the ledger's.
   */
  record?: Readonly<Record<string, unknown>>;
}

interface ReverseRequest {
  key: string;
  /** The key of the entry being reversed. */
  reverses: string;
  at: string;
  note?: string;
}

export interface LedgerEntry {
  seq: number;
  key: string;
  person: string;
  /** Shanghai calendar day. */
  day: Day;
  kind: 'earn' | 'redeem' | 'reversal';
  points: number;
  type?: string;
  item?: string;
  reverses?: string;
  note?: string;
}

export type PostOutcome =
  | { status: 'posted'; entry: LedgerEntry }
  | { status: 'duplicate'; entry: LedgerEntry }
  | { status: 'refused'; problem: Problem };

export interface Ledger {
  /** Every entry in the order posted. */
  readonly entries: readonly LedgerEntry[];
  earn(request: EarnRequest): PostOutcome;
  /**
   * The data points-for-event gets for an earning, or every input problem (no row: the host
   * adds it). A host checks a whole table with it before posting, so that a missing required
   * input refuses the file instead of half-posting it.
   */
  earnInputs(request: Pick<EarnRequest, 'type' | 'record'>): RuleInputsResult;
  redeem(request: RedeemRequest): PostOutcome;
  reverse(request: ReverseRequest): PostOutcome;
  /** Balance at the end of `asOf` (every entry when absent). */
  balance(person: string, asOf?: Day): number;
  /** Every person's balance at the end of `asOf`, sorted by person. */
  balances(asOf?: Day): Array<{ person: string; balance: number; earned: number; spent: number }>;
  /** Net points earned in a month (earnings and their reversals), competition-ranked; the top `monthlyTop`. */
  monthlyTop(month: string, top?: number): Array<{ person: string; points: number; place: number }>;
}

/**
 * The one normalisation of an idempotency key: surrounding whitespace (Unicode White_Space, as
 * String.prototype.trim) removed, then NFC, so "k1 " and "k1", or a precomposed "é" and "e" with a
 * combining accent, are one key. Case is significant: keys come from other systems (order
 * numbers, UUIDs, base64 or nanoid ids) where "aB" and "Ab" are different records, and case
 * folding is not one rule across languages (Turkish i); merging two real events would lose
 * points silently, while two keys differing only in case stay visible in the ledger.
 */
function idempotencyKey(key: string): string {
  return key.trim().normalize('NFC');
}

const refuse = (code: string, zh: string, en: string): PostOutcome => ({ status: 'refused', problem: problem(code, 'ledger', '', { zh, en }) });

/** A rule is bundle data: what it returns is checked like a parameter before it reaches a balance. */
function notEntryPoints(rule: string, value: unknown): PostOutcome | undefined {
  if (isEntryPoints(value)) return undefined;
  return refuse('POINTS_BAD_VALUE', `规则 ${rule} 给出的积分应为 0 到 ${MAX_POINTS} 之间的整数，实际是 ${String(value)}`, `rule ${rule} must give whole points from 0 to ${MAX_POINTS}, gave ${String(value)}`);
}

export function createLedger(bundle: LoadedBundle): { ok: true; ledger: Ledger } | { ok: false; problems: Problem[] } {
  const got = bundleRules(bundle, ['points-for-event', 'redemption-cost', 'redemption-allowed'] as const);
  if (!got.ok) return got;
  const { rules, defined, params } = got;
  const earnInputs: Ledger['earnInputs'] = (r) => ruleInputs(defined['points-for-event'], r.record ?? {}, { fixed: { type: r.type } });
  /** A rule's outcome on its declared inputs; an input problem refuses like a rule problem. */
  const run = (id: keyof typeof rules, record: Readonly<Record<string, unknown>> | undefined, fixed: Record<string, unknown>) => {
    const inputs = ruleInputs(defined[id], record ?? {}, { fixed });
    return inputs.ok ? rules[id](inputs.data) : { ok: false as const, problem: inputs.problems[0]! };
  };
  const defaultTop = (paramAt(params, 'points.monthlyTop') as number | undefined) ?? 3;
  const entries: LedgerEntry[] = [];
  const byKey = new Map<string, LedgerEntry>();
  const byPerson = new Map<string, LedgerEntry[]>();
  /** Each person's balances by day, kept as entries are posted. */
  const daily = new Map<string, DayBalances>();
  const reversed = new Set<string>();

  const dayOf = (at: string): Day | null => (typeof at === 'string' ? shanghaiDay(at) : null);

  const balanceAt = (person: string, asOf?: Day): number => daily.get(person)?.at(asOf) ?? 0;

  /** The lowest balance the person has at the end of `day` or of any later day. */
  const lowestFrom = (person: string, day: Day): number => daily.get(person)?.lowestFrom(day) ?? 0;

  const append = (entry: Omit<LedgerEntry, 'seq'>): PostOutcome => {
    const full: LedgerEntry = Object.freeze({ ...entry, seq: entries.length + 1 }) as LedgerEntry;
    entries.push(full);
    byKey.set(full.key, full);
    const list = byPerson.get(full.person) ?? [];
    list.push(full);
    byPerson.set(full.person, list);
    let days = daily.get(full.person);
    if (!days) daily.set(full.person, (days = createDayBalances()));
    days.add(full.day, full.points);
    return { status: 'posted', entry: full };
  };

  /** `key` is already normalised (see `keyOf`). */
  const seen = (key: string | null, same: (e: LedgerEntry) => boolean): PostOutcome | undefined => {
    if (!key) return refuse('POINTS_NO_KEY', '缺少幂等键（key）', 'the idempotency key is missing');
    const e = byKey.get(key);
    if (!e) return undefined;
    if (same(e)) return { status: 'duplicate', entry: e };
    return refuse('POINTS_KEY_CONFLICT', `键 ${key} 已用于另一条不同的记录（${e.kind}，${e.person}，${e.day}）`, `key ${key} was already used for a different entry (${e.kind}, ${e.person}, ${e.day})`);
  };

  const keyOf = (key: unknown): string | null => (typeof key === 'string' ? idempotencyKey(key) : null);

  const shortReason = (person: string, day: Day, cost: number, what: Localized, record?: Readonly<Record<string, unknown>>): PostOutcome | undefined => {
    const now = balanceAt(person, day);
    const lowest = lowestFrom(person, day);
    const allowed = run('redemption-allowed', record, { balance: lowest, cost });
    if (allowed.ok && allowed.value === true && lowest - cost >= 0) return undefined;
    return lowest === now
      ? refuse('POINTS_SHORT', `${person} 在 ${day} 的余额 ${now} 分，不足以${what.zh}所需的 ${cost} 分`, `${person} has ${now} points on ${day}, short of the ${cost} needed to ${what.en}`)
      : refuse('POINTS_SHORT', `${person} 在 ${day} 之后的最低余额为 ${lowest} 分（之后已有兑换），不足以${what.zh}所需的 ${cost} 分`, `${person}'s balance falls to ${lowest} points after ${day} (later redemptions), short of the ${cost} needed to ${what.en}`);
  };

  const ledger: Ledger = {
    entries,
    earnInputs,
    earn(r) {
      const day = dayOf(r.at);
      const key = keyOf(r.key);
      const dup = seen(key, (e) => e.kind === 'earn' && e.person === r.person && e.type === r.type && e.day === day);
      if (dup) return dup;
      if (!r.person) return refuse('POINTS_NO_PERSON', '缺少人员 id', 'the person id is missing');
      if (!day) return refuse('POINTS_BAD_DATE', `日期无效：${String(r.at)}（用 ISO 格式，如 2026-04-15 或 2026-04-15T09:30:00+08:00）`, `invalid date: ${String(r.at)} (use ISO, e.g. 2026-04-15 or 2026-04-15T09:30:00+08:00)`);
      const inputs = earnInputs(r);
      if (!inputs.ok) return { status: 'refused', problem: inputs.problems[0]! };
      const outcome = rules['points-for-event'](inputs.data);
      if (!outcome.ok) return { status: 'refused', problem: outcome.problem };
      if (outcome.value === null) return refuse('POINTS_UNKNOWN_EVENT', `未知的动作类型：${r.type}（见参数 points.events）`, `unknown action type: ${r.type} (see parameter points.events)`);
      const bad = notEntryPoints('points-for-event', outcome.value);
      if (bad) return bad;
      return append({ key: key as string, person: r.person, day, kind: 'earn', points: outcome.value as number, type: r.type, ...(r.note ? { note: r.note } : {}) });
    },
    redeem(r) {
      const day = dayOf(r.at);
      const key = keyOf(r.key);
      const dup = seen(key, (e) => e.kind === 'redeem' && e.person === r.person && e.item === r.item && e.day === day);
      if (dup) return dup;
      if (!r.person) return refuse('POINTS_NO_PERSON', '缺少人员 id', 'the person id is missing');
      if (!day) return refuse('POINTS_BAD_DATE', `日期无效：${String(r.at)}`, `invalid date: ${String(r.at)}`);
      const outcome = run('redemption-cost', r.record, { item: r.item });
      if (!outcome.ok) return { status: 'refused', problem: outcome.problem };
      if (outcome.value === null) return refuse('POINTS_UNKNOWN_ITEM', `未知的兑换项：${r.item}（见参数 points.redemptions）`, `unknown item: ${r.item} (see parameter points.redemptions)`);
      const bad = notEntryPoints('redemption-cost', outcome.value);
      if (bad) return bad;
      const cost = outcome.value as number;
      const short = shortReason(r.person, day, cost, { zh: `兑换 ${r.item}`, en: `redeem ${r.item}` }, r.record);
      if (short) return short;
      return append({ key: key as string, person: r.person, day, kind: 'redeem', points: -cost, item: r.item, ...(r.note ? { note: r.note } : {}) });
    },
    reverse(r) {
      const day = dayOf(r.at);
      const key = keyOf(r.key);
      const reverses = keyOf(r.reverses) ?? '';
      const dup = seen(key, (e) => e.kind === 'reversal' && e.reverses === reverses && e.day === day);
      if (dup) return dup;
      if (!day) return refuse('POINTS_BAD_DATE', `日期无效：${String(r.at)}`, `invalid date: ${String(r.at)}`);
      const original = byKey.get(reverses);
      if (!original) return refuse('POINTS_UNKNOWN_KEY', `要冲销的记录 ${reverses} 不存在`, `there is no entry ${reverses} to reverse`);
      if (original.kind === 'reversal') return refuse('POINTS_REVERSE_REVERSAL', '冲销记录不能再被冲销；需要时重新登记原动作', 'a reversal cannot be reversed; post the original action again instead');
      if (reversed.has(original.key)) return refuse('POINTS_ALREADY_REVERSED', `记录 ${original.key} 已被冲销`, `entry ${original.key} has already been reversed`);
      if (day < original.day) return refuse('POINTS_REVERSAL_BEFORE_ORIGINAL', `冲销日期 ${day} 早于原记录日期 ${original.day}`, `the reversal (${day}) is dated before the entry it reverses (${original.day})`);
      if (original.points > 0) {
        const short = shortReason(original.person, day, original.points, { zh: `冲销 ${original.key}`, en: `reverse ${original.key}` });
        if (short) return short;
      }
      reversed.add(original.key);
      return append({ key: key as string, person: original.person, day, kind: 'reversal', points: -original.points, reverses: original.key, ...(original.type ? { type: original.type } : {}), ...(original.item ? { item: original.item } : {}), ...(r.note ? { note: r.note } : {}) });
    },
    balance: balanceAt,
    balances(asOf) {
      return [...byPerson.keys()].sort().map((person) => {
        let earned = 0;
        let spent = 0;
        let balance = 0;
        for (const e of byPerson.get(person) ?? []) {
          if (asOf !== undefined && e.day > asOf) continue;
          balance += e.points;
          const earning = e.kind === 'earn' || (e.kind === 'reversal' && e.type !== undefined);
          if (earning) earned += e.points;
          else spent -= e.points;
        }
        return { person, balance, earned, spent };
      });
    },
    monthlyTop(month, top = defaultTop) {
      const period = parsePeriod(month);
      if (!period || period.grain !== 'month') return [];
      const net = new Map<string, number>();
      for (const e of entries) {
        const earnedOn = e.kind === 'earn' ? e.day : e.kind === 'reversal' && e.type !== undefined ? byKey.get(e.reverses as string)?.day : undefined;
        if (earnedOn === undefined || earnedOn < period.start || earnedOn > period.end) continue;
        net.set(e.person, (net.get(e.person) ?? 0) + e.points);
      }
      return competitionRank([...net].filter(([, p]) => p > 0).map(([id, value]) => ({ id, value })), 0)
        .filter((r) => r.rank <= top)
        .map((r) => ({ person: r.item.id, points: r.item.value, place: r.rank }));
    },
  };
  return { ok: true, ledger };
}
