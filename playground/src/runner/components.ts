/**
 * The components a template form may name in `x-component` / `x-decorator`: the whole
 * @formily/antd-v5 set a low-code host offers, under the names Formily's own docs use, and
 * Percent (a fraction shown as a percent, as NocoBase names it). Dotted
 * names (`Input.TextArea`, `ArrayTable.Column`) resolve through these objects.
 */
import {
  ArrayCards, ArrayCollapse, ArrayItems, ArrayTable, ArrayTabs, Cascader, Checkbox, DatePicker,
  Editable, FormButtonGroup, FormCollapse, FormGrid, FormItem, FormLayout, FormStep, FormTab,
  Input, NumberPicker, Password, PreviewText, Radio, Reset, Select, SelectTable, Space, Submit,
  Switch, TimePicker, Transfer, TreeSelect, Upload,
} from '@formily/antd-v5';
import type { FormSchema } from '../bundle/types.js';
import { valueAt } from './evaluateBinding.js';
import { Percent } from './Percent.js';

export const components = {
  ArrayCards, ArrayCollapse, ArrayItems, ArrayTable, ArrayTabs, Cascader, Checkbox, DatePicker,
  Editable, FormButtonGroup, FormCollapse, FormGrid, FormItem, FormLayout, FormStep, FormTab,
  Input, NumberPicker, Password, PreviewText, Radio, Reset, Select, SelectTable, Space, Submit,
  Switch, TimePicker, Transfer, TreeSelect, Upload,
  // ours: a share stored as a fraction, shown as a percent
  Percent,
};

const isComponent = (value: unknown) => typeof value === 'function' || (typeof value === 'object' && value !== null);

/** Names a schema uses that no registered component answers to. Formily would otherwise
 * render them as unknown HTML tags, silently. */
export function unknownComponents(schema: FormSchema): string[] {
  const unknown = new Set<string>();
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of ['x-component', 'x-decorator']) {
      const name = record[key];
      if (typeof name === 'string' && !isComponent(valueAt(components, name))) unknown.add(name);
    }
    const properties = record['properties'];
    if (typeof properties === 'object' && properties !== null) Object.values(properties).forEach(visit);
    const items = record['items'];
    if (Array.isArray(items)) items.forEach(visit);
    else visit(items);
  };
  visit(schema);
  return [...unknown].sort();
}
