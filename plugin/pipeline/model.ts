/**
 * The follow-up pipeline (客户跟进闭环) as the bundle describes it: stages in funnel order, the
 * lost stage, activity types, which of them count as a customer touch, the entry and exit
 * criteria (bundle rules) and the follow-up time-outs. Everything here is read from the
 * `pipeline` parameter group; the checker refuses a malformed group when the bundle loads.
 */
import { bindRule, findRules, ruleInputs, unsourcedInputs, type BoundRule, type DefinedRule, type LoadedBundle } from '../bundle/index.js';
import type { Engine } from '../rules/index.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';

interface StageDef {
  id: string;
  name: Localized;
  /** Days without a move before `stalled-in-stage` fires; absent: never stalls. */
  stalledDays?: number;
  /** The won stage: closed, last in the funnel. */
  final?: boolean;
  entry: string[];
  exit: string[];
}

export interface TimeoutDef {
  id: string;
  name: Localized;
  /** A follow-up obligation counted in timeliness (stalled-in-stage is a pipeline alert, not one). */
  followUp: boolean;
  /** The activity type whose first occurrence starts the clock, or `stage` (entering the current stage). */
  anchor: string;
  /** The activity types that meet it, or `touches` (the bundle's touch types). */
  metBy?: string[] | 'touches';
  /** Met by the nth earliest such activity (2: a second touch, the first visit being the first). */
  nth?: number;
  /** Calendar hours. */
  hours?: number;
}

interface PipelineSettings {
  stages: StageDef[];
  lost: { id: string; name: Localized; reasons: string[] };
  activityTypes: string[];
  touchTypes: string[];
  timeoutRule: string;
  timeouts: TimeoutDef[];
}

/** The pipeline compiled against its bundle: stage positions, type indexes and the rules. */
export interface PipelineModel {
  readonly settings: PipelineSettings;
  readonly stageIndex: ReadonlyMap<string, number>;
  readonly typeIndex: ReadonlyMap<string, number>;
  readonly lostId: string;
  rule(id: string): DefinedRule;
  /** A stage criterion bound to what the pipeline computes (`counts`, `amount`); further declared inputs come from the opportunity's record. */
  criterion(id: string): BoundRule;
  /** The time-out rule bound to `elapsedHours`, `openHours`, `limitHours`; further inputs from the opportunity's record. */
  readonly timeout: BoundRule;
  /**
   * What a stage criterion reads when that is only counts of named activity types and the
   * amount: its outcome then follows from those figures alone, so a run over many moves judges
   * each distinct set of them once. Null when it reads anything else (the whole counts, a
   * column of the opportunity's row, a path computed at run time) or the model was made without
   * the bundle's engine.
   */
  criterionReads(id: string): CriterionReads | null;
}

interface CriterionReads {
  /** The activity types whose counts it reads (`counts.<type>`), each once. */
  readonly counts: readonly string[];
  readonly amount: boolean;
}

/** The inputs the pipeline computes for its rules; any other declared input is read from the opportunity's record. */
const PIPELINE_FIXED_INPUTS = { criteria: ['counts', 'amount'], timeout: ['elapsedHours', 'openHours', 'limitHours'] } as const;

/**
 * The required inputs of the pipeline's rules that neither the pipeline computes nor a column of
 * the opportunities provides (`columns`: the opportunity file's header; undefined when the
 * opportunities carry no record). A host checks this once before a run and refuses the run.
 */
export function pipelineInputProblems(model: PipelineModel, columns: readonly string[] | undefined, source?: Localized): Problem[] {
  const ids = [...new Set(model.settings.stages.flatMap((s) => [...s.entry, ...s.exit]))];
  return [...ids.map((id) => model.criterion(id)), model.timeout].flatMap((b) => unsourcedInputs(b, columns, 'the pipeline', source));
}

/**
 * An opportunity row's cells for the further inputs the pipeline's rules read from it, checked
 * by the rules' own text-to-value rules: every missing required cell or bad value by row and
 * column. Empty (and free) with the default bundle, whose rules read no record.
 */
export function opportunityInputProblems(model: PipelineModel, record: Readonly<Record<string, unknown>>, file: string, row?: number): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  const ids = [...new Set(model.settings.stages.flatMap((s) => [...s.entry, ...s.exit]))];
  for (const b of [...ids.map((id) => model.criterion(id)), model.timeout]) {
    if (!b.fromRecord.length) continue;
    const got = ruleInputs({ def: { id: b.rule.def.id, inputs: [...b.fromRecord] } }, record, { file, ...(row !== undefined ? { row } : {}) });
    if (got.ok) continue;
    for (const p of got.problems) {
      const key = `${p.column}|${p.code}`;
      if (!seen.has(key)) { seen.add(key); out.push(p); }
    }
  }
  return out;
}

const isLocalized = (v: unknown): boolean => isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s !== '');

/** Checker of the `pipeline` parameter group, run by the bundle loader. */
export function checkPipelineParameters(value: unknown, file: string, pointer: string): Problem[] {
  const bad = (at: string, zh: string, en: string) => problem('PARAM_INVALID', file, at, { zh, en });
  if (!isObject(value)) return [bad(pointer, 'pipeline 应为对象', 'pipeline must be an object')];
  const out: Problem[] = [];
  const stages = value.stages;
  const ids = new Set<string>();
  if (!Array.isArray(stages) || stages.length < 2) out.push(bad(joinPointer(pointer, 'stages'), '至少需要两个阶段', 'at least two stages are needed'));
  else {
    stages.forEach((s, i) => {
      const at = joinPointer(pointer, 'stages', i);
      if (!isObject(s) || typeof s.id !== 'string' || !s.id || !isLocalized(s.name)) { out.push(bad(at, '阶段应有 id 与 name {zh, en}', 'a stage needs an id and a name {zh, en}')); return; }
      if (ids.has(s.id)) out.push(bad(joinPointer(at, 'id'), `阶段 ${s.id} 重复`, `stage ${s.id} appears twice`));
      ids.add(s.id);
      for (const k of ['entry', 'exit'] as const) if (s[k] !== undefined && !isStrings(s[k])) out.push(bad(joinPointer(at, k), `${k} 应为规则 id 列表`, `${k} must be a list of rule ids`));
      if (s.stalledDays !== undefined && !(typeof s.stalledDays === 'number' && s.stalledDays > 0)) out.push(bad(joinPointer(at, 'stalledDays'), 'stalledDays 应为正数', 'stalledDays must be a positive number'));
      if (s.final === true && i !== stages.length - 1) out.push(bad(joinPointer(at, 'final'), '成交阶段应排在最后', 'the final (won) stage must come last'));
    });
  }
  const lost = value.lost;
  if (!isObject(lost) || typeof lost.id !== 'string' || !isLocalized(lost.name) || !isStrings(lost.reasons)) out.push(bad(joinPointer(pointer, 'lost'), 'lost 应为 {id, name, reasons}', 'lost must be {id, name, reasons}'));
  else if (ids.has(lost.id)) out.push(bad(joinPointer(pointer, 'lost', 'id'), '输单不能与阶段同名', 'lost cannot share an id with a stage'));
  const types = value.activityTypes;
  if (!isStrings(types) || !types.includes('stage_change')) out.push(bad(joinPointer(pointer, 'activityTypes'), 'activityTypes 应为类型列表，且包含 stage_change', 'activityTypes must list the types, stage_change included'));
  else if (!isStrings(value.touchTypes) || value.touchTypes.some((t) => !types.includes(t))) out.push(bad(joinPointer(pointer, 'touchTypes'), 'touchTypes 中的类型都应在 activityTypes 中', 'every touch type must be in activityTypes'));
  if (typeof value.timeoutRule !== 'string') out.push(bad(joinPointer(pointer, 'timeoutRule'), 'timeoutRule 应为规则 id', 'timeoutRule must be a rule id'));
  if (!Array.isArray(value.timeouts)) out.push(bad(joinPointer(pointer, 'timeouts'), 'timeouts 应为列表', 'timeouts must be a list'));
  else {
    value.timeouts.forEach((t, i) => {
      const at = joinPointer(pointer, 'timeouts', i);
      if (!isObject(t) || typeof t.id !== 'string' || !isLocalized(t.name) || typeof t.anchor !== 'string' || typeof t.followUp !== 'boolean') { out.push(bad(at, '时限应有 id、name、anchor、followUp', 'a time-out needs id, name, anchor and followUp')); return; }
      if (t.anchor === 'stage') return;
      if (isStrings(types) && !types.includes(t.anchor)) out.push(bad(joinPointer(at, 'anchor'), `未知活动类型 ${t.anchor}`, `unknown activity type ${t.anchor}`));
      if (!(t.metBy === 'touches' || (isStrings(t.metBy) && (!isStrings(types) || t.metBy.every((m) => types.includes(m)))))) out.push(bad(joinPointer(at, 'metBy'), 'metBy 应为活动类型列表或 touches', 'metBy must be a list of activity types or touches'));
      if (!(typeof t.hours === 'number' && t.hours > 0)) out.push(bad(joinPointer(at, 'hours'), 'hours 应为正数（日历小时）', 'hours must be a positive number (calendar hours)'));
      if (t.nth !== undefined && !(Number.isInteger(t.nth) && (t.nth as number) >= 1 && (t.nth as number) <= 10)) out.push(bad(joinPointer(at, 'nth'), 'nth 应为 1 到 10 的整数', 'nth must be a whole number from 1 to 10'));
    });
  }
  return out;
}

export const pipelineParameterChecks = { pipeline: checkPipelineParameters };

/**
 * What a bound criterion reads, from the engine's static reading of its logic (see
 * `PipelineModel.criterionReads`).
 */
function readsOf(engine: Pick<Engine, 'variables'>, bound: BoundRule): CriterionReads | null {
  if (bound.fromRecord.length) return null;
  const vars = engine.variables(bound.rule.def.logic);
  if (vars.dynamic.length) return null;
  const counts = new Set<string>();
  let amount = false;
  for (const { path } of vars.paths) {
    if (path === 'amount') amount = true;
    else if (path.startsWith('counts.') && path.length > 7 && !path.slice(7).includes('.')) counts.add(path.slice(7));
    else return null;
  }
  return { counts: [...counts], amount };
}

/**
 * Reads the pipeline from a loaded bundle; every criterion and the time-out rule must exist.
 * With the bundle's engine, a run judges each criterion once per distinct set of the figures it
 * reads (`criterionReads`); without it, once per move, with the same outcomes.
 */
export function createPipelineModel(bundle: Pick<LoadedBundle, 'parameters' | 'rules'> & { engine?: Pick<Engine, 'variables'> }): { ok: true; model: PipelineModel } | { ok: false; problems: Problem[] } {
  const raw = bundle.parameters.pipeline;
  const problems = checkPipelineParameters(raw, '<parameters>', '/parameters/pipeline');
  if (problems.length) return { ok: false, problems };
  const settings = raw as PipelineSettings;
  const stages = settings.stages.map((s) => ({ ...s, entry: s.entry ?? [], exit: s.exit ?? [] }));
  const named = [settings.timeoutRule, ...stages.flatMap((s) => [...s.entry, ...s.exit])];
  const found = findRules(bundle.rules, named, (id) => problem('REF_UNKNOWN_RULE', '<parameters>', '/parameters/pipeline', { zh: `pipeline 引用的规则 ${id} 不存在`, en: `pipeline names rule ${id}, which does not exist` }));
  if (!found.ok) return { ok: false, problems: found.problems };
  // which declared inputs the pipeline computes and which come from the opportunity: once, here
  const criteria = new Map(named.slice(1).map((id) => [id, bindRule(bundle.rules.get(id)!, PIPELINE_FIXED_INPUTS.criteria)]));
  const engine = bundle.engine;
  const reads = new Map([...criteria].map(([id, bound]) => [id, engine ? readsOf(engine, bound) : null]));
  const model: PipelineModel = {
    settings: { ...settings, stages },
    stageIndex: new Map(stages.map((s, i) => [s.id, i])),
    typeIndex: new Map(settings.activityTypes.map((t, i) => [t, i])),
    lostId: settings.lost.id,
    rule: (id) => bundle.rules.get(id)!,
    criterion: (id) => criteria.get(id) ?? bindRule(bundle.rules.get(id)!, PIPELINE_FIXED_INPUTS.criteria),
    timeout: bindRule(bundle.rules.get(settings.timeoutRule)!, PIPELINE_FIXED_INPUTS.timeout),
    criterionReads: (id) => reads.get(id) ?? null,
  };
  return { ok: true, model };
}
