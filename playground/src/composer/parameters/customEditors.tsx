/**
 * Nicer forms for the parameter groups people change most: the traffic-light boundaries
 * (`lights`) and the score weights (`score.weights`), both shown in percent, with a preview of
 * what the values mean, and the single shares (the appeal limit, the pace tolerance, the health
 * deviation) in percent too. The bundle keeps fractions (0.3 = 30%); only the screen shows 30%.
 * The plugin still decides what is valid: these forms only present.
 */
import { Flex, InputNumber, Progress, Switch, Typography } from 'antd';
import { fractionToPercent, percentToFraction } from '../../../../plugin/index.js';
import { useT } from '../../i18n/useT.js';
import type { EditorProps, EditorTable } from './ValueEditor.js';

/** Fractions shown as percent, shifted on the decimal so 0.15 never comes back as 0.15000000000000002. */
const toPercent = fractionToPercent;
const toFraction = percentToFraction;
const percentText = (fraction: number) => `${toPercent(fraction)}%`;

interface Boundary {
  from: number;
  inclusive?: boolean;
  [key: string]: unknown;
}

interface Lights {
  green: Boundary;
  yellow: Boundary;
  [key: string]: unknown;
}

function PercentInput({ value, onChange, path }: { value: number; onChange: (v: number) => void; path: string }) {
  return (
    <InputNumber
      value={toPercent(value)}
      min={0}
      step={1}
      addonAfter="%"
      className="param-percent"
      data-testid="param-input"
      data-path={path}
      onChange={(v) => typeof v === 'number' && onChange(toFraction(v))}
    />
  );
}

function LightsEditor({ value, path, onChange }: EditorProps<Lights>) {
  const { t } = useT();
  const { green, yellow } = value;
  const at = path.join('.');
  const setBoundary = (colour: 'green' | 'yellow', next: Partial<Boundary>) => onChange({ ...value, [colour]: { ...value[colour], ...next } });
  // The bar runs to a little past the green boundary so all three bands are visible.
  const end = Math.max(1.2, green.from + 0.2);
  const width = (from: number, to: number) => `${(Math.max(0, to - from) / end) * 100}%`;
  const summary = t('params.lights.summary', {
    red: `${yellow.inclusive ? '<' : '≤'} ${percentText(yellow.from)}`,
    yellow: `${percentText(yellow.from)}${yellow.inclusive ? '' : t('params.lights.excluded')} – ${percentText(green.from)}${green.inclusive ? t('params.lights.excluded') : ''}`,
    green: `${green.inclusive ? '≥' : '>'} ${percentText(green.from)}`,
  });
  const rows: Array<['green' | 'yellow', Boundary]> = [['green', green], ['yellow', yellow]];
  return (
    <div className="lights-editor" data-testid="lights-editor">
      {rows.map(([colour, boundary]) => (
        <div key={colour} className="param-row">
          <label className="param-label">
            <span className={`light-dot light-${colour}`} /> {t(`params.lights.${colour}`)}
          </label>
          <Flex gap={16} align="center" wrap>
            <PercentInput value={boundary.from} path={`${at}.${colour}.from`} onChange={(from) => setBoundary(colour, { from })} />
            <Flex gap={8} align="center">
              <Switch
                size="small"
                checked={Boolean(boundary.inclusive)}
                onChange={(inclusive) => setBoundary(colour, { inclusive })}
                data-testid="param-input"
                data-path={`${at}.${colour}.inclusive`}
              />
              <Typography.Text type="secondary">{t('params.lights.inclusive')}</Typography.Text>
            </Flex>
          </Flex>
        </div>
      ))}
      <div className="lights-bar" aria-hidden>
        <span className="light-band light-red" style={{ width: width(0, yellow.from) }} />
        <span className="light-band light-yellow" style={{ width: width(yellow.from, green.from) }} />
        <span className="light-band light-green" style={{ width: width(green.from, end) }} />
      </div>
      <Typography.Text type="secondary" data-testid="lights-summary">{summary}</Typography.Text>
    </div>
  );
}

function WeightsEditor({ value, path, onChange }: EditorProps<Record<string, number>>) {
  const { t } = useT();
  const sum = Object.values(value).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);
  const whole = Math.abs(sum - 1) < 1e-9;
  return (
    <div className="weights-editor" data-testid="weights-editor">
      {Object.entries(value).map(([key, weight]) => (
        <div key={key} className="param-row">
          <label className="param-label">{key}</label>
          <Flex gap={16} align="center">
            <PercentInput value={weight} path={[...path, key].join('.')} onChange={(w) => onChange({ ...value, [key]: w })} />
            <Progress percent={toPercent(weight)} showInfo={false} size="small" className="weight-bar" />
          </Flex>
        </div>
      ))}
      <div className="param-row">
        <label className="param-label">{t('params.weights.sum')}</label>
        <Typography.Text strong type={whole ? 'success' : 'danger'} data-testid="weights-sum">
          {percentText(sum)} {whole ? '' : t('params.weights.mustBe100')}
        </Typography.Text>
      </div>
    </div>
  );
}

function FractionEditor({ value, path, onChange }: EditorProps<number>) {
  return <PercentInput value={value} path={path.join('.')} onChange={onChange} />;
}

export const customEditors: EditorTable = {
  lights: LightsEditor,
  'score.weights': WeightsEditor,
  'review.appealLimit': FractionEditor,
  'pace.tolerance': FractionEditor,
  'health.deviation': FractionEditor,
};
