/** One template in the build: its place, what it requires, a way to open, move or remove it. */
import { DeleteOutlined, EyeOutlined, HolderOutlined } from '@ant-design/icons';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import type { TemplateEntry } from '../bundle/types.js';
import { categoryLabel } from '../i18n/categoryLabel.js';
import { useT } from '../i18n/useT.js';
import { routeHref } from '../routing/route.js';

export const buildItemId = (templateId: string) => `build:${templateId}`;

interface BuildItemProps {
  index: number;
  entry: TemplateEntry;
  /** Titles of the build's templates that require this one. */
  requiredBy: string[];
  titleOf: (id: string) => string;
  onRemove: () => void;
}

export function BuildItem({ index, entry, requiredBy, titleOf, onRemove }: BuildItemProps) {
  const { lang, t, pick } = useT();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: buildItemId(entry.def.id),
  });
  const { def } = entry;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`build-item${isDragging ? ' is-dragging' : ''}`}
      data-testid="build-item"
      data-template-id={def.id}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="build-item-handle"
        aria-label={t('composer.reorder')}
        data-testid="build-item-handle"
        {...attributes}
        {...listeners}
      >
        <HolderOutlined />
      </button>
      <span className="build-item-index">{index + 1}</span>
      <div className="build-item-text">
        <Space size={6} wrap>
          <Typography.Text strong data-testid="build-item-title">{pick(def.title)}</Typography.Text>
          <Tag color="geekblue" bordered={false}>{categoryLabel(lang, def.category)}</Tag>
        </Space>
        {def.requires?.length ? (
          <div className="build-item-requires">
            <Typography.Text type="secondary">{t('gallery.requires')}</Typography.Text>{' '}
            {def.requires.map((id) => <Tag key={id}>{titleOf(id)}</Tag>)}
          </div>
        ) : null}
      </div>
      <Space size={0}>
        <Tooltip title={t('gallery.open')}>
          <Button type="text" icon={<EyeOutlined />} href={routeHref({ screen: 'template', templateId: def.id })} aria-label={t('gallery.open')} />
        </Tooltip>
        <Tooltip title={requiredBy.length ? t('composer.cannotRemove', { by: requiredBy.join('、') }) : t('composer.remove')}>
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            disabled={requiredBy.length > 0}
            aria-label={t('composer.remove')}
            data-testid="build-item-remove"
            onClick={onRemove}
          />
        </Tooltip>
      </Space>
    </li>
  );
}
