/**
 * The one confirmation every destructive action asks: what it does, what it removes (counted),
 * and that the state before is kept for a restore. One question, never a second one.
 */
import { App, Typography } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { useT } from '../i18n/useT.js';
import type { LossItem } from './loss.js';

const grouped = new Intl.NumberFormat('en-US');

interface LossQuestion {
  title: string;
  /** What the action does, besides removing things. */
  what?: ReactNode;
  items: readonly LossItem[];
  okText: string;
  onOk: () => void;
}

export function useConfirmLoss(): (q: LossQuestion) => void {
  const { modal } = App.useApp();
  const { t } = useT();
  return useCallback(({ title, what, items, okText, onOk }: LossQuestion) => {
    modal.confirm({
      title,
      okText,
      cancelText: t('common.cancel'),
      okButtonProps: { danger: items.length > 0, className: 'confirm-loss-ok' },
      width: 520,
      content: (
        <div data-testid="confirm-loss">
          {what && <Typography.Paragraph data-testid="confirm-what">{what}</Typography.Paragraph>}
          {items.length > 0 ? (
            <>
              <Typography.Text strong>{t('loss.removes')}</Typography.Text>
              <ul className="loss-list">
                {items.map((i) => <li key={i.key} data-testid="loss-item" data-kind={i.key} data-count={i.count}>{t(i.key, { count: grouped.format(i.count) })}</li>)}
              </ul>
            </>
          ) : <Typography.Paragraph>{t('loss.nothingLost')}</Typography.Paragraph>}
          <Typography.Text type="secondary">{t('loss.kept')}</Typography.Text>
        </div>
      ),
      onOk,
    });
  }, [modal, t]);
}
