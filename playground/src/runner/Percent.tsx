/**
 * Percent (百分比): a share kept as a fraction (0.3) and shown and typed as a percent (30%). The
 * conversion lives here, in the host's display layer, so the bundle, its rules and every export
 * keep the fraction. Props (min, max, precision) are in percent, as the person reads them; the
 * name is NocoBase's for the same field, so a form means the same on both hosts.
 */
import { NumberPicker, PreviewText } from '@formily/antd-v5';
import { connect, mapProps, mapReadPretty } from '@formily/react';
import { fractionToPercent, percentToFraction } from '../../../plugin/index.js';

type Value = number | string | null | undefined;

const shown = (value: Value): number | null => (typeof value === 'number' && Number.isFinite(value) ? fractionToPercent(value) : null);

const toPercent = mapProps((props: { value?: Value; onChange?: (value: number | null) => void }) => ({
  ...props,
  value: shown(props.value),
  suffix: '%',
  onChange: (typed: Value) => {
    const n = typeof typed === 'string' ? Number(typed) : typed;
    props.onChange?.(typeof n === 'number' && Number.isFinite(n) ? percentToFraction(n) : null);
  },
}));

export const Percent = connect(NumberPicker, toPercent, mapReadPretty(connect(PreviewText.NumberPicker, toPercent)));
