/**
 * Running a runtime use case in a Web Worker, worker side: each request (numbered by the page,
 * workerRun.ts) is handed to `handle` with a progress reporter; its result, or what it threw, is
 * posted back under the same number. A message posted from here reaches the page while the work
 * goes on, so progress needs no pause in the computation.
 */
import type { RunProgress, WorkerReply } from './workerRun.js';

type Report = (done: number, total: number, stage?: string) => void;

const post = (reply: WorkerReply<unknown>) => (self as unknown as { postMessage(m: unknown): void }).postMessage(reply);

export function serve<Q>(handle: (request: Q, progress: Report) => unknown): void {
  self.onmessage = async (event: MessageEvent<{ id: number; request: Q }>) => {
    const { id, request } = event.data;
    const progress: Report = (done, total, stage) => {
      const p: RunProgress = { done, total, ...(stage ? { stage } : {}) };
      post({ type: 'progress', id, ...p });
    };
    try {
      post({ type: 'done', id, result: await handle(request, progress) });
    } catch (error) {
      post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    }
  };
}
