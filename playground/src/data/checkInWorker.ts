/**
 * Runs the import's check in a Web Worker (importCheck.worker.ts, through the shared
 * shared/worker/workerRun.ts), so the page answers clicks while a large file is checked:
 * progress comes back as it goes, and `cancel` ends the worker at once.
 */
import { runOnce, type WorkerRun } from '../shared/worker/workerRun.js';
import type { CheckRequest, CheckResult } from './importCheck.worker.js';

export type CheckRun = WorkerRun<CheckResult>;

export function checkInWorker(request: CheckRequest, onProgress: (done: number, total: number) => void): CheckRun {
  const worker = new Worker(new URL('./importCheck.worker.ts', import.meta.url), { type: 'module' });
  return runOnce<CheckRequest, CheckResult>(worker, request, (p) => onProgress(p.done, p.total));
}
