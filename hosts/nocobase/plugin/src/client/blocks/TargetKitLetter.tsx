/**
 * TargetKitLetter (承诺书): the letters the signed-in user may read (NocoBase's own list of the
 * letter collection, so his data scope decides: a rep his own, a head his subtree's, HRBP all),
 * each with the text the runtime composes (`targetKit:letterText`, the playground's text), its
 * state and signature, a sign button for a letter still to sign (the flow's sign action, which
 * the server takes only for the person the letter is for), and a print view with the letter
 * alone and its full hash. The letters' issuers (HRBP, HQ) also get the export of the signed
 * letters as XLSX (`targetKit:exportLetters`; the server checks the role again).
 *
 * The root carries data-testid="tk-letter"; each letter data-testid="tk-letter-<id>" and
 * data-tk-status, for tests.
 */
import { useAPIClient, type APIClient } from '@nocobase/client';
import { Alert, Button, Card, Checkbox, Empty, Modal, Space, Tag, Typography } from 'antd';
import React, { useCallback, useEffect, useState } from 'react';
import { useUiLang } from '../ui-lang.js';
import type { Lang } from '../format.js';
import { ACTION_FIELD, MESSAGE_FIELD, STATUS_FIELD, resourceAction } from '../../../../contract.js';

interface TargetKitLetterProps {
  /** The letter collection (`tk_commitment_letter`). */
  collection: string;
  /** The NocoBase roles that issue letters and so may export them (the server checks again). */
  exporters?: string[];
}

type LetterRecord = Record<string, unknown> & { id: number | string };

interface LetterText {
  title: string;
  paragraphs: string[];
  labels: { signature: string; date: string };
  hash: string;
  signed: boolean;
}

const WORDS = {
  zh: {
    title: '承诺书', none: '没有你可以查看的承诺书', agree: '我已阅读并同意本承诺书', sign: '本人签署', signing: '签署中…',
    print: '打印视图', printNow: '打印', hash: '内容哈希（SHA-256）', export: '导出已签署承诺书（XLSX）', exported: (n: number) => `已导出 ${n} 份已签署承诺书`,
    status: { issued: '待签署', signed: '已签署', void: '已作废' } as Record<string, string>, refused: '签署未通过',
  },
  en: {
    title: 'Commitment letters', none: 'No letter you may read', agree: 'I have read and agree to this letter', sign: 'Sign as myself', signing: 'Signing…',
    print: 'Print view', printNow: 'Print', hash: 'Content hash (SHA-256)', export: 'Export signed letters (XLSX)', exported: (n: number) => `${n} signed letters exported`,
    status: { issued: 'to sign', signed: 'signed', void: 'void' } as Record<string, string>, refused: 'Not signed',
  },
} as const;

function errorText(e: unknown): string {
  const body = (e as { response?: { data?: { errors?: Array<{ message?: string }> } } } | null)?.response?.data;
  return body?.errors?.[0]?.message ?? (e instanceof Error ? e.message : String(e));
}

async function listLetters(api: APIClient, collection: string): Promise<LetterRecord[]> {
  const answer = await api.request<{ data?: LetterRecord[] }>({ url: `${collection}:list?pageSize=200&sort=-id`, skipNotify: true });
  return answer.data.data ?? [];
}

async function letterText(api: APIClient, collection: string, record: LetterRecord): Promise<LetterText> {
  const answer = await api.request<{ data: LetterText }>({ url: resourceAction('letterText'), method: 'post', data: { collection, record }, skipNotify: true });
  return answer.data.data;
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The letter's body as the print sheet and the screen show it. */
function LetterBody({ text, record, lang }: { text: LetterText; record: LetterRecord; lang: Lang }): React.JSX.Element {
  const signedBy = typeof record.signedBy === 'string' ? record.signedBy : '';
  const signedAt = typeof record.signedAt === 'string' ? record.signedAt : '';
  const colon = lang === 'zh' ? '：' : ': ';
  return (
    <div className="tk-letter-body">
      <Typography.Title level={4} style={{ textAlign: 'center' }}>{text.title}</Typography.Title>
      {text.paragraphs.map((p, i) => <Typography.Paragraph key={i}>{p}</Typography.Paragraph>)}
      <Typography.Paragraph>
        {text.labels.signature}{colon}{signedBy || '＿＿＿＿'}
        {'　'}{text.labels.date}{colon}{signedAt ? new Date(signedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : '＿＿＿＿'}
      </Typography.Paragraph>
    </div>
  );
}

function OneLetter({ api, collection, record, lang, onChanged }: { api: APIClient; collection: string; record: LetterRecord; lang: Lang; onChanged: () => void }): React.JSX.Element {
  const w = WORDS[lang];
  const [text, setText] = useState<LetterText | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [agree, setAgree] = useState(false);
  const [busy, setBusy] = useState(false);
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    let live = true;
    letterText(api, collection, record).then((t) => { if (live) setText(t); }, (e: unknown) => { if (live) setError(errorText(e)); });
    return () => { live = false; };
  }, [api, collection, record, lang]);
  const status = String(record[STATUS_FIELD] ?? '');
  const sign = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api.request({ url: `${collection}:update?filterByTk=${String(record.id)}`, method: 'post', data: { agree: true, typedName: record.headName, [ACTION_FIELD]: 'sign' }, skipNotify: true });
      // the flow's workflow takes the action after the write: wait until it has answered
      for (let i = 0; i < 60; i++) {
        const got = await api.request<{ data?: LetterRecord }>({ url: `${collection}:get?filterByTk=${String(record.id)}`, skipNotify: true });
        const now = got.data.data;
        if (now && !now[ACTION_FIELD]) {
          if (now[STATUS_FIELD] === status && now[MESSAGE_FIELD]) setError(`${w.refused}: ${String(now[MESSAGE_FIELD])}`);
          break;
        }
        await delay(500);
      }
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const colon = lang === 'zh' ? '：' : ': ';
  return (
    <Card size="small" data-testid={`tk-letter-${String(record.id)}`} data-tk-status={status}
      title={<Space>{String(record.unit ?? record.tk_unit ?? '')}<Tag color={status === 'signed' ? 'green' : status === 'issued' ? 'blue' : 'default'}>{w.status[status] ?? status}</Tag></Space>}
      extra={<Button size="small" onClick={() => setPrinting(true)} disabled={!text} data-testid="tk-letter-print">{w.print}</Button>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="tk-letter-error" />}
      {text ? <LetterBody text={text} record={record} lang={lang} /> : <Typography.Text type="secondary">…</Typography.Text>}
      {text && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{w.hash}{colon}<code data-testid="tk-letter-hash">{text.hash}</code></Typography.Paragraph>}
      {status === 'issued' && (
        <Space wrap>
          <Checkbox checked={agree} onChange={(e) => setAgree(e.target.checked)} data-testid="tk-letter-agree">{w.agree}</Checkbox>
          <Button type="primary" disabled={!agree || busy} loading={busy} onClick={() => void sign()} data-testid="tk-letter-sign">{busy ? w.signing : w.sign}</Button>
        </Space>
      )}
      <Modal open={printing} onCancel={() => setPrinting(false)} width={760} title={w.print}
        footer={<Button type="primary" onClick={() => window.print()}>{w.printNow}</Button>}>
        {text && (
          <div className="tk-letter-print" data-testid="tk-letter-print-view">
            <LetterBody text={text} record={record} lang={lang} />
            <Typography.Paragraph style={{ fontSize: 12, wordBreak: 'break-all' }}>{w.hash}{colon}<code>{text.hash}</code></Typography.Paragraph>
          </div>
        )}
      </Modal>
    </Card>
  );
}

export function TargetKitLetter(props: TargetKitLetterProps): React.JSX.Element {
  const { collection, exporters = [] } = props;
  const api = useAPIClient();
  const lang = useUiLang();
  const w = WORDS[lang];
  const [letters, setLetters] = useState<LetterRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const load = useCallback(() => {
    listLetters(api, collection).then(setLetters, (e: unknown) => { setLetters([]); setError(errorText(e)); });
  }, [api, collection]);
  useEffect(load, [load]);
  useEffect(() => {
    api.request<{ data?: { role?: string; allowAll?: boolean } }>({ url: 'roles:check', skipNotify: true })
      .then((a) => setRole(a.data.data?.allowAll ? 'root' : a.data.data?.role ?? null), () => setRole(null));
  }, [api]);
  const canExport = role !== null && (role === 'root' || role === 'admin' || exporters.includes(role));
  const exportLetters = async (): Promise<void> => {
    setError(null);
    try {
      const answer = await api.request<{ data: { name: string; rows: number; xlsx: string } }>({ url: resourceAction('exportLetters'), method: 'post', data: { collection }, skipNotify: true });
      const { name, rows, xlsx } = answer.data.data;
      const bytes = Uint8Array.from(atob(xlsx), (c) => c.charCodeAt(0));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
      link.download = name;
      link.click();
      URL.revokeObjectURL(link.href);
      setExported(w.exported(rows));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card title={w.title} data-testid="tk-letter" extra={canExport && <Button onClick={() => void exportLetters()} data-testid="tk-letter-export">{w.export}</Button>}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {exported && <Alert type="success" showIcon message={exported} style={{ marginBottom: 12 }} data-testid="tk-letter-exported" />}
      {letters === null ? <Typography.Text type="secondary">…</Typography.Text>
        : letters.length === 0 ? <Empty description={w.none} />
          : <Space direction="vertical" style={{ width: '100%' }} size="middle">
            {letters.map((r) => <OneLetter key={String(r.id)} api={api} collection={collection} record={r} lang={lang} onChanged={load} />)}
          </Space>}
    </Card>
  );
}
