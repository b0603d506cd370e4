/**
 * Workflow node `target-kit-rule` (规则节点): evaluates a bundle rule on the workflow's record
 * and branches like NocoBase's condition node: a truthy result runs the branch with
 * branchIndex 1, a falsy one the branch with branchIndex 0; without branches the flow simply
 * continues. The job keeps the rule's result; a rule that cannot be evaluated (missing or
 * mistyped input, unknown rule) ends the job in ERROR with our code and message.
 *
 * With `step` instead of a rule, the node is a transition's gate: the flow runtime decides
 * whether the user who asked for the record's `tk_action` may take it (role, scope, no
 * self-approval, required fields, guard), the node writes the new state or the refusal into
 * the record itself, and its result names the users who decide next (the manual node's
 * assignees). Users cannot write the state; only this node does.
 *
 * Registered as a plain object: the workflow plugin accepts any object with run/resume, so
 * nothing here depends on its classes at run time. The shapes below are the parts of its
 * Processor and node models that this node reads (plugin-workflow 2.x).
 */
import { truthy } from '../../../../../plugin/index.js';
import type { RuleStore } from './rule-store.js';
import { decidersOf, stepRecord, type HostUser } from './flow-guard.js';
import { ACTOR_FIELD } from '../../../contract.js';

export { RULE_NODE_TYPE as INSTRUCTION_TYPE } from '../../../contract.js';

/** plugin-workflow's JOB_STATUS values (dist/server/constants.js). */
const JOB_STATUS = { PENDING: 0, RESOLVED: 1, ERROR: -2 } as const;

interface RuleNodeConfig {
  rule?: unknown;
  /** rule input → field name on the record (or a `{{…}}` workflow variable). */
  inputs?: unknown;
  /**
   * Instead of a rule: a flow's inline guard, evaluated on `{ payload, instance }`, both the
   * record (the importer maps a flow's guard this way; in NocoBase the request is the record).
   */
  logic?: unknown;
  /** Instead of a rule: take the transition the record asks for on this collection. */
  step?: { collection?: unknown };
}

/** What a step node needs from NocoBase: users, the record, and a write only it may make. */
export interface StepHost {
  user(id: string | number): Promise<HostUser | undefined>;
  /** Users holding any of these NocoBase roles. */
  usersWithRoles(roleNames: string[]): Promise<HostUser[]>;
  fields(collection: string): ReadonlySet<string>;
  read(collection: string, id: unknown): Promise<Record<string, unknown> | undefined>;
  /**
   * Writes the step's values; a write that acts on other records (a decided appeal re-balancing
   * its targets) may refuse, and then writes the refusal instead and returns it.
   */
  write(collection: string, id: unknown, values: Record<string, unknown>): Promise<{ code: string; message: { zh: string; en: string } } | undefined | void>;
  now(): string;
  /** The plugin's signing secret: a letter signed by a step carries a MAC made with it. */
  secret?(): Promise<string>;
}

interface FlowNode {
  id: number | string;
  key: string;
  upstreamId: number | string | null;
  branchIndex: number | null;
  config: RuleNodeConfig | null;
}

interface Job {
  id?: number | string;
  status: number;
  result?: unknown;
  [key: string]: unknown;
}

interface Processor {
  execution: { context: unknown };
  nodes: FlowNode[];
  saveJob(job: Job): Job;
  run(node: FlowNode, input: Job): Promise<unknown>;
  exit(status?: number): Promise<unknown>;
  findBranchParentJob(job: Job, node: FlowNode): Job | null;
  getParsedValue(value: unknown, sourceNodeId: number | string): unknown;
}

interface RuleInstruction {
  run(node: FlowNode, prevJob: Job | null, processor: Processor): Promise<Job | undefined>;
  resume(node: FlowNode, branchJob: Job, processor: Processor): Promise<unknown>;
}

/** The record a collection trigger started the workflow with. */
function triggerRecord(processor: Processor): Record<string, unknown> {
  const context = processor.execution.context;
  const data = typeof context === 'object' && context !== null ? (context as { data?: unknown }).data : undefined;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Record<string, unknown>;
  return {};
}

function readPath(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The data the rule sees: the mapped fields, or the whole record when no mapping is given. */
function ruleData(config: RuleNodeConfig, record: Record<string, unknown>, variable: (expr: string) => unknown): unknown {
  const { inputs } = config;
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) return record;
  const data: Record<string, unknown> = {};
  for (const [input, source] of Object.entries(inputs as Record<string, unknown>)) {
    if (typeof source !== 'string') continue;
    data[input] = source.includes('{{') ? variable(source) : readPath(record, source);
  }
  return data;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: { zh: string; en: string } } };

/** The transition the record asks for, decided by the flow and written by this node. */
async function step(store: RuleStore, host: StepHost | undefined, collection: unknown, snapshot: Record<string, unknown>): Promise<Outcome> {
  const active = store.current;
  const runtime = typeof collection === 'string' ? active?.guard.flowOf(collection) : undefined;
  if (!active || !host || !runtime || typeof collection !== 'string') {
    return { ok: false, error: { code: 'FLOW_UNKNOWN', message: { zh: `规则包中没有集合 ${String(collection)} 的流程`, en: `the bundle has no flow for collection ${String(collection)}` } } };
  }
  // the stored record, not the trigger's copy: an earlier step may have moved it since
  const record = (await host.read(collection, snapshot.id)) ?? snapshot;
  const actorId = record[ACTOR_FIELD];
  const user = typeof actorId === 'string' || typeof actorId === 'number' ? await host.user(actorId) : undefined;
  const actor = user ? active.guard.actorOf(user) : null;
  const letters = active.guard.letterOf(collection);
  const key = letters && host.secret ? await host.secret() : undefined;
  const outcome = stepRecord(runtime, record, actor, host.fields(collection), host.now(), key, letters);
  const refused = await host.write(collection, record.id, outcome.values);
  if (refused) return { ok: true, result: { ok: false, code: refused.code, message: refused.message.zh, messageEn: refused.message.en } };
  if (!outcome.ok) return { ok: true, result: { ok: false, code: outcome.code, message: outcome.message.zh, messageEn: outcome.message.en } };
  const roleNames = [...new Set(runtime.def.transitions.flatMap((t) => t.roles))].flatMap((id) => active.guard.roleNamesOf(id));
  const users = await host.usersWithRoles(roleNames);
  // NocoBase's ids as NocoBase has them: the manual node compares assignees with the user's id by ===
  const hostId = new Map(users.map((u) => [String(u.id), u.id]));
  const deciders = decidersOf(runtime, outcome.instance, users.map((u) => active.guard.actorOf(u))).map((id) => hostId.get(id) ?? id);
  return { ok: true, result: { ok: true, to: outcome.to, deciders } };
}

export function createRuleInstruction(store: RuleStore, ready: () => Promise<void>, host?: StepHost): RuleInstruction {
  return {
    async run(node, prevJob, processor) {
      await ready();
      const config = node.config ?? {};
      const base = { nodeId: node.id, nodeKey: node.key, upstreamId: prevJob?.id ?? null };
      const record = triggerRecord(processor);
      const outcome: Outcome = config.step !== undefined
        ? await step(store, host, config.step.collection, record)
        : config.logic !== undefined
        ? store.evaluateLogic(config.logic, { payload: record, instance: record })
        : store.evaluate(typeof config.rule === 'string' ? config.rule : '', ruleData(config, record, (expr) => processor.getParsedValue(expr, node.id)));
      if (!outcome.ok) {
        return {
          ...base,
          status: JOB_STATUS.ERROR,
          result: { code: outcome.error.code, message: outcome.error.message.zh, messageEn: outcome.error.message.en },
        };
      }
      const job: Job = { ...base, status: JOB_STATUS.RESOLVED, result: outcome.result };
      // a step branches on whether the transition was taken, not on its (always truthy) report
      const taken = config.step !== undefined ? (outcome.result as { ok: boolean }).ok : truthy(outcome.result);
      const branchIndex = taken ? 1 : 0;
      const branch = processor.nodes.find((n) => n.upstreamId === node.id && n.branchIndex === branchIndex);
      if (!branch) return job;
      const saved = processor.saveJob(job);
      await processor.run(branch, saved);
      return undefined;
    },

    async resume(node, branchJob, processor) {
      const job = processor.findBranchParentJob(branchJob, node);
      if (branchJob.status === JOB_STATUS.RESOLVED) return job;
      if (branchJob.status === JOB_STATUS.PENDING) return processor.exit(branchJob.status);
      return branchJob;
    },
  };
}
