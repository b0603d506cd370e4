/** Every command of the CLI, in the order the main help lists them. */
import type { CommandDef } from '../command.js';
import { allocateCommand } from './allocate.js';
import { convertCommand } from './convert.js';
import { evalCommand } from './eval.js';
import { explainCommand } from './explain.js';
import { forecastCommand } from './forecast.js';
import { lettersCommand } from './letters.js';
import { operatorsCommand } from './operators.js';
import { phaseCommand } from './phase.js';
import { pointsCommand } from './points.js';
import { replayCommand } from './replay.js';
import { scoreCommand } from './score.js';
import { testCommand } from './test.js';
import { trackCommand } from './track.js';
import { validateCommand } from './validate.js';
import { pipelineCommand } from './pipeline.js';
import { indicatorsCommand } from './indicators.js';
import { initCommand } from './init.js';
import { nocobaseCommand } from './nocobase.js';
import { notifyCommand } from './notify.js';

export const COMMANDS: readonly CommandDef[] = [
  initCommand, validateCommand, testCommand, evalCommand, explainCommand, convertCommand, operatorsCommand,
  allocateCommand, forecastCommand, trackCommand, notifyCommand, phaseCommand, scoreCommand, pointsCommand, lettersCommand, replayCommand,
  pipelineCommand, indicatorsCommand, nocobaseCommand,
];
