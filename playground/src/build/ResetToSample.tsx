/** "Reset to sample": throws the build away (after asking) and starts again from templates/. */
import { UndoOutlined } from '@ant-design/icons';
import { Button, Popconfirm, type ButtonProps } from 'antd';
import { useT } from '../i18n/useT.js';
import { useBuildStore } from './buildStore.js';

export function ResetToSample({ type }: { type?: ButtonProps['type'] }) {
  const { t } = useT();
  const reset = useBuildStore((s) => s.resetToSample);
  return (
    <Popconfirm
      title={t('store.resetConfirmTitle')}
      description={t('store.resetConfirm')}
      okText={t('store.reset')}
      cancelText={t('common.cancel')}
      onConfirm={reset}
    >
      <Button icon={<UndoOutlined />} type={type} data-testid="reset-to-sample">{t('store.reset')}</Button>
    </Popconfirm>
  );
}
