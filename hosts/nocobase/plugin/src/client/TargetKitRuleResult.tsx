/**
 * TargetKitRuleResult (规则结果): a void field for a NocoBase form that shows a bundle rule's
 * result live. It watches the form values the rule reads, asks the server
 * (`targetKit:evaluate`) 250 ms after the last change, and shows a light, a number, a yes/no
 * or compact JSON. Inputs not filled in yet read as a quiet "待填写: …" rather than an error.
 * With `target`, a number or text result is written into that form field. Its own texts follow
 * the user's NocoBase UI language (ui-lang.ts).
 *
 * The root carries data-testid="tk-rule-<rule>", data-tk-status and, after a successful
 * evaluation, data-tk-result (JSON of the result) for tests.
 */
import { observer, useForm } from '@formily/react';
import { useAPIClient, type APIClient } from '@nocobase/client';
import { Space, Tag, Typography } from 'antd';
import React, { useEffect, useRef, useState } from 'react';
import { showResult, type Lang, type Shown } from './format.js';
import { useUiLang } from './ui-lang.js';
import { RESULT_COMPONENT, resourceAction } from '../../../contract.js';
// straight from its module, not the runtime's entry: the form component ships to the browser
// and needs this one function, not the loader and its validators
import { bindingInputs } from '../../../../../plugin/bundle/rule-inputs.js';

interface TargetKitRuleResultProps {
  /** Rule id in the loaded bundle. */
  rule: string;
  /** rule input → form field name; without it the whole form is the record. */
  inputs?: Record<string, string>;
  /** Form field that receives the result (numbers and text only). */
  target?: string;
  label?: string;
  /** Words for the result's values (the target field's options). */
  labels?: Record<string, string>;
}

type State =
  | { status: 'pending' }
  | { status: 'ok'; result: unknown }
  | { status: 'missing'; names: string[] }
  | { status: 'error'; code: string; message: string };

const DEBOUNCE_MS = 250;

/** What the runtime counts as a missing input; an emptied form field arrives as ''. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

interface ApiError {
  code: string;
  message: string;
  missing?: string[];
}

/** The first of our `{ errors: [...] }` in a failed request, whatever axios wrapped it in. */
export function apiErrorOf(e: unknown): ApiError {
  const response = typeof e === 'object' && e !== null ? (e as { response?: { data?: unknown; status?: number } }).response : undefined;
  const body = response?.data;
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (typeof first === 'object' && first !== null) {
    const { code, message, missing } = first as { code?: unknown; message?: unknown; missing?: unknown };
    return {
      code: typeof code === 'string' ? code : `HTTP_${response?.status ?? 0}`,
      message: typeof message === 'string' ? message : '',
      ...(Array.isArray(missing) ? { missing: missing.filter((m): m is string => typeof m === 'string') } : {}),
    };
  }
  return { code: response ? `HTTP_${response.status ?? 0}` : 'NETWORK', message: e instanceof Error ? e.message : String(e) };
}

async function evaluateRule(api: APIClient, rule: string, data: Record<string, unknown>): Promise<State> {
  try {
    const res = await api.request<{ data?: { result?: unknown } }>({
      url: resourceAction('evaluate'), method: 'post', data: { rule, data }, skipNotify: true,
    });
    return { status: 'ok', result: res.data.data?.result ?? null };
  } catch (e) {
    const error = apiErrorOf(e);
    if (error.code === 'RULE_INPUT_MISSING') return { status: 'missing', names: error.missing ?? [] };
    return { status: 'error', code: error.code, message: error.message };
  }
}

const LIGHT_COLORS = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' } as const;

function ResultView({ shown }: { shown: Shown }): React.JSX.Element {
  switch (shown.kind) {
    case 'light':
      return (
        <Space size={6}>
          <span
            aria-hidden
            style={{ display: 'inline-block', width: 12, height: 12, borderRadius: '50%', background: LIGHT_COLORS[shown.color] }}
          />
          <Tag color={shown.color === 'yellow' ? 'gold' : shown.color}>{shown.text}</Tag>
        </Space>
      );
    case 'number':
      return <Typography.Text strong>{shown.text}</Typography.Text>;
    case 'boolean':
      return <Typography.Text type={shown.value ? 'success' : 'danger'}>{shown.text}</Typography.Text>;
    default:
      return <Typography.Text code>{shown.text}</Typography.Text>;
  }
}

function StateView({ state, lang, titleOf, labels }: { state: State; lang: Lang; titleOf: (input: string) => string; labels?: Record<string, string> }): React.JSX.Element {
  switch (state.status) {
    case 'pending':
      return <Typography.Text type="secondary">…</Typography.Text>;
    case 'ok':
      return <ResultView shown={showResult(state.result, lang, labels)} />;
    case 'missing':
      return (
        <Typography.Text type="secondary">
          {lang === 'zh' ? '待填写：' : 'needs: '}
          {state.names.map(titleOf).join(lang === 'zh' ? '、' : ', ')}
        </Typography.Text>
      );
    default:
      return <Typography.Text type="danger">{`${state.message} [${state.code}]`}</Typography.Text>;
  }
}

export const TargetKitRuleResult = observer((props: TargetKitRuleResultProps): React.JSX.Element => {
  const { rule, inputs, target, label, labels } = props;
  const form = useForm();
  const api = useAPIClient();
  const lang = useUiLang();

  // The runtime's bindingInputs reads the record as the playground's runner does (dotted
  // field paths, blank fields left out). It asks `Object.hasOwn` first, which Formily's
  // reactive proxy does not track: a field still empty when the form opens would never
  // re-render this observer. Reading each mapped field through getValuesIn subscribes to it.
  if (inputs) for (const field of Object.values(inputs)) form.getValuesIn(field);
  const data = bindingInputs({ inputs }, form.values);
  const key = JSON.stringify(data);
  const mappedKey = inputs ? JSON.stringify(Object.keys(inputs)) : '[]';

  const [state, setState] = useState<State>({ status: 'pending' });
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    const record = JSON.parse(key) as Record<string, unknown>;
    const mapped = JSON.parse(mappedKey) as string[];
    // an untouched form: say what is needed without a request the server can only refuse
    if (mapped.length > 0 && mapped.every((input) => isBlank(record[input]))) {
      setState({ status: 'missing', names: mapped });
      return undefined;
    }
    const timer = setTimeout(() => {
      void evaluateRule(api, rule, record).then((next) => {
        if (request === latest.current) setState(next);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, rule, key, mappedKey]);

  useEffect(() => {
    if (!target || state.status !== 'ok') return;
    const { result } = state;
    if ((typeof result === 'number' || typeof result === 'string') && form.getValuesIn(target) !== result) {
      form.setValuesIn(target, result);
    }
  }, [form, target, state]);

  const titleOf = (input: string): string => {
    const fieldName = inputs?.[input] ?? input;
    const title: unknown = form.query(fieldName).take()?.title;
    return typeof title === 'string' && title !== '' ? title : fieldName;
  };

  return (
    <div
      data-testid={`tk-rule-${rule}`}
      data-tk-status={state.status}
      {...(state.status === 'ok' ? { 'data-tk-result': JSON.stringify(state.result) ?? 'null' } : {})}
      {...(state.status === 'error' ? { 'data-tk-error': state.code } : {})}
      style={{ marginBottom: 16 }}
    >
      <Space size={8} align="center">
        {label ? <Typography.Text type="secondary">{label}</Typography.Text> : null}
        <StateView state={state} lang={lang} titleOf={titleOf} labels={labels} />
      </Space>
    </div>
  );
});

TargetKitRuleResult.displayName = RESULT_COMPONENT;
