/** json-logic-js 2.0.5 (CommonJS, no types), the baseline. It generates no code, so it runs under --disallow-code-generation-from-strings. */
import { createRequire } from 'node:module';

export const jsonLogic = createRequire(import.meta.url)('json-logic-js') as {
  apply(logic: unknown, data?: unknown): unknown;
};
