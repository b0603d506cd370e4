/** The top of the runner: where we are, what the template is, and who it is for. */
import { Breadcrumb, Space, Tag, Typography } from 'antd';
import type { Manifest, TemplateDef } from '../bundle/types.js';
import { categoryLabel } from '../i18n/categoryLabel.js';
import { useT } from '../i18n/useT.js';
import { routeHref } from '../routing/route.js';

export function TemplateHeader({ def, manifest, extra }: { def: TemplateDef; manifest: Manifest; extra?: React.ReactNode }) {
  const { lang, t, pick } = useT();
  const roleName = (id: string) => {
    const role = manifest.roles.find((r) => r.id === id);
    return role ? pick(role.name) : id;
  };
  return (
    <div className="page-heading runner-heading">
      <Breadcrumb
        items={[
          { title: <a href={routeHref({ screen: 'gallery' })}>{t('nav.gallery')}</a> },
          { title: pick(def.title) },
        ]}
      />
      <div className="runner-title-row">
        <Space size="middle" align="center" wrap>
          <Typography.Title level={3} data-testid="runner-title">{pick(def.title)}</Typography.Title>
          <Tag color="geekblue">{categoryLabel(lang, def.category)}</Tag>
        </Space>
        {extra}
      </div>
      <Typography.Paragraph type="secondary">{pick(def.description)}</Typography.Paragraph>
      <Space size={[4, 4]} wrap>
        <Typography.Text type="secondary">{t('gallery.roles')}</Typography.Text>
        {def.roles.map((id) => <Tag key={id} bordered={false}>{roleName(id)}</Tag>)}
        {def.requires?.length ? (
          <>
            <Typography.Text type="secondary" className="runner-requires">{t('gallery.requires')}</Typography.Text>
            {def.requires.map((id) => <Tag key={id}><a href={routeHref({ screen: 'template', templateId: id })}>{id}</a></Tag>)}
          </>
        ) : null}
      </Space>
    </div>
  );
}
