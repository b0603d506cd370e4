/**
 * What a work block asks its server action for, kept as the block's state: the answer, or the
 * server's first message when it refused (a scope, a missing dataset), and a reload after a
 * change. The server computes every figure; a block only renders the answer.
 */
import { useAPIClient } from '@nocobase/client';
import { useCallback, useEffect, useState } from 'react';
import { resourceAction } from '../../../../contract.js';

/** The server's messages of a refused request, or the error's own text. */
export const errorText = (e: unknown): string => {
  const body = (e as { response?: { data?: { errors?: Array<{ message?: string }> } } }).response?.data;
  return body?.errors?.map((x) => x.message).filter(Boolean).join('；') || String(e);
};

type Action = Parameters<typeof resourceAction>[0];

export function useBlockAnswer<T>(action: Action, body: Record<string, unknown>): { answer: T | null; error: string | null; status: 'loading' | 'ok' | 'error'; reload(): void } {
  const api = useAPIClient();
  const [answer, setAnswer] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const key = JSON.stringify(body);
  useEffect(() => {
    let live = true;
    api.request<{ data?: T }>({ url: resourceAction(action), method: 'post', data: JSON.parse(key) as Record<string, unknown>, skipNotify: true })
      .then((res) => { if (live && res.data.data) { setAnswer(res.data.data); setError(null); } })
      .catch((e: unknown) => { if (live) setError(errorText(e)); });
    return () => { live = false; };
  }, [api, action, key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { answer, error, status: error ? 'error' : answer ? 'ok' : 'loading', reload };
}
