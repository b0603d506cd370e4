/**
 * One JSON POST with a time-out, classified for the retry loop: 5xx, 429 and network failures
 * may pass later; other statuses will not. The URL carries secrets (a robot's key or token), so
 * it never appears in what this returns.
 */
import type { SendOutcome } from './types.js';

interface PostResult { status: number; body: unknown }

export async function postJson(url: string, payload: unknown, timeoutMs: number): Promise<{ ok: true; result: PostResult } | { ok: false; retry: boolean; error: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    // undici's errors name the cause (ECONNREFUSED, a time-out), not the URL
    const cause = e instanceof Error ? ((e.cause as { code?: string } | undefined)?.code ?? e.name) : 'error';
    return { ok: false, retry: true, error: `network: ${cause}` };
  }
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* a proxy's HTML error page stays text */ }
  if (response.status >= 500 || response.status === 429) return { ok: false, retry: true, error: `HTTP ${response.status}` };
  if (response.status >= 400) return { ok: false, retry: false, error: `HTTP ${response.status}` };
  return { ok: true, result: { status: response.status, body } };
}

/** A robot's JSON answer: `code` is the vendor's error number (0 = sent), `tooFast` its throttling codes. */
export function robotOutcome(body: unknown, codeField: 'errcode' | 'code', tooFast: readonly number[]): SendOutcome {
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = o[codeField] ?? o.StatusCode;
  if (code === 0) return { ok: true };
  const message = String(o.errmsg ?? o.msg ?? o.StatusMessage ?? '');
  return { ok: false, retry: typeof code === 'number' && tooFast.includes(code), error: `${codeField} ${String(code)}${message ? `: ${message}` : ''}` };
}
