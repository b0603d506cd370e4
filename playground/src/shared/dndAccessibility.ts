/**
 * What dnd-kit tells a screen reader (the instructions it renders hidden in the page, and its
 * announcements while dragging) in the screen's language: its defaults are English, which a
 * Chinese screen would read out.
 */
import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core';
import { useMemo } from 'react';
import { useT } from '../i18n/useT.js';

export function useDndAccessibility(): { screenReaderInstructions: ScreenReaderInstructions; announcements: Announcements } {
  const { t } = useT();
  return useMemo(() => ({
    screenReaderInstructions: { draggable: t('dnd.instructions') },
    announcements: {
      onDragStart: () => t('dnd.picked'),
      onDragOver: ({ over }) => (over ? t('dnd.over') : t('dnd.notOver')),
      onDragEnd: ({ over }) => (over ? t('dnd.dropped') : t('dnd.notOver')),
      onDragCancel: () => t('dnd.cancelled'),
    },
  }), [t]);
}
