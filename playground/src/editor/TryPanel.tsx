/** "Try it on a record": one rule of the file, a JSON record, and what the rule makes of it. */
import { Alert, Card, Empty, Flex, Input, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { parseJsonText, type DefinedRule } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';

const sampleRecord = (rule: DefinedRule | undefined) => JSON.stringify(rule?.def.examples[0]?.data ?? {}, null, 2);

export function TryPanel({ rules }: { rules: readonly DefinedRule[] }) {
  const { lang, t, pick } = useT();
  const [ruleId, setRuleId] = useState<string | undefined>(rules[0]?.id);
  const rule = rules.find((r) => r.id === ruleId) ?? rules[0];
  const [record, setRecord] = useState(() => sampleRecord(rule));

  // Another file, or the chosen rule gone from it: start again from the first rule.
  useEffect(() => {
    if (!rules.some((r) => r.id === ruleId)) {
      setRuleId(rules[0]?.id);
      setRecord(sampleRecord(rules[0]));
    }
  }, [rules, ruleId]);

  if (!rule) {
    return (
      <Card size="small" title={t('editor.try')} data-testid="try-panel">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.tryNoRule')} />
      </Card>
    );
  }

  const parsed = parseJsonText(record, 'record');
  const outcome = parsed.ok ? rule.evaluate(parsed.value) : undefined;

  return (
    <Card size="small" title={t('editor.try')} data-testid="try-panel">
      <Flex vertical gap={12}>
        <Select
          value={rule.id}
          onChange={(id) => {
            setRuleId(id);
            setRecord(sampleRecord(rules.find((r) => r.id === id)));
          }}
          options={rules.map((r) => ({ value: r.id, label: r.id }))}
          showSearch
          data-testid="try-rule"
          aria-label={t('editor.tryRule')}
        />
        <Typography.Text type="secondary">{pick(rule.def.description)}</Typography.Text>
        <Input.TextArea
          value={record}
          onChange={(e) => setRecord(e.target.value)}
          autoSize={{ minRows: 4, maxRows: 12 }}
          className="try-record"
          data-testid="try-record"
          aria-label={t('editor.tryRecord')}
          spellCheck={false}
        />
        {!parsed.ok ? (
          <Alert type="warning" showIcon message={parsed.problem.message[lang]} data-testid="try-result" data-ok="false" />
        ) : outcome?.ok ? (
          <Alert type="success" showIcon data-testid="try-result" data-ok="true" message={<>{t('editor.tryResult')} <Typography.Text code strong>{JSON.stringify(outcome.value)}</Typography.Text></>} />
        ) : (
          <Alert type="error" showIcon data-testid="try-result" data-ok="false" message={<>{outcome?.problem.message[lang]} <Typography.Text code>{outcome?.problem.code}</Typography.Text></>} />
        )}
      </Flex>
    </Card>
  );
}
