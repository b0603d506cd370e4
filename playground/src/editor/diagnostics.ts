/**
 * Problems found by JSON pointer, placed at their line and column in the text the user sees
 * (the plugin's locatePointer), for the editor's diagnostics and the problem list.
 */
import { locatePointer, type Problem } from '../../../plugin/index.js';

export interface PlacedProblem {
  problem: Problem;
  line: number;
  column: number;
}

export function placeProblems(text: string, path: string, problems: readonly Problem[]): { here: PlacedProblem[]; elsewhere: Problem[] } {
  const here: PlacedProblem[] = [];
  const elsewhere: Problem[] = [];
  for (const problem of problems) {
    if (problem.file !== path) {
      elsewhere.push(problem);
      continue;
    }
    if (problem.row !== undefined) {
      here.push({ problem, line: problem.row, column: typeof problem.column === 'number' ? problem.column : 1 });
      continue;
    }
    const { line, column } = locatePointer(text, problem.pointer);
    here.push({ problem, line, column });
  }
  here.sort((a, b) => a.line - b.line || a.column - b.column);
  return { here, elsewhere };
}
