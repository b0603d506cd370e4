/**
 * The playground's Formily expression compiler refuses `{{ }}` instead of generating code, so
 * no template text can reach `new Function` (which a strict CSP forbids). Runs in Node: the
 * guard is plain module code.
 */
import { Schema } from '@formily/json-schema';
import { describe, expect, it } from 'vitest';
import { SchemaExpressionRefused } from '../../playground/src/runner/safeCompiler.js';

describe('safe schema compiler', () => {
  it('refuses a {{ }} expression by name', () => {
    expect(() => Schema.compile('{{ $self.value * 2 }}')).toThrow(SchemaExpressionRefused);
    expect(() => Schema.compile({ 'x-visible': '{{ false }}' })).toThrow(/\{\{false\}\} refused/);
  });

  it('leaves every other string alone', () => {
    expect(Schema.compile({ title: '实际完成 {not an expression}', enum: ['a', 'b'] })).toEqual({
      title: '实际完成 {not an expression}',
      enum: ['a', 'b'],
    });
  });
});
