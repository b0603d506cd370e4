/**
 * Percent (百分比): a share kept as a fraction (0.3) and shown and typed as a percent (30%). The
 * conversion lives here, in the host's display layer, so the bundle, its rules and every export
 * keep the fraction. Props (min, max, precision) are in percent, as the person reads them; the
 * name is NocoBase's for the same field, so a form means the same on both hosts.
 */
import { connect, mapReadPretty } from '@formily/react';
import { InputNumber, type InputNumberProps } from 'antd';
import { fractionToPercent, percentToFraction } from '../../../plugin/index.js';

type Props = Omit<InputNumberProps<number>, 'value' | 'onChange'> & { value?: unknown; onChange?: (value: number | null) => void };

const shown = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? fractionToPercent(value) : null);

function PercentInput({ value, onChange, ...rest }: Props) {
  return (
    <InputNumber<number>
      {...rest}
      value={shown(value)}
      suffix="%"
      onChange={(typed) => onChange?.(typeof typed === 'number' && Number.isFinite(typed) ? percentToFraction(typed) : null)}
    />
  );
}

function PercentText({ value }: Props) {
  const percent = shown(value);
  return <span className="ant-formily-preview-text">{percent === null ? '—' : `${percent}%`}</span>;
}

export const Percent = connect(PercentInput, mapReadPretty(PercentText));
