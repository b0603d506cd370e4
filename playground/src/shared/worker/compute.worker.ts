/**
 * The playground's long computations, off the page's thread (issue 21): the worker loads the
 * build's bundle once per version of its files (the page sends the files only the first time),
 * builds the company there, and runs the requested task (tasks.ts), reporting each stage.
 * Cancelling is the page terminating the worker; the next run starts a fresh one.
 */
import { loadBundle, type BundleFiles, type LoadedBundle } from '../../../../plugin/index.js';
import { shownTexts } from '../../build/shownTexts.js';
import { serve } from './serve.js';
import { TASKS, type TaskName } from './tasks.js';

export interface ComputeRequest {
  task: TaskName;
  /** The version of the build's files (computeClient.ts numbers them). */
  filesKey: number;
  /** The files, when this worker has not had this version yet. */
  files?: BundleFiles;
  input: unknown;
}

let loaded: { key: number; bundle: LoadedBundle } | null = null;

serve<ComputeRequest>((request, progress) => {
  const task = TASKS[request.task];
  const total = task.stages.length + 1;
  progress(0, total, 'bundle');
  if (loaded?.key !== request.filesKey) {
    if (!request.files) throw new Error('the build\'s files did not reach the worker');
    const result = shownTexts(loadBundle(request.files));
    // the page shows the build's own problems; a bundle that does not load gives it nothing to compute
    if (!result.ok) throw new Error(result.problems[0] ? result.problems[0].message.en : 'the build does not load');
    loaded = { key: request.filesKey, bundle: result.bundle };
  }
  const step = (stage: string) => progress((task.stages as readonly string[]).indexOf(stage) + 1, total, stage);
  return (task.run as (bundle: LoadedBundle, input: unknown, step: (stage: string) => void) => unknown)(loaded.bundle, request.input, step);
});
