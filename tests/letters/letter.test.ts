import { describe, expect, it } from 'vitest';
import {
  composeLetter, letterHtml, loadBundle, signLetter, signatureValid,
  type LetterFields, type LetterTemplate, type Signature,
} from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const letters = loaded.bundle.parameters.letters as { commitment: LetterTemplate; company: { zh: string }; bonusTerms: { zh: string } };

const fields: LetterFields = {
  unitId: 'east', unitName: '华东大区', headName: '孙伟', headId: 'u-sun', period: '2026-Q2',
  base: 800_000_000, stretch: 1_200_000_000, bonusTerms: letters.bonusTerms.zh, company: letters.company.zh,
};

describe('commitment letter', () => {
  it('fills the template with exact, grouped amounts', () => {
    const letter = composeLetter(letters.commitment, fields, 'zh');
    expect(letter.content.title).toBe('2026-Q2 销售目标承诺书');
    expect(letter.content.paragraphs.join('\n')).toContain('8,000,000.00 元');
    expect(letter.content.paragraphs.join('\n')).toContain('12,000,000.00 元');
    expect(letter.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(composeLetter(letters.commitment, fields, 'en').content.paragraphs[2]).toBe('1. The Base target is CNY 8,000,000.00; I will lead the team to reach it in full.');
  });

  it('a signature binds the numbers: any change voids it', () => {
    const letter = composeLetter(letters.commitment, fields, 'zh');
    const signed = signLetter(letter, { id: 'u-sun' }, '2026-04-03T10:00:00+08:00');
    if (!signed.ok) throw new Error(signed.message.en);
    expect(signed.signature).toEqual({ signerId: 'u-sun', name: '孙伟', at: '2026-04-03T10:00:00+08:00', hash: letter.hash });
    expect(signatureValid(letter, signed.signature)).toBe(true);
    const changed = composeLetter(letters.commitment, { ...fields, base: 800_000_001 }, 'zh');
    expect(changed.hash).not.toBe(letter.hash);
    expect(signatureValid(changed, signed.signature)).toBe(false);
    const tampered = { ...letter, content: { ...letter.content, stretch: 1 } };
    expect(signatureValid(tampered, signed.signature)).toBe(false);
  });

  it('only the unit head signs, as the host authenticated him, at a valid time', () => {
    const letter = composeLetter(letters.commitment, fields, 'zh');
    expect(signLetter(letter, { id: ' ' }, '2026-04-03T10:00:00+08:00').ok).toBe(false);
    expect(signLetter(letter, { id: 'u-li' }, '2026-04-03T10:00:00+08:00').ok).toBe(false);
    expect(signLetter(letter, { id: 'u-sun' }, 'yesterday').ok).toBe(false);
  });

  it('a region head cannot sign his team lead\'s letter, whatever name he gives', () => {
    const lead = composeLetter(letters.commitment, { ...fields, unitId: 'east-1', unitName: '华东一组', headName: '陈明', headId: 'u-chen' }, 'zh');
    const r = signLetter(lead, { id: 'u-sun' }, '2026-04-03T10:00:00+08:00');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.en).toContain('only the unit head (陈明)');
    // nor does a signature made out in the lead's id but for another letter's head hold
    const forged: Signature = { signerId: 'u-sun', name: '陈明', at: '2026-04-03T10:00:00+08:00', hash: lead.hash };
    expect(signatureValid(lead, forged)).toBe(false);
  });

  it('with the host\'s key, numbers changed and every hash recomputed no longer verify', () => {
    const key = 'host-secret-1';
    const letter = composeLetter(letters.commitment, fields, 'zh');
    const signed = signLetter(letter, { id: 'u-sun' }, '2026-04-03T10:00:00+08:00', key);
    if (!signed.ok) throw new Error(signed.message.en);
    expect(signed.signature.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureValid(letter, signed.signature, key)).toBe(true);
    // the attacker edits the numbers, recomputes the letter's hash and the signature's hash
    const edited = composeLetter(letters.commitment, { ...fields, base: 1_00 }, 'zh');
    const rehashed: Signature = { ...signed.signature, hash: edited.hash };
    expect(signatureValid(edited, rehashed, key)).toBe(false);
    // without the key he cannot make the MAC: one made with another key, or none, fails
    const other = signLetter(edited, { id: 'u-sun' }, '2026-04-03T10:00:00+08:00', 'guessed');
    if (!other.ok) throw new Error(other.message.en);
    expect(signatureValid(edited, other.signature, key)).toBe(false);
    const { mac: _dropped, ...unkeyed } = rehashed;
    expect(signatureValid(edited, unkeyed, key)).toBe(false);
    // a keyed signature is not taken on trust where the key is missing
    expect(signatureValid(letter, signed.signature)).toBe(false);
    // nor is another signer's or another time's MAC reusable
    expect(signatureValid(letter, { ...signed.signature, at: '2026-04-04T10:00:00+08:00' }, key)).toBe(false);
  });

  it('renders escaped, print-ready HTML', () => {
    const letter = composeLetter(letters.commitment, { ...fields, unitName: '华东<script>' }, 'zh');
    const html = letterHtml(letter);
    expect(html).toContain('@page { size: A4;');
    expect(html).toContain('华东&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain(letter.hash);
  });

  it('the bundle refuses a letter template with an unknown field', () => {
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const broken = clone(files);
    broken['parameters/letters.json'].parameters.letters.commitment.zh.paragraphs[1] = '本人{boss}';
    const r = loadBundle(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'LETTER_UNKNOWN_FIELD', file: 'parameters/letters.json', pointer: '/parameters/letters/commitment/zh/paragraphs/1' });
  });
});
