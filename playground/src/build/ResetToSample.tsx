/** "Reset to sample": throws the build away and starts again from templates/, after naming what it removes; the build before is kept for a restore. */
import { UndoOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useT } from '../i18n/useT.js';
import { useBuildStore } from './buildStore.js';
import { useConfirmLoss } from './confirmLoss.js';
import { buildLoss } from './loss.js';

export function ResetToSample({ type }: { type?: ButtonProps['type'] }) {
  const { t } = useT();
  const reset = useBuildStore((s) => s.resetToSample);
  const confirm = useConfirmLoss();
  return (
    <Button
      icon={<UndoOutlined />} type={type} data-testid="reset-to-sample"
      onClick={() => confirm({ title: t('loss.resetTitle'), items: buildLoss(useBuildStore.getState()), okText: t('store.reset'), onOk: reset })}
    >{t('store.reset')}</Button>
  );
}
