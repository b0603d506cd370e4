/**
 * Running a runtime use case in a Web Worker, page side (issue 21: the tab must not freeze while
 * a large company is allocated, tracked or checked). The worker answers with progress messages
 * and one result; `cancel` ends the worker at once, so nothing half-done comes back. Vite builds
 * each worker as a file of its own from this origin, which the strict CSP's `worker-src 'self'`
 * allows: no blob: URL and no eval.
 */

/** How far a run is: `done` of `total` steps (rows, or stages), with the stage's name when it has one. */
export interface RunProgress {
  done: number;
  total: number;
  stage?: string;
}

/** What a worker posts back for the request numbered `id`. */
export type WorkerReply<R> =
  | ({ type: 'progress'; id: number } & RunProgress)
  | { type: 'done'; id: number; result: R }
  | { type: 'failed'; id: number; message: string };

export type RunOutcome<R> = { kind: 'done'; result: R } | { kind: 'cancelled' } | { kind: 'failed'; message: string };

export interface WorkerRun<R> {
  outcome: Promise<RunOutcome<R>>;
  /** Ends the run at once (its worker is terminated); the outcome is `cancelled`. */
  cancel(): void;
}

/** What failed in a worker, as the page shows it. */
export function workerErrorText(event: ErrorEvent | MessageEvent): string {
  return ('message' in event && typeof event.message === 'string' && event.message) || 'the worker stopped';
}

/**
 * One request to a worker of its own, which ends with it (the import check: each file is checked
 * once, and its rows are not worth keeping).
 */
export function runOnce<Q, R>(worker: Worker, request: Q, onProgress: (progress: RunProgress) => void): WorkerRun<R> {
  let settle: (outcome: RunOutcome<R>) => void = () => undefined;
  const outcome = new Promise<RunOutcome<R>>((resolve) => { settle = resolve; });
  let ended = false;
  const end = (result: RunOutcome<R>) => {
    if (ended) return;
    ended = true;
    worker.terminate();
    settle(result);
  };
  worker.onmessage = (event: MessageEvent<WorkerReply<R>>) => {
    const reply = event.data;
    if (reply.type === 'progress') onProgress({ done: reply.done, total: reply.total, ...(reply.stage ? { stage: reply.stage } : {}) });
    else if (reply.type === 'done') end({ kind: 'done', result: reply.result });
    else end({ kind: 'failed', message: reply.message });
  };
  worker.onerror = (event) => end({ kind: 'failed', message: workerErrorText(event) });
  worker.postMessage({ id: 0, request });
  return { outcome, cancel: () => end({ kind: 'cancelled' }) };
}
