/** One template form, rendered by Formily with the antd-v5 components. */
import { FormLayout, PreviewText } from '@formily/antd-v5';
import type { Form } from '@formily/core';
import type { ISchema } from '@formily/json-schema';
import { FormProvider } from '@formily/react';
import { Alert } from 'antd';
import type { FormSchema } from '../bundle/types.js';
import { useT } from '../i18n/useT.js';
import { unknownComponents } from './components.js';
import { RenderGuard } from './RenderGuard.js';
import { SchemaField } from './SchemaField.js';

interface FormPaneProps {
  name: string;
  form: Form;
  schema: FormSchema;
}

export function FormPane({ name, form, schema }: FormPaneProps) {
  const { t } = useT();
  const unknown = unknownComponents(schema);
  if (unknown.length > 0) {
    return <Alert type="error" showIcon message={t('runner.unknownComponents', { names: unknown.join(', ') })} />;
  }
  return (
    <RenderGuard title={t('runner.renderFailed')}>
      <div className="form-pane" data-testid={`form-${name}`}>
        <FormProvider form={form}>
          {/* Formily shows an empty read-only value as "N/A"; a dash reads the same in both languages. */}
          <PreviewText.Placeholder value="—">
            <FormLayout layout="vertical" colon={false}>
              {/* The bundle types a form node loosely (FormNode); it is a Formily schema by contract. */}
              <SchemaField schema={schema as ISchema} />
            </FormLayout>
          </PreviewText.Placeholder>
        </FormProvider>
      </div>
    </RenderGuard>
  );
}
