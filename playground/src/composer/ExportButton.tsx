/** Export: the build as one single-file bundle, checked with the plugin before it is offered,
 * so what is downloaded is what `target-kit validate` accepts. */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { loadSingleFileBundle, type LoadedBundle } from '../../../plugin/index.js';
import { buildSingleFile } from '../build/dependencies.js';
import { downloadText } from '../shared/download.js';
import { useT } from '../i18n/useT.js';
import { problemPlace } from './problemPlace.js';

function exportFileName(bundle: LoadedBundle): string {
  return `${bundle.manifest.id}.build.json`;
}

const download = (name: string, text: string) => downloadText(name, text, 'application/json');

export function ExportButton({ bundle, templateIds }: { bundle: LoadedBundle; templateIds: readonly string[] }) {
  const { lang, t } = useT();
  const { message, modal } = App.useApp();
  const onExport = () => {
    const single = buildSingleFile(bundle, templateIds);
    const name = exportFileName(bundle);
    const check = loadSingleFileBundle(single, name);
    if (!check.ok) {
      // Only a bug in the dependency closure gets here; say what is wrong instead of
      // handing over a file that would be refused.
      modal.error({
        title: t('composer.exportFailed'),
        content: check.problems.map((p) => `${problemPlace(p)}: ${p.message[lang]}`).join('\n'),
      });
      return;
    }
    download(name, `${JSON.stringify(single, null, 2)}\n`);
    message.success(t('composer.exported', { name, count: templateIds.length }));
  };
  return (
    <Button type="primary" icon={<DownloadOutlined />} disabled={templateIds.length === 0} onClick={onExport} data-testid="export-build">
      {t('composer.export')}
    </Button>
  );
}
