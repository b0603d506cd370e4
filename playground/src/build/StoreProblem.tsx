/** The saved build cannot be read (damaged, or written by another version): say so and offer
 * the way out, instead of a blank page or a silently lost build. */
import { Result, Typography } from 'antd';
import type { StoreStatus } from './buildStore.js';
import { useT } from '../i18n/useT.js';
import { ResetToSample } from './ResetToSample.js';

export function StoreProblem({ status }: { status: Extract<StoreStatus, { kind: 'unreadable' }> }) {
  const { t } = useT();
  return (
    <div className="page" data-testid="store-problem" data-reason={status.reason}>
      <Result
        status="warning"
        title={t(`store.unreadable.${status.reason}`)}
        subTitle={t('store.unreadableHint')}
        extra={<ResetToSample type="primary" />}
      >
        <Typography.Text type="secondary">{t('store.detail')}</Typography.Text>{' '}
        <Typography.Text type="secondary" code data-testid="store-detail">{status.detail}</Typography.Text>
      </Result>
    </div>
  );
}
