/**
 * `target-kit replay --instance <file> --org <units>`: checks a saved flow instance against its
 * own audit trail. The trail's hash chain must be whole and every recorded step must give, when
 * run again through the bundle's flow, the `to`, the `changes` and the hashes it records; the
 * instance must end where the trail does. An altered trail is refused at its first altered
 * entry (file and JSON pointer). `--legacy --out` migrates a trail saved before the chain.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  buildOrgTree, readLevelCell, canonicalJson, createFlowRuntime, parseJsonText, problem, type FlowInstance, type Problem,
} from '../../../plugin/index.js';
import { writeFileAtomic } from '../atomic.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { NO_POSITIONALS, defineCommand } from '../command.js';
import { UsageError, say, write, type CommandContext, type Said } from '../context.js';
import { refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';

const replayHelp = {
  zh: `用法：target-kit replay --instance <实例.json> --org <组织文件> [--start <起点.json>] [--legacy --out <文件>] [--bundle <包>]

核验一个保存下来的流程实例：审计记录的哈希链须完整，每条记录按包中的流程重放后须得到它记下的 to、changes 与哈希，
实例须停在记录的终点（状态、版本、数据）。被改动的记录在第一处改动处被拒绝（文件与 JSON 指针），退出码 1。
--org 为组织单位表（id、parent_id、name，可选 level），用于范围检查。--start 为实例的起点（第 0 版）；缺省时由实例
与记录推出（被改动过的数据取第一次改动前的值）。--legacy 接受审计链之前保存的记录（仍逐条重放核对），
并以 --out 写出带哈希链的实例：旧记录的迁移。`,
  en: `Usage: target-kit replay --instance <instance.json> --org <units file> [--start <start.json>] [--legacy --out <file>] [--bundle <bundle>]

Checks a saved flow instance: its audit trail's hash chain must be whole, every entry replayed through the
bundle's flow must give the to, the changes and the hashes it records, and the instance must end where the
trail does (state, version, data). An altered trail is refused at its first altered entry (file and JSON
pointer), exit 1. --org is the org units table (id, parent_id, name, optionally level) for the scope checks.
--start is the instance's start (version 0); without it the start is derived from the instance and its trail
(every changed value taken as it was before its first change). --legacy accepts a trail saved before trails
were chained (still replayed and checked entry by entry) and --out writes the instance with a chained
trail: the migration of an old trail.`,
};

interface ReplayOptions {
  instance?: string;
  org?: string;
  start?: string;
  legacy?: boolean;
  out?: string;
  bundle?: string;
}

export const replayCommand = defineCommand({
  name: 'replay',
  synopsis: { zh: '--instance <实例> --org <组织>', en: '--instance <instance> --org <units>' },
  summary: { zh: '核验流程实例的审计记录（哈希链与逐条重放）', en: 'verify a flow instance\'s audit trail (hash chain and step-by-step replay)' },
  help: replayHelp,
  options: {
    instance: { type: 'string' }, org: { type: 'string' }, start: { type: 'string' }, legacy: { type: 'boolean' },
    out: { type: 'string' }, bundle: { type: 'string' },
  },
  positionals: NO_POSITIONALS,
  run: (ctx, values) => replay(ctx, values),
});

const REFUSED: Said = { zh: '审计记录未通过核验', en: 'the audit trail does not verify' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

async function readInstance(ctx: CommandContext, path: string): Promise<{ name: string; text: string; instance: FlowInstance }> {
  const name = basename(path);
  const text = await readFile(resolve(ctx.cwd, path), 'utf8');
  const parsed = parseJsonText(text, name);
  if (!parsed.ok) return refuse(ctx, [parsed.problem], REFUSED);
  const v = parsed.value;
  const bad = !isRecord(v) ? '' : ['id', 'flowId', 'state', 'ownerId', 'unitId', 'createdAt'].find((k) => typeof v[k] !== 'string')
    ?? (typeof v.version !== 'number' ? 'version' : !isRecord(v.data) ? 'data' : !Array.isArray(v.audit) ? 'audit' : undefined);
  if (bad !== undefined) {
    return refuse(ctx, [problem('FLOW_INSTANCE', name, bad ? `/${bad}` : '', { zh: '不是流程实例（缺少或类型不对）', en: 'not a flow instance (missing or of the wrong type)' })], REFUSED);
  }
  return { name, text, instance: v as unknown as FlowInstance };
}

/** The start a trail implies: the instance before its first step, each changed path at its first `before`. */
function derivedStart(instance: FlowInstance, initial: string): FlowInstance {
  const data = structuredClone(instance.data);
  const seen = new Set<string>();
  for (const entry of instance.audit) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      if (seen.has(change.path)) continue;
      seen.add(change.path);
      const keys = change.path.split('.');
      let cur: Record<string, unknown> = data;
      for (const key of keys.slice(0, -1)) {
        if (!isRecord(cur[key])) cur[key] = {};
        cur = cur[key] as Record<string, unknown>;
      }
      cur[keys[keys.length - 1] as string] = structuredClone(change.before);
    }
  }
  return { ...instance, state: initial, version: 0, data, due: null, audit: [] };
}

async function replay(ctx: CommandContext, o: ReplayOptions): Promise<void> {
  if (!o.instance) throw new UsageError(say(ctx, '缺少 --instance', '--instance is required'));
  if (!o.org) throw new UsageError(say(ctx, '缺少 --org', '--org is required'));
  if (o.out && !o.legacy) throw new UsageError(say(ctx, '--out 只与 --legacy 一起使用（迁移旧记录）', '--out goes with --legacy (migrating an old trail)'));
  const { bundle } = await loadBundleOrFail(ctx, o.bundle);
  const { name, text, instance } = await readInstance(ctx, o.instance);
  const flow = bundle.flows.find((f) => f.def.id === instance.flowId);
  if (!flow) return refuse(ctx, [problem('FLOW_UNKNOWN', name, '/flowId', { zh: `包中没有流程 ${instance.flowId}`, en: `the bundle has no flow ${instance.flowId}` })], REFUSED);

  const table = await tableOrFail(ctx, o.org, { name: basename(o.org), refusal: REFUSED });
  const badLevels: Problem[] = [];
  const units = table.rows.map(({ line, record }) => {
    const { level, problem: badLevel } = readLevelCell(record.level, table.name, line);
    if (badLevel) badLevels.push(badLevel);
    return {
      id: String(record.id ?? '').trim(), parentId: String(record.parent_id ?? '').trim() || null, name: String(record.name ?? record.id ?? ''), row: line,
      ...(level ? { level } : {}),
    };
  });
  if (badLevels.length) return refuse(ctx, badLevels, REFUSED);
  const built = buildOrgTree(units, table.name);
  if (!built.ok) return refuse(ctx, built.problems, REFUSED);

  const runtime = createFlowRuntime(flow.def, built.tree, bundle);
  const start = o.start ? (await readInstance(ctx, o.start)).instance : derivedStart(instance, flow.def.initial);
  const texts = new Map([[name, text]]);
  const result = runtime.replay(start, instance.audit, { legacy: Boolean(o.legacy) });
  if (!result.ok) {
    const at: Problem = problem(result.refusal.code, name, result.refusal.pointer ?? '', result.refusal.message);
    return refuse(ctx, [at], REFUSED, texts);
  }
  const rebuilt = result.instance;
  const ends: Problem[] = (['state', 'version', 'data'] as const)
    .filter((k) => canonicalJson(rebuilt[k]) !== canonicalJson(instance[k]))
    .map((k) => problem('FLOW_AUDIT_BROKEN', name, `/${k}`, {
      zh: `实例的 ${k} 与审计记录重放的结果（${canonicalJson(rebuilt[k]).slice(0, 120)}）不符`,
      en: `the instance's ${k} differs from what replaying its trail gives (${canonicalJson(rebuilt[k]).slice(0, 120)})`,
    }));
  if (ends.length) return refuse(ctx, ends.slice(0, 1), REFUSED, texts);
  if (o.out) await writeFileAtomic(resolve(ctx.cwd, o.out), `${JSON.stringify({ ...instance, audit: rebuilt.audit }, null, 2)}\n`);
  await write(ctx.stdout, say(ctx,
    `核验通过：${name}（${instance.flowId}）${instance.audit.length} 条记录，哈希链完整，逐条重放一致，止于 ${rebuilt.state}${o.out ? `；已写出带哈希链的实例 ${o.out}` : ''}\n`,
    `verified: ${name} (${instance.flowId}), ${instance.audit.length} entries, the hash chain whole, every step replays as recorded, ending in ${rebuilt.state}${o.out ? `; wrote the instance with a chained trail to ${o.out}` : ''}\n`));
}
