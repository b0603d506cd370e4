/**
 * Rules where the data lives: a JsonLogic rule becomes one SQL expression over a row whose
 * columns are the rule's inputs, giving exactly what `createEngine().compile(rule)(row)` gives
 * (NULL is null), or a refusal naming the node (JSON pointer) and why SQL cannot match.
 *
 * Every node is typed statically (number, string, boolean, null) from the declared inputs;
 * a plain SQL form is used only where the types prove it equal to the JS engine, a parity form
 * (CASE, COALESCE, NaN guards) elsewhere. Numbers are float8: + - * / on doubles are IEEE in
 * both dialects. PostgreSQL raises errors where IEEE gives Infinity or 0, so for it every
 * number carries bounds (largest magnitude, smallest non-zero magnitude) from the inputs'
 * declared ranges, and arithmetic that might leave float8's range is refused. Exact decisions
 * (exact.ts: comparisons and `round` over arithmetic) are computed on NUMERIC fractions,
 * which only PostgreSQL has; DuckDB refuses them. Nothing here talks to a database.
 */
import { joinPointer, type Localized } from '../problems.js';
import { isLogic, operands } from '../rules/compile.js';
import { decimalOf } from '../rules/exact.js';
import { pathSteps, readPath } from '../rules/lookup.js';
import { DIALECTS, quoteName, quoteText, type Dialect, type SqlDialect } from './dialect.js';

type SqlInputType = 'number' | 'integer' | 'string' | 'boolean';

export interface SqlInput {
  type: SqlInputType;
  /** The column may be NULL (the rule then reads null). Default false. */
  nullable?: boolean;
  /** SQL for the value; default the quoted input name. */
  column?: string;
  /**
   * Declared range of a number column: |x| <= maxAbs and x = 0 or |x| >= minAbs. Defaults:
   * number 1e15 and 1e-9 (amounts, rates, counts), integer 2^53 and 1. Only PostgreSQL needs
   * them, to prove that float8 arithmetic cannot overflow or underflow (it raises errors).
   */
  maxAbs?: number;
  minAbs?: number;
  /**
   * Column fact: the column's SQL type is a whole-number type, `INTEGER` (32-bit) or `BIGINT`
   * (64-bit); not SMALLINT, whose arithmetic overflows at 32,767. Its values then hold no
   * fraction, NaN, Infinity or -0, so comparisons and `+ - *` within 2^53 are written on the
   * integers themselves (the doubles JavaScript computes are exact there, and so are the
   * integers): no casts, no NaN guards. Arithmetic whose declared range could leave INTEGER is
   * widened to BIGINT. Only for `number` and `integer` inputs.
   */
  sqlInteger?: 'INTEGER' | 'BIGINT';
  /**
   * Column fact, with `sqlInteger` on a `number` input: the column holds the value in whole
   * 10^-scale units, fen for a rule written in yuan (scale 2). The rule reads column / 10^scale,
   * the double a host hands JavaScript (`fenToYuan`: fen / 100, one correctly rounded division in
   * both), and an exact decision reads the column itself: the decimal that double prints as is
   * column / 10^scale exactly while |column| < 10^15 (a decimal of 15 significant digits or fewer
   * reads back as written), so `actual / target >= 0.9` is decided as 10·actual >= 9·target on the
   * fen, in DuckDB too. `maxAbs` and `minAbs` stay in the rule's units (yuan).
   */
  scale?: number;
  /**
   * A period series (周序列): the input is an array over time, held one point a row (the type,
   * `nullable` and `column` describe one point's value). Only `streak` reads it, as a window
   * function over the series' rows: the rule's value at a row is its value on the series up to
   * that point, so the row of the last point gives the whole series' result. `ordinal` must be
   * the point's place in its series counted 1, 2, 3 … without holes (a period with no data is a
   * row whose value is NULL, the null a JS array would hold there).
   */
  series?: {
    partitionBy: readonly string[];
    ordinal: string;
    /**
     * 'each' (default): a window function, the value at every point (escalation's raise and
     * clear need them). 'last': an aggregate, the whole series' value once per series, for a
     * query grouped by `partitionBy` (the board needs only that, and a group-by needs no sort).
     */
    at?: 'each' | 'last';
  };
}

export interface SqlCompileOptions {
  dialect: SqlDialect;
  inputs: Readonly<Record<string, SqlInput>>;
  /** Values for `{"param": ...}`, folded in as literals. */
  params?: Record<string, unknown>;
  /** Base pointer of the logic in its file, prefixed to refusal pointers. */
  pointer?: string;
  /** Decide comparisons and round exactly, as the engine does by default (EngineOptions.exactComparisons). */
  exactComparisons?: boolean;
  /**
   * Label codes (标签编码), for a rule whose every result is a literal text (a light's colours):
   * the SQL gives the label's place in the result's `labels` (0, 1, 2 …; NULL for null) instead
   * of the text, so a query groups or compares small integers and names its groups afterwards
   * (`labelOfCode`). Grouping by the text itself is about half of a light's time in DuckDB.
   * A rule with any other result is refused at that result's node.
   */
  labelCodes?: boolean;
}

interface SqlRefusal {
  code: 'SQL_REFUSED';
  pointer: string;
  message: Localized;
}

type SqlValueType = 'number' | 'string' | 'boolean' | 'null';

export type SqlCompileResult =
  | { ok: true; sql: string; type: SqlValueType; nullable: boolean; /** With `labelCodes`: the texts the codes stand for. */ labels?: readonly string[] }
  | { ok: false; refusal: SqlRefusal };

/** An exact decimal fraction n / d (d > 0, null for 1), valid where `ok` holds. */
interface ExactSql { ok: string; n: string; d: string | null }

interface NumNode {
  kind: 'number';
  sql: string;
  nullable: boolean;
  /** Might be NaN, or ±Infinity. */
  nan: boolean;
  inf: boolean;
  /** Bounds of its finite values: largest magnitude, smallest non-zero magnitude. */
  max: number;
  min: number;
  integral: boolean;
  /** A zero here may have the other sign than in JavaScript (which only 1/x would show). */
  zeroSign?: boolean;
  /** The value, when the node is a number literal (or a parameter). */
  literal?: number;
  /** Set on arithmetic (+ - * / ratio): the exact form comparisons and round decide on. */
  exact?: () => ExactSql;
  /** Set on `/`: its exact form in whole numbers, when both operands have one (see `intExact`). */
  intExact?: () => ExactInt | undefined;
  /**
   * The same value as a SQL whole-number expression (from `sqlInteger` columns and integer
   * literals, through + - * within 2^53), which comparisons use instead of the double form.
   * Its zero has no sign, so it is for comparisons and truthiness, never the node's value.
   */
  int?: IntSql;
  /** The double form is never -0 (a cast of a whole-number column): `+ 0` need not normalise it. */
  plusZero?: boolean;
}
/** A whole-number SQL expression and its SQL type's width: 32 (INTEGER) or 64 (BIGINT). */
interface IntSql { sql: string; bits: 32 | 64 }
/** A whole-number SQL expression with a bound on its magnitude, and whether it is known > 0. */
interface BoundedInt extends IntSql { max: number; positive: boolean }
/**
 * An exact fraction n / d (d > 0, null for 1) in whole-number SQL, valid where `ok` holds: the
 * exact decision on fen amounts without NUMERIC (so DuckDB compiles it too, and PostgreSQL skips
 * the text casts); see `intExact`.
 */
interface ExactInt { ok: string; n: BoundedInt; d: BoundedInt | null }
/** Products in the whole-number exact form stay below this, far inside BIGINT. */
const EXACT_INT_LIMIT = 2 ** 62;
interface OtherNode { kind: 'string' | 'boolean' | 'null'; sql: string; nullable: boolean }
type Node = NumNode | OtherNode;

class Refused extends Error {
  constructor(readonly pointer: string, readonly messages: Localized) {
    super(messages.en);
  }
}

const FLOAT_LIMIT = 1e300;
const INT32_MAX = 2 ** 31 - 1;
const DEFAULT_RANGE: Record<'number' | 'integer', { max: number; min: number }> = {
  number: { max: 1e15, min: 1e-9 },
  integer: { max: 2 ** 53, min: 1 },
};

export function compileToSql(logic: unknown, options: SqlCompileOptions): SqlCompileResult {
  const dialect = DIALECTS[options.dialect];
  const base = options.pointer ?? '';
  try {
    const compiler = new SqlCompiler(dialect, options);
    if (options.labelCodes) {
      const labels: string[] = [];
      const coded = compiler.labelCode(logic, base, labels);
      return { ok: true, sql: coded.sql, type: 'number', nullable: coded.nullable, labels };
    }
    const node = compiler.node(logic, base);
    return { ok: true, sql: node.sql, type: node.kind, nullable: node.nullable };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return {
      ok: false,
      refusal: {
        code: 'SQL_REFUSED',
        pointer: e.pointer,
        message: { zh: `${e.pointer || '/'}：${e.messages.zh}`, en: `${e.pointer || '/'}: ${e.messages.en}` },
      },
    };
  }
}

const refuse = (pointer: string, zh: string, en: string): never => {
  throw new Refused(pointer, { zh, en });
};

/**
 * Names a label code's group after grouping: the code column (or any SQL giving a code from
 * `compileToSql(…, { labelCodes: true })`) back to its text, NULL to NULL.
 */
export function labelOfCode(codeSql: string, labels: readonly string[]): string {
  if (labels.length === 0) return `CAST(NULL AS VARCHAR)`;
  return `(CASE ${codeSql}${labels.map((l, i) => ` WHEN ${i} THEN ${quoteText(l)}`).join('')} END)`;
}

class SqlCompiler {
  private readonly d: Dialect;
  private readonly exactOn: boolean;
  /**
   * Whole-number columns (their SQL) known to be > 0 where the node being compiled is reached:
   * after `if (target <= 0) … else`, or inside `if (target > 0) then …` (see `signFact`).
   */
  private readonly positive = new Set<string>();

  constructor(dialect: Dialect, private readonly options: SqlCompileOptions) {
    this.d = dialect;
    this.exactOn = options.exactComparisons !== false;
  }

  // ------------------------------------------------------------ literals and nodes

  private dbl(x: number): string {
    // String(x) is the shortest text that reads back as x; both dialects read it correctly rounded.
    const text = Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : Object.is(x, -0) ? '-0' : String(x);
    return `CAST('${text}' AS ${this.d.double})`;
  }

  private numLiteral(x: number): NumNode {
    const a = Number.isFinite(x) ? Math.abs(x) : 0;
    return {
      kind: 'number', sql: this.dbl(x), nullable: false, nan: Number.isNaN(x), inf: x === Infinity || x === -Infinity,
      max: a, min: a === 0 ? Infinity : a, integral: Number.isInteger(x), literal: x,
      ...(Number.isInteger(x) && a <= 2 ** 53 ? { int: { sql: x < 0 ? `(${x})` : String(x), bits: a <= INT32_MAX ? 32 : 64 } as IntSql } : {}),
    };
  }

  private literal(value: unknown, pointer: string): Node {
    if (value === null) return { kind: 'null', sql: 'NULL', nullable: true };
    if (typeof value === 'number') return this.numLiteral(value);
    if (typeof value === 'boolean') return { kind: 'boolean', sql: value ? 'TRUE' : 'FALSE', nullable: false };
    if (typeof value === 'string') {
      if (value.includes('\u0000')) refuse(pointer, '文本含 NUL 字符，数据库文本不能保存', 'text with a NUL character, which database text cannot hold');
      return { kind: 'string', sql: quoteText(value), nullable: false };
    }
    return refuse(pointer, '数组和对象在 SQL 中没有对应的单个值', 'arrays and objects have no single SQL value');
  }

  node(value: unknown, pointer: string): Node {
    if (Array.isArray(value)) return refuse(pointer, '数组在 SQL 中没有对应的单个值', 'an array has no single SQL value');
    if (isLogic(value)) return this.operator(value, pointer);
    return this.literal(value, pointer);
  }

  private operator(value: Record<string, unknown>, pointer: string): Node {
    const { op, list, pointers } = operands(value, pointer);
    const at = (i: number): string => pointers[i] ?? joinPointer(pointer, op);
    const args = (): Node[] => list.map((v, i) => this.node(v, at(i)));
    const arity = (min: number, max: number): void => {
      if (list.length < min || list.length > max) {
        const want = min === max ? `${min}` : `${min}-${max}`;
        refuse(pointer, `"${op}" 在 SQL 中只接受 ${want} 个参数`, `"${op}" compiles to SQL with ${want} argument(s) only`);
      }
    };
    switch (op) {
      case 'var': return this.variable(list, pointer);
      case 'param': return this.param(list, pointer);
      case '+': return this.plus(args(), list, pointers, pointer);
      case '*': return this.times(args(), list, pointers, pointer);
      case '-': arity(1, 2); return this.minus(args(), pointers, pointer);
      case '/': arity(2, 2); return this.divide(args(), pointers, pointer);
      case '%': arity(2, 2); return this.modulo(args(), pointers, pointer);
      case 'min': case 'max': return this.extreme(op, args(), pointers, pointer);
      case '<': case '<=': arity(2, 3); return this.order(op, args(), pointers, pointer, false);
      case '>': case '>=': arity(2, 2); return this.order(op === '>' ? '<' : '<=', args(), pointers, pointer, true);
      case '==': case '!=': case '===': case '!==': arity(2, 2); return this.equality(op, args(), pointers, pointer);
      case 'if': case '?:': return this.branches(list, pointers, pointer);
      case 'and': case 'or': return this.logical(op, args(), pointer);
      case '!': case '!!': {
        arity(1, 1);
        const t = this.condition(list[0], at(0));
        return { kind: 'boolean', sql: op === '!' ? `(NOT ${t})` : t, nullable: false };
      }
      case 'ratio': arity(3, 3); return this.ratio(args(), pointers);
      case 'clamp': arity(3, 3); return this.clamp(args(), pointers, pointer);
      case 'round': arity(1, 2); return this.round(args(), list, pointers, pointer);
      case 'streak': arity(2, 2); return this.streak(list, pointers, pointer);
      case 'sum': case 'avg': case 'map': case 'filter': case 'reduce': case 'all': case 'some': case 'none':
      case 'merge': case 'missing': case 'missing_some':
        return refuse(pointer, `"${op}" 作用于数组，行里的列只有单个值`, `"${op}" works on arrays, and a row's columns hold single values`);
      case 'cat': case 'substr': case 'in':
        return refuse(pointer, `"${op}" 依赖 JavaScript 的字符串转换（数字转文本、负数起点、UTF-16），SQL 无法逐字一致`, `"${op}" depends on JavaScript's string conversions (numbers as text, negative starts, UTF-16), which SQL does not reproduce exactly`);
      default:
        return refuse(pointer, `运算符 "${op}" 没有 SQL 形式`, `operator "${op}" has no SQL form`);
    }
  }

  // ------------------------------------------------------------ data

  private variable(list: unknown[], pointer: string): Node {
    const name = list[0];
    const input = typeof name === 'string' ? this.options.inputs[name] : undefined;
    if (typeof name !== 'string' || !input || !Object.hasOwn(this.options.inputs, name)) {
      return refuse(pointer, '只能读取声明的输入（一个列名，不能是路径或算出的名字）', 'only a declared input can be read (one column name, not a path or a computed name)');
    }
    if (list.length > 2) refuse(pointer, 'var 最多两个参数', 'var takes at most two arguments');
    if (input.series) {
      refuse(pointer, `${name} 是周期序列，只能由 streak 读取`, `${name} is a period series, which only streak reads`);
    }
    const nullable = input.nullable === true;
    // A NULL column is a present null, and the default applies only to a missing key.
    if (list.length === 2 && nullable) {
      refuse(pointer, '可空列上的默认值有歧义：NULL 是 null 而不是缺失的键', 'a default on a nullable column is ambiguous: NULL reads as null, not as a missing key');
    }
    const column = input.column ?? quoteName(name);
    switch (input.type) {
      case 'string': return { kind: 'string', sql: column, nullable };
      case 'boolean': return { kind: 'boolean', sql: column, nullable };
      case 'number': case 'integer': {
        const range = DEFAULT_RANGE[input.type];
        const max = input.maxAbs ?? range.max, min = input.minAbs ?? range.min;
        const whole = input.sqlInteger;
        if (input.scale !== undefined) return this.scaledColumn(input, column, max, min, pointer);
        const sql = input.type === 'integer' || whole ? `CAST(${column} AS ${this.d.double})` : column;
        const node: NumNode = { kind: 'number', sql, nullable, nan: false, inf: false, max, min, integral: input.type === 'integer' || whole !== undefined };
        if (!whole) return node;
        // a whole-number column: its values are at most its type's range, and at least 1 unless 0
        const bits = whole === 'INTEGER' ? 32 : 64;
        const bounded = { ...node, max: Math.min(max, bits === 32 ? 2 ** 31 : 2 ** 63), min: Math.max(min, 1), plusZero: true };
        return bounded.max <= 2 ** 53 ? { ...bounded, int: { sql: column, bits } } : bounded;
      }
    }
  }

  /**
   * A whole-number column read as column / 10^scale (SqlInput.scale): the double JavaScript is
   * handed, with the column itself as the exact value (`intExact`) while its decimal is exact.
   */
  private scaledColumn(input: SqlInput, column: string, max: number, min: number, pointer: string): NumNode {
    const scale = input.scale!;
    const whole = input.sqlInteger;
    if (!whole || input.type !== 'number' || !Number.isInteger(scale) || scale < 1 || scale > 6) {
      return refuse(pointer, '按比例读取的列（scale）必须是 1 到 6 位小数的整数列（sqlInteger），且输入类型为 number',
        'a scaled column (scale) must be a whole-number column (sqlInteger) of a number input, with 1 to 6 decimals');
    }
    const unit = 10 ** scale;
    const bits = whole === 'INTEGER' ? 32 : 64;
    const columnMax = Math.min(max * unit, bits === 32 ? 2 ** 31 : 2 ** 63);
    // past 2^53 the cast to a double rounds before the division, where JavaScript rounds once
    if (columnMax > 2 ** 53) {
      return refuse(pointer, '按比例读取的列超出 2^53：数据库先取整再相除，JavaScript 只取整一次',
        'a scaled column beyond 2^53: the database would round before dividing, where JavaScript rounds once');
    }
    const nullable = input.nullable === true;
    const sql = `(CAST(${column} AS ${this.d.double}) / ${this.dbl(unit)})`;
    const node: NumNode = {
      kind: 'number', sql, nullable, nan: false, inf: false, max: columnMax / unit, min: Math.max(min, 1 / unit), integral: false,
      // a whole number divided: never -0
      plusZero: true,
    };
    if (nullable || columnMax >= 1e15) return node;
    return {
      ...node,
      intExact: () => ({
        ok: 'TRUE',
        n: { sql: column, bits, max: columnMax, positive: this.positive.has(column) },
        d: { sql: String(unit), bits: 32, max: unit, positive: true },
      }),
    };
  }

  private param(list: unknown[], pointer: string): Node {
    const name = list[0];
    const value = typeof name === 'string' && name !== '' && this.options.params
      ? readPath(this.options.params, pathSteps(name)) : undefined;
    if (value === undefined) return refuse(pointer, `未知的参数 ${JSON.stringify(name)}`, `unknown parameter ${JSON.stringify(name)}`);
    return this.literal(value, pointer);
  }

  // ------------------------------------------------------------ numbers

  private num(n: Node, pointer: string, what: string): NumNode {
    if (n.kind === 'number') return n;
    if (n.kind === 'null') {
      return { kind: 'number', sql: `CAST(NULL AS ${this.d.double})`, nullable: true, nan: false, inf: false, max: 0, min: Infinity, integral: true };
    }
    return refuse(pointer, `${what}的操作数是${n.kind === 'string' ? '文本' : '布尔值'}：JavaScript 会按自己的规则把它转成数字，SQL 无法逐字一致`,
      `${what === '算术' ? 'arithmetic' : what} on a ${n.kind}: JavaScript turns it into a number by its own rules, which SQL does not reproduce exactly`);
  }

  /** JavaScript's ToNumber for `-` `/` `%` min max clamp round and ordering: null is 0. */
  private toNumber(n: NumNode): NumNode {
    if (!n.nullable) return n;
    const int = n.int && { ...n.int, sql: `COALESCE(${n.int.sql}, 0)` };
    return { ...n, sql: `COALESCE(${n.sql}, ${this.dbl(0)})`, nullable: false, min: n.min, exact: undefined, intExact: undefined, int, plusZero: false };
  }

  /** parseFloat, as `+` and `*` read operands: null is NaN. */
  private parsed(n: NumNode): NumNode {
    if (!n.nullable) return n;
    return { ...n, sql: `COALESCE(${n.sql}, ${this.dbl(NaN)})`, nullable: false, nan: true, exact: undefined, intExact: undefined, int: undefined, plusZero: false };
  }

  private isNaN(sql: string): string {
    // Both dialects order NaN above every number and call NaN equal to NaN.
    return `(${sql} = ${this.dbl(NaN)})`;
  }

  private finite(n: NumNode): string {
    const parts: string[] = [];
    if (n.nullable) parts.push(`${n.sql} IS NOT NULL`);
    if (n.nan || n.inf) parts.push(`${n.sql} NOT IN (${this.dbl(NaN)}, ${this.dbl(Infinity)}, ${this.dbl(-Infinity)})`);
    return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
  }

  private checkRange(n: NumNode, pointer: string): NumNode {
    // min 0: the smallest non-zero magnitude itself underflowed
    const out = n.max > FLOAT_LIMIT || n.min < 1 / FLOAT_LIMIT;
    // IEEE (DuckDB): past the range a value may become ±Infinity, and Infinity - Infinity NaN.
    if (out && !this.d.raisesOnRange) return { ...n, inf: true, nan: true };
    if (out) {
      refuse(pointer, 'PostgreSQL 的 float8 在这里可能上溢或下溢并报错（JavaScript 得 Infinity 或 0）；按输入声明的范围无法排除',
        'PostgreSQL float8 may overflow or underflow here and raise an error (JavaScript gives Infinity or 0); the inputs\' declared ranges do not rule it out');
    }
    return n;
  }

  private arith(parts: NumNode[], sql: string, bounds: { max: number; min: number }, integral: boolean, extra: Partial<NumNode> = {}): NumNode {
    const nan = parts.some((p) => p.nan), inf = parts.some((p) => p.inf);
    const zeroSign = parts.some((p) => p.zeroSign);
    return { kind: 'number', sql, nullable: false, nan: nan || (inf && parts.length > 1), inf, ...bounds, integral, zeroSign, ...extra };
  }

  /**
   * The whole-number form of `a op b`, when both have one and the result's declared bound stays
   * within 2^53 (where the doubles JavaScript computes are exact, so the integers give the same
   * value). Operands are widened to BIGINT when the result may leave INTEGER's range: SQL
   * integer arithmetic raises an error on overflow rather than widening.
   */
  private intOp(a: NumNode, op: '+' | '-' | '*', b: NumNode, max: number): IntSql | undefined {
    if (!a.int || !b.int || max > 2 ** 53) return undefined;
    if (max <= INT32_MAX || a.int.bits === 64 || b.int.bits === 64) {
      return { sql: `(${a.int.sql} ${op} ${b.int.sql})`, bits: a.int.bits === 64 || b.int.bits === 64 ? 64 : 32 };
    }
    // one BIGINT operand makes the operation BIGINT; a literal is left as it is written
    const wide = (x: IntSql) => `CAST(${x.sql} AS ${this.d.integer})`;
    return a.literal === undefined ? { sql: `(${wide(a.int)} ${op} ${b.int.sql})`, bits: 64 } : { sql: `(${a.int.sql} ${op} ${wide(b.int)})`, bits: 64 };
  }

  private addBounds(a: NumNode, b: NumNode, integral: boolean): { max: number; min: number } {
    return { max: a.max + b.max, min: integral ? 1 : Math.min(a.min, b.min) * 2 ** -53 };
  }

  private plus(raw: Node[], list: unknown[], pointers: string[], pointer: string): NumNode {
    const xs = raw.map((n, i) => this.parsed(this.num(n, pointers[i]!, '算术')));
    if (xs.length === 0) return this.numLiteral(0);
    let acc = xs[0]!;
    let sql = acc.sql;
    for (let i = 1; i < xs.length; i++) {
      const b = xs[i]!;
      const integral = acc.integral && b.integral;
      const bounds = this.addBounds(acc, b, integral);
      const int = this.intOp(acc, '+', b, bounds.max);
      acc = this.checkRange(this.arith([acc, b], `(${sql} + ${b.sql})`, bounds, integral, { int }), pointer);
      sql = acc.sql;
    }
    // json-logic-js starts the sum at +0, so it is never -0: neither is SQL's once 0 is added
    // (nor a sum with an operand that is never -0: x + (-0) is x, and x + (-x) is +0)
    if (xs.some((x) => x.plusZero)) acc = { ...acc, literal: undefined, zeroSign: false, plusZero: true };
    else acc = { ...acc, sql: `(${acc.sql} + ${this.dbl(0)})`, literal: undefined, zeroSign: false, plusZero: true };
    const exacts = raw.map((n) => n);
    return {
      ...acc,
      exact: () => this.sumExact(exacts.map((n, i) => this.exactOf(n, pointers[i]!)), list.length),
      intExact: () => this.intChain(raw, (x, y) => this.intFracAdd(x, '+', y)),
    };
  }

  private sumExact(es: ExactSql[], n: number): ExactSql {
    if (n === 0) return { ok: 'TRUE', n: this.numeric(0), d: null };
    return es.reduce((a, b) => ({ ok: and(a.ok, b.ok), ...this.fracAdd(a, b, '+') }));
  }

  private times(raw: Node[], list: unknown[], pointers: string[], pointer: string): Node {
    if (raw.length === 0) refuse(pointer, '"*" 没有参数时会报错', '"*" without arguments is an error');
    if (raw.length === 1) {
      const only = raw[0]!;
      // returned untouched (not even made a number)
      return only.kind === 'number' ? { ...only, exact: () => this.exactOf(only, pointers[0]!) } : only;
    }
    // parseFloat turns every -0 operand into +0; adding +0 does the same in SQL
    const xs = raw.map((n, i) => {
      const x = this.parsed(this.num(n, pointers[i]!, '算术'));
      return (x.literal !== undefined && x.literal !== 0) || x.plusZero ? x : { ...x, sql: `(${x.sql} + ${this.dbl(0)})`, literal: undefined, zeroSign: false };
    });
    let acc = xs[0]!;
    for (let i = 1; i < xs.length; i++) {
      const b = xs[i]!;
      // the running product is parseFloat'd too: -2147483648 * 0 * 0 is +0 in JavaScript (-0 * 0 is -0 in SQL)
      if (i > 1) acc = { ...acc, sql: `(${acc.sql} + ${this.dbl(0)})`, literal: undefined, zeroSign: false };
      const bounds = { max: acc.max * b.max, min: acc.min * b.min };
      acc = this.checkRange(this.arith([acc, b], `(${acc.sql} * ${b.sql})`, bounds, acc.integral && b.integral, { int: this.intOp(acc, '*', b, bounds.max) }), pointer);
    }
    const exacts = raw.map((n, i) => () => this.exactOf(n, pointers[i]!));
    return {
      ...acc,
      exact: () => exacts.map((f) => f()).reduce((a, b) => ({ ok: and(a.ok, b.ok), n: `(${a.n} * ${b.n})`, d: mulD(a.d, b.d) })),
      intExact: () => this.intChain(raw, (x, y) => {
        const n = this.intMul(x.n, y.n), d = this.intMul(x.d, y.d);
        return n && d !== undefined ? { ok: and(x.ok, y.ok), n, d } : undefined;
      }),
    };
  }

  private minus(raw: Node[], pointers: string[], pointer: string): NumNode {
    const xs = raw.map((n, i) => this.toNumber(this.num(n, pointers[i]!, '算术')));
    const a = xs[0]!;
    if (xs.length === 1) {
      // as 0 - x: widened when x may be INTEGER's -2^31, whose negation leaves INTEGER
      const int = this.intOp(this.numLiteral(0), '-', a, a.max);
      return {
        ...a, sql: `(- ${a.sql})`, literal: undefined, int, plusZero: false,
        exact: () => { const e = this.exactOf(raw[0]!, pointers[0]!); return { ...e, n: `(- ${e.n})` }; },
        intExact: () => {
          const e = this.intExact(raw[0]!);
          if (!e) return undefined;
          const n = this.intWide(e.n);
          return { ...e, n: { ...n, sql: `(- ${n.sql})`, positive: false } };
        },
      };
    }
    const b = xs[1]!;
    const integral = a.integral && b.integral;
    const bounds = this.addBounds(a, b, integral);
    const out = this.checkRange(this.arith([a, b], `(${a.sql} - ${b.sql})`, bounds, integral, { int: this.intOp(a, '-', b, bounds.max) }), pointer);
    return {
      ...out,
      exact: () => {
        const x = this.exactOf(raw[0]!, pointers[0]!), y = this.exactOf(raw[1]!, pointers[1]!);
        return { ok: and(x.ok, y.ok), ...this.fracAdd(x, y, '-') };
      },
      intExact: () => this.intChain(raw, (x, y) => this.intFracAdd(x, '-', y)),
    };
  }

  private divide(raw: Node[], pointers: string[], pointer: string): NumNode {
    const a = this.toNumber(this.num(raw[0]!, pointers[0]!, '算术'));
    const b = this.toNumber(this.num(raw[1]!, pointers[1]!, '算术'));
    const bounds = { max: b.min === Infinity ? 0 : a.max / b.min, min: b.max === 0 ? Infinity : a.min / b.max };
    const mayZero = b.literal === undefined || b.literal === 0 || Number.isNaN(b.literal);
    let sql = `(${a.sql} / ${b.sql})`;
    let nan = a.nan || b.nan || (a.inf && b.inf), inf = a.inf;
    if (mayZero && b.zeroSign) {
      refuse(pointers[1]!, '除数可能是 0，而它的正负号（1/-0 为 -Infinity）经过 min、max 或 % 后在 SQL 中无法保证与 JavaScript 相同',
        'the divisor may be 0, and after min, max or % its sign (1/-0 is -Infinity) is not guaranteed to match JavaScript in SQL');
    }
    if (mayZero) {
      // 1/0 is Infinity in JavaScript (and -Infinity for 1/-0), 0/0 NaN; PostgreSQL raises an error.
      const neg = `(CAST(${b.sql} AS ${this.d.text}) LIKE '-%')`;
      const signed = (s: number) => this.dbl(s * Infinity);
      sql = `(CASE WHEN ${b.sql} = ${this.dbl(0)} THEN (CASE WHEN ${a.sql} = ${this.dbl(0)}${a.nan ? ` OR ${this.isNaN(a.sql)}` : ''} THEN ${this.dbl(NaN)}`
        + ` WHEN (${a.sql} > ${this.dbl(0)}) = ${neg} THEN ${signed(-1)} ELSE ${signed(1)} END) ELSE ${sql} END)`;
      nan = true;
      inf = true;
    }
    const out = this.checkRange({ kind: 'number', sql, nullable: false, nan, inf, ...bounds, integral: false, zeroSign: a.zeroSign }, pointer);
    return {
      ...out,
      exact: () => {
        const x = this.exactOf(raw[0]!, pointers[0]!), y = this.exactOf(raw[1]!, pointers[1]!);
        const n1 = mulN(x.n, y.d);
        return {
          ok: and(x.ok, y.ok, `${y.n} <> 0`),
          n: `(CASE WHEN ${y.n} < 0 THEN (- ${n1}) ELSE ${n1} END)`,
          d: `(${x.d ?? '1'} * ABS(${y.n}))`,
        };
      },
      intExact: () => {
        const x = this.intExact(raw[0]!), y = this.intExact(raw[1]!);
        // x / y = (x.n · y.d) / (x.d · y.n), the sign moved to the numerator
        return x && y ? this.intQuotient({ ...x, ok: and(x.ok, y.ok) }, y) : undefined;
      },
    };
  }

  /**
   * The exact value of a number as a whole-number fraction: a decimal literal (0.9 is 9/10), a
   * NOT NULL whole-number column or its integer arithmetic (its int form), a division of those.
   * Undefined for anything else (then the NUMERIC form decides, where the dialect has one).
   */
  private intExact(node: Node): ExactInt | undefined {
    if (node.kind !== 'number') return undefined;
    // (a nullable ratio's own form holds where its value is not the null fallback: see `ratio`)
    if (node.intExact) return node.intExact();
    if (node.nullable) return undefined;
    if (node.literal !== undefined) {
      const q = decimalOf(node.literal);
      if (!q || q.n > 2n ** 53n || -q.n > 2n ** 53n || q.d > 2n ** 53n) return undefined;
      // 0.875 as 7/8: smaller cross products stay within EXACT_INT_LIMIT
      const g = gcd(q.n < 0n ? -q.n : q.n, q.d);
      return { ok: 'TRUE', n: wholeLiteral(q.n / g), d: q.d === g ? null : wholeLiteral(q.d / g) };
    }
    if (node.int && !node.nan && !node.inf) return { ok: 'TRUE', n: { ...node.int, max: node.max, positive: this.positive.has(node.int.sql) }, d: null };
    return undefined;
  }

  /** a · b in whole numbers (null is 1), widened to BIGINT past INTEGER; undefined past EXACT_INT_LIMIT. */
  private intMul(a: BoundedInt | null, b: BoundedInt | null): BoundedInt | null | undefined {
    if (!a || !b) return a ?? b;
    const max = a.max * b.max;
    if (max >= EXACT_INT_LIMIT) return undefined;
    const la = literalOf(a), lb = literalOf(b);
    if (la !== undefined && lb !== undefined) return wholeLiteral(la * lb);
    const wide = max >= INT32_MAX && a.bits === 32 && b.bits === 32;
    // one BIGINT operand makes the product BIGINT: the column is cast, a literal left as written
    const [x, y] = /^\(?-?\d+\)?$/.test(a.sql) ? [b, a] : [a, b];
    const left = wide ? `CAST(${x.sql} AS ${this.d.integer})` : x.sql;
    return { sql: x === a ? `(${left} * ${y.sql})` : `(${y.sql} * ${left})`, bits: wide || a.bits === 64 || b.bits === 64 ? 64 : 32, max, positive: a.positive && b.positive };
  }

  /** a ± b in whole numbers, widened to BIGINT past INTEGER; undefined past EXACT_INT_LIMIT. */
  private intAdd(a: BoundedInt, op: '+' | '-', b: BoundedInt): BoundedInt | undefined {
    const max = a.max + b.max;
    if (max >= EXACT_INT_LIMIT) return undefined;
    const wide = max >= INT32_MAX && a.bits === 32 && b.bits === 32;
    const left = wide ? `CAST(${a.sql} AS ${this.d.integer})` : a.sql;
    return { sql: `(${left} ${op} ${b.sql})`, bits: wide || a.bits === 64 || b.bits === 64 ? 64 : 32, max, positive: op === '+' && a.positive && b.positive };
  }

  /**
   * x ± y as whole-number fractions: over their common denominator when they share one (fen
   * over 100 plus fen over 100), else cross-multiplied.
   */
  private intFracAdd(x: ExactInt, op: '+' | '-', y: ExactInt): ExactInt | undefined {
    const ok = and(x.ok, y.ok);
    if (x.d?.sql === y.d?.sql) {
      const n = this.intAdd(x.n, op, y.n);
      return n && { ok, n, d: x.d };
    }
    const l = this.intMul(x.n, y.d), r = this.intMul(y.n, x.d), d = this.intMul(x.d, y.d);
    const n = l && r && this.intAdd(l, op, r);
    return n && d !== undefined ? { ok, n, d } : undefined;
  }

  /** x / y as a whole-number fraction, the sign moved to the numerator; undefined past the limit. */
  private intQuotient(x: ExactInt, y: ExactInt): ExactInt | undefined {
    // equal literal denominators (fen / 100 over fen / 100) cancel: actual / target is actual_fen / target_fen
    const [xd, yd] = cancelLiterals(x.d, y.d);
    const n = this.intMul(x.n, yd), d = this.intMul(xd, y.n);
    if (!n || !d) return undefined;
    if (y.n.positive) return { ok: x.ok, n, d };
    const wideY = this.intWide(y.n);
    const absD = this.intMul(xd, { ...wideY, sql: `ABS(${wideY.sql})` });
    if (!absD) return undefined;
    const negN = this.intWide(n);
    return { ok: and(x.ok, `${y.n.sql} <> 0`), n: { ...negN, sql: `(CASE WHEN ${y.n.sql} < 0 THEN (- ${negN.sql}) ELSE ${negN.sql} END)`, positive: false }, d: { ...absD, positive: true } };
  }

  /**
   * round(n / d, k) half away from zero as exact.ts's roundFraction does it, in whole numbers:
   * floor((2·|n|·10^k + d) / 2d), the sign put back, read as the nearest double (a division of
   * two exact doubles, or the decimal text past 2^53). Products past BIGINT are done in DuckDB's
   * HUGEINT; past that, undefined (NUMERIC decides, where the dialect has it). DuckDB's spelling
   * (`//`, HUGEINT): only a dialect without NUMERIC comes here.
   */
  private intRound(e: ExactInt, k: number, x: NumNode): NumNode | undefined {
    const d = e.d ?? wholeLiteral(1n);
    const up = k >= 0 ? 10 ** k : 1, down = k >= 0 ? 1 : 10 ** -k;
    const numMax = 2 * e.n.max * up, denMax = 2 * d.max * down;
    if (numMax + denMax >= HUGE_LIMIT || up > 1e22 || down > 1e22) return undefined;
    const type = numMax + denMax < EXACT_INT_LIMIT ? this.d.integer : 'HUGEINT';
    const num = `(2 * ABS(CAST(${e.n.sql} AS ${type}))${up > 1 ? ` * ${up}` : ''})`;
    const den = `(CAST(${d.sql} AS ${type})${down > 1 ? ` * ${down}` : ''})`;
    const kept = `((${num} + ${den}) // (2 * ${den}))`;
    // (d >= 1: the quotient is at most |n|·10^k, and the half adds one)
    const keptMax = e.n.max * up + 1;
    const read = keptMax < 2 ** 53
      ? (k >= 0 ? `(CAST(${kept} AS ${this.d.double}) / ${this.dbl(up)})` : `(CAST(${kept} AS ${this.d.double}) * ${this.dbl(down)})`)
      : `CAST(CAST(${kept} AS ${this.d.text}) || 'e${-k}' AS ${this.d.double})`;
    // roundFraction gives +0 for a negative value that rounds to 0: adding +0 turns SQL's -0 into it
    const sql = `((CASE WHEN ${e.n.sql} < 0 THEN (- ${read}) ELSE ${read} END) + ${this.dbl(0)})`;
    const step = 10 ** -k;
    return { kind: 'number', sql, nullable: false, nan: false, inf: false, max: x.max + step, min: Math.min(step, x.min), integral: k <= 0, plusZero: true };
  }

  /** The whole-number exact form of `+`, `*` or `-` over its raw operands, folded left by `step`; undefined if any has none. */
  private intChain(raw: Node[], step: (x: ExactInt, y: ExactInt) => ExactInt | undefined): ExactInt | undefined {
    let acc: ExactInt | undefined;
    for (const node of raw) {
      const e = this.intExact(node);
      if (!e) return undefined;
      acc = acc ? step(acc, e) : e;
      if (!acc) return undefined;
    }
    return acc;
  }

  /** The same value typed BIGINT when its negation could leave INTEGER. */
  private intWide(x: BoundedInt): BoundedInt {
    return x.bits === 32 && x.max >= INT32_MAX ? { ...x, sql: `CAST(${x.sql} AS ${this.d.integer})`, bits: 64 } : x;
  }

  private modulo(raw: Node[], pointers: string[], pointer: string): NumNode {
    const a = this.toNumber(this.num(raw[0]!, pointers[0]!, '取余'));
    const b = this.toNumber(this.num(raw[1]!, pointers[1]!, '取余'));
    if (!a.integral || !b.integral || a.nan || b.nan || a.inf || b.inf || a.max > 2 ** 53 || b.max > 2 ** 53) {
      refuse(pointer, '小数取余：JavaScript 对二进制浮点取余，两种数据库都不能逐位一致；只编译整数取余',
        '% on decimals: JavaScript takes the remainder of binary doubles, which neither database reproduces bit for bit; only % on integers compiles');
    }
    const int = (s: string) => `CAST(${s} AS ${this.d.integer})`;
    const sql = `(CASE WHEN ${b.sql} = ${this.dbl(0)} THEN ${this.dbl(NaN)} ELSE CAST(${int(a.sql)} % ${int(b.sql)} AS ${this.d.double}) END)`;
    return { kind: 'number', sql, nullable: false, nan: true, inf: false, max: Math.min(a.max, b.max), min: 1, integral: true, zeroSign: true };
  }

  private extreme(op: 'min' | 'max', raw: Node[], pointers: string[], pointer: string): NumNode {
    if (raw.length === 0) return this.numLiteral(op === 'min' ? Infinity : -Infinity);
    const xs = raw.map((n, i) => this.toNumber(this.num(n, pointers[i]!, op)));
    if (xs.length === 1) return { ...xs[0]!, exact: undefined };
    const fn = op === 'min' ? 'LEAST' : 'GREATEST';
    let sql = `${fn}(${xs.map((x) => x.sql).join(', ')})`;
    const nan = xs.some((x) => x.nan);
    // Math.min/max give NaN when any operand is NaN; SQL orders NaN above every number.
    if (nan) sql = `(CASE WHEN ${xs.filter((x) => x.nan).map((x) => this.isNaN(x.sql)).join(' OR ')} THEN ${this.dbl(NaN)} ELSE ${sql} END)`;
    void pointer;
    return {
      kind: 'number', sql, nullable: false, nan, inf: xs.some((x) => x.inf),
      max: Math.max(...xs.map((x) => x.max)), min: Math.min(...xs.map((x) => x.min)), integral: xs.every((x) => x.integral),
      // Math.max(-0, 0) is +0; GREATEST may return either zero
      zeroSign: true,
    };
  }

  // ------------------------------------------------------------ exact decimals (exact.ts)

  private numeric(x: number): string {
    const q = decimalOf(x)!;
    return q.d === 1n ? `CAST('${q.n}' AS NUMERIC)` : `(CAST('${q.n}' AS NUMERIC) / CAST('${q.d}' AS NUMERIC))`;
  }

  /** The exact form of an argument: its arithmetic's own, or its value read as the decimal it prints as. */
  private exactOf(n: Node, pointer: string): ExactSql {
    if (n.kind === 'number' && n.exact) return n.exact();
    return this.leafExact(n, pointer);
  }

  private leafExact(n: Node, pointer: string): ExactSql {
    if (n.kind !== 'number') return { ok: 'FALSE', n: '0', d: null };
    const q = n.literal === undefined ? null : decimalOf(n.literal);
    if (q) {
      return { ok: 'TRUE', n: `CAST('${q.n}' AS NUMERIC)`, d: q.d === 1n ? null : `CAST('${q.d}' AS NUMERIC)` };
    }
    void pointer;
    // float8 prints as its shortest round-trip decimal (extra_float_digits >= 1, the default), which is decimalOf.
    return { ok: this.finite(n), n: `CAST(CAST(${n.sql} AS TEXT) AS NUMERIC)`, d: null };
  }

  private fracAdd(a: ExactSql, b: ExactSql, op: '+' | '-'): { n: string; d: string | null } {
    if (a.d === null && b.d === null) return { n: `(${a.n} ${op} ${b.n})`, d: null };
    return { n: `(${mulN(a.n, b.d)} ${op} ${mulN(b.n, a.d)})`, d: mulD(a.d, b.d) };
  }

  private needsNumeric(pointer: string): void {
    if (!this.d.numeric) {
      refuse(pointer, '这里要按十进制精确判断（exact.ts），需要任意精度的 NUMERIC；DuckDB 的 DECIMAL 最多 38 位',
        'this decides on exact decimals (exact.ts), which needs arbitrary-precision NUMERIC; DuckDB\'s DECIMAL stops at 38 digits');
    }
  }

  // ------------------------------------------------------------ comparisons

  private order(op: '<' | '<=', raw: Node[], pointers: string[], pointer: string, swap: boolean): Node {
    const xs = raw.map((n, i) => {
      if (n.kind === 'string' || n.kind === 'boolean') {
        refuse(pointers[i]!, n.kind === 'string'
          ? '文本排序比较：JavaScript 按 UTF-16 码元比较，数字与文本混比时再转数字，SQL 无法逐字一致'
          : '布尔值的大小比较：JavaScript 把它转成 0/1，这里不编译',
        n.kind === 'string'
          ? 'ordering text: JavaScript compares UTF-16 code units, and turns text into numbers against a number; SQL does not reproduce that exactly'
          : 'ordering a boolean: JavaScript turns it into 0/1; not compiled');
      }
      return this.num(n, pointers[i]!, '比较');
    });
    const pairs: Array<[number, number]> = xs.length === 3 ? [[0, 1], [1, 2]] : swap ? [[1, 0]] : [[0, 1]];
    const compared = xs.slice(0, xs.length === 3 ? 3 : 2);
    // whole numbers within 2^53 are exact doubles, and so is their arithmetic's result: the float
    // comparison is the exact one (fen amounts × a whole factor, as lights on fen are written)
    const wholeNumbers = compared.every((x) => x.integral && x.max <= 2 ** 53);
    const exact = this.exactOn && !wholeNumbers && compared.some((x) => x.exact !== undefined);
    // the exact decision in whole numbers (fen over fen against a decimal): no NUMERIC needed
    const wholeExact = exact ? this.intCompare(op, pairs.map(([i, j]) => [raw[i]!, raw[j]!])) : undefined;
    if (exact && !wholeExact) this.needsNumeric(pointer);
    const conds = pairs.map(([i, j], k) => {
      const a = this.toNumber(xs[i]!), b = this.toNumber(xs[j]!);
      // whole numbers on both sides: the integers compare as the doubles do, with no NaN to guard
      if (a.int && b.int) return `(${a.int.sql} ${op} ${b.int.sql})`;
      const guard = [a, b].filter((x) => x.nan).map((x) => `NOT ${this.isNaN(x.sql)}`);
      const float = guard.length ? `(${guard.join(' AND ')} AND ${a.sql} ${op} ${b.sql})` : `(${a.sql} ${op} ${b.sql})`;
      if (!exact) return float;
      if (wholeExact) {
        const { ok, cmp } = wholeExact[k]!;
        return ok === 'TRUE' ? cmp : `(CASE WHEN ${ok} THEN ${cmp} ELSE ${float} END)`;
      }
      const ea = this.exactOf(raw[i]!, pointers[i]!), eb = this.exactOf(raw[j]!, pointers[j]!);
      const cmp = `(${mulN(ea.n, eb.d)} ${op} ${mulN(eb.n, ea.d)})`;
      return `(CASE WHEN ${and(ea.ok, eb.ok)} THEN ${cmp} ELSE ${float} END)`;
    });
    return { kind: 'boolean', sql: conds.length === 1 ? conds[0]! : `(${conds.join(' AND ')})`, nullable: false };
  }

  /**
   * Each pair's exact comparison as whole numbers, a.n · b.d op b.n · a.d (both denominators
   * positive), where both sides have a whole-number exact form; undefined if any pair has none.
   */
  private intCompare(op: '<' | '<=', pairs: Array<[Node, Node]>): Array<{ ok: string; cmp: string }> | undefined {
    const out: Array<{ ok: string; cmp: string }> = [];
    for (const [x, y] of pairs) {
      const a = this.intExact(x), b = this.intExact(y);
      // a / 100 against b / 1000 is a · 10 against b
      const [ad, bd] = a && b ? cancelLiterals(a.d, b.d) : [null, null];
      const left = a && b && this.intMul(a.n, bd), right = a && b && this.intMul(b.n, ad);
      if (!a || !b || !left || !right) return undefined;
      out.push({ ok: and(a.ok, b.ok), cmp: `(${left.sql} ${op} ${right.sql})` });
    }
    return out;
  }

  private equality(op: string, raw: Node[], pointers: string[], pointer: string): Node {
    const [a, b] = raw as [Node, Node];
    const strict = op === '===' || op === '!==';
    const negate = op === '!=' || op === '!==';
    let sql: string;
    if (a.kind !== b.kind && a.kind !== 'null' && b.kind !== 'null') {
      if (!strict) {
        refuse(pointer, `跨类型的 ==（${a.kind} 与 ${b.kind}）：JavaScript 会转换类型（1 == "1.0" 为真），SQL 无法逐字一致`,
          `== across types (${a.kind} and ${b.kind}): JavaScript converts them (1 == "1.0" is true), which SQL does not reproduce exactly`);
      }
      sql = 'FALSE';
    } else if (a.kind === 'null' || b.kind === 'null') {
      // null == null, and null equals nothing else (not even 0 or "")
      const other = a.kind === 'null' ? b : a;
      sql = other.kind === 'null' ? 'TRUE' : other.nullable ? `(${other.sql} IS NULL)` : 'FALSE';
    } else if (a.kind === 'number' && b.kind === 'number' && a.int && b.int && !a.nullable && !b.nullable) {
      sql = `(${a.int.sql} = ${b.int.sql})`;
    } else {
      const nanGuard = [a, b].filter((x) => x.kind === 'number' && x.nan).map((x) => `NOT ${this.isNaN(x.sql)}`);
      const same = nanGuard.length ? `(${a.sql} = ${b.sql} AND ${nanGuard.join(' AND ')})` : `(${a.sql} = ${b.sql})`;
      sql = a.nullable || b.nullable
        ? `(CASE WHEN ${a.sql} IS NULL OR ${b.sql} IS NULL THEN (${a.sql} IS NULL AND ${b.sql} IS NULL) ELSE ${same} END)`
        : same;
    }
    void pointers;
    return { kind: 'boolean', sql: negate ? `(NOT ${sql})` : sql, nullable: false };
  }

  // ------------------------------------------------------------ control flow

  /** JsonLogic truthiness: 0, NaN, "", null and false are false; "0" is true. */
  private truthy(n: Node): string {
    switch (n.kind) {
      case 'null': return 'FALSE';
      case 'boolean': return n.nullable ? `COALESCE(${n.sql}, FALSE)` : n.sql;
      case 'string': return n.nullable ? `COALESCE(${n.sql} <> '', FALSE)` : `(${n.sql} <> '')`;
      case 'number': {
        if (n.int) return n.nullable ? `COALESCE(${n.int.sql} <> 0, FALSE)` : `(${n.int.sql} <> 0)`;
        const t = n.nan ? `(${n.sql} <> ${this.dbl(0)} AND NOT ${this.isNaN(n.sql)})` : `(${n.sql} <> ${this.dbl(0)})`;
        return n.nullable ? `COALESCE(${t}, FALSE)` : t;
      }
    }
  }

  /**
   * Truthiness of an argument where only its truthiness is used (a condition, `!`, `!!`): there
   * `missing` compiles too, as "is any of these inputs null or empty text", though its value
   * (the list of missing names) has no SQL form.
   */
  condition(value: unknown, pointer: string): string {
    if (isLogic(value) && Object.keys(value)[0] === 'missing') {
      const { list, pointers } = operands(value, pointer);
      const names = list.length === 1 && Array.isArray(list[0]) ? list[0] as unknown[] : list;
      const at = (i: number): string => (list.length === 1 && Array.isArray(list[0]) ? joinPointer(pointers[0]!, i) : pointers[i]!);
      const tests = names.map((name, i) => {
        const input = typeof name === 'string' && Object.hasOwn(this.options.inputs, name) ? this.options.inputs[name] : undefined;
        if (!input) return refuse(at(i), 'missing 只能列出声明的输入名', 'missing can only list declared input names');
        const column = input.column ?? quoteName(name as string);
        // json-logic-js counts null and "" as missing; a NOT NULL number or boolean never is
        const parts = [...(input.nullable ? [`${column} IS NULL`] : []), ...(input.type === 'string' ? [`${column} = ''`] : [])];
        return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
      });
      return tests.length ? `(${tests.join(' OR ')})` : 'FALSE';
    }
    return this.truthy(this.node(value, pointer));
  }

  /** One type for the values a node can return, as a SQL column has one type. */
  private union(nodes: Node[], pointer: string): Node {
    const kinds = new Set(nodes.map((n) => n.kind).filter((k) => k !== 'null'));
    if (kinds.size > 1) {
      refuse(pointer, `分支返回不同类型（${[...kinds].join('、')}），一列 SQL 只能有一种类型`, `the branches return different types (${[...kinds].join(', ')}); a SQL column has one type`);
    }
    const nullable = nodes.some((n) => n.nullable);
    const nums = nodes.filter((n): n is NumNode => n.kind === 'number');
    if (nums.length === 0) return { kind: kinds.size ? [...kinds][0]! as 'string' | 'boolean' : 'null', sql: '', nullable };
    return {
      kind: 'number', sql: '', nullable, nan: nums.some((n) => n.nan), inf: nums.some((n) => n.inf),
      max: Math.max(...nums.map((n) => n.max)), min: Math.min(...nums.map((n) => n.min)), integral: nums.every((n) => n.integral),
      zeroSign: nums.some((n) => n.zeroSign),
    };
  }

  private typed(n: Node, kind: SqlValueType): string {
    if (n.kind !== 'null') return n.sql;
    return kind === 'number' ? `CAST(NULL AS ${this.d.double})` : kind === 'string' ? `CAST(NULL AS ${this.d.text})` : kind === 'boolean' ? 'CAST(NULL AS BOOLEAN)' : 'NULL';
  }

  /**
   * The rule as a label code: literal texts become their place in `labels` (the first seen
   * first), `if`/`?:` keeps its conditions (compiled as `branches` compiles them) and codes its
   * results, null stays NULL. What `branches` would return, with each text replaced by its code.
   */
  labelCode(value: unknown, pointer: string, labels: string[]): { sql: string; nullable: boolean } {
    if (typeof value === 'string') {
      this.literal(value, pointer);
      const known = labels.indexOf(value);
      return { sql: String(known >= 0 ? known : labels.push(value) - 1), nullable: false };
    }
    if (value === null) return { sql: 'CAST(NULL AS INTEGER)', nullable: true };
    const op = isLogic(value) ? Object.keys(value)[0] : undefined;
    if (op !== 'if' && op !== '?:') {
      return refuse(pointer, '标签编码要求每个结果都是写死的文本（或 if 的分支）', 'label codes need every result to be a literal text (or an if of them)');
    }
    const { list, pointers } = operands(value as Record<string, unknown>, pointer);
    if (list.length === 0) return this.labelCode(null, pointer, labels);
    if (list.length === 1) return this.labelCode(list[0], pointers[0]!, labels);
    let nullable = list.length % 2 === 0;
    const items = this.withSignFacts(list, (v, i, isCondition) => {
      if (isCondition) return this.condition(v, pointers[i]!);
      const coded = this.labelCode(v, pointers[i]!, labels);
      nullable ||= coded.nullable;
      return coded.sql;
    });
    const arms: Array<[string, string]> = [];
    for (let i = 0; i + 1 < items.length; i += 2) arms.push([items[i]!, items[i + 1]!]);
    return { sql: caseOf(arms, list.length % 2 === 1 ? items[items.length - 1]! : undefined, 'CAST(NULL AS INTEGER)'), nullable };
  }

  private branches(list: unknown[], pointers: string[], pointer: string): Node {
    if (list.length === 0) return this.literal(null, pointer);
    if (list.length === 1) return this.node(list[0], pointers[0]!);
    const conds: string[] = [];
    const args = this.withSignFacts(list, (v, i, isCondition) => {
      if (!isCondition) return this.node(v, pointers[i]!);
      conds.push(this.condition(v, pointers[i]!));
      return undefined as unknown as Node;
    });
    const results: Node[] = [];
    for (let i = 1; i < args.length; i += 2) results.push(args[i]!);
    const hasElse = args.length % 2 === 1;
    if (hasElse) results.push(args[args.length - 1]!);
    const shape = this.union(results, pointer);
    const arms: Array<[string, string]> = [];
    for (let i = 0; i + 1 < args.length; i += 2) arms.push([conds[i / 2]!, this.typed(args[i + 1]!, shape.kind)]);
    const sql = caseOf(arms, hasElse ? this.typed(args[args.length - 1]!, shape.kind) : undefined, this.typed({ kind: 'null', sql: 'NULL', nullable: true }, shape.kind));
    return { ...shape, sql, nullable: shape.nullable || !hasElse } as Node;
  }

  /**
   * Compiles an if-chain's items in order (`each(item, index, isCondition)`) with what each
   * condition proves about a whole-number column's sign where the later items are reached:
   * after `{"<=": [{"var": "target"}, 0]}` fails, target > 0 (so a division by it needs no
   * zero or sign case); inside `{">": [{"var": "target"}, 0]}`'s then-branch, the same.
   */
  private withSignFacts<T>(list: unknown[], each: (item: unknown, i: number, isCondition: boolean) => T): T[] {
    const added: string[] = [];
    const out: T[] = [];
    try {
      for (let i = 0; i < list.length; i++) {
        const isCondition = i % 2 === 0 && i !== list.length - 1;
        out.push(each(list[i], i, isCondition));
        if (!isCondition) continue;
        const fact = this.signFact(list[i]);
        if (fact?.whenTrue && !this.positive.has(fact.whenTrue)) {
          this.positive.add(fact.whenTrue);
          try {
            out.push(each(list[i + 1], i + 1, false));
          } finally {
            this.positive.delete(fact.whenTrue);
          }
          i++;
        }
        if (fact?.whenFalse && !this.positive.has(fact.whenFalse)) {
          this.positive.add(fact.whenFalse);
          added.push(fact.whenFalse);
        }
      }
    } finally {
      for (const c of added) this.positive.delete(c);
    }
    return out;
  }

  /** The column a condition proves > 0 when it holds or when it fails: `x > 0`, `0 < x` (true), `x <= 0`, `0 >= x` (false). */
  private signFact(cond: unknown): { whenTrue?: string; whenFalse?: string } | undefined {
    if (!isLogic(cond)) return undefined;
    const op = Object.keys(cond)[0]!;
    const args = (cond as Record<string, unknown>)[op];
    if (!Array.isArray(args) || args.length !== 2) return undefined;
    const column = (v: unknown): string | undefined => {
      if (!isLogic(v) || Object.keys(v)[0] !== 'var') return undefined;
      const ref = (v as { var: unknown }).var;
      const name = Array.isArray(ref) && ref.length === 1 ? ref[0] : ref;
      const input = typeof name === 'string' && Object.hasOwn(this.options.inputs, name) ? this.options.inputs[name]! : undefined;
      // only a NOT NULL whole-number column: its value is the number compared (null would read as 0)
      return input && input.sqlInteger && !input.nullable && !input.series ? input.column ?? quoteName(name as string) : undefined;
    };
    const [l, r] = args as [unknown, unknown];
    if ((op === '>' && r === 0) || (op === '<' && l === 0)) {
      const c = column(op === '>' ? l : r);
      return c ? { whenTrue: c } : undefined;
    }
    if ((op === '<=' && r === 0) || (op === '>=' && l === 0)) {
      const c = column(op === '<=' ? l : r);
      return c ? { whenFalse: c } : undefined;
    }
    return undefined;
  }

  private logical(op: 'and' | 'or', args: Node[], pointer: string): Node {
    if (args.length === 0) refuse(pointer, `没有参数的 ${op} 返回 undefined，SQL 中没有对应值`, `${op} without arguments returns undefined, which SQL has no value for`);
    const shape = this.union(args, pointer);
    let acc = args[0]!;
    let sql = this.typed(acc, shape.kind);
    for (let i = 1; i < args.length; i++) {
      const next = this.typed(args[i]!, shape.kind);
      // the value that decides, not a boolean, as json-logic-js returns it
      const t = this.truthy({ ...acc, sql, int: undefined } as Node);
      sql = op === 'and' ? `(CASE WHEN ${t} THEN ${next} ELSE ${sql} END)` : `(CASE WHEN ${t} THEN ${sql} ELSE ${next} END)`;
      acc = { ...shape, sql } as Node;
    }
    return { ...shape, sql } as Node;
  }

  // ------------------------------------------------------------ domain operators

  /**
   * streak over a period series as window functions: at each point, the points since the last
   * one that failed the condition (or since the start). The condition reads the point's value as
   * {"var": ""}, as the JS engine hands each item to it; other names are not in its scope.
   */
  private streak(list: unknown[], pointers: string[], pointer: string): NumNode {
    const source = list[0];
    const ref = isLogic(source) && Object.keys(source)[0] === 'var' ? (source as { var: unknown }).var : undefined;
    const name = Array.isArray(ref) && ref.length === 1 ? ref[0] : ref;
    const input = typeof name === 'string' && Object.hasOwn(this.options.inputs, name) ? this.options.inputs[name] : undefined;
    if (!input?.series) {
      return refuse(pointers[0] ?? pointer, 'streak 只能作用于声明为周期序列的输入（SqlInput.series），行里的普通列只有单个值',
        'streak compiles only over an input declared as a period series (SqlInput.series); a row\'s plain columns hold single values');
    }
    const { series, ...item } = input;
    const scoped = new SqlCompiler(this.d, {
      ...this.options,
      inputs: { '': { ...item, column: item.column ?? quoteName(name as string) } },
    });
    const cond = scoped.condition(list[1], pointers[1]!);
    const integral = { kind: 'number' as const, nullable: false, nan: false, inf: false, max: 2 ** 53, min: 1, integral: true };
    if (series.at === 'last') {
      // the points after the last failing one (the ordinals have no holes); FILTER rather than
      // MAX(CASE …): the same rows (NULL is no failure either way), 10-15% less of DuckDB's time
      return { ...integral, sql: `CAST((MAX(${series.ordinal}) - COALESCE(MAX(${series.ordinal}) FILTER (WHERE NOT ${cond}), 0)) AS ${this.d.double})` };
    }
    const partition = series.partitionBy.length ? `PARTITION BY ${series.partitionBy.join(', ')} ` : '';
    const lastFailed = `MAX(CASE WHEN NOT ${cond} THEN ${series.ordinal} END) OVER (${partition}ORDER BY ${series.ordinal} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;
    return { ...integral, sql: `CAST((${series.ordinal} - COALESCE(${lastFailed}, 0)) AS ${this.d.double})` };
  }

  private ratio(raw: Node[], pointers: string[]): Node {
    const [n, q, f] = raw.map((x, i) => (i < 2 ? this.num(x, pointers[i]!, 'ratio ') : x)) as [NumNode, NumNode, Node];
    const cond = and(this.finite(n), this.finite(q), `${q.sql} <> ${this.dbl(0)}`);
    const shape = this.union([{ ...n, nan: false, inf: false }, f], pointers[2]!) as Node;
    const bounds = { max: q.min === Infinity ? 0 : n.max / q.min, min: q.max === 0 ? Infinity : n.min / q.max };
    const sql = `(CASE WHEN ${cond} THEN (${n.sql} / ${q.sql}) ELSE ${this.typed(f, shape.kind)} END)`;
    if (shape.kind !== 'number') return { ...shape, sql };
    const out = this.checkRange({ ...(shape as NumNode), ...bounds, max: Math.max(bounds.max, (shape as NumNode).max), min: Math.min(bounds.min, (shape as NumNode).min), sql, integral: false }, pointers[1]!);
    return {
      ...out,
      exact: () => {
        const en = this.leafExact(n, pointers[0]!), eq = this.leafExact(q, pointers[1]!), ef = this.exactOf(f, pointers[2]!);
        const fn = mulN(en.n, eq.d);
        const num = `(CASE WHEN ${eq.n} < 0 THEN (- ${fn}) ELSE ${fn} END)`;
        return {
          ok: `(CASE WHEN ${cond} THEN TRUE ELSE ${ef.ok} END)`,
          n: `(CASE WHEN ${cond} THEN ${num} ELSE ${ef.n} END)`,
          d: `(CASE WHEN ${cond} THEN (${en.d ?? '1'} * ABS(${eq.n})) ELSE ${ef.d ?? '1'} END)`,
        };
      },
      intExact: () => this.ratioIntExact(n, q, f),
    };
  }

  /**
   * ratio's whole-number exact form: the engine reads its operands' values as the decimals they
   * print as (not their arithmetic's exact forms), so only plain operands (a column, a literal)
   * have one here. Where the fallback is taken (the denominator 0) the fallback's form holds, or,
   * for a null fallback, none (`ok` is false there and the doubles decide, as in the engine).
   */
  private ratioIntExact(n: NumNode, q: NumNode, f: Node): ExactInt | undefined {
    if (n.exact || q.exact) return undefined;
    const x = this.intExact(n), y = this.intExact(q);
    const quotient = x && y && this.intQuotient({ ...x, ok: and(x.ok, y.ok) }, y);
    if (!quotient || y!.n.positive || f.kind === 'null') return quotient;
    const e = this.intExact(f);
    if (!e) return undefined;
    const taken = `${y!.n.sql} <> 0`;
    const pick = (a: BoundedInt, b: BoundedInt, positive: boolean): BoundedInt => ({
      sql: `(CASE WHEN ${taken} THEN ${a.sql} ELSE ${b.sql} END)`, bits: a.bits === 64 || b.bits === 64 ? 64 : 32, max: Math.max(a.max, b.max), positive,
    });
    const ok = and(x!.ok, y!.ok) === 'TRUE' && e.ok === 'TRUE' ? 'TRUE' : `(CASE WHEN ${taken} THEN ${and(x!.ok, y!.ok)} ELSE ${e.ok} END)`;
    // (bits: a CASE of an INTEGER and a BIGINT arm is BIGINT; widened so that products stay BIGINT)
    const wide = (v: BoundedInt) => (v.bits === 32 ? { ...v, sql: `CAST(${v.sql} AS ${this.d.integer})`, bits: 64 as const } : v);
    return { ok, n: pick(wide(quotient.n), wide(e.n), false), d: pick(wide(quotient.d ?? wholeLiteral(1n)), wide(e.d ?? wholeLiteral(1n)), true) };
  }

  private clamp(raw: Node[], pointers: string[], pointer: string): NumNode {
    const [x, lo, hi] = raw.map((n, i) => this.toNumber(this.num(n, pointers[i]!, 'clamp '))) as [NumNode, NumNode, NumNode];
    const a = lo.literal, b = hi.literal;
    if (a === undefined || b === undefined) {
      return refuse(pointer, 'clamp 的上下限必须是写死的数或参数（否则下限大于上限时 JavaScript 会报错）', 'clamp\'s bounds must be literal numbers or parameters (otherwise JavaScript fails when min > max)');
    }
    if (a > b) refuse(pointer, 'clamp 的下限大于上限', 'clamp: min is greater than max');
    const v = x.sql;
    const sql = `(CASE${x.nan ? ` WHEN ${this.isNaN(v)} THEN ${v}` : ''} WHEN ${v} < ${lo.sql} THEN ${lo.sql} WHEN ${v} > ${hi.sql} THEN ${hi.sql} ELSE ${v} END)`;
    const nz = (y: number) => (y === 0 ? Infinity : Math.abs(y));
    return {
      kind: 'number', sql, nullable: false, nan: x.nan, inf: false,
      max: Math.min(x.max, Math.max(Math.abs(a), Math.abs(b))), min: Math.min(x.min, nz(a), nz(b)),
      integral: x.integral && Number.isInteger(a) && Number.isInteger(b), zeroSign: x.zeroSign,
    };
  }

  private round(raw: Node[], list: unknown[], pointers: string[], pointer: string): NumNode {
    const decimals = list.length === 2 ? list[1] : 0;
    if (!Number.isInteger(decimals) || Math.abs(decimals as number) > 15) {
      refuse(pointers[1] ?? pointer, 'round 的小数位数必须是 -15 到 15 之间写死的整数', 'round\'s decimals must be a literal integer from -15 to 15');
    }
    const k = decimals as number;
    const x0 = this.num(raw[0]!, pointers[0]!, 'round ');
    const x = this.toNumber(x0);
    // without NUMERIC (DuckDB): exact in whole numbers where the value has a whole-number exact form on every row
    const whole = !this.d.numeric && this.exactOn ? this.intExact(x0) : undefined;
    const rounded = whole && whole.ok === 'TRUE' ? this.intRound(whole, k, x) : undefined;
    if (rounded) return rounded;
    this.needsNumeric(pointer);
    // half away from zero on the decimal the double prints as: NUMERIC's own round does exactly that
    const onText = `CAST(ROUND(CAST(CAST(${x.sql} AS TEXT) AS NUMERIC), ${k}) AS ${this.d.double})`;
    let sql = x.nan || x.inf ? `(CASE WHEN ${this.finite(x)} THEN ${onText} ELSE ${x.sql} END)` : onText;
    if (this.exactOn && x0.exact) {
      const e = x0.exact();
      const scaled = k >= 0 ? { num: `(2 * ABS(${e.n}) * ${10n ** BigInt(k)})`, den: e.d ?? '1' } : { num: `(2 * ABS(${e.n}))`, den: `(${e.d ?? '1'} * ${10n ** BigInt(-k)})` };
      // floor((2·|n|·10^k + d) / 2d): integer division on NUMERIC is exact
      // NULLIF: PostgreSQL may fold a constant branch at planning time, even one CASE never takes
      const kept = `DIV(${scaled.num} + ${scaled.den}, NULLIF(2 * ${scaled.den}, 0))`;
      const value = `(SIGN(${e.n}) * ${kept} * CAST('1e${-k}' AS NUMERIC))`;
      sql = `(CASE WHEN ${e.ok} THEN CAST(${value} AS ${this.d.double}) ELSE ${sql} END)`;
    }
    const step = 10 ** -k;
    return { kind: 'number', sql, nullable: false, nan: x.nan, inf: x.inf, max: x.max + step, min: Math.min(step, x.min), integral: k <= 0 };
  }
}

/** The largest whole number HUGEINT (DuckDB's 128-bit integer) holds with room for one more step. */
const HUGE_LIMIT = 2 ** 125;

/**
 * CASE over (condition, result) arms: an arm whose condition is the literal FALSE is dropped, and
 * one whose condition is TRUE (a folded parameter, `lights.green.inclusive`) ends the CASE as its
 * ELSE, so the database is not left to fold them; no arm left is just the ELSE (or the typed NULL).
 */
function caseOf(arms: Array<[string, string]>, otherwise: string | undefined, typedNull: string): string {
  const kept: Array<[string, string]> = [];
  let last = otherwise;
  for (const [cond, then] of arms) {
    if (cond === 'FALSE') continue;
    if (cond === 'TRUE') { last = then; break; }
    kept.push([cond, then]);
  }
  if (kept.length === 0) return last ?? typedNull;
  return `(CASE${kept.map(([c, t]) => ` WHEN ${c} THEN ${t}`).join('')}${last === undefined ? '' : ` ELSE ${last}`} END)`;
}

function and(...parts: string[]): string {
  const kept = parts.filter((p) => p !== 'TRUE');
  if (kept.includes('FALSE')) return 'FALSE';
  return kept.length === 0 ? 'TRUE' : kept.length === 1 ? kept[0]! : `(${kept.join(' AND ')})`;
}

function mulN(n: string, d: string | null): string {
  return d === null ? n : `(${n} * ${d})`;
}

function mulD(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null ? a : `(${a} * ${b})`;
}

/** The literal value of a whole-number SQL form written as digits (a literal), else undefined. */
function literalOf(x: BoundedInt | null): bigint | undefined {
  if (x === null) return 1n;
  const m = /^\(?(-?\d+)\)?$/.exec(x.sql);
  return m ? BigInt(m[1]!) : undefined;
}

function wholeLiteral(v: bigint): BoundedInt {
  const max = Number(v < 0n ? -v : v);
  return { sql: v < 0n ? `(${v})` : String(v), bits: max <= INT32_MAX ? 32 : 64, max, positive: v > 0n };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/** Two positive denominators with their common literal factor taken out (both literals), else as they are. */
function cancelLiterals(a: BoundedInt | null, b: BoundedInt | null): [BoundedInt | null, BoundedInt | null] {
  const x = literalOf(a), y = literalOf(b);
  if (x === undefined || y === undefined || x <= 0n || y <= 0n) return [a, b];
  const g = gcd(x, y);
  if (g === 1n) return [a, b];
  return [x === g ? null : wholeLiteral(x / g), y === g ? null : wholeLiteral(y / g)];
}
