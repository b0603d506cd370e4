/**
 * What a host needs around an appeal (申诉) of the plan review besides the flow step itself:
 * the amounts a partial approval (部分批准) may take, and the evidence (依据) an appeal carries
 * (a text plus attached files) with the size limit a host that keeps files with its data
 * applies. The flow (allocation-review) still decides every step; these only let a screen say
 * the bounds and the limit before a step is refused.
 */
import type { FlowInstance } from '../flow/index.js';
import { parseYuan, type Fen } from '../money/money.js';
import type { Problem } from '../problems.js';

/**
 * The lowest and highest Base a partial approval of this appealed instance may grant: the
 * current Base and the requested one, in either order, both included. This is the interval the
 * flow's guard (rule partial-approval-in-range) accepts; a test keeps the two in step.
 * Null when the instance holds no appeal.
 */
export function partialApprovalRange(instance: FlowInstance): { low: Fen; high: Fen } | null {
  const base = parseYuan(instance.data.base);
  const requested = parseYuan(instance.data.requestedBase);
  if (base === null || requested === null) return null;
  return { low: Math.min(base, requested), high: Math.max(base, requested) };
}

/** A file attached as evidence: its content as a data URL, so it is stored with the instance. */
export interface EvidenceFile {
  name: string;
  type: string;
  size: number;
  content: string;
}

interface EvidenceLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Most files on one appeal. */
  maxFiles: number;
}

/**
 * Files are kept inside the flow instance and its audit trail (each stored twice), in a
 * browser's IndexedDB or a host's database row: a scan or a photo of a contract fits, a video
 * does not.
 */
export const EVIDENCE_LIMITS: EvidenceLimits = { maxFileBytes: 1024 * 1024, maxFiles: 5 };

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/**
 * The evidence payload of an appeal: the text first (when not blank), then the files. Refused
 * whole when a file is empty or too large, or there are too many, each problem naming the file
 * by its place in the list (`/files/<i>`) and its name.
 */
export function appealEvidence(
  text: string,
  files: readonly EvidenceFile[],
  limits: EvidenceLimits = EVIDENCE_LIMITS,
): { ok: true; evidence: (string | EvidenceFile)[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const place = (i: number, code: string, zh: string, en: string) =>
    problems.push({ code, file: 'evidence', pointer: `/files/${i}`, severity: 'error', message: { zh, en } });
  if (files.length > limits.maxFiles) {
    place(limits.maxFiles, 'EVIDENCE_TOO_MANY', `最多附 ${limits.maxFiles} 个文件，现有 ${files.length} 个`, `at most ${limits.maxFiles} files may be attached; there are ${files.length}`);
  }
  files.forEach((f, i) => {
    if (f.size > limits.maxFileBytes) {
      place(i, 'EVIDENCE_TOO_LARGE', `文件“${f.name}”有 ${size(f.size)}，超过单个文件上限 ${size(limits.maxFileBytes)}`, `file "${f.name}" is ${size(f.size)}, above the limit of ${size(limits.maxFileBytes)} a file`);
    } else if (f.size === 0 || f.content.trim() === '') {
      place(i, 'EVIDENCE_EMPTY', `文件“${f.name}”是空的`, `file "${f.name}" is empty`);
    }
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, evidence: [...(text.trim() ? [text.trim()] : []), ...files] };
}

/** The evidence of an appeal read back: its texts and its files, whatever form it was stored in. */
export function evidenceParts(evidence: unknown): { texts: string[]; files: EvidenceFile[] } {
  const items = Array.isArray(evidence) ? evidence : evidence === undefined || evidence === null ? [] : [evidence];
  const texts: string[] = [];
  const files: EvidenceFile[] = [];
  for (const item of items) {
    if (typeof item === 'string') { if (item.trim()) texts.push(item); continue; }
    if (typeof item !== 'object' || item === null) continue;
    const f = item as Record<string, unknown>;
    const name = typeof f.name === 'string' ? f.name : typeof f.filename === 'string' ? f.filename : '';
    if (!name) continue;
    files.push({ name, type: typeof f.type === 'string' ? f.type : '', size: typeof f.size === 'number' ? f.size : 0, content: typeof f.content === 'string' ? f.content : '' });
  }
  return { texts, files };
}
