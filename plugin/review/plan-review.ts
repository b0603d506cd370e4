/**
 * Two-way confirmation of an allocation plan (双向确认) over the allocation-review flow: HQ
 * publishes a plan, each unit's head accepts or appeals, the approver decides, and every
 * decided change is re-balanced by the allocation model so the company total holds to the 分.
 * Re-balancing is itself audited: the system actor takes `rebalance` (or `reopen`, for a unit
 * that had accepted numbers that have now changed) on each affected instance. When every unit
 * has accepted or been decided, the plan is frozen and its letters can be issued.
 */
import { allocatePlan, type AllocationTotals, type PlanResult, type PreparedAllocation } from '../allocation/index.js';
import type { LoadedBundle } from '../bundle/load.js';
import { createFlowRuntime, type Actor, type FlowEvent, type FlowInstance, type FlowRuntime, type Refusal } from '../flow/index.js';
import { planLetters, type LettersParameters, type UnitLetter } from '../letters/index.js';
import { fenToYuan, formatYuan, parseYuan, type Fen } from '../money/money.js';
import type { OrgLevel } from '../org/org-tree.js';
import type { Lang, Problem } from '../problems.js';

const REVIEW_FLOW_ID = 'allocation-review';
/** States in which a unit's numbers are settled. */
const SETTLED = new Set(['accepted', 'decided']);
const SYSTEM: Actor = { id: 'system', roles: ['system'], unitId: '' };

interface PlanReviewSetup {
  bundle: LoadedBundle;
  prepared: PreparedAllocation;
  planId: string;
  totals: AllocationTotals;
  period: string;
  /** The level whose heads confirm (default: region). */
  level?: OrgLevel;
}

interface ReviewLogEntry {
  at: string;
  kind: 'published' | 'rebalanced' | 'frozen' | 'recalculated';
  /** The unit whose decision caused it, for `rebalanced`. */
  unitId?: string;
  /** Units whose Base or Stretch changed. */
  changed: string[];
  base: Fen;
}

export interface PlanReview {
  id: string;
  planId: string;
  period: string;
  plan: PlanResult;
  /** Allocation-review instance of every reviewed unit. */
  instances: Record<string, FlowInstance>;
  /** Bases fixed by decided appeals, fen. */
  locks: Record<string, Fen>;
  /**
   * What HQ published (模拟即发布): the totals and the Bases locked in the simulation, kept on
   * the review so every re-balance and recalculation allocates the plan that was published.
   * Absent on a review published before they were recorded: the runtime's own totals, no locks.
   */
  published?: { totals: AllocationTotals; locks: Record<string, Fen> };
  /**
   * The reps' confirmed filings (目标申报, unit → confirmed Base, fen): they enter every
   * allocation of the review as locks or floors, as allocationModel.confirmedFiling says, so a
   * confirmed filing reaches the plan, its letters and the targets the board tracks.
   */
  confirmed?: Record<string, Fen>;
  excluded: string[];
  frozen: boolean;
  log: ReviewLogEntry[];
}

export type ReviewStep = { ok: true; review: PlanReview; events: FlowEvent[] } | { ok: false; refusal: Refusal };

export interface PlanReviewRuntime {
  readonly flow: FlowRuntime;
  /** Publishes the setup's plan at `totals` (default: the setup's) with HQ's simulated `locks` (default: none). */
  publish(init: { id: string; now: string; owners?: Record<string, string>; totals?: AllocationTotals; locks?: Record<string, Fen>; confirmed?: Record<string, Fen> }): { ok: true; review: PlanReview; events: FlowEvent[] } | { ok: false; problems: Problem[] };
  /**
   * The confirmed filings now standing (unit → confirmed Base, fen) applied to the review: the
   * plan is allocated again with them. A frozen review takes them only while no reviewed unit's
   * numbers move (a filing re-balances inside its team); otherwise it is refused by code.
   */
  withFilings(review: PlanReview, confirmed: Record<string, Fen>, now: string): ReviewStep;
  act(review: PlanReview, unitId: string, action: string, actor: Actor, payload: Record<string, unknown>, now: string, expectedVersion: number): ReviewStep;
  /** Letters for a frozen review: one per unit at `levels` (default: the reviewed level and the one below). */
  letters(review: PlanReview, options: { lang: Lang; levels?: OrgLevel[]; heads?: Record<string, { id: string; name: string }>; only?: readonly string[] }): UnitLetter[];
  /** Emergency recalculation (应急重算): rerun without `excluded`, decided appeals kept; reports the units whose numbers changed. */
  recalculate(review: PlanReview, options: { excluded: string[]; now: string }): { ok: true; review: PlanReview; changed: string[] } | { ok: false; problems: Problem[] };
}

export function createPlanReview(setup: PlanReviewSetup): PlanReviewRuntime {
  const flowDef = setup.bundle.flows.find((f) => f.def.id === REVIEW_FLOW_ID)?.def;
  if (!flowDef) throw new Error(`the bundle has no ${REVIEW_FLOW_ID} flow`);
  const flow = createFlowRuntime(flowDef, setup.prepared.tree, setup.bundle);
  const level = setup.level ?? 'region';
  const reviewed = () => setup.prepared.order.filter((id) => setup.prepared.tree.get(id)?.level === level);

  // HQ's locks first, so a decided appeal on the same unit overrides them; an excluded unit keeps none
  const allocate = (review: Pick<PlanReview, 'published' | 'confirmed'>, locks: Record<string, Fen>, excluded: readonly string[]) => {
    const preset = Object.fromEntries(Object.entries(review.published?.locks ?? {}).filter(([id]) => !excluded.includes(id)));
    const confirmed = Object.fromEntries(Object.entries(review.confirmed ?? {}).filter(([id]) => !excluded.includes(id)));
    return allocatePlan(setup.prepared, setup.planId, review.published?.totals ?? setup.totals, { locks: { ...preset, ...locks }, confirmed, excluded });
  };

  const changedUnits = (before: PlanResult, after: PlanResult): string[] =>
    after.units.filter((u) => {
      const b = before.byId.get(u.id);
      return !b || b.base !== u.base || b.stretch !== u.stretch;
    }).map((u) => u.id);

  /** Moves every reviewed instance to the plan's numbers through the audited system actions. */
  const syncInstances = (review: PlanReview, plan: PlanResult, now: string): { ok: true; instances: Record<string, FlowInstance>; events: FlowEvent[] } | { ok: false; refusal: Refusal } => {
    const instances = { ...review.instances };
    const events: FlowEvent[] = [];
    for (const [unitId, instance] of Object.entries(instances)) {
      const unit = plan.byId.get(unitId);
      if (!unit) continue;
      const base = fenToYuan(unit.base);
      const stretch = fenToYuan(unit.stretch);
      if (instance.data.base === base && instance.data.stretch === stretch) continue;
      const action = instance.state === 'accepted' ? 'reopen' : 'rebalance';
      const r = flow.step(instance, action, SYSTEM, { base, stretch }, now, instance.version);
      if (!r.ok) return r;
      instances[unitId] = r.instance;
      events.push(...r.events);
    }
    return { ok: true, instances, events };
  };

  const frozenIf = (instances: Record<string, FlowInstance>) => Object.values(instances).every((i) => SETTLED.has(i.state));

  return {
    flow,

    publish({ id, now, owners = {}, totals = setup.totals, locks = {}, confirmed = {} }) {
      const published = { totals, locks: { ...locks } };
      const outcome = allocate({ published, confirmed }, {}, []);
      if (!outcome.ok) return { ok: false, problems: outcome.problems };
      const plan = outcome.plan;
      const instances: Record<string, FlowInstance> = {};
      for (const unitId of reviewed()) {
        const unit = plan.byId.get(unitId);
        if (!unit) continue;
        instances[unitId] = flow.start({
          id: `${id}:${unitId}`, ownerId: owners[unitId] ?? `head:${unitId}`, unitId, now,
          data: { planId: setup.planId, period: setup.period, unitName: unit.name, base: fenToYuan(unit.base), stretch: fenToYuan(unit.stretch) },
        });
      }
      const review: PlanReview = {
        id, planId: setup.planId, period: setup.period, plan, instances, locks: {}, published, confirmed: { ...confirmed }, excluded: [], frozen: false,
        log: [{ at: now, kind: 'published', changed: [], base: plan.base }],
      };
      const events: FlowEvent[] = Object.values(instances).map((i) => ({
        event: 'review.published', instanceId: i.id, flowId: REVIEW_FLOW_ID, ownerId: i.ownerId, unitId: i.unitId, at: now, to: 'owner',
      }));
      return { ok: true, review, events };
    },

    act(review, unitId, action, actor, payload, now, expectedVersion) {
      if (review.frozen) {
        return { ok: false, refusal: { code: 'REVIEW_FROZEN', message: { zh: '方案已冻结，不能再修改', en: 'the plan is frozen; it can no longer change' } } };
      }
      const instance = review.instances[unitId];
      if (!instance) {
        return { ok: false, refusal: { code: 'REVIEW_UNKNOWN_UNIT', message: { zh: `本次评审没有单位 ${unitId}`, en: `unit ${unitId} is not part of this review` } } };
      }
      if (actor.roles.includes('system')) {
        return { ok: false, refusal: { code: 'FLOW_ROLE', message: { zh: '系统动作只能由评审自身发起', en: 'system actions are taken by the review itself' } } };
      }
      const r = flow.step(instance, action, actor, payload, now, expectedVersion);
      if (!r.ok) return r;
      let next: PlanReview = { ...review, instances: { ...review.instances, [unitId]: r.instance } };
      const events = [...r.events];
      if (r.instance.state === 'decided') {
        const finalBase = parseYuan(r.instance.data.finalBase);
        if (finalBase === null) {
          return { ok: false, refusal: { code: 'REVIEW_BAD_AMOUNT', message: { zh: '裁定的金额无效（元，最多两位小数）', en: 'the decided amount is not valid (yuan, at most 2 decimals)' } } };
        }
        const current = review.plan.byId.get(unitId)?.base;
        if (finalBase !== current) {
          const locks = { ...review.locks, [unitId]: finalBase };
          const outcome = allocate(review, locks, review.excluded);
          if (!outcome.ok) {
            return { ok: false, refusal: { code: 'REVIEW_REBALANCE', message: outcome.problems[0]?.message ?? { zh: '无法重新平衡方案', en: 'the plan cannot be re-balanced' } } };
          }
          const synced = syncInstances(next, outcome.plan, now);
          if (!synced.ok) return synced;
          events.push(...synced.events);
          next = {
            ...next, locks, plan: outcome.plan, instances: synced.instances,
            log: [...next.log, { at: now, kind: 'rebalanced', unitId, changed: changedUnits(review.plan, outcome.plan), base: outcome.plan.base }],
          };
        }
      }
      if (frozenIf(next.instances)) {
        next = { ...next, frozen: true, log: [...next.log, { at: now, kind: 'frozen', changed: [], base: next.plan.base }] };
        events.push({ event: 'review.frozen', instanceId: next.id, flowId: REVIEW_FLOW_ID, ownerId: 'hq', unitId: setup.prepared.tree.root.id, at: now, to: 'hq-admin' });
      }
      return { ok: true, review: next, events };
    },

    withFilings(review, confirmed, now) {
      const outcome = allocate({ ...review, confirmed }, review.locks, review.excluded);
      if (!outcome.ok) {
        return { ok: false, refusal: { code: 'REVIEW_FILINGS', message: outcome.problems[0]?.message ?? { zh: '确认的申报无法进入方案', en: 'the confirmed filings cannot enter the plan' } } };
      }
      const changed = changedUnits(review.plan, outcome.plan);
      if (review.frozen && changed.some((id) => review.instances[id])) {
        return { ok: false, refusal: { code: 'REVIEW_FROZEN', message: { zh: '方案已冻结：这些申报会改变已确认单位的目标', en: 'the plan is frozen: these filings would change the numbers of units that have settled' } } };
      }
      const synced = syncInstances(review, outcome.plan, now);
      if (!synced.ok) return synced;
      const next: PlanReview = {
        ...review, confirmed: { ...confirmed }, plan: outcome.plan, instances: synced.instances,
        log: changed.length ? [...review.log, { at: now, kind: 'rebalanced', changed, base: outcome.plan.base }] : review.log,
      };
      return { ok: true, review: next, events: synced.events };
    },

    letters(review, { lang, levels, heads = {}, only }) {
      const params = setup.bundle.parameters.letters as LettersParameters | undefined;
      if (!params) throw new Error('the bundle has no letters parameter group');
      const wanted = new Set<OrgLevel>(levels ?? [level, level === 'region' ? 'team' : 'rep']);
      const onlySet = only ? new Set(only) : undefined;
      const rows = review.plan.units
        .filter((u) => wanted.has(u.level) && !u.excluded && (!onlySet || onlySet.has(u.id)))
        .map((u, i) => {
          const head = heads[u.id];
          return {
            line: i + 1,
            record: { id: u.id, name: u.name, level: u.level, base: formatYuan(u.base), stretch: formatYuan(u.stretch), ...(head ? { head_name: head.name, head_id: head.id } : {}) },
          };
        });
      const result = planLetters(rows, params, { period: review.period, lang, file: `review:${review.id}` });
      if (!result.ok) throw new Error(result.problems.map((p) => p.message.en).join('; '));
      return result.letters;
    },

    recalculate(review, { excluded, now }) {
      const locks = Object.fromEntries(Object.entries(review.locks).filter(([id]) => !excluded.includes(id)));
      const outcome = allocate(review, locks, excluded);
      if (!outcome.ok) return { ok: false, problems: outcome.problems };
      const changed = changedUnits(review.plan, outcome.plan);
      return {
        ok: true,
        changed,
        review: {
          ...review, plan: outcome.plan, locks, excluded: [...excluded],
          log: [...review.log, { at: now, kind: 'recalculated', changed, base: outcome.plan.base }],
        },
      };
    },
  };
}
