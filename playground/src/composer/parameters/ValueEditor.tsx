/**
 * A form for any JSON value, driven by the value itself: numbers, switches and text fields
 * for the leaves, nested blocks for objects and arrays. A path listed in `editors` gets that
 * editor instead (the traffic-light boundaries, the score weights), so a nicer form for one
 * group is one entry in that table and every other group still has a form.
 */
import { InputNumber, Input, Switch, Typography } from 'antd';
import type { ComponentType } from 'react';

export interface EditorProps<T = unknown> {
  value: T;
  path: string[];
  onChange: (value: T) => void;
}

export type EditorTable = Record<string, ComponentType<EditorProps<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface ValueEditorProps extends EditorProps {
  editors: EditorTable;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function ValueEditor({ value, path, onChange, editors }: ValueEditorProps) {
  const Custom = editors[path.join('.')];
  if (Custom) return <Custom value={value} path={path} onChange={onChange} />;

  if (isRecord(value) || Array.isArray(value)) {
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const set = (key: string, child: unknown) => {
      if (Array.isArray(value)) onChange(value.map((v, i) => (String(i) === key ? child : v)));
      else onChange({ ...value, [key]: child });
    };
    return (
      <div className={path.length > 1 ? 'param-block nested' : 'param-block'}>
        {entries.map(([key, child]) => {
          const childPath = [...path, key];
          const nested = isRecord(child) || Array.isArray(child) || Boolean(editors[childPath.join('.')]);
          return nested ? (
            <div key={key} className="param-nested">
              <Typography.Text type="secondary" className="param-nested-title">{key}</Typography.Text>
              <ValueEditor value={child} path={childPath} onChange={(v) => set(key, v)} editors={editors} />
            </div>
          ) : (
            <div key={key} className="param-row">
              <label className="param-label">{key}</label>
              <ValueEditor value={child} path={childPath} onChange={(v) => set(key, v)} editors={editors} />
            </div>
          );
        })}
      </div>
    );
  }

  const testProps = { 'data-testid': 'param-input', 'data-path': path.join('.') };
  if (typeof value === 'number') {
    return <InputNumber value={value} onChange={(v) => typeof v === 'number' && onChange(v)} className="param-number" {...testProps} />;
  }
  if (typeof value === 'boolean') return <Switch checked={value} onChange={onChange} size="small" {...testProps} />;
  if (typeof value === 'string') return <Input value={value} onChange={(e) => onChange(e.target.value)} className="param-text" {...testProps} />;
  return <Typography.Text type="secondary" code>{JSON.stringify(value)}</Typography.Text>;
}
