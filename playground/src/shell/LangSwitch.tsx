/** The zh/en switch in the header. Language names are shown in their own language. */
import { Segmented } from 'antd';
import type { Lang } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import { useLangStore } from '../stores/lang.js';

const OPTIONS: Array<{ value: Lang; label: string }> = [
  { value: 'zh', label: '中文' },
  { value: 'en', label: 'English' },
];

export function LangSwitch() {
  const { lang, t } = useT();
  const setLang = useLangStore((s) => s.setLang);
  return (
    <Segmented<Lang>
      aria-label={t('app.langSwitch')}
      data-testid="lang-switch"
      size="small"
      value={lang}
      options={OPTIONS}
      onChange={setLang}
    />
  );
}
