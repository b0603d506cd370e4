/**
 * The audit trail as a hash chain: every entry carries the hash of the entry before it (the
 * first, a hash of the instance's identity) and the hash of its own content, so an entry
 * edited, dropped, reordered or moved to another instance breaks the chain at the first place
 * it was touched. Trails saved before entries were chained carry no hashes and are refused by
 * `checkTrail`; `replay(start, audit, { legacy: true })` is their migration.
 */
import { canonicalJson } from '../digest/canonical.js';
import { sha256Hex } from '../digest/sha256.js';
import type { AuditEntry, FlowInstance, Refusal } from './types.js';

type Identity = Pick<FlowInstance, 'id' | 'flowId' | 'ownerId' | 'unitId' | 'createdAt'>;

/** What the first entry's `prev` is: the instance's identity, which no action changes. */
export function genesisHash(instance: Identity): string {
  const { id, flowId, ownerId, unitId, createdAt } = instance;
  return sha256Hex(canonicalJson({ id, flowId, ownerId, unitId, createdAt }));
}

/** The hash of an entry's content: everything it records but its own hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: unknown }): string {
  const { hash: _own, ...content } = entry;
  return sha256Hex(canonicalJson(content));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function broken(pointer: string, zh: string, en: string, code = 'FLOW_AUDIT_BROKEN'): Refusal {
  return { code, pointer, message: { zh: `审计记录在 ${pointer || '/'} 处被改动：${zh}`, en: `the audit trail was altered at ${pointer || '/'}: ${en}` } };
}

export function unchained(pointer: string): Refusal {
  return {
    code: 'FLOW_AUDIT_UNCHAINED', pointer,
    message: {
      zh: `审计记录 ${pointer} 没有哈希链（保存于审计链之前），无法核验；请用 replay 的 legacy 选项重放迁移，或重新发起流程`,
      en: `audit entry ${pointer} carries no hash chain (saved before trails were chained) and cannot be verified; migrate it by replaying with the legacy option, or start the flow again`,
    },
  };
}

/**
 * Whether an instance's trail is whole: one entry per version, each linked to the one before,
 * each hash its content's, steps that follow on from each other, ending in the current state.
 * Null when it is; otherwise the refusal naming the first bad place.
 */
export function checkTrail(instance: FlowInstance, initial: string): Refusal | null {
  const audit: unknown = instance.audit;
  if (!Array.isArray(audit)) return broken('/audit', '不是数组', 'it is not an array');
  if (audit.length !== instance.version) {
    return broken('/audit', `实例为第 ${instance.version} 版，却只有 ${audit.length} 条记录`, `the instance is at version ${instance.version} but the trail holds ${audit.length} entries`);
  }
  let prev = genesisHash(instance);
  let state = initial;
  for (let i = 0; i < audit.length; i++) {
    const at = `/audit/${i}`;
    const entry: unknown = audit[i];
    if (!isRecord(entry)) return broken(at, '不是对象', 'it is not an object');
    if (typeof entry.hash !== 'string' || typeof entry.prev !== 'string') return unchained(at);
    if (entry.seq !== i + 1) return broken(`${at}/seq`, `应为 ${i + 1}`, `it should be ${i + 1}`);
    if (entry.version !== i) return broken(`${at}/version`, `应为 ${i}`, `it should be ${i}`);
    if (entry.prev !== prev) return broken(`${at}/prev`, '与前一条记录的哈希不符', 'it does not match the hash of the entry before');
    if (entry.from !== state) return broken(`${at}/from`, `应为 ${state}`, `it should be ${state}`);
    if (entry.hash !== entryHash(entry as unknown as AuditEntry)) return broken(`${at}/hash`, '与记录内容不符', 'it does not match the entry\'s content');
    if (!isRecord(entry.actor) || typeof entry.actor.id !== 'string') return broken(`${at}/actor`, '缺少操作人', 'the actor is missing');
    prev = entry.hash;
    state = String(entry.to);
  }
  if (instance.state !== state) return broken('/state', `审计记录止于 ${state}`, `the trail ends in ${state}`);
  return null;
}
