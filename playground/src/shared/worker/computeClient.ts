/**
 * The page's side of compute.worker.ts: one worker kept warm between runs (it keeps the loaded
 * bundle and the company it built), one run in it at a time. A newer request of the same task
 * waits for the running one and replaces any request still waiting, so a burst of keystrokes
 * computes at most twice; the screens ignore an outcome they no longer wait for. `cancel` ends the
 * worker at once; the next run starts a fresh one.
 */
import type { BundleFiles } from '../../../../plugin/index.js';
import type { ComputeRequest } from './compute.worker.js';
import type { TaskInput, TaskName, TaskResult } from './tasks.js';
import { workerErrorText, type RunOutcome, type RunProgress, type WorkerReply, type WorkerRun } from './workerRun.js';

interface Job {
  id: number;
  task: TaskName;
  files: BundleFiles;
  input: unknown;
  onProgress: (progress: RunProgress) => void;
  settle: (outcome: RunOutcome<unknown>) => void;
}

const fileKeys = new WeakMap<BundleFiles, number>();
let lastKey = 0;
let lastId = 0;
let worker: Worker | null = null;
/** The versions of the files the current worker has been sent. */
let sent = new Set<number>();
let running: Job | null = null;
const waiting = new Map<TaskName, Job>();

function keyOf(files: BundleFiles): number {
  let key = fileKeys.get(files);
  if (key === undefined) fileKeys.set(files, (key = ++lastKey));
  return key;
}

function stopWorker(): void {
  worker?.terminate();
  worker = null;
  sent = new Set();
}

function finish(job: Job, outcome: RunOutcome<unknown>): void {
  if (running === job) running = null;
  job.settle(outcome);
  const next = waiting.values().next();
  if (!running && !next.done) {
    waiting.delete(next.value.task);
    start(next.value);
  }
}

function start(job: Job): void {
  running = job;
  if (!worker) {
    worker = new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<WorkerReply<unknown>>) => {
      const reply = event.data;
      const current = running;
      if (!current || reply.id !== current.id) return;
      if (reply.type === 'progress') current.onProgress({ done: reply.done, total: reply.total, ...(reply.stage ? { stage: reply.stage } : {}) });
      else finish(current, reply.type === 'done' ? { kind: 'done', result: reply.result } : { kind: 'failed', message: reply.message });
    };
    worker.onerror = (event) => {
      const current = running;
      stopWorker();
      if (current) finish(current, { kind: 'failed', message: workerErrorText(event) });
    };
  }
  const filesKey = keyOf(job.files);
  const request: ComputeRequest = { task: job.task, filesKey, input: job.input, ...(sent.has(filesKey) ? {} : { files: job.files }) };
  sent.add(filesKey);
  worker.postMessage({ id: job.id, request });
}

export interface ComputeRun<R> extends WorkerRun<R> {
  /**
   * No longer wanted (a newer input came): a run still waiting is dropped; a running one is left
   * to finish, so the worker keeps the company it built for the next run.
   */
  drop(): void;
}

/** Runs `task` over the build's `files` in the worker. */
export function compute<T extends TaskName>(task: T, files: BundleFiles, input: TaskInput<T>, onProgress: (progress: RunProgress) => void): ComputeRun<TaskResult<T>> {
  let settle: (outcome: RunOutcome<TaskResult<T>>) => void = () => undefined;
  const outcome = new Promise<RunOutcome<TaskResult<T>>>((resolve) => { settle = resolve; });
  const job: Job = { id: ++lastId, task, files, input, onProgress, settle: settle as (o: RunOutcome<unknown>) => void };
  if (!running) start(job);
  else {
    waiting.get(task)?.settle({ kind: 'cancelled' });
    waiting.set(task, job);
  }
  const drop = () => {
    if (waiting.get(task) !== job) return;
    waiting.delete(task);
    job.settle({ kind: 'cancelled' });
  };
  const cancel = () => {
    drop();
    if (running !== job) return;
    // the worker is busy with this run: only ending it stops the work
    stopWorker();
    finish(job, { kind: 'cancelled' });
  };
  return { outcome, cancel, drop };
}

/**
 * Has the worker load the build and build its company now, while the page builds its own (a
 * screen calls this before its first render's own work), so the screen's request finds it ready.
 * Nothing when the worker already has these files.
 */
export function warm(files: BundleFiles): void {
  if (worker && sent.has(keyOf(files))) return;
  compute('warm', files, null, () => undefined);
}
