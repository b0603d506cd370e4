/**
 * Import: a single-file bundle chosen or dropped. It is read as strict UTF-8 JSON (no duplicate
 * or `__proto__` keys, every refusal at its line and column), then loaded in full; only
 * a bundle that loads replaces the build, once the user confirms what that removes (the build
 * before is kept for a restore), so on any error the build stays exactly as it was and every
 * problem is listed with its file and JSON pointer.
 */
import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Modal, Typography, Upload } from 'antd';
import { useState } from 'react';
import { loadSingleFileBundle, parseJsonBytes, type Problem } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import { useConfirmLoss } from '../build/confirmLoss.js';
import { buildLoss } from '../build/loss.js';
import { useT } from '../i18n/useT.js';
import { innerLocation } from './problemPlace.js';

export function ImportButton() {
  const { lang, t } = useT();
  const { message } = App.useApp();
  const importBundle = useBuildStore((s) => s.importBundle);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState<{ name: string; problems: Problem[] } | null>(null);
  const confirm = useConfirmLoss();

  const read = async (file: File) => {
    const parsed = parseJsonBytes(new Uint8Array(await file.arrayBuffer()), file.name);
    const result = parsed.ok ? loadSingleFileBundle(parsed.value, file.name) : { ok: false as const, problems: [parsed.problem] };
    if (!result.ok) {
      setFailed({ name: file.name, problems: result.problems });
      return;
    }
    setFailed(null);
    // the bundle loads: only now is there something to replace the build with, and to ask about
    confirm({
      title: t('loss.importTitle', { name: file.name }), items: buildLoss(useBuildStore.getState()), okText: t('loss.importOk'),
      onOk: () => {
        importBundle(file.name, result.bundle.files);
        setOpen(false);
        void message.success(t('composer.imported', { name: file.name, count: result.bundle.templates.length }));
      },
    });
  };

  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="import-build">{t('composer.import')}</Button>
      <Modal
        open={open}
        title={t('composer.importTitle')}
        footer={null}
        onCancel={() => { setOpen(false); setFailed(null); }}
        width={720}
        destroyOnHidden
      >
        <Flex vertical gap={16}>
          <Upload.Dragger
            accept=".json,application/json"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => {
              void read(file);
              return false; // nothing is uploaded anywhere: the file is read in the page
            }}
            data-testid="import-drop"
          >
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('composer.importDrop')}</p>
            <p className="ant-upload-hint">{t('composer.importHint')}</p>
          </Upload.Dragger>
          {failed && (
            <Alert
              type="error"
              showIcon
              data-testid="import-problems"
              message={t('composer.importFailed', { name: failed.name, count: failed.problems.length })}
              description={
                <ul className="problem-list">
                  {failed.problems.map((p, i) => {
                    const where = innerLocation(p);
                    return (
                      <li key={i} data-testid="import-problem" data-file={where.file} data-pointer={where.pointer}>
                        <Typography.Text code>{where.file}</Typography.Text>
                        <Typography.Text code>#{where.pointer}</Typography.Text>{' '}
                        {p.message[lang]} <Typography.Text type="secondary">[{p.code}]</Typography.Text>
                      </li>
                    );
                  })}
                </ul>
              }
            />
          )}
        </Flex>
      </Modal>
    </>
  );
}
