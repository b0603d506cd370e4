/** Each rule's examples, pass or fail, for the text as typed. */
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { authorText, type DefinedRule, type ExampleResult } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';

const show = (value: unknown) => JSON.stringify(value);
const outcome = (r: ExampleResult['expected'] | ExampleResult['got']) => ('error' in r ? r.error : show(r.value));

export function ExamplesPanel({ rules, examples }: { rules: readonly DefinedRule[]; examples: readonly ExampleResult[] }) {
  const { t, lang } = useT();
  const failed = examples.filter((e) => !e.pass).length;
  return (
    <Card
      size="small"
      title={t('editor.examples')}
      data-testid="examples-panel"
      extra={
        examples.length > 0 && (
          <Tag color={failed ? 'error' : 'success'} bordered={false} data-testid="examples-summary">
            {t('editor.examplesSummary', { passed: examples.length - failed, failed })}
          </Tag>
        )
      }
    >
      {rules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.noExamples')} />
      ) : (
        <Flex vertical gap={12} className="examples-list">
          {/* rules with a failing example first: that is what the author is looking for */}
          {[...rules].sort((a, b) => Number(examples.some((e) => e.ruleId === b.id && !e.pass)) - Number(examples.some((e) => e.ruleId === a.id && !e.pass))).map((rule) => {
            const own = examples.filter((e) => e.ruleId === rule.id);
            return (
              <div key={rule.id} className="examples-rule" data-testid="examples-rule" data-rule={rule.id}>
                <Space size={6}>
                  <Typography.Text code>{rule.id}</Typography.Text>
                  <Typography.Text type="secondary">{own.filter((e) => e.pass).length}/{own.length}</Typography.Text>
                </Space>
                {own.map((e) => (
                  <div key={e.index} className={`example-row ${e.pass ? 'pass' : 'fail'}`} data-testid="example" data-pass={e.pass}>
                    {e.pass ? <CheckCircleFilled className="example-pass" /> : <CloseCircleFilled className="example-fail" />}
                    <Typography.Text className="example-data" ellipsis={{ tooltip: show(rule.def.examples[e.index]?.data) }}>
                      {e.note !== undefined ? authorText(e.note, lang) : show(rule.def.examples[e.index]?.data)}
                    </Typography.Text>
                    <Typography.Text type={e.pass ? 'secondary' : 'danger'} className="example-outcome">
                      {e.pass ? `→ ${outcome(e.got)}` : t('editor.exampleFailed', { expected: outcome(e.expected), got: outcome(e.got) })}
                    </Typography.Text>
                    {/* a pinned example tests the logic at its own values; the others follow the bundle's parameters */}
                    {e.pins && (
                      <Tag bordered={false} data-testid="example-pins">
                        {t('editor.examplePins', { params: e.pins.map((p) => `${p} = ${JSON.stringify(rule.def.examples[e.index]?.params?.[p])}`).join(', ') })}
                      </Tag>
                    )}
                  </div>
                ))}
              </div>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}
