/**
 * The config form of the target-kit-rule node in the workflow canvas (节点配置): the rule, chosen
 * from the rules of the loaded bundle (`GET targetKit:status`); the inputs mapping as rows,
 * rule input → field of the workflow's collection (the rule's required inputs are offered
 * even before they are mapped); and a flow's inline guard (`logic`) shown read-only, since it
 * belongs to the bundle and is changed there and re-imported.
 *
 * Formily components: they get `value`/`onChange`/`disabled` from the drawer's form, whose
 * values are the node's `config`.
 */
import { observer, useForm } from '@formily/react';
import { useAPIClient, type APIClient } from '@nocobase/client';
import { useFlowContext } from '@nocobase/plugin-workflow/client';
import { AutoComplete, Button, Input, Select, Space, Typography } from 'antd';
import React, { useEffect, useState } from 'react';
import type { Lang } from './format.js';
import { useUiLang } from './ui-lang.js';
import { resourceAction } from '../../../contract.js';

interface FieldProps<T> {
  value?: T;
  onChange?: (value: T | undefined) => void;
  disabled?: boolean;
  readOnly?: boolean;
}

const TEXT = {
  rulesUnavailable: { zh: '读不到已加载的规则（先导入包）', en: 'the loaded rules could not be read (import a bundle first)' },
  pickRule: { zh: '选择规则', en: 'Choose a rule' },
  input: { zh: '规则输入', en: 'Rule input' },
  field: { zh: '记录字段', en: 'Record field' },
  required: { zh: '必填', en: 'required' },
  unmapped: { zh: '未映射：规则拿不到这个输入', en: 'not mapped: the rule will not get this input' },
  sameName: { zh: '未映射：读取同名字段', en: 'not mapped: read from the field of the same name' },
  remove: { zh: '删除', en: 'Remove' },
  add: { zh: '添加', en: 'Add' },
  noMapping: { zh: '无映射：规则读取整条记录', en: 'no mapping: the rule reads the whole record' },
  logicNote: {
    zh: '流程中的内联守卫条件（JsonLogic），在记录上计算；请在包中修改后重新导入。',
    en: "The flow's inline guard (JsonLogic), evaluated on the record; change it in the bundle and import again.",
  },
} satisfies Record<string, Record<Lang, string>>;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The rule ids the running plugin has loaded. */
async function loadedRules(api: APIClient): Promise<string[]> {
  const res = await api.request<{ data?: { rules?: unknown } }>({ url: resourceAction('status'), method: 'get', skipNotify: true });
  const rules = res.data.data?.rules;
  return Array.isArray(rules) ? rules.filter((r): r is string => typeof r === 'string') : [];
}

/** A rule's required inputs: what it reports missing when given nothing. */
async function requiredInputs(api: APIClient, rule: string): Promise<string[]> {
  try {
    await api.request({ url: resourceAction('evaluate'), method: 'post', data: { rule, data: {} }, skipNotify: true });
    return [];
  } catch (e) {
    const body = typeof e === 'object' && e !== null ? (e as { response?: { data?: unknown } }).response?.data : undefined;
    const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
    const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
    const missing = typeof first === 'object' && first !== null ? (first as { missing?: unknown }).missing : undefined;
    return Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string') : [];
  }
}

interface FieldOption {
  value: string;
  label: string;
}

/** The fields of the workflow's collection, for the mapping's field column. */
async function collectionFields(api: APIClient, collection: string): Promise<FieldOption[]> {
  const res = await api.request<{ data?: unknown }>({
    url: `collections/${encodeURIComponent(collection)}/fields:list?paginate=false`, method: 'get', skipNotify: true,
  });
  const rows = Array.isArray(res.data.data) ? res.data.data as unknown[] : [];
  const options: FieldOption[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    const { name, uiSchema } = row as { name?: unknown; uiSchema?: { title?: unknown } | null };
    if (typeof name !== 'string') continue;
    const title = typeof uiSchema?.title === 'string' ? uiSchema.title : '';
    options.push({ value: name, label: title && title !== name ? `${title} (${name})` : name });
  }
  return options;
}

/** The node's rule: a select of the loaded bundle's rules (a rule no longer loaded stays shown). */
export function TargetKitRuleSelect(props: FieldProps<string>): React.JSX.Element {
  const { value, onChange, disabled, readOnly } = props;
  const api = useAPIClient();
  const lang = useUiLang();
  const [rules, setRules] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadedRules(api).then(
      (ids) => { if (live) setRules(ids); },
      (e: unknown) => { if (live) { setRules([]); setProblem(errorText(e)); } },
    );
    return () => { live = false; };
  }, [api]);
  const ids = rules ?? [];
  const options = [...(value && !ids.includes(value) ? [value] : []), ...ids].map((id) => ({ value: id, label: id }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <Select
        data-testid="tk-rule-select"
        showSearch
        allowClear
        loading={rules === null}
        disabled={disabled || readOnly}
        value={value || undefined}
        placeholder={TEXT.pickRule[lang]}
        options={options}
        onChange={(next: string | undefined) => onChange?.(next ?? '')}
        style={{ width: '100%' }}
      />
      {problem || (rules !== null && ids.length === 0)
        ? <Typography.Text type="warning">{TEXT.rulesUnavailable[lang]}{problem ? ` (${problem})` : ''}</Typography.Text>
        : null}
    </Space>
  );
}

function asMapping(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The node's inputs (输入映射): one row per rule input with the record field it reads; the
 * rule's required inputs are listed even while unmapped. A field may also be a workflow
 * variable (`{{$context.data.x}}`), typed in.
 */
export const TargetKitInputsMapping = observer((props: FieldProps<Record<string, string>>): React.JSX.Element => {
  const { value, onChange, disabled, readOnly } = props;
  const locked = Boolean(disabled || readOnly);
  const api = useAPIClient();
  const lang = useUiLang();
  const form = useForm();
  const flow = useFlowContext();
  const values: unknown = form.values;
  const rule = typeof values === 'object' && values !== null ? (values as { rule?: unknown }).rule : undefined;
  const ruleId = typeof rule === 'string' ? rule : '';
  const collection = flow?.workflow?.config?.collection;
  const collectionName = typeof collection === 'string' ? collection.replace(/^main:/, '') : '';

  const [required, setRequired] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    if (!ruleId) { setRequired([]); return undefined; }
    void requiredInputs(api, ruleId).then((names) => { if (live) setRequired(names); });
    return () => { live = false; };
  }, [api, ruleId]);

  const [fields, setFields] = useState<FieldOption[]>([]);
  useEffect(() => {
    let live = true;
    if (!collectionName) return undefined;
    collectionFields(api, collectionName).then((options) => { if (live) setFields(options); }, () => undefined);
    return () => { live = false; };
  }, [api, collectionName]);

  const mapping = asMapping(value);
  const names = [...new Set([...Object.keys(mapping), ...required])];
  // no mapping at all means the rule reads the whole record (see the server's ruleData)
  const wholeRecord = Object.keys(mapping).length === 0;
  const [draft, setDraft] = useState({ input: '', field: '' });

  const emit = (next: Record<string, string>): void => onChange?.(Object.keys(next).length ? next : undefined);
  const setField = (input: string, field: string): void => {
    const next = { ...mapping };
    if (field) next[input] = field;
    else delete next[input];
    emit(next);
  };
  const remove = (input: string): void => {
    const next = { ...mapping };
    delete next[input];
    emit(next);
  };
  const add = (): void => {
    const input = draft.input.trim();
    if (!input) return;
    emit({ ...mapping, [input]: draft.field.trim() || input });
    setDraft({ input: '', field: '' });
  };

  const fieldInput = (input: string, field: string, onSet: (f: string) => void): React.JSX.Element => (
    <AutoComplete
      data-testid={`tk-input-field-${input || 'new'}`}
      value={field}
      options={fields}
      disabled={locked}
      placeholder={TEXT.field[lang]}
      onChange={(next: string) => onSet(next)}
      filterOption={(text, option) => Boolean(option?.label.toLowerCase().includes(text.toLowerCase()))}
      style={{ width: '100%' }}
    />
  );

  const grid: React.CSSProperties = { display: 'grid', gridTemplateColumns: 'minmax(8em, 1fr) 1.6em minmax(12em, 2fr) auto', gap: 8, alignItems: 'center' };
  return (
    <div data-testid="tk-inputs-mapping">
      <div style={{ ...grid, marginBottom: 4 }}>
        <Typography.Text type="secondary">{TEXT.input[lang]}</Typography.Text>
        <span />
        <Typography.Text type="secondary">{TEXT.field[lang]}</Typography.Text>
        <span />
      </div>
      {names.length === 0 ? <Typography.Paragraph type="secondary">{TEXT.noMapping[lang]}</Typography.Paragraph> : null}
      {names.map((input) => {
        const mapped = mapping[input] ?? '';
        const isRequired = required.includes(input);
        return (
          <div key={input} style={{ ...grid, marginBottom: 8 }} data-tk-input={input}>
            <Space size={4} wrap>
              <Typography.Text code>{input}</Typography.Text>
              {isRequired ? <Typography.Text type="danger">*</Typography.Text> : null}
            </Space>
            <span aria-hidden>→</span>
            <div>
              {fieldInput(input, mapped, (f) => setField(input, f))}
              {!mapped
                ? <Typography.Text type={wholeRecord ? 'secondary' : 'warning'} style={{ fontSize: 12 }}>{(wholeRecord ? TEXT.sameName : TEXT.unmapped)[lang]}</Typography.Text>
                : null}
            </div>
            <Button size="small" type="text" danger disabled={locked || !(input in mapping)} onClick={() => remove(input)}>
              {TEXT.remove[lang]}
            </Button>
          </div>
        );
      })}
      {locked ? null : (
        <div style={{ ...grid, marginTop: 4 }}>
          <Input
            size="small"
            value={draft.input}
            placeholder={TEXT.input[lang]}
            onChange={(e) => setDraft({ ...draft, input: e.target.value })}
          />
          <span aria-hidden>→</span>
          {fieldInput('', draft.field, (f) => setDraft({ ...draft, field: f }))}
          <Button size="small" onClick={add} disabled={!draft.input.trim()}>{TEXT.add[lang]}</Button>
        </div>
      )}
    </div>
  );
});
TargetKitInputsMapping.displayName = 'TargetKitInputsMapping';

/** A flow's inline guard, read-only: it is part of the bundle, not of this workflow. */
export function TargetKitLogicView(props: FieldProps<unknown>): React.JSX.Element {
  const lang = useUiLang();
  return (
    <div data-testid="tk-logic-view">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>{TEXT.logicNote[lang]}</Typography.Paragraph>
      <pre style={{ margin: 0, padding: 8, maxHeight: 320, overflow: 'auto', background: 'rgba(0, 0, 0, 0.04)', borderRadius: 4, fontSize: 12 }}>
        {JSON.stringify(props.value, null, 2)}
      </pre>
    </div>
  );
}
