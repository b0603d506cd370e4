/** How a step reads an appeal's evidence: files and words, as plain JSON the audit trail can verify. */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../plugin/index.js';
import { withEvidenceWords } from '../../hosts/nocobase/plugin/src/server/appeals.js';

describe('withEvidenceWords', () => {
  it('reads attachments as files plus the words beside them, with no Date left to hash differently once stored', () => {
    const at = new Date('2026-12-07T04:48:02.653Z');
    const record = {
      id: 1, reason: 'r', evidenceNote: '附政府通知',
      evidence: [{ id: 2, title: '通知', filename: '通知-1.txt', url: '/files/2.txt', createdAt: at, t_join: { createdAt: at, f_record_id: 1 } }],
    };
    const read = withEvidenceWords(record, ['evidence']);
    expect(read.evidence).toEqual([{ id: 2, title: '通知', filename: '通知-1.txt', url: '/files/2.txt' }, '附政府通知']);
    // what is hashed now is what the stored trail reads back
    expect(canonicalJson(read)).toBe(canonicalJson(JSON.parse(JSON.stringify(read))));
    expect(withEvidenceWords({ evidenceNote: '  ' }, ['evidence']).evidence).toEqual([]);
  });
});
