/**
 * The playground: a host of the target-kit plugin like any low-code platform. It loads the
 * build's bundle (the sample bundle, or an imported one, with the user's edits) through the
 * plugin's public entry and shows the gallery, one template, or one screen of the registry
 * (screens/registry.ts: the build composer, the rule editor, the work screens) if the persona's
 * role may open it.
 */
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useBuildStore, useStoreStatus } from './build/buildStore.js';
import { fetchBundleChunks } from './build/chunkGate.js';
import { useWorkspace } from './build/workspace.js';
import { Gallery } from './gallery/Gallery.js';
import { sampleGallery } from './gallery/sampleGallery.js';
import { antdLocales, htmlLang } from './i18n/antdLocale.js';
import { useT } from './i18n/useT.js';
import { useRoute } from './routing/useRoute.js';
import { AppShell } from './shell/AppShell.js';
import { mayOpen, mayOpenTemplates } from './roles/access.js';
import { screenOf } from './screens/registry.js';
import { usePersonaStore } from './stores/persona.js';
import { theme } from './theme.js';

// Formily and the antd form components are only needed once a template is opened; every screen
// of the registry (composer, rule editor, work screens) is loaded on demand too.
const Runner = lazy(() => import('./runner/Runner.js'));
// What is shown only when something is wrong or not allowed (antd's Result with its pictures,
// the problem list and its formatter), on demand: a normal first load never needs them.
const StoreProblem = lazy(() => import('./build/StoreProblem.js').then((m) => ({ default: m.StoreProblem })));
const BundleProblems = lazy(() => import('./bundle/BundleProblems.js').then((m) => ({ default: m.BundleProblems })));
const ResetToSample = lazy(() => import('./build/ResetToSample.js').then((m) => ({ default: m.ResetToSample })));
// Only after a destructive action is there anything to restore.
const UndoBar = lazy(() => import('./build/UndoBar.js').then((m) => ({ default: m.UndoBar })));
const NotForRole = lazy(() => import('./shell/NotForRole.js').then((m) => ({ default: m.NotForRole })));

/** Whether the saved build has been read (IndexedDB), so its base and edits are known. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(() => useBuildStore.persist.hasHydrated());
  useEffect(() => {
    if (useBuildStore.persist.hasHydrated()) setHydrated(true);
    return useBuildStore.persist.onFinishHydration(() => setHydrated(true));
  }, []);
  return hydrated;
}

function Loading({ tip }: { tip: string }) {
  return <Spin size="large" tip={tip} className="runner-loading"><div /></Spin>;
}

export function App() {
  const { lang, t, pick } = useT();
  const route = useRoute();
  const status = useStoreStatus((s) => s.status);
  const workspace = useWorkspace();
  const generation = useBuildStore((s) => s.generation);
  const loaded = workspace.result;
  const persona = usePersonaStore((s) => s.persona);
  const restorable = useBuildStore((s) => s.undo !== null);
  const hydrated = useHydrated();
  const base = useBuildStore((s) => s.base);
  const edits = useBuildStore((s) => s.edits);

  // the bundle's chunks once the saved build is read and the first screen it gives has painted (build/chunkGate.ts)
  const settled = hydrated || status.kind !== 'loading';
  useEffect(() => {
    if (!settled) return undefined;
    const frame = requestAnimationFrame(() => setTimeout(fetchBundleChunks, 0));
    // a tab opened in the background paints no frame: its chunks come anyway
    const fallback = setTimeout(fetchBundleChunks, 250);
    return () => { cancelAnimationFrame(frame); clearTimeout(fallback); };
  }, [settled]);

  useEffect(() => {
    document.documentElement.lang = htmlLang[lang];
    document.title = loaded.ok ? `${pick(loaded.bundle.manifest.name)} · ${t('app.product')}` : t('app.product');
  }, [lang, loaded, pick, t]);

  // the sample's cards while its bundle is on its way: the first screen needs neither it nor the loader
  const preview = status.kind === 'loading' && hydrated && route.screen === 'gallery' && mayOpenTemplates(persona) ? sampleGallery(base, edits) : null;
  let screen: ReactNode;
  if (preview) screen = <Gallery manifest={preview.manifest} templates={preview.templates} />;
  else if (status.kind === 'loading') screen = <Loading tip={t('store.loading')} />;
  else if (status.kind === 'unreadable') {
    screen = (
      <Suspense fallback={<Loading tip={t('work.loading')} />}>
        <StoreProblem status={status} />
      </Suspense>
    );
  } else if (!loaded.ok) {
    screen = (
      <Suspense fallback={<Loading tip={t('work.loading')} />}>
        <BundleProblems problems={loaded.problems} extra={<ResetToSample type="primary" />} />
      </Suspense>
    );
  }
  else if ((route.screen === 'template' || route.screen === 'gallery') && !mayOpenTemplates(persona)) {
    // the template library is the configurer's: elsewhere `#/` is the role's work, a template's address is refused
    const home = screenOf('workspace');
    const Home = home.component;
    screen = route.screen === 'gallery' && mayOpen(persona, home) ? (
      <Suspense fallback={<Loading tip={t(home.loading)} />}>
        <Home key={generation} bundle={loaded.bundle} workspace={workspace} />
      </Suspense>
    ) : (
      <Suspense fallback={<Loading tip={t('work.loading')} />}>
        <NotForRole />
      </Suspense>
    );
  } else if (route.screen === 'template') {
    screen = (
      <Suspense fallback={<Loading tip={t('runner.loading')} />}>
        <Runner key={route.templateId} bundle={loaded.bundle} templateId={route.templateId} />
      </Suspense>
    );
  } else if (route.screen !== 'gallery') {
    const entry = screenOf(route.screen);
    const Screen = entry.component;
    screen = mayOpen(persona, entry) ? (
      <Suspense fallback={<Loading tip={t(entry.loading)} />}>
        <Screen key={entry.freshPerBuild ? generation : undefined} bundle={loaded.bundle} workspace={workspace} {...(entry.takesFile ? { file: route.file } : {})} />
      </Suspense>
    ) : (
      <Suspense fallback={<Loading tip={t('work.loading')} />}>
        <NotForRole />
      </Suspense>
    );
  } else screen = <Gallery manifest={loaded.bundle.manifest} templates={loaded.bundle.templates} />;

  const ready = status.kind === 'ready' && loaded.ok;
  return (
    <ConfigProvider locale={antdLocales[lang]} theme={theme}>
      {/* antd's App gives message/modal hooks that follow the theme and the locale. */}
      <AntApp>
      <AppShell
        manifest={ready && loaded.ok ? loaded.bundle.manifest : null}
        templates={ready && loaded.ok ? loaded.bundle.templates : []}
        edited={workspace.edited}
        route={route}
      >
        {status.kind === 'ready' && restorable && <Suspense fallback={null}><UndoBar /></Suspense>}
        {screen}
      </AppShell>
      </AntApp>
    </ConfigProvider>
  );
}
