/**
 * The sign of work running in the worker (useComputed.ts): a bar with the stage and a cancel
 * button while it runs; after a cancel or a failure, what happened and a button to compute again.
 * Nothing while idle.
 */
import { Alert, Button, Progress, Space, Spin, Typography } from 'antd';
import type { Computed } from './useComputed.js';
import type { TaskName } from './tasks.js';
import { stageKey, useRunT } from './messages.js';

export function RunSign<T extends TaskName>({ run, testId }: { run: Computed<T>; testId: string }) {
  const t = useRunT();
  const { progress } = run;
  if (progress) {
    const key = stageKey(progress.stage);
    // before the worker names its first stage the step still says something
    const stage = key ? t(key) : (progress.stage || t('run.stage.starting'));
    return (
      <div className="run-sign" data-testid={testId} data-stage={progress.stage ?? ''} role="status">
        <Space size={8} wrap>
          <Spin size="small" />
          <Typography.Text type="secondary">{t('run.working')}</Typography.Text>
          <Progress percent={Math.round((100 * progress.done) / Math.max(1, progress.total))} size="small" style={{ width: 140, margin: 0 }} showInfo={false} />
          <Typography.Text type="secondary" data-testid={`${testId}-stage`}>{t('run.step', { done: Math.min(progress.done + 1, progress.total), total: progress.total, stage })}</Typography.Text>
          <Button size="small" danger onClick={run.cancel} data-testid={`${testId}-cancel`}>{t('run.cancel')}</Button>
        </Space>
      </div>
    );
  }
  if (run.cancelled) {
    return (
      <Alert type="info" showIcon data-testid={`${testId}-cancelled`} className="run-sign"
        message={run.result ? t('run.cancelled') : t('run.cancelledNone')}
        action={<Button size="small" onClick={run.retry} data-testid={`${testId}-retry`}>{t('run.retry')}</Button>} />
    );
  }
  if (run.failed) {
    return <Alert type="error" showIcon className="run-sign" data-testid={`${testId}-failed`} message={t('run.failed', { message: run.failed })}
      action={<Button size="small" onClick={run.retry}>{t('run.retry')}</Button>} />;
  }
  return null;
}
