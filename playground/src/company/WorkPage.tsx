/** Frame of a work screen: heading, the persona's scope, and the model's problems if it cannot load. */
import { Alert, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Problem } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import type { Persona } from '../roles/personas.js';

export function WorkPage({ title, subtitle, persona, problems, testId, children }: {
  title: string; subtitle?: string; persona: Persona | null; problems?: Problem[]; testId: string; children?: ReactNode;
}) {
  const { t, pick } = useT();
  return (
    <div className="page work-page" data-testid={testId}>
      <div className="page-heading">
        <Space wrap align="baseline">
          <Typography.Title level={3}>{title}</Typography.Title>
          {persona && <Tag color="geekblue" data-testid="acting-as">{/* a persona named by his role (HQ, HRBP, a head) shows the role in the screen's language; a rep, his own name */}
            {persona.name === persona.title.zh || persona.name === pick(persona.title) ? pick(persona.title) : t('role.actingAs', { role: pick(persona.title), name: persona.name })}</Tag>}
        </Space>
        {subtitle && <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>}
      </div>
      {problems && problems.length > 0 ? (
        <Alert type="error" showIcon message={t('work.modelProblems')} description={problems.slice(0, 5).map((p) => (
          <div key={`${p.code}${p.row ?? ''}${p.column ?? ''}`}>{p.row ? `${t('data.rowCol', { row: p.row, column: p.column ?? '' })} ` : ''}{pick(p.message)}</div>
        ))} />
      ) : children}
    </div>
  );
}
