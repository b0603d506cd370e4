/**
 * A screen's view of a task run in the worker (computeClient.ts): the last result, which input
 * it is for, how far the current run is, and a cancel that keeps the last result on the screen.
 * A new input starts a new run; the screen keeps showing the previous result until it arrives.
 * Progress reaches the screen at most once a frame.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BundleFiles } from '../../../../plugin/index.js';
import { compute, type ComputeRun } from './computeClient.js';
import type { TaskInput, TaskName, TaskResult } from './tasks.js';
import type { RunProgress } from './workerRun.js';

export interface Computed<T extends TaskName> {
  /** The last finished run's result, and the input it was computed for. */
  result: TaskResult<T> | null;
  resultFor: TaskInput<T> | null;
  /** The running run's progress; null when nothing runs. */
  progress: RunProgress | null;
  /** The last run was cancelled (the result is an earlier input's, or none). */
  cancelled: boolean;
  failed: string | null;
  cancel(): void;
  /** Runs the current input again (after a cancel). */
  retry(): void;
}

export function useComputed<T extends TaskName>(task: T, files: BundleFiles | null, input: TaskInput<T> | null): Computed<T> {
  const [done, setDone] = useState<{ result: TaskResult<T>; input: TaskInput<T> } | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const run = useRef<ComputeRun<TaskResult<T>> | null>(null);

  useEffect(() => {
    if (!files || input === null) return undefined;
    setCancelled(false);
    setFailed(null);
    setProgress({ done: 0, total: 1 });
    // One render per frame, however many progress messages arrived in it: each render of the
    // screen's sign is a render of the screen that holds this hook (the board with its tables).
    let latest: RunProgress | null = null;
    let frame: number | null = null;
    const showLatest = () => {
      frame = null;
      if (run.current === started && latest) setProgress(latest);
    };
    const started = compute(task, files, input, (p) => {
      latest = p;
      frame ??= requestAnimationFrame(showLatest);
    });
    const stopFrame = () => { if (frame !== null) cancelAnimationFrame(frame); frame = null; };
    run.current = started;
    void started.outcome.then((outcome) => {
      stopFrame();
      if (run.current !== started) return;
      run.current = null;
      setProgress(null);
      if (outcome.kind === 'done') setDone({ result: outcome.result, input });
      else if (outcome.kind === 'failed') setFailed(outcome.message);
      else setCancelled(true);
    });
    return () => {
      stopFrame();
      // a newer input (or leaving the screen) no longer waits for this run
      if (run.current === started) run.current = null;
      started.drop();
    };
  }, [task, files, input, attempt]);

  const cancel = useCallback(() => run.current?.cancel(), []);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { result: done?.result ?? null, resultFor: done?.input ?? null, progress, cancelled, failed, cancel, retry };
}
