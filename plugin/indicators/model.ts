/**
 * Process indicators (过程指标) as the bundle describes them: per role, each with the activities
 * it counts (a JsonLogic filter), its measure, period, better direction, thresholds and health
 * weight; the anomaly baseline; the behaviour-health threshold; and the remediation playbook.
 * Filters are compiled once with the bundle's engine.
 */
import { bindRule, findRules, unsourcedInputs, type BoundRule, type DefinedRule, type LoadedBundle } from '../bundle/index.js';
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';
import type { CompiledLogic } from '../rules/index.js';

type Measure =
  | { kind: 'count' }
  | { kind: 'sum'; field: string }
  | { kind: 'ratio'; numerator: unknown; denominator: unknown }
  | { kind: 'duration'; from: string; to: string };

export interface IndicatorDef {
  id: string;
  role: string;
  name: Localized;
  /** What is collected, in words, for the people it is collected about. */
  collects?: Localized;
  filter?: unknown;
  measure: Measure;
  period: 'day' | 'week';
  better: 'higher' | 'lower';
  thresholds: { target: number; red: number };
  /** Weight in the behaviour health index (0: not in it). */
  weight: number;
}

interface IndicatorSettings {
  roles: Record<string, Localized>;
  list: IndicatorDef[];
  anomaly: { workingDays: number; deviation: number; minBaseline: number; minValues: number; reopenAfter?: number };
  health: { threshold: number; scoreCap: number };
}

interface PlaybookSettings {
  redLine: number;
  weeks: number;
  count: number;
  strategies: Array<{ id: string; rule: string; name: Localized; reason: Localized }>;
  training: Array<{ dimension: string; name: Localized }>;
}

/** A record an indicator filter sees: the activity's columns (owner_id, type, at, to_stage...). */
export type ActivityRecord = Record<string, unknown>;

/** An activity filter compiled once; filters that read only short text fields are memoized by their values. */
type ActivityFilter = (record: ActivityRecord) => boolean;

/** The team figures a playbook strategy rule gets (`recommend`); a strategy has no record to read further inputs from. */
const STRATEGY_FIXED_INPUTS = ['health', 'weeksBelow', 'size', 'weakest', 'weakestScore'] as const;

const boundStrategies = new WeakMap<DefinedRule, BoundRule>();
/** A strategy rule bound to the team figures, once per compiled rule. */
export function strategyRule(rule: DefinedRule): BoundRule {
  let bound = boundStrategies.get(rule);
  if (!bound) boundStrategies.set(rule, bound = bindRule(rule, STRATEGY_FIXED_INPUTS));
  return bound;
}

/**
 * Several activity filters compiled together, so a stream of records is sorted into classes
 * once and each filter runs once per class rather than once per record: records whose fields
 * read by any of the filters (and the `keyFields`) hold the same values share a class.
 */
interface ActivityClassifier {
  /**
   * The record's class, numbered 0, 1, 2... in first-seen order; -1 when the record cannot be
   * classed (a filter reads a computed or nested path, a key value is not text, true/false,
   * null or absent, or there are already too many classes): the caller then tests the record.
   */
  classOf(record: ActivityRecord): number;
  /** Filter `k` (in the order given) on one record, evaluated. */
  test(k: number, record: ActivityRecord): boolean;
}

export interface IndicatorModel {
  readonly settings: IndicatorSettings;
  readonly playbook: PlaybookSettings;
  readonly rules: ReadonlyMap<string, DefinedRule>;
  compileFilter(logic: unknown): ActivityFilter;
  compileClassifier(logics: readonly unknown[], keyFields?: readonly string[]): ActivityClassifier;
}

const isLocalized = (v: unknown): boolean => isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function checkIndicatorParameters(value: unknown, file: string, pointer: string): Problem[] {
  const bad = (at: string, zh: string, en: string) => problem('PARAM_INVALID', file, at, { zh, en });
  if (!isObject(value) || !isObject(value.roles) || !Array.isArray(value.list)) return [bad(pointer, 'indicators 应为 {roles, list, anomaly, health}', 'indicators must be {roles, list, anomaly, health}')];
  const out: Problem[] = [];
  const ids = new Set<string>();
  const perRole = new Map<string, number>();
  value.list.forEach((d, i) => {
    const at = joinPointer(pointer, 'list', i);
    if (!isObject(d) || typeof d.id !== 'string' || typeof d.role !== 'string' || !isLocalized(d.name)) { out.push(bad(at, '指标应有 id、role、name {zh, en}', 'an indicator needs id, role and name {zh, en}')); return; }
    if (ids.has(d.id)) out.push(bad(joinPointer(at, 'id'), `指标 ${d.id} 重复`, `indicator ${d.id} appears twice`));
    ids.add(d.id);
    if (!Object.hasOwn(value.roles as object, d.role)) out.push(bad(joinPointer(at, 'role'), `未知角色 ${d.role}`, `unknown role ${d.role}`));
    perRole.set(d.role, (perRole.get(d.role) ?? 0) + 1);
    const m = d.measure;
    const okMeasure = isObject(m) && ((m.kind === 'count') || (m.kind === 'sum' && typeof m.field === 'string') || (m.kind === 'ratio' && m.numerator !== undefined && m.denominator !== undefined)
      || (m.kind === 'duration' && typeof m.from === 'string' && typeof m.to === 'string'));
    if (!okMeasure) out.push(bad(joinPointer(at, 'measure'), 'measure 应为 count、sum {field}、ratio {numerator, denominator} 或 duration {from, to}', 'measure must be count, sum {field}, ratio {numerator, denominator} or duration {from, to}'));
    if (d.period !== 'day' && d.period !== 'week') out.push(bad(joinPointer(at, 'period'), 'period 应为 day 或 week', 'period must be day or week'));
    if (d.better !== 'higher' && d.better !== 'lower') out.push(bad(joinPointer(at, 'better'), 'better 应为 higher 或 lower', 'better must be higher or lower'));
    const t = d.thresholds;
    if (!isObject(t) || !isNum(t.target) || !isNum(t.red) || t.target <= 0) out.push(bad(joinPointer(at, 'thresholds'), 'thresholds 应为 {target > 0, red}', 'thresholds must be {target > 0, red}'));
    else if (d.better === 'higher' ? t.red > t.target : t.red < t.target) out.push(bad(joinPointer(at, 'thresholds', 'red'), '红线应在目标的较差一侧', 'the red line must lie on the worse side of the target'));
    if (!isFraction(d.weight)) out.push(notFraction(file, joinPointer(at, 'weight'), { zh: `指标 ${d.id} 的权重`, en: `the weight of indicator ${d.id}` }, d.weight));
  });
  for (const [role, n] of perRole) if (n > 5) out.push(bad(joinPointer(pointer, 'list'), `角色 ${role} 有 ${n} 个指标，核心指标应为 3-5 个`, `role ${role} has ${n} indicators; keep 3-5 core ones`));
  const a = value.anomaly;
  if (!isObject(a) || !(Number.isInteger(a.workingDays) && (a.workingDays as number) >= 1) || !(isNum(a.deviation) && a.deviation > 0) || !(isNum(a.minBaseline) && a.minBaseline >= 0) || !(Number.isInteger(a.minValues) && (a.minValues as number) >= 1)) {
    out.push(bad(joinPointer(pointer, 'anomaly'), 'anomaly 应为 {workingDays ≥ 1, deviation > 0, minBaseline ≥ 0, minValues ≥ 1}', 'anomaly must be {workingDays >= 1, deviation > 0, minBaseline >= 0, minValues >= 1}'));
  }
  if (isObject(a) && a.reopenAfter !== undefined && !(Number.isInteger(a.reopenAfter) && (a.reopenAfter as number) >= 1)) out.push(bad(joinPointer(pointer, 'anomaly', 'reopenAfter'), 'reopenAfter 应为不小于 1 的整数', 'reopenAfter must be a whole number >= 1'));
  const h = value.health;
  if (!isObject(h) || !isNum(h.threshold) || !(isNum(h.scoreCap) && h.scoreCap >= 1)) out.push(bad(joinPointer(pointer, 'health'), 'health 应为 {threshold, scoreCap ≥ 1}', 'health must be {threshold, scoreCap >= 1}'));
  return out;
}

function checkPlaybookParameters(value: unknown, file: string, pointer: string): Problem[] {
  const bad = (at: string, zh: string, en: string) => problem('PARAM_INVALID', file, at, { zh, en });
  if (!isObject(value) || !isNum(value.redLine) || !(Number.isInteger(value.weeks) && (value.weeks as number) >= 1) || !(Number.isInteger(value.count) && (value.count as number) >= 1)) {
    return [bad(pointer, 'playbook 应为 {redLine, weeks ≥ 1, count ≥ 1, strategies, training}', 'playbook must be {redLine, weeks >= 1, count >= 1, strategies, training}')];
  }
  const out: Problem[] = [];
  if (!Array.isArray(value.strategies) || value.strategies.length < (value.count as number)) out.push(bad(joinPointer(pointer, 'strategies'), `策略至少需要 ${value.count} 条`, `at least ${value.count} strategies are needed`));
  else value.strategies.forEach((s, i) => {
    if (!isObject(s) || typeof s.id !== 'string' || typeof s.rule !== 'string' || !isLocalized(s.name) || !isLocalized(s.reason)) out.push(bad(joinPointer(pointer, 'strategies', i), '策略应有 id、rule、name、reason', 'a strategy needs id, rule, name and reason'));
  });
  if (!Array.isArray(value.training) || value.training.some((t) => !isObject(t) || typeof t.dimension !== 'string' || !isLocalized(t.name))) out.push(bad(joinPointer(pointer, 'training'), 'training 应为 [{dimension, name}]', 'training must be [{dimension, name}]'));
  return out;
}

export const indicatorParameterChecks = { indicators: checkIndicatorParameters, playbook: checkPlaybookParameters };

const MEMO_LIMIT = 4096;

export function createIndicatorModel(bundle: Pick<LoadedBundle, 'parameters' | 'rules' | 'engine'>): { ok: true; model: IndicatorModel } | { ok: false; problems: Problem[] } {
  const problems = [
    ...checkIndicatorParameters(bundle.parameters.indicators, '<parameters>', '/parameters/indicators'),
    ...checkPlaybookParameters(bundle.parameters.playbook, '<parameters>', '/parameters/playbook'),
  ];
  if (problems.length) return { ok: false, problems };
  const playbook = bundle.parameters.playbook as PlaybookSettings;
  const found = findRules(bundle.rules, playbook.strategies.map((s) => s.rule), (rule, i) => {
    const id = playbook.strategies[i]!.id;
    return problem('REF_UNKNOWN_RULE', '<parameters>', '/parameters/playbook', { zh: `策略 ${id} 引用的规则 ${rule} 不存在`, en: `strategy ${id} names rule ${rule}, which does not exist` });
  });
  if (!found.ok) problems.push(...found.problems);
  // a strategy rule that requires an input the team figures do not give: refused here, once
  else for (const id of new Set(playbook.strategies.map((s) => s.rule))) problems.push(...unsourcedInputs(strategyRule(found.rules.get(id)!), undefined, 'the playbook (recommend)'));
  const settings = bundle.parameters.indicators as IndicatorSettings;
  const engine = bundle.engine;
  const compileFilter = (logic: unknown): ActivityFilter => {
    const run: CompiledLogic = engine.compile(logic, { params: bundle.parameters });
    const vars = engine.variables(logic);
    const fields = [...new Set(vars.paths.map((p) => p.path))];
    const memoizable = !vars.dynamic.length && fields.every((f) => f !== '' && !f.includes('.'));
    const truthy = (v: unknown) => !!v && !(Array.isArray(v) && v.length === 0);
    if (!memoizable) return (r) => truthy(run(r));
    // Filters usually read a type or a stage; their result depends only on those short values.
    // One map per field, keyed by the raw value, so a lookup builds no key string per record.
    type Memo = Map<unknown, Memo | boolean>;
    const memo: Memo = new Map();
    const last = fields.length - 1;
    let size = 0;
    return (r) => {
      let level = memo;
      for (let k = 0; k < last; k++) {
        const v = r[fields[k]!];
        if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'boolean') return truthy(run(r));
        let next = level.get(v) as Memo | undefined;
        if (next === undefined) {
          if (size >= MEMO_LIMIT) return truthy(run(r));
          level.set(v, (next = new Map()));
        }
        level = next;
      }
      const v = last < 0 ? undefined : r[fields[last]!];
      if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'boolean') return truthy(run(r));
      let hit = level.get(v) as boolean | undefined;
      if (hit === undefined) {
        const slim: Record<string, unknown> = {};
        for (const f of fields) if (r[f] !== undefined) slim[f] = r[f];
        hit = truthy(run(slim));
        if (size < MEMO_LIMIT) { level.set(v, hit); size++; }
      }
      return hit;
    };
  };
  const compileClassifier = (logics: readonly unknown[], keyFields: readonly string[] = []): ActivityClassifier => {
    const runs = logics.map((logic) => engine.compile(logic, { params: bundle.parameters }));
    const truthy = (v: unknown) => !!v && !(Array.isArray(v) && v.length === 0);
    const test = (k: number, r: ActivityRecord) => truthy(runs[k]!(r));
    const vars = logics.map((logic) => engine.variables(logic));
    const fields = [...new Set([...keyFields, ...vars.flatMap((v) => v.paths.map((p) => p.path))])];
    const classable = vars.every((v) => !v.dynamic.length) && fields.every((f) => f !== '' && !f.includes('.'));
    if (!classable) return { classOf: () => -1, test };
    // one map per field, keyed by the raw value (null and absent apart), the last level holding the class
    type Level = Map<unknown, Level | number>;
    const root: Level = new Map();
    const last = fields.length - 1;
    let count = 0;
    const keyable = (v: unknown) => v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean';
    const classOf = (r: ActivityRecord): number => {
      if (last < 0) return 0;
      let level = root;
      for (let k = 0; k < last; k++) {
        const v = r[fields[k]!];
        if (!keyable(v)) return -1;
        let next = level.get(v) as Level | undefined;
        if (next === undefined) {
          if (count >= MEMO_LIMIT) return -1;
          level.set(v, (next = new Map()));
        }
        level = next;
      }
      const v = r[fields[last]!];
      if (!keyable(v)) return -1;
      let c = level.get(v) as number | undefined;
      if (c === undefined) {
        if (count >= MEMO_LIMIT) return -1;
        level.set(v, (c = count++));
      }
      return c;
    };
    return { classOf, test };
  };
  for (const [i, d] of settings.list.entries()) {
    try {
      if (d.filter !== undefined) compileFilter(d.filter);
      if (d.measure.kind === 'ratio') { compileFilter(d.measure.numerator); compileFilter(d.measure.denominator); }
    } catch (e) {
      problems.push(problem('RULE_COMPILE', '<parameters>', joinPointer('/parameters/indicators/list', i), { zh: `指标 ${d.id} 的筛选无法编译：${(e as Error).message}`, en: `the filter of indicator ${d.id} does not compile: ${(e as Error).message}` }));
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, model: { settings, playbook, rules: bundle.rules, compileFilter, compileClassifier } };
}
