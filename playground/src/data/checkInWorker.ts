/**
 * Runs the import's check in a Web Worker (importCheck.worker.ts), so the page answers clicks
 * while a large file is checked: progress comes back as it goes, and `cancel` ends the worker at
 * once. Vite builds the worker as a file of its own from this origin, which the strict CSP's
 * `worker-src 'self'` allows (no blob: or eval needed).
 */
import type { CheckMessage, CheckRequest } from './importCheck.worker.js';
import type { RowProblem } from './importKinds.js';

type CheckOutcome =
  | { kind: 'done'; problems: RowProblem[]; rows: Array<{ line: number; record: Record<string, string> }> }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface CheckRun {
  outcome: Promise<CheckOutcome>;
  cancel(): void;
}

export function checkInWorker(request: CheckRequest, onProgress: (done: number, total: number) => void): CheckRun {
  const worker = new Worker(new URL('./importCheck.worker.ts', import.meta.url), { type: 'module' });
  let settle: (outcome: CheckOutcome) => void = () => undefined;
  const outcome = new Promise<CheckOutcome>((resolve) => { settle = resolve; });
  const end = (result: CheckOutcome) => {
    worker.terminate();
    settle(result);
  };
  worker.onmessage = (event: MessageEvent<CheckMessage>) => {
    const message = event.data;
    if (message.type === 'progress') onProgress(message.done, message.total);
    else end({ kind: 'done', problems: message.problems, rows: message.rows });
  };
  worker.onerror = (event) => end({ kind: 'failed', message: event.message || 'the check stopped' });
  worker.postMessage(request);
  return { outcome, cancel: () => end({ kind: 'cancelled' }) };
}
