/**
 * json-logic-js 2.0.5, the reference our engine must match. Loaded through require (it is a
 * CommonJS module without types). We never call its add_operation, so its global table stays
 * as shipped.
 */
import { createRequire } from 'node:module';

export interface JsonLogicJs {
  apply(logic: unknown, data?: unknown): unknown;
}

export const jsonLogic = createRequire(import.meta.url)('json-logic-js') as JsonLogicJs;
