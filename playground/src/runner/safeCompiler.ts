/**
 * Strict-CSP guard. @formily/json-schema evaluates `{{ expression }}` strings in a schema with
 * code generated from strings, which hosts that forbid 'unsafe-eval' refuse (and which would run template
 * text as code). Templates may not contain such strings (the schema forbids x-reactions and the
 * loader refuses `{{`); if one slips through, this compiler refuses it by name instead of
 * generating code. The registry holds one compiler for the whole page, so this module runs once,
 * before the first schema is rendered.
 */
import { Schema } from '@formily/json-schema';

export class SchemaExpressionRefused extends Error {
  constructor(readonly expression: string) {
    super(
      `Schema expression {{${expression}}} refused: target-kit runs no code from templates ` +
        `(strict Content-Security-Policy). Use a template binding instead. / ` +
        `已拒绝表单中的表达式 {{${expression}}}：模板不能包含可执行代码，请改用模板绑定（bindings）。`,
    );
    this.name = 'SchemaExpressionRefused';
  }
}

// Formily calls the compiler as compile(expression, scope) for every string that is entirely
// `{{ ... }}`, and uses what it returns as the property value.
Schema.registerCompiler((expression: string) => {
  throw new SchemaExpressionRefused(expression.trim());
});
