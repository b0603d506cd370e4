/**
 * Beside the form: every binding of the template with the inputs it read and its current
 * result, or the problem when the rule cannot be evaluated. It observes the forms' values, so
 * it follows every edit as the fields do.
 */
import type { Form } from '@formily/core';
import { observer } from '@formily/react';
import { Alert, Badge, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import type { LoadedBundle } from '../../../plugin/index.js';
import type { Binding } from '../bundle/types.js';
import { useT } from '../i18n/useT.js';
import { bindingFormName, evaluateBinding, valueAt } from './evaluateBinding.js';
import { colourOf, formatValue } from './formatValue.js';
import type { RunnerForms } from './runnerForms.js';

const EFFECT_COLOR = { value: 'blue', visible: 'purple', validate: 'orange' } as const;

function fieldTitle(form: Form, path: string): string {
  const title = form.query(path).take()?.title;
  return typeof title === 'string' && title ? title : path;
}

interface BindingResultProps {
  binding: Binding;
  form: Form;
  rules: LoadedBundle['rules'];
}

const BindingResult = observer(({ binding, form, rules }: BindingResultProps) => {
  const { lang, t } = useT();
  const effect = binding.effect ?? 'value';
  const outcome = evaluateBinding(rules, binding, form.values);

  const result = (() => {
    if (!outcome.ok) {
      return (
        <Alert
          type="error"
          showIcon
          data-testid="binding-error"
          message={
            <>
              {t('runner.error', { message: outcome.problem.message[lang] })}{' '}
              <Typography.Text code>{outcome.problem.code}</Typography.Text>
            </>
          }
        />
      );
    }
    const text = formatValue(outcome.value, lang);
    const colour = colourOf(outcome.value);
    const verdict =
      effect === 'validate' ? t(outcome.value === false ? 'runner.validateFalse' : 'runner.validateTrue')
      : effect === 'visible' ? t(outcome.value ? 'runner.visibleTrue' : 'runner.visibleFalse')
      : undefined;
    return (
      <Space size={8}>
        {colour ? <Badge color={colour} /> : null}
        <Typography.Text strong data-testid="binding-value">{text}</Typography.Text>
        {verdict ? <Tag>{verdict}</Tag> : null}
      </Space>
    );
  })();

  return (
    <div className="binding-result" data-testid="binding-result" data-rule={binding.rule} data-target={binding.target}>
      <Space size={6} wrap className="binding-result-head">
        <Typography.Text code>{binding.rule}</Typography.Text>
        <Tag color={EFFECT_COLOR[effect]} bordered={false}>{t(`runner.effect.${effect}`)}</Tag>
        <Typography.Text type="secondary">→ {fieldTitle(form, binding.target)}</Typography.Text>
      </Space>
      <Descriptions
        size="small"
        column={1}
        colon={false}
        items={Object.entries(binding.inputs).map(([name, path]) => {
          const value = valueAt(form.values, path);
          return {
            key: name,
            label: <Typography.Text type="secondary">{name}</Typography.Text>,
            children: (
              <span>
                {value === undefined || value === null || value === '' ? t('runner.empty') : formatValue(value, lang)}
                <Typography.Text type="secondary" className="binding-input-field"> · {fieldTitle(form, path)}</Typography.Text>
              </span>
            ),
          };
        })}
      />
      <div className="binding-result-value">{result}</div>
    </div>
  );
});

interface ResultsPanelProps {
  bindings: readonly Binding[];
  formNames: readonly string[];
  forms: RunnerForms;
  rules: LoadedBundle['rules'];
}

export function ResultsPanel({ bindings, formNames, forms, rules }: ResultsPanelProps) {
  const { t } = useT();
  return (
    <Card title={t('runner.results')} size="small" data-testid="results-panel" className="results-panel">
      <Typography.Paragraph type="secondary">{t('runner.resultsHint')}</Typography.Paragraph>
      {bindings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runner.noBindings')} />
      ) : (
        bindings.map((binding, i) => {
          const form = forms[bindingFormName(binding, formNames) ?? ''];
          return form ? <BindingResult key={i} binding={binding} form={form} rules={rules} /> : null;
        })
      )}
    </Card>
  );
}
