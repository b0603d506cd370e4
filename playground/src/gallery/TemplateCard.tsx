/** One template in the gallery: what it is for, who uses it, and the way in. */
import { ArrowRightOutlined } from '@ant-design/icons';
import { Card, Space, Tag, Typography } from 'antd';
import { categoryLabel } from '../i18n/categoryLabel.js';
import type { GalleryManifest, GalleryTemplate } from './filterTemplates.js';
import { useT } from '../i18n/useT.js';
import { routeHref } from '../routing/route.js';

interface TemplateCardProps {
  entry: GalleryTemplate;
  manifest: GalleryManifest;
}

export function TemplateCard({ entry, manifest }: TemplateCardProps) {
  const { lang, t, pick } = useT();
  const { def } = entry;
  const roleName = (id: string) => {
    const role = manifest.roles.find((r) => r.id === id);
    return role ? pick(role.name) : id;
  };
  const href = routeHref({ screen: 'template', templateId: def.id });

  return (
    <Card
      className="template-card"
      data-testid="template-card"
      data-template-id={def.id}
      title={<a href={href} className="template-card-title">{pick(def.title)}</a>}
      extra={<Tag color="geekblue" className="template-card-category">{categoryLabel(lang, def.category)}</Tag>}
      actions={[
        <a key="open" href={href} className="template-card-open">
          {t('gallery.open')} <ArrowRightOutlined />
        </a>,
      ]}
    >
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} className="template-card-description">
        {pick(def.description)}
      </Typography.Paragraph>
      <Space size={[4, 4]} wrap>
        <Typography.Text type="secondary" className="template-card-label">{t('gallery.roles')}</Typography.Text>
        {def.roles.map((id) => (
          <Tag key={id} bordered={false}>{roleName(id)}</Tag>
        ))}
      </Space>
    </Card>
  );
}
