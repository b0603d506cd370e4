/** The domain operators every engine registers next to the standard ones (kind 'domain'). */
import type { Builtin } from '../operators/define.js';
import { avg, sum } from './aggregate.js';
import { clamp } from './clamp.js';
import { param } from './param.js';
import { ratio } from './ratio.js';
import { round } from './round.js';
import { streak } from './streak.js';

export const domainOperators: readonly Builtin[] = [ratio, clamp, round, streak, param, sum, avg];
