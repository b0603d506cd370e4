/** antd design tokens for the playground. */
import type { ThemeConfig } from 'antd';

/**
 * Whoever asked the system for less motion (prefers-reduced-motion) gets none: antd's transitions
 * off (its `motion` token) and the charts drawn at once (shared/charts/EChart.tsx). Read once at
 * start: the setting rarely changes during a visit. The browser tests ask for it too, so they wait
 * for what a screen shows, not for its animations.
 */
export const reducedMotion: boolean =
  typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export const theme: ThemeConfig = {
  token: {
    motion: !reducedMotion,
    colorPrimary: '#1677ff',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 24px', siderBg: '#ffffff', bodyBg: '#f5f7fa' },
  },
};
