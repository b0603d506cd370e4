/**
 * `log`: returns its argument. json-logic-js also prints it with console.log; a rules host
 * evaluating a million records must not, so printing is opt-in through `onLog`.
 */
import { arg, builtin, withExtras, type Builtin } from './define.js';

export function logOperator(onLog: ((value: unknown) => void) | undefined): Builtin {
  return builtin('log', {
    doc: {
      summary: {
        zh: '原样返回参数。json-logic-js 会用 console.log 打印；这里默认不打印，宿主可用 createEngine({ onLog }) 接收。',
        en: 'Returns its argument. json-logic-js prints it with console.log; here nothing is printed unless the host passes createEngine({ onLog }).',
      },
      examples: [{ logic: { log: 'apple' }, expect: 'apple' }],
    },
    compile: (args) => {
      const A = arg(args, 0).evaluate;
      if (!onLog) return withExtras(args, 1, A);
      return withExtras(args, 1, (d) => { const v = A(d); onLog(v); return v; });
    },
  });
}
