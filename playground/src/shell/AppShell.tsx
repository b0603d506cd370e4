/**
 * The frame around every screen: header with the product, the loaded bundle and the language
 * switch; a side menu with the work screens the persona's role may open (live data), then, for
 * the roles that configure the bundle, the gallery and the tools (both from screens/registry.ts)
 * and every template of the bundle grouped by category, each marked as a preview on sample
 * data so that a live 目标看板 is never mistaken for the template's.
 */
import { AppstoreOutlined } from '@ant-design/icons';
import { Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import type { Manifest, TemplateEntry } from '../bundle/types.js';
import { categoriesOf } from '../gallery/filterTemplates.js';
import { categoryLabel } from '../i18n/categoryLabel.js';
import { useT } from '../i18n/useT.js';
import { navigate, type Route } from '../routing/route.js';
import { mayOpen, mayOpenTemplates } from '../roles/access.js';
import { screenEntry, SCREENS, type ScreenEntry, type ScreenId } from '../screens/registry.js';
import { usePersonaStore } from '../stores/persona.js';
import { BrandMark } from './BrandMark.js';
import { RoleSwitch } from './RoleSwitch.js';
import { LangSwitch } from './LangSwitch.js';

const GALLERY_KEY = 'gallery';
const templateKey = (id: string) => `template:${id}`;

interface AppShellProps {
  manifest: Manifest | null;
  templates: readonly TemplateEntry[];
  /** The build has edited files on top of its bundle. */
  edited?: boolean;
  route: Route;
  children: ReactNode;
}

export function AppShell({ manifest, templates, edited = false, route, children }: AppShellProps) {
  const { lang, t, pick } = useT();
  const persona = usePersonaStore((s) => s.persona);
  const entry = (s: ScreenEntry) => ({ key: s.id, icon: <s.icon />, label: t(s.title) });
  const templatesOpen = mayOpenTemplates(persona);
  const tools = SCREENS.filter((s) => s.group === 'tools' && mayOpen(persona, s as ScreenEntry));
  const work = SCREENS.filter((s) => s.group === 'work' && mayOpen(persona, s as ScreenEntry));
  const items: MenuProps['items'] = [
    // the implementer has no live screen: no empty heading
    ...(work.length ? [{ type: 'group' as const, key: 'group:work', label: t('nav.work'), children: work.map(entry) }] : []),
    ...(templatesOpen || tools.length ? [{
      type: 'group' as const,
      key: 'group:config',
      label: t('nav.config'),
      children: [...(templatesOpen ? [{ key: GALLERY_KEY, icon: <AppstoreOutlined />, label: t('nav.gallery') }] : []), ...tools.map(entry)],
    }] : []),
    ...(templatesOpen ? categoriesOf(templates).map((category) => ({
      type: 'group' as const,
      key: `category:${category}`,
      label: t('nav.previewGroup', { category: categoryLabel(lang, category) }),
      children: templates
        .filter((entry) => entry.def.category === category)
        .map((entry) => ({
          key: templateKey(entry.def.id),
          label: <span className="menu-preview">{pick(entry.def.title)}<Tag bordered={false} className="menu-preview-tag">{t('nav.previewTag')}</Tag></span>,
        })),
    })) : []),
  ];
  const selected =
    'templateId' in route ? templateKey(route.templateId)
    : route.screen === 'gallery' ? GALLERY_KEY
    : route.screen;

  const onSelect: MenuProps['onClick'] = ({ key }) => {
    if (key === GALLERY_KEY) navigate({ screen: 'gallery' });
    else if (screenEntry(key)) navigate({ screen: key as ScreenId });
    else navigate({ screen: 'template', templateId: key.slice(templateKey('').length) });
  };

  return (
    <Layout className="app-shell">
      <Layout.Header className="app-header">
        <a className="app-brand" href="#/">
          <BrandMark />
          <span className="app-brand-name">{t('app.product')}</span>
          <span className="app-brand-short">{t('app.productShort')}</span>
        </a>
        <Space size="middle" className="app-header-right">
          {manifest && (
            <Space size={4} data-testid="bundle-info">
              <Typography.Text strong>{pick(manifest.name)}</Typography.Text>
              <Tag bordered={false} color="blue">
                {t('app.bundleVersion', { version: manifest.version })}
              </Tag>
              {edited && <Tag bordered={false} color="orange" data-testid="bundle-edited">{t('app.edited')}</Tag>}
            </Space>
          )}
          <RoleSwitch />
          <LangSwitch />
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={248} theme="light" breakpoint="lg" collapsedWidth={0} className="app-sider">
          <Menu mode="inline" items={items} selectedKeys={[selected]} onClick={onSelect} className="app-menu" />
        </Layout.Sider>
        <Layout.Content className="app-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
