/**
 * The way back from the last destructive action: the build before it is kept in the store
 * (persisted, so a reload keeps it too) and one click brings it back; the build it replaces
 * becomes the one to restore, so a restore is never a loss either.
 */
import { Alert, App, Button } from 'antd';
import { useState } from 'react';
import { useT } from '../i18n/useT.js';
import { useBuildStore } from './buildStore.js';

export function UndoBar() {
  const { t, lang } = useT();
  const { message } = App.useApp();
  const undo = useBuildStore((s) => s.undo);
  const restoreLast = useBuildStore((s) => s.restoreLast);
  // closing hides the bar until the next destructive action, not the state kept
  const [closedAt, setClosedAt] = useState<string | null>(null);
  if (!undo || closedAt === undo.at) return null;
  const action = t(`undo.action.${undo.action}`);
  const at = new Date(undo.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
  return (
    <Alert
      type="info" showIcon closable className="undo-bar" data-testid="undo-bar" data-action={undo.action}
      onClose={() => setClosedAt(undo.at)}
      message={t('undo.last', { action, at })}
      action={<Button size="small" data-testid="restore-last" onClick={() => { restoreLast(); void message.success(t('undo.restored', { action })); }}>{t('undo.restore')}</Button>}
    />
  );
}
