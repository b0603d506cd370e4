/** A template in the composer's palette: what it is, and a handle to drag it into the build. */
import { CheckOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { useDraggable } from '@dnd-kit/core';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import type { TemplateEntry } from '../bundle/types.js';
import { categoryLabel } from '../i18n/categoryLabel.js';
import { useT } from '../i18n/useT.js';

export const paletteId = (templateId: string) => `palette:${templateId}`;

interface TemplateTileProps {
  entry: TemplateEntry;
  inBuild: boolean;
  onAdd: () => void;
}

export function TileBody({ entry, extra }: { entry: TemplateEntry; extra?: React.ReactNode }) {
  const { lang, pick } = useT();
  return (
    <div className="tile-body">
      <HolderOutlined className="tile-handle" aria-hidden />
      <div className="tile-text">
        <Space size={6} wrap>
          <Typography.Text strong className="tile-title">{pick(entry.def.title)}</Typography.Text>
          <Tag color="geekblue" bordered={false}>{categoryLabel(lang, entry.def.category)}</Tag>
        </Space>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} className="tile-description">
          {pick(entry.def.description)}
        </Typography.Paragraph>
      </div>
      {extra}
    </div>
  );
}

export function TemplateTile({ entry, inBuild, onAdd }: TemplateTileProps) {
  const { t } = useT();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: paletteId(entry.def.id) });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      className={`template-tile${isDragging ? ' is-dragging' : ''}${inBuild ? ' in-build' : ''}`}
      data-testid="palette-tile"
      data-template-id={entry.def.id}
      aria-label={t('composer.dragHint')}
    >
      <TileBody
        entry={entry}
        extra={
          inBuild ? (
            <Tag icon={<CheckOutlined />} color="success" bordered={false} className="tile-in-build">{t('composer.inBuild')}</Tag>
          ) : (
            <Tooltip title={t('composer.add')}>
              <Button
                size="small"
                type="text"
                icon={<PlusOutlined />}
                aria-label={t('composer.add')}
                data-testid="palette-add"
                // the tile itself listens for drags; a click on the button is not one
                onPointerDown={(e) => e.stopPropagation()}
                onKeyDown={(e) => e.stopPropagation()}
                onClick={onAdd}
              />
            </Tooltip>
          )
        }
      />
    </div>
  );
}
