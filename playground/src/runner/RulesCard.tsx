/** The rules a template uses: id and what each computes, from the rule files themselves. */
import { Card, Empty, List, Typography } from 'antd';
import type { LoadedBundle } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';

export function RulesCard({ ruleIds, rules }: { ruleIds: readonly string[]; rules: LoadedBundle['rules'] }) {
  const { t, pick } = useT();
  return (
    <Card title={t('runner.rulesUsed')} size="small" data-testid="rules-used">
      {ruleIds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runner.noRules')} />
      ) : (
        <List
          size="small"
          split={false}
          dataSource={[...ruleIds]}
          renderItem={(id) => {
            const rule = rules.get(id);
            return (
              <List.Item className="rule-item" data-rule={id}>
                <List.Item.Meta
                  title={<Typography.Text code>{id}</Typography.Text>}
                  description={rule ? pick(rule.def.description) : t('runner.unknownRule', { rule: id })}
                />
              </List.Item>
            );
          }}
        />
      )}
    </Card>
  );
}
