export { createFlowRuntime, type FlowRuntime } from './runtime.js';
export type { Actor, FlowEvent, FlowInstance, Refusal, StepResult } from './types.js';
export { createWorkingClock } from './working-clock.js';
