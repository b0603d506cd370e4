/** How a light looks on the work screens: its colour, and a badge carrying the light for tests. */
import { Badge } from 'antd';
import type { Light } from '../../../../plugin/index.js';
import { useT } from '../../i18n/useT.js';

export const LIGHT_COLOR: Record<Light, string> = { green: '#2ba471', yellow: '#e8a317', red: '#d54941', grey: '#b5bac4' };

export function LightBadge({ light, testId, title, text }: { light: Light; testId?: string; title?: string; text?: string }) {
  const { t } = useT();
  return (
    <span data-testid={testId} data-light={light} title={title}>
      <Badge color={LIGHT_COLOR[light]} text={text ?? t(`light.${light}`)} />
    </span>
  );
}
