export { createFlowRuntime, type FlowRuntime, type FlowSources } from './runtime.js';
export type { Actor, AuditEntry, DueTime, FlowEvent, FlowInstance, Refusal, StepResult, WorkingClock } from './types.js';
export { createWorkingClock, type WorkingHours } from './working-clock.js';
