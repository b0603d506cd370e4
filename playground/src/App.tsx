/**
 * The playground: a host of the target-kit plugin like any low-code platform. It loads the
 * default bundle through the plugin's public entry and shows the gallery or one template.
 */
import { ConfigProvider, Spin } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { BundleProblems } from './bundle/BundleProblems.js';
import { defaultBundle } from './bundle/defaultBundle.js';
import { Gallery } from './gallery/Gallery.js';
import { antdLocales, htmlLang } from './i18n/antdLocale.js';
import { useT } from './i18n/useT.js';
import { useRoute } from './routing/route.js';
import { AppShell } from './shell/AppShell.js';
import { theme } from './theme.js';

// Formily and the antd form components are only needed once a template is opened.
const Runner = lazy(() => import('./runner/Runner.js'));

export function App() {
  const { lang, t, pick } = useT();
  const route = useRoute();
  const loaded = defaultBundle;

  useEffect(() => {
    document.documentElement.lang = htmlLang[lang];
    document.title = loaded.ok ? `${pick(loaded.bundle.manifest.name)} · ${t('app.product')}` : t('app.product');
  }, [lang, loaded, pick, t]);

  const screen = !loaded.ok ? (
    <BundleProblems problems={loaded.problems} />
  ) : route.screen === 'template' ? (
    <Suspense fallback={<Spin size="large" tip={t('runner.loading')} className="runner-loading"><div /></Spin>}>
      <Runner key={route.templateId} bundle={loaded.bundle} templateId={route.templateId} />
    </Suspense>
  ) : (
    <Gallery manifest={loaded.bundle.manifest} templates={loaded.bundle.templates} />
  );

  return (
    <ConfigProvider locale={antdLocales[lang]} theme={theme}>
      <AppShell
        manifest={loaded.ok ? loaded.bundle.manifest : null}
        templates={loaded.ok ? loaded.bundle.templates : []}
        route={route}
      >
        {screen}
      </AppShell>
    </ConfigProvider>
  );
}
