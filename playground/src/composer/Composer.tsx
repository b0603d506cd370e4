/**
 * The build composer, loaded on demand: templates are dragged from the palette into the build
 * (or added with their + button, or with the keyboard), reordered and removed; a template that
 * requires another pulls it in and says so. Below, the parameters the build reads, as forms;
 * above, import and export of the build as one bundle file.
 */
import {
  closestCenter, DndContext, DragOverlay, KeyboardSensor, PointerSensor, pointerWithin, useDroppable, useSensor, useSensors,
  type CollisionDetection, type DragEndEvent, type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { ClearOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Empty, Flex, Input, Popconfirm, Row, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { LoadedBundle } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import { requiredBy } from '../build/dependencies.js';
import { ResetToSample } from '../build/ResetToSample.js';
import type { Workspace } from '../build/workspace.js';
import { filterTemplates } from '../gallery/filterTemplates.js';
import { useT } from '../i18n/useT.js';
import { BuildItem, buildItemId } from './BuildItem.js';
import { addTemplate, moveTemplate, removeTemplate, type BuildNotice } from './buildEdits.js';
import { ExportButton } from './ExportButton.js';
import { ImportButton } from './ImportButton.js';
import { ParametersCard } from './parameters/ParametersCard.js';
import { paletteId, TemplateTile, TileBody } from './TemplateTile.js';
import { useDndAccessibility } from '../shared/dndAccessibility.js';

const BUILD_ZONE = 'build-zone';

/** Over the build, a template card wins over the zone around it, so a drop lands at that
 * place; anywhere else the nearest card decides (the sortable list's own behaviour). */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  if (args.active.id.toString().startsWith('palette:')) {
    const onItem = within.filter((c) => c.id.toString().startsWith('build:'));
    return onItem.length ? onItem : within;
  }
  return closestCenter(args);
};

interface ComposerProps {
  bundle: LoadedBundle;
  workspace: Workspace;
}

export default function Composer({ bundle, workspace }: ComposerProps) {
  const { t, pick } = useT();
  const dndAccessibility = useDndAccessibility();
  const setTemplateIds = useBuildStore((s) => s.setTemplateIds);
  const [query, setQuery] = useState('');
  const [notices, setNotices] = useState<BuildNotice[]>([]);
  const [dragging, setDragging] = useState<string | null>(null);
  const build = workspace.templateIds;
  const templates = bundle.templates;
  const entryOf = (id: string) => templates.find((e) => e.def.id === id);
  const titleOf = (id: string) => {
    const entry = entryOf(id);
    return entry ? pick(entry.def.title) : id;
  };
  const shown = useMemo(() => filterTemplates(templates, { query, category: null }), [templates, query]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const apply = (result: { ids: string[]; notice?: BuildNotice | undefined }) => {
    setTemplateIds(result.ids);
    if (result.notice) setNotices((all) => [result.notice!, ...all].slice(0, 3));
  };

  const onDragStart = ({ active }: DragStartEvent) => setDragging(active.id.toString());
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    if (!over) return;
    const activeId = active.id.toString();
    const overId = over.id.toString();
    // Over a card, the drop goes before it or, past its middle, after it.
    const dragged = active.rect.current.translated;
    const pastMiddle = dragged ? dragged.top + dragged.height / 2 > over.rect.top + over.rect.height / 2 : false;
    const overIndex = overId.startsWith('build:') ? build.indexOf(overId.slice('build:'.length)) + (pastMiddle ? 1 : 0) : build.length;
    if (activeId.startsWith('palette:')) {
      if (overId === BUILD_ZONE || overId.startsWith('build:')) apply(addTemplate(templates, build, activeId.slice('palette:'.length), overIndex));
    } else if (activeId.startsWith('build:') && overId.startsWith('build:') && activeId !== overId) {
      // sorting: the list has already shown the card at the place of the one it is over
      apply({ ids: moveTemplate(build, build.indexOf(activeId.slice('build:'.length)), build.indexOf(overId.slice('build:'.length))) });
    }
  };

  const draggedEntry = dragging?.startsWith('palette:') ? entryOf(dragging.slice('palette:'.length)) : undefined;

  return (
    <div className="page" data-testid="composer">
      <Flex className="page-heading" justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={3}>{t('composer.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('composer.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <ImportButton />
          <ExportButton bundle={bundle} templateIds={build} />
          <ResetToSample />
        </Space>
      </Flex>

      <DndContext accessibility={dndAccessibility} sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card
              size="small"
              title={t('composer.palette')}
              extra={<Typography.Text type="secondary">{t('gallery.shown', { shown: shown.length, total: templates.length })}</Typography.Text>}
              className="composer-card"
            >
              <Input.Search allowClear placeholder={t('gallery.search')} value={query} onChange={(e) => setQuery(e.target.value)} className="composer-search" />
              {shown.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gallery.empty')} />
              ) : (
                <Flex vertical gap={8} data-testid="palette">
                  {shown.map((entry) => (
                    <TemplateTile
                      key={entry.def.id}
                      entry={entry}
                      inBuild={build.includes(entry.def.id)}
                      onAdd={() => apply(addTemplate(templates, build, entry.def.id))}
                    />
                  ))}
                </Flex>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card
              size="small"
              title={<Space>{t('composer.build')}<Badge count={build.length} showZero color="#1677ff" data-testid="build-count" /></Space>}
              extra={
                <Popconfirm title={t('composer.clearConfirm')} okText={t('composer.clear')} cancelText={t('common.cancel')} onConfirm={() => setTemplateIds([])} disabled={build.length === 0}>
                  <Button size="small" type="text" icon={<ClearOutlined />} disabled={build.length === 0} data-testid="build-clear">{t('composer.clear')}</Button>
                </Popconfirm>
              }
              className="composer-card"
            >
              {notices.length > 0 && (
                <Flex vertical gap={8} className="build-notices">
                  {notices.map((notice, i) => (
                    <Alert
                      key={`${notice.kind}-${notice.template}-${i}`}
                      type={notice.kind === 'pulledIn' ? 'info' : 'warning'}
                      showIcon
                      closable
                      onClose={() => setNotices((all) => all.filter((n) => n !== notice))}
                      data-testid="build-notice"
                      data-kind={notice.kind}
                      message={
                        notice.kind === 'pulledIn' ? t('composer.pulledIn', { template: titleOf(notice.template), added: notice.added.map(titleOf).join('、') })
                        : notice.kind === 'already' ? t('composer.already', { template: titleOf(notice.template) })
                        : t('composer.cannotRemove', { by: notice.by.map(titleOf).join('、') })
                      }
                    />
                  ))}
                </Flex>
              )}
              <BuildZone empty={build.length === 0} active={Boolean(draggedEntry)}>
                <SortableContext items={build.map(buildItemId)} strategy={verticalListSortingStrategy}>
                  <ol className="build-list" data-testid="build-list">
                    {build.map((id, index) => {
                      const entry = entryOf(id);
                      return entry ? (
                        <BuildItem
                          key={id}
                          index={index}
                          entry={entry}
                          requiredBy={requiredBy(templates, build, id).map(titleOf)}
                          titleOf={titleOf}
                          onRemove={() => apply(removeTemplate(templates, build, id))}
                        />
                      ) : null;
                    })}
                  </ol>
                </SortableContext>
              </BuildZone>
            </Card>
          </Col>
        </Row>
        <DragOverlay dropAnimation={null}>
          {draggedEntry ? <div className="template-tile is-overlay"><TileBody entry={draggedEntry} /></div> : null}
        </DragOverlay>
      </DndContext>

      <ParametersCard bundle={bundle} workspace={workspace} />
    </div>
  );
}

function BuildZone({ empty, active, children }: { empty: boolean; active: boolean; children: React.ReactNode }) {
  const { t } = useT();
  const { setNodeRef, isOver } = useDroppable({ id: BUILD_ZONE });
  return (
    <div ref={setNodeRef} className={`build-zone${isOver ? ' is-over' : ''}${active ? ' is-active' : ''}`} data-testid="build-zone">
      {children}
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('composer.empty')} className="build-empty" />
      ) : (
        <Typography.Text type="secondary" className="build-drop-hint">{t('composer.dropHint')}</Typography.Text>
      )}
    </div>
  );
}
