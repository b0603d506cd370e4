/** The template gallery: every template of the bundle, searchable and filterable by category. */
import { Button, Col, Empty, Flex, Input, Row, Tag, Typography } from 'antd';
import { categoryLabel } from '../i18n/categoryLabel.js';
import { useT } from '../i18n/useT.js';
import { useGalleryFilter } from '../stores/gallery.js';
import { categoriesOf, filterTemplates, type GalleryManifest, type GalleryTemplate } from './filterTemplates.js';
import { TemplateCard } from './TemplateCard.js';

interface GalleryProps {
  manifest: GalleryManifest;
  templates: readonly GalleryTemplate[];
}

export function Gallery({ manifest, templates }: GalleryProps) {
  const { lang, t } = useT();
  const { query, category, setQuery, setCategory, clear } = useGalleryFilter();
  const shown = filterTemplates(templates, { query, category });
  const categories = categoriesOf(templates);

  return (
    <div className="page" data-testid="gallery">
      <div className="page-heading">
        <Typography.Title level={3}>{t('gallery.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('gallery.subtitle', { count: templates.length })}</Typography.Text>
      </div>
      <Flex className="gallery-toolbar" gap={16} align="center" wrap>
        <Input.Search
          data-testid="gallery-search"
          allowClear
          placeholder={t('gallery.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          className="gallery-search"
        />
        {/* Categories are few and worth seeing at a glance, so tags rather than a dropdown. */}
        <Flex gap={4} wrap role="group" aria-label={t('gallery.category')} data-testid="gallery-category">
          <Tag.CheckableTag checked={category === null} onChange={() => setCategory(null)}>
            {t('gallery.allCategories')}
          </Tag.CheckableTag>
          {categories.map((id) => (
            <Tag.CheckableTag key={id} checked={category === id} onChange={(on) => setCategory(on ? id : null)}>
              {categoryLabel(lang, id)}
            </Tag.CheckableTag>
          ))}
        </Flex>
        <Typography.Text type="secondary" data-testid="gallery-count" className="gallery-count">
          {t('gallery.shown', { shown: shown.length, total: templates.length })}
        </Typography.Text>
      </Flex>
      {shown.length === 0 ? (
        <Empty className="gallery-empty" data-testid="gallery-empty" description={t('gallery.empty')}>
          <Button onClick={clear}>{t('gallery.clearFilters')}</Button>
        </Empty>
      ) : (
        <Row gutter={[16, 16]}>
          {shown.map((entry) => (
            <Col key={entry.def.id} xs={24} md={12} xxl={8}>
              <TemplateCard entry={entry} manifest={manifest} />
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
