/** A screen the current persona has no access to: say so instead of showing it. */
import { Result } from 'antd';
import { useT } from '../i18n/useT.js';

export function NotForRole() {
  const { t } = useT();
  return (
    <div className="page" data-testid="not-for-role">
      <Result status="403" title={t('role.notAllowed')} subTitle={t('role.notAllowedHint')} />
    </div>
  );
}
