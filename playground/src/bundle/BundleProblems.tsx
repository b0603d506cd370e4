/** What the app shows instead of the gallery when the bundle does not load: every problem. */
import { Alert, Flex, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatProblem, type Problem } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';

export function BundleProblems({ problems, extra }: { problems: readonly Problem[]; extra?: ReactNode }) {
  const { lang, t } = useT();
  return (
    <div className="page" data-testid="bundle-problems">
      <Result status="error" title={t('bundle.invalid')} subTitle={t('bundle.invalidHint')} extra={extra} />
      <Flex vertical gap={8}>
        {problems.map((p, i) => (
          <Alert
            key={i}
            type={p.severity === 'error' ? 'error' : 'warning'}
            showIcon
            message={<Typography.Text code>{p.code}</Typography.Text>}
            description={formatProblem(p, lang)}
          />
        ))}
      </Flex>
    </div>
  );
}
