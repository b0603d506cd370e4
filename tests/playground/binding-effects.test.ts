/**
 * The runner's binding effects on a headless Formily form (no DOM needed): `visible` shows a
 * field only while its rule is true, `validate` puts the binding's message on the field when
 * its rule is false, and both follow the inputs and the language. The bundle is built in
 * memory and loaded with the plugin, so the rules are real.
 */
import { observable } from '@formily/reactive';
import { describe, expect, it } from 'vitest';
import { loadBundle, type Lang } from '../../plugin/index.js';
import { createRunnerForms } from '../../playground/src/runner/runnerForms.js';

const manifest = {
  format: 1,
  id: 'binding-effects-test',
  name: { zh: '测试', en: 'Test' },
  version: '0.1.0',
  defaultLocale: 'zh-CN',
  requires: { plugin: '^0.1.0' },
  roles: [{ id: 'rep', name: { zh: '销售代表', en: 'Sales rep' } }],
  templates: ['t/template.json'],
  rules: ['rules.json'],
};

const rules = {
  rules: [
    {
      id: 'is-positive',
      description: { zh: '大于 0', en: 'greater than 0' },
      inputs: [{ name: 'x', type: 'number' }],
      output: { type: 'boolean' },
      logic: { '>': [{ var: 'x' }, 0] },
      examples: [{ data: { x: 1 }, expect: true }, { data: { x: 0 }, expect: false }],
    },
  ],
};

const template = {
  id: 'effects',
  title: { zh: '效果', en: 'Effects' },
  description: { zh: '绑定效果', en: 'Binding effects' },
  category: 'tracking',
  roles: ['rep'],
  forms: {
    main: {
      type: 'object',
      properties: {
        amount: { type: 'number', title: '金额', 'x-decorator': 'FormItem', 'x-component': 'NumberPicker' },
        reason: { type: 'string', title: '说明', 'x-decorator': 'FormItem', 'x-component': 'Input' },
      },
    },
  },
  rules: ['is-positive'],
  bindings: [
    { rule: 'is-positive', inputs: { x: 'amount' }, target: 'reason', effect: 'visible' },
    {
      rule: 'is-positive',
      inputs: { x: 'amount' },
      target: 'amount',
      effect: 'validate',
      message: { zh: '金额必须大于 0', en: 'The amount must be above 0' },
    },
  ],
  sampleData: { main: { amount: 5 } },
};

function setup() {
  const loaded = loadBundle({ 'bundle.json': manifest, 't/template.json': template, 'rules.json': rules });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems, null, 2));
  const lang = observable.ref<Lang>('zh');
  const form = createRunnerForms(loaded.bundle.templates[0]!.def, loaded.bundle, lang)['main']!;
  const amount = form.createField({ name: 'amount' });
  const reason = form.createField({ name: 'reason' });
  return { form, amount, reason, lang };
}

describe('binding effects', () => {
  it('visible: shows the target only while the rule is true', () => {
    const { amount, reason } = setup();
    expect(reason.visible).toBe(true);
    amount.setValue(-1);
    expect(reason.visible).toBe(false);
    amount.setValue(3);
    expect(reason.visible).toBe(true);
  });

  it('visible: hides the target when the rule cannot be decided (input empty)', () => {
    const { amount, reason } = setup();
    amount.setValue(null);
    expect(reason.visible).toBe(false);
  });

  it('validate: puts the message on the field when the rule is false, in the current language', () => {
    const { amount, lang } = setup();
    expect(amount.selfErrors).toEqual([]);
    amount.setValue(0);
    expect(amount.selfErrors).toEqual(['金额必须大于 0']);
    lang.value = 'en';
    expect(amount.selfErrors).toEqual(['The amount must be above 0']);
    amount.setValue(2);
    expect(amount.selfErrors).toEqual([]);
  });

  it('validate: an empty input is a warning that the check could not run, not an error', () => {
    const { amount } = setup();
    amount.setValue(undefined);
    expect(amount.selfErrors).toEqual([]);
    expect(amount.selfWarnings).toHaveLength(1);
  });
});
