/**
 * A small NocoBase REST client: sign-in, JSON calls and file uploads, with retries where
 * NocoBase is known to be briefly away (503 APP_COMMANDING while a plugin restarts the app, the
 * port closed during that restart) and a clear error everywhere else.
 */

interface NocoBaseAuth {
  token?: string;
  account?: string;
  password?: string;
}

interface ClientOptions extends NocoBaseAuth {
  url: string;
  /** Total time to keep retrying a call NocoBase answered with 503 or a closed port; 90 s by default. */
  patienceMs?: number;
  /** For tests: a fetch of one's own. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Why a call failed, in words an implementer can act on. */
export class NocoBaseError extends Error {
  constructor(
    message: { zh: string; en: string },
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message.en);
    this.said = message;
  }
  readonly said: { zh: string; en: string };
}

interface CallOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  form?: FormData;
  /** Answer statuses the caller handles itself (e.g. 404 when looking for something). */
  accept?: number[];
}

interface Answer<T = unknown> {
  status: number;
  body: { data?: T; errors?: Array<{ message?: string; code?: string }> } & Record<string, unknown>;
}

/** How long a closed port is waited for: a plugin restart takes seconds; a host that is down fails soon. */
const NETWORK_PATIENCE_MS = 20_000;

function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

export class NocoBaseClient {
  private token: string | undefined;
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly patienceMs: number;

  constructor(readonly options: ClientOptions) {
    this.base = options.url.replace(/\/+$/, '') + '/api/';
    this.doFetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.patienceMs = options.patienceMs ?? 90_000;
    this.token = options.token;
  }

  /** Checks that NocoBase answers and the credentials work (signing in when given an account); the user's id. */
  async connect(): Promise<number> {
    await this.call('app:getInfo', { accept: [401, 403] });
    if (!this.token) {
      const { account, password } = this.options;
      if (!account || !password) {
        throw new NocoBaseError({ zh: '需要 --token，或 --account 与 --password', en: '--token, or --account and --password, is needed' });
      }
      const answer = await this.call<{ token: string }>('auth:signIn', { method: 'POST', body: { account, password }, accept: [400, 401] }, { 'X-Authenticator': 'basic' });
      if (answer.status !== 200 || !answer.body.data?.token) {
        throw new NocoBaseError({ zh: `登录失败：${errorText(answer)}`, en: `sign-in failed: ${errorText(answer)}` }, answer.status);
      }
      this.token = answer.body.data.token;
    }
    const me = await this.call('auth:check', { accept: [401, 403] });
    if (me.status !== 200 || !me.body.data || !(me.body.data as { id?: unknown }).id) {
      throw new NocoBaseError({ zh: '令牌无效或已过期（auth:check 被拒绝）', en: 'the token is invalid or expired (auth:check refused it)' }, me.status);
    }
    return Number((me.body.data as { id: unknown }).id);
  }

  /** One call; retries while NocoBase restarts, throws NocoBaseError on anything unexpected. */
  async call<T = unknown>(action: string, options: CallOptions = {}, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const url = new URL(this.base + action);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const method = options.method ?? (options.body !== undefined || options.form ? 'POST' : 'GET');
    const started = Date.now();
    let delay = 500;
    for (;;) {
      const allHeaders: Record<string, string> = { 'X-Role': 'root', 'X-Locale': 'zh-CN', ...headers };
      if (this.token) allHeaders.Authorization = `Bearer ${this.token}`;
      let body: string | FormData | undefined;
      if (options.form) body = options.form;
      else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        allHeaders['Content-Type'] = 'application/json';
      }
      let response: Response | undefined;
      let networkError: unknown;
      try {
        response = await this.doFetch(url, { method, headers: allHeaders, body });
      } catch (error) {
        networkError = error;
      }
      const waited = Date.now() - started;
      const retry = response ? response.status === 503 && waited < this.patienceMs : waited < Math.min(NETWORK_PATIENCE_MS, this.patienceMs);
      if (retry) {
        await this.sleep(delay);
        delay = Math.min(delay * 2, 4000);
        continue;
      }
      if (!response) {
        throw new NocoBaseError({
          zh: `连不上 NocoBase（${this.options.url}）：${causeCode(networkError)}`,
          en: `cannot reach NocoBase at ${this.options.url}: ${causeCode(networkError)}`,
        });
      }
      const text = await response.text();
      let parsed: Answer<T>['body'];
      try {
        parsed = text ? (JSON.parse(text) as Answer<T>['body']) : {};
      } catch {
        parsed = { raw: text };
      }
      const answer: Answer<T> = { status: response.status, body: parsed };
      if (response.ok || options.accept?.includes(response.status)) return answer;
      if (response.status === 401) {
        throw new NocoBaseError({ zh: `NocoBase 拒绝了凭据（401，${action}）：${errorText(answer)}`, en: `NocoBase refused the credentials (401 on ${action}): ${errorText(answer)}` }, 401);
      }
      throw new NocoBaseError({
        zh: `NocoBase 在 ${action} 返回 ${response.status}：${errorText(answer)}`,
        en: `NocoBase answered ${response.status} on ${action}: ${errorText(answer)}`,
      }, response.status, answer.body.errors?.[0]?.code);
    }
  }

  async data<T>(action: string, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>(action, options)).body.data as T;
  }
}

function errorText(answer: Answer): string {
  const errors = answer.body.errors;
  if (Array.isArray(errors) && errors.length) return errors.map((e) => [e.code, e.message].filter(Boolean).join(' ')).join('; ');
  if (typeof answer.body.raw === 'string') return answer.body.raw.slice(0, 200);
  return JSON.stringify(answer.body).slice(0, 200);
}
