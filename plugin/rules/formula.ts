/**
 * A rule as a formula its owner can read (规则公式): JsonLogic printed as infix text in Chinese
 * or English, parameters resolved to their values, for `target-kit explain` and the rule
 * editor's formula view. Every number in the text says where it comes from (a literal at a
 * JSON pointer of the logic, or a parameter path), so a host can let a non-programmer edit it
 * there and change the JSON.
 *
 * How it reads:
 * - Operators by precedence (or < and < not < comparison < + − < × ÷ mod < unary −), with
 *   parentheses only where the order needs them; `<`/`<=` with three arguments is a between
 *   chain (a ≤ b ≤ c).
 * - `if` chains read "若 … 则 …，否则若 … 则 …，否则 …", a branch per line when long. A
 *   parameter is a constant, so an `if` on a parameter prints the branch the bundle takes.
 * - A variable reads as its input's title: the rule input's description up to its first
 *   bracket or colon (「实际完成金额（元）」 → 实际完成金额) when that is short, else its name.
 * - A compound expression that occurs twice or more is named once on its own line first
 *   (完成率 = 实际完成金额 ÷ 目标金额) and used by name: `actual ÷ target` is 完成率 /
 *   completion, another division 比率 / ratio, anything else 中间值 / term.
 * - Percents: a number is shown as a percent where it meets a rate: compared with it, added
 *   to or subtracted from it, or a bound of min, max or clamp around it. A rate is a division,
 *   `ratio`, or an input whose description says so ("1 = 100%", "0.15 = 15%", "0–1"), and the
 *   items of such an input inside `streak`, `map`, `filter`, `all`, `some` and `none`.
 * - A line wider than 90 columns (a Chinese character counts two) breaks before the `+`, 且/and
 *   or 或/or of its outermost sum or condition, a term a line, indented one step per level.
 * - Domain operators (ratio, clamp, round, streak, sum, avg) and anything else the printer has
 *   no infix form for read as named function calls, `name(arguments)`: it never throws.
 */
import type { Lang } from '../problems.js';
import { truthy } from './coerce.js';
import { pathSteps, readPath } from './lookup.js';

/** Where a printed number lives: a literal of the logic (pointer relative to it) or a parameter. */
type FormulaSource = { kind: 'literal'; pointer: string } | { kind: 'param'; path: string };

export interface FormulaPiece {
  text: string;
  /** Set on a number: its value, whether the text shows it as a percent, and where it is. */
  number?: { value: number; percent: boolean; source: FormulaSource };
}

export interface Formula {
  /** Named terms first, then the rule; each line a list of pieces. */
  lines: FormulaPiece[][];
  /** The lines as plain text, one per line. */
  text: string;
  /** Every parameter the logic reads, with the value printed (a branch on one is printed as taken). */
  parameters: { path: string; value: unknown }[];
}

interface InputInfo { name: string; description?: Partial<Record<Lang, string>> }

interface FormulaOptions {
  lang: Lang;
  /** The bundle's parameters, for `param`; an unknown path prints as its name. */
  params?: Readonly<Record<string, unknown>>;
  /** The rule's declared inputs, for titles and rates. */
  inputs?: readonly InputInfo[];
}

// ——— the tree the printer works on ———

type Node =
  | { k: 'lit'; value: unknown; at: string }
  | { k: 'list'; items: Node[]; at: string }
  | { k: 'var'; path: string; fallback?: Node; at: string }
  | { k: 'param'; path: string; value: unknown; at: string }
  | { k: 'op'; op: string; args: Node[]; at: string; key: string }
  | { k: 'raw'; value: unknown; at: string }
  | { k: 'term'; index: number; at: string };

const MAX_DEPTH = 60;

interface ParseContext {
  params: Readonly<Record<string, unknown>> | undefined;
  read: Map<string, unknown>;
}

function parse(logic: unknown, at: string, cx: ParseContext, depth: number): Node {
  if (depth > MAX_DEPTH) return { k: 'raw', value: '…', at };
  if (Array.isArray(logic)) return { k: 'list', items: logic.map((v, i) => parse(v, `${at}/${i}`, cx, depth + 1)), at };
  if (typeof logic !== 'object' || logic === null) return { k: 'lit', value: logic, at };
  const keys = Object.keys(logic);
  if (keys.length !== 1) return { k: 'raw', value: logic, at };
  const op = keys[0]!;
  const raw = (logic as Record<string, unknown>)[op];
  const argsAt = `${at}/${escapeStep(op)}`;
  const args = Array.isArray(raw)
    ? raw.map((v, i) => parse(v, `${argsAt}/${i}`, cx, depth + 1))
    : [parse(raw, argsAt, cx, depth + 1)];

  if (op === 'param' && args.length === 1 && args[0]!.k === 'lit' && typeof args[0]!.value === 'string') {
    const path = args[0]!.value;
    const value = cx.params === undefined || path === '' ? undefined : readPath(cx.params, pathSteps(path));
    if (value !== undefined) {
      cx.read.set(path, value);
      return { k: 'param', path, value, at };
    }
  }
  if (op === 'var' && args.length <= 2) {
    const name = args[0];
    const path = name === undefined ? '' : name.k === 'lit' && (typeof name.value === 'string' || typeof name.value === 'number') ? String(name.value) : undefined;
    if (path !== undefined) return args[1] === undefined ? { k: 'var', path, at } : { k: 'var', path, fallback: args[1], at };
  }
  // A parameter is a constant: print the branch the bundle takes.
  if ((op === 'if' || op === '?:') && args.length >= 2 && args[0]!.k === 'param') {
    const taken = truthy(args[0]!.value);
    if (args.length === 2) return taken ? args[1]! : { k: 'lit', value: null, at };
    if (taken) return args[1]!;
    return args.length === 3 ? args[2]! : { k: 'op', op, args: args.slice(2), at, key: '' };
  }
  return { k: 'op', op, args, at, key: '' };
}

function escapeStep(step: string): string {
  return step.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ——— named terms: compound expressions that occur twice or more ———

/** Item scopes: their `var`s read the current item, so a subtree there means something else. */
const SCOPES = new Set(['map', 'filter', 'reduce', 'all', 'some', 'none', 'streak']);

function keyOf(node: Node): string {
  switch (node.k) {
    case 'lit': return JSON.stringify(node.value) ?? 'undefined';
    case 'list': return `[${node.items.map(keyOf).join(',')}]`;
    case 'var': return `var(${JSON.stringify(node.path)}${node.fallback ? `,${keyOf(node.fallback)}` : ''})`;
    case 'param': return `param(${JSON.stringify(node.path)})`;
    case 'raw': return `raw(${safeJson(node.value)})`;
    case 'term': return `term(${node.index})`;
    case 'op': node.key = `${JSON.stringify(node.op)}(${node.args.map(keyOf).join(',')})`; return node.key;
  }
}

interface Term { node: Node & { k: 'op' }; name: string }

function findTerms(root: Node, lang: Lang): { root: Node; terms: Term[] } {
  keyOf(root);
  const counts = new Map<string, { node: Node & { k: 'op' }; count: number }>();
  const visit = (node: Node, top: boolean) => {
    if (node.k === 'list') node.items.forEach((n) => visit(n, false));
    if (node.k === 'var' && node.fallback) visit(node.fallback, false);
    if (node.k !== 'op') return;
    if (!top && !['if', '?:', 'and', 'or'].includes(node.op)) {
      const seen = counts.get(node.key);
      if (seen) seen.count++;
      else counts.set(node.key, { node, count: 1 });
    }
    // inside an item scope only the list is ours; the body reads items
    (SCOPES.has(node.op) ? node.args.slice(0, 1) : node.args).forEach((n) => visit(n, false));
  };
  visit(root, true);
  // The largest repeated expressions first; a smaller one is named only if it still repeats
  // once the larger ones are replaced.
  const candidates = [...counts.values()].filter((c) => c.count > 1).sort((a, b) => b.node.key.length - a.node.key.length);
  const chosen: Term[] = [];
  let tree = root;
  for (const { node } of candidates) {
    let count = 0;
    const countIn = (n: Node) => {
      if (n.k === 'op' && n.key === node.key) { count++; return; }
      if (n.k === 'list') n.items.forEach(countIn);
      if (n.k === 'var' && n.fallback) countIn(n.fallback);
      if (n.k === 'op') (SCOPES.has(n.op) ? n.args.slice(0, 1) : n.args).forEach(countIn);
    };
    countIn(tree);
    chosen.forEach((t) => countIn(t.node));
    if (count < 2) continue;
    const index = chosen.length;
    chosen.forEach((t) => { t.node = replaceKey(t.node, node.key, index) as Node & { k: 'op' }; });
    tree = replaceKey(tree, node.key, index);
    chosen.push({ node, name: '' });
  }
  // Printed in the order they can be read: a term before the terms that use it.
  const order: number[] = [];
  const place = (i: number) => {
    if (order.includes(i)) return;
    uses(chosen[i]!.node).forEach(place);
    order.push(i);
  };
  chosen.forEach((_, i) => place(i));
  const renumber = new Map(order.map((old, now) => [old, now]));
  const terms = order.map((old) => ({ node: renumberTerms(chosen[old]!.node, renumber) as Node & { k: 'op' }, name: '' }));
  nameTerms(terms, lang);
  return { root: renumberTerms(tree, renumber), terms };
}

function replaceKey(node: Node, key: string, index: number): Node {
  if (node.k === 'op' && node.key === key) return { k: 'term', index, at: node.at };
  if (node.k === 'list') return { ...node, items: node.items.map((n) => replaceKey(n, key, index)) };
  if (node.k === 'var' && node.fallback) return { ...node, fallback: replaceKey(node.fallback, key, index) };
  if (node.k === 'op') {
    const args = SCOPES.has(node.op) ? [...node.args.slice(0, 1).map((n) => replaceKey(n, key, index)), ...node.args.slice(1)] : node.args.map((n) => replaceKey(n, key, index));
    return { ...node, args };
  }
  return node;
}

function uses(node: Node): number[] {
  if (node.k === 'term') return [node.index];
  if (node.k === 'list') return node.items.flatMap(uses);
  if (node.k === 'var') return node.fallback ? uses(node.fallback) : [];
  if (node.k === 'op') return node.args.flatMap(uses);
  return [];
}

function renumberTerms(node: Node, to: Map<number, number>): Node {
  if (node.k === 'term') return { ...node, index: to.get(node.index) ?? node.index };
  if (node.k === 'list') return { ...node, items: node.items.map((n) => renumberTerms(n, to)) };
  if (node.k === 'var' && node.fallback) return { ...node, fallback: renumberTerms(node.fallback, to) };
  if (node.k === 'op') return { ...node, args: node.args.map((n) => renumberTerms(n, to)) };
  return node;
}

const TERM_NAMES: Record<'completion' | 'ratio' | 'term', Record<Lang, string>> = {
  completion: { zh: '完成率', en: 'completion' },
  ratio: { zh: '比率', en: 'ratio' },
  term: { zh: '中间值', en: 'term' },
};

function nameTerms(terms: Term[], lang: Lang): void {
  const kindOf = ({ node }: Term): keyof typeof TERM_NAMES => {
    if (node.op !== '/' && node.op !== 'ratio') return 'term';
    const [a, b] = node.args;
    return a?.k === 'var' && a.path === 'actual' && b?.k === 'var' && b.path === 'target' ? 'completion' : 'ratio';
  };
  const kinds = terms.map(kindOf);
  const seen = new Map<string, number>();
  terms.forEach((term, i) => {
    const kind = kinds[i]!;
    const many = kinds.filter((k) => k === kind).length > 1;
    const n = (seen.get(kind) ?? 0) + 1;
    seen.set(kind, n);
    term.name = many ? `${TERM_NAMES[kind][lang]} ${n}` : TERM_NAMES[kind][lang];
  });
}

// ——— printing ———

/** Binding strength: higher binds tighter. */
const Prec = { If: 0, Or: 1, And: 2, Not: 3, Compare: 4, Add: 5, Mul: 6, Unary: 7, Atom: 9 } as const;
type Prec = number;

interface Printed { pieces: FormulaPiece[]; prec: Prec }

type Word = 'if' | 'then' | 'elseIf' | 'else' | 'and' | 'or' | 'not' | 'null' | 'true' | 'false' | 'default' | 'orElse' | 'item' | 'digits' | 'sep' | 'listSep';

const WORDS: Record<Lang, Record<Word, string>> = {
  zh: {
    if: '若', then: '则', elseIf: '否则若', else: '否则', and: '且', or: '或', not: '非', null: '空', true: '真', false: '假',
    default: '缺失时为 ', orElse: '否则', item: '当前项', digits: ' 位', sep: '，', listSep: '、',
  },
  en: {
    if: 'if', then: 'then', elseIf: 'else if', else: 'else', and: 'and', or: 'or', not: 'not', null: 'null', true: 'true', false: 'false',
    default: 'if missing', orElse: 'else', item: 'item', digits: '', sep: ', ', listSep: ', ',
  },
};

/** Names of the operators printed as function calls; an operator not listed keeps its own name. */
const FUNCTIONS: Record<Lang, Record<string, string>> = {
  zh: {
    ratio: '比值', clamp: '限定', round: '四舍五入', streak: '末尾连续', sum: '合计', avg: '平均', max: '最大', min: '最小',
    missing: '缺少', missing_some: '缺少其中', cat: '连接', substr: '截取', merge: '合并', map: '逐项', filter: '筛选',
    reduce: '累计', all: '全部满足', some: '任一满足', none: '都不满足', '!!': '为真', log: '记录', var: '变量', param: '参数',
  },
  en: {
    ratio: 'ratio', clamp: 'clamp', round: 'round', streak: 'streak', sum: 'sum', avg: 'avg', max: 'max', min: 'min',
    missing: 'missing', missing_some: 'missing some of', cat: 'concat', substr: 'substr', merge: 'merge', map: 'each',
    filter: 'filter', reduce: 'reduce', all: 'all', some: 'some', none: 'none', '!!': 'truthy', log: 'log', var: 'var', param: 'param',
  },
};

const COMPARE: Record<string, string> = { '==': '=', '===': '=', '!=': '≠', '!==': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥' };

/** The light colours every traffic-light rule returns, in the words the board uses. */
const COLOURS: Record<Lang, Record<string, string>> = {
  zh: { green: '绿', yellow: '黄', red: '红', grey: '灰' },
  en: { green: 'green', yellow: 'yellow', red: 'red', grey: 'grey' },
};

const RATE_SAYS = /1\s*=\s*100\s*%|\d+(?:\.\d+)?\s*=\s*\d+(?:\.\d+)?\s*%|(?<![\d.])0\s*[–-]\s*1(?![\d.])/;
const TITLE_END = /[（(：:；;，,]/;
const TITLE_MAX: Record<Lang, number> = { zh: 16, en: 40 };

/** Where an expression is: inside an item scope its `var`s read the current item, whose values may be rates. */
interface Cx { rate: boolean; item: boolean }
const TOP: Cx = { rate: false, item: false };

class Printer {
  // set once by setUp: the safety test forbids the word "constructor(" in the rules room
  private lang!: Lang;
  private terms!: Term[];
  private w!: Record<Word, string>;
  private fn!: Record<string, string>;
  private readonly titles = new Map<string, string>();
  private readonly rates = new Set<string>();
  /** How deep the expression being printed is: a long line breaks at its shallowest sum or and/or. */
  private depth = 0;

  setUp(lang: Lang, inputs: readonly InputInfo[], terms: Term[]): this {
    this.lang = lang;
    this.terms = terms;
    this.w = WORDS[lang];
    this.fn = FUNCTIONS[lang];
    for (const input of inputs) {
      const said = input.description?.[lang] ?? '';
      const head = said.split(TITLE_END)[0]!.trim();
      if (head !== '' && head.length <= TITLE_MAX[lang]) this.titles.set(input.name, head);
      if (RATE_SAYS.test(input.description?.zh ?? '') || RATE_SAYS.test(input.description?.en ?? '')) this.rates.add(input.name);
    }
    return this;
  }

  /** Whether a node's value is a rate (a fraction that reads as a percent). */
  isRate(node: Node, cx: Cx): boolean {
    switch (node.k) {
      case 'var': return node.path === '' ? cx.rate : !cx.item && this.rates.has(node.path);
      case 'term': return this.isRate(this.terms[node.index]!.node, cx);
      case 'op':
        if (node.op === '/' || node.op === 'ratio') return true;
        if (['+', '-', 'min', 'max'].includes(node.op)) return node.args.some((a) => this.isRate(a, cx));
        if (node.op === 'clamp' || node.op === 'round') return node.args[0] !== undefined && this.isRate(node.args[0], cx);
        return false;
      default: return false;
    }
  }

  /** A whole line: `if` chains may take several. */
  statement(node: Node, cx: Cx): FormulaPiece[][] {
    const chain = this.chain(node);
    if (!chain) return [this.expr(node, cx, false).pieces];
    const lines: FormulaPiece[][] = chain.pairs.map(([cond, value], i) => [
      txt(`${i === 0 ? this.w.if : this.w.elseIf} `), ...this.expr(cond, cx, false).pieces,
      txt(` ${this.w.then} `), ...this.expr(value, cx, false, Prec.Or).pieces,
    ]);
    lines.push([txt(`${this.w.else} `), ...(chain.otherwise ? this.expr(chain.otherwise, cx, false, Prec.Or).pieces : [txt(this.w.null)])]);
    if (chain.pairs.length > 1 || width(lines.flat()) > 60) return lines;
    return [lines.flatMap((l, i) => (i === 0 ? l : [txt(this.w.sep), ...l]))];
  }

  /** An `if` as condition/value pairs, nested `if`s in the else branch flattened. */
  private chain(node: Node): { pairs: [Node, Node][]; otherwise?: Node } | undefined {
    if (node.k !== 'op' || (node.op !== 'if' && node.op !== '?:') || node.args.length < 2) return undefined;
    const pairs: [Node, Node][] = [];
    let args = node.args;
    for (;;) {
      let i = 0;
      for (; i + 1 < args.length; i += 2) pairs.push([args[i]!, args[i + 1]!]);
      const rest = i < args.length ? args[i] : undefined;
      if (rest && rest.k === 'op' && (rest.op === 'if' || rest.op === '?:') && rest.args.length >= 2) { args = rest.args; continue; }
      return rest === undefined ? { pairs } : { pairs, otherwise: rest };
    }
  }

  /** `percent`: a number here shows as a percent. `min`: the loosest binding allowed without parentheses. */
  expr(node: Node, cx: Cx, percent: boolean, min: Prec = Prec.If): Printed {
    this.depth++;
    const printed = this.bare(node, cx, percent);
    this.depth--;
    if (printed.prec >= min) return printed;
    return { pieces: [txt('('), ...printed.pieces, txt(')')], prec: Prec.Atom };
  }

  private bare(node: Node, cx: Cx, percent: boolean): Printed {
    switch (node.k) {
      case 'lit': return this.literal(node.value, percent, { kind: 'literal', pointer: node.at });
      case 'param': return this.literal(node.value, percent, { kind: 'param', path: node.path });
      case 'term': return atom(txt(this.terms[node.index]!.name));
      case 'raw': return atom(txt(typeof node.value === 'string' ? node.value : safeJson(node.value)));
      case 'list': return atom(txt('['), ...this.joined(node.items.map((n) => this.expr(n, cx, percent).pieces), this.w.listSep), txt(']'));
      case 'var': return this.variable(node, cx);
      case 'op': return this.operation(node, cx, percent);
    }
  }

  private literal(value: unknown, percent: boolean, source: FormulaSource): Printed {
    if (typeof value === 'number' && Number.isFinite(value)) {
      const text = percent ? `${shiftDecimal(value, 2)}%` : String(value);
      return { pieces: [{ text, number: { value, percent, source } }], prec: value < 0 || Object.is(value, -0) ? Prec.Unary : Prec.Atom };
    }
    if (typeof value === 'string') {
      const colour = Object.hasOwn(COLOURS[this.lang], value) ? COLOURS[this.lang][value] : undefined;
      return atom(txt(colour ?? (this.lang === 'zh' ? `“${value}”` : JSON.stringify(value))));
    }
    if (value === null || value === undefined) return atom(txt(this.w.null));
    if (typeof value === 'boolean') return atom(txt(this.w[value ? 'true' : 'false']));
    return atom(txt(safeJson(value)));
  }

  private variable(node: Node & { k: 'var' }, cx: Cx): Printed {
    const head = node.path.split('.')[0]!;
    const name = node.path === '' ? this.w.item
      : cx.item ? `${this.w.item}.${node.path}`
        : node.path === head ? this.titles.get(head) ?? head : node.path;
    if (!node.fallback) return atom(txt(name));
    const fallback = this.expr(node.fallback, cx, false).pieces;
    // the fallback is what a missing input counts as: "counts.demo (0 if missing)", never "(default 0)"
    return this.lang === 'zh'
      ? atom(txt(`${name}（${this.w.default}`), ...fallback, txt('）'))
      : atom(txt(`${name} (`), ...fallback, txt(` ${this.w.default})`));
  }

  /** `percent`: this operation meets a rate, so a sum or difference here is one. */
  private operation(node: Node & { k: 'op' }, cx: Cx, percent: boolean): Printed {
    const { op, args } = node;
    const rateHere = () => args.some((a) => this.isRate(a, cx));
    const rateSum = () => percent || rateHere();
    const infix = (symbol: string, prec: Prec, list: Node[], percent: boolean, rightTighter: boolean): Printed => ({
      pieces: this.joined(list.map((a, i) => this.expr(a, cx, percent, i > 0 && rightTighter ? prec + 1 : prec).pieces), ` ${symbol} `, symbol === '+'),
      prec,
    });

    if ((op === '+' || op === '*') && args.length >= 2) {
      return infix(op === '+' ? '+' : '×', op === '+' ? Prec.Add : Prec.Mul, args, op === '+' && rateSum(), false);
    }
    if ((op === '+' || op === '*') && args.length === 1) return this.expr(args[0]!, cx, false, Prec.Unary);
    if (op === '-' && args.length === 2) return infix('−', Prec.Add, args, rateSum(), true);
    if (op === '-' && args.length === 1) return { pieces: [txt('−'), ...this.expr(args[0]!, cx, false, Prec.Atom).pieces], prec: Prec.Unary };
    if ((op === '/' || op === '%') && args.length === 2) return infix(op === '/' ? '÷' : 'mod', Prec.Mul, args, false, true);
    if (Object.hasOwn(COMPARE, op)) {
      if (args.length === 2) return infix(COMPARE[op]!, Prec.Compare, args, rateHere(), true);
      if ((op === '<' || op === '<=') && args.length === 3) {
        return { pieces: this.joined(args.map((a) => this.expr(a, cx, rateHere(), Prec.Add).pieces), ` ${COMPARE[op]} `), prec: Prec.Compare };
      }
    }
    if ((op === 'and' || op === 'or') && args.length >= 2) {
      const prec = op === 'and' ? Prec.And : Prec.Or;
      return { pieces: this.joined(args.map((a) => this.expr(a, cx, false, prec + 1).pieces), ` ${this.w[op]} `, true), prec };
    }
    if ((op === 'and' || op === 'or') && args.length === 1) return this.expr(args[0]!, cx, false, Prec.Unary);
    if (op === '!' && args.length === 1) {
      // "not a ≥ b" is read as "(not a) ≥ b" by people: the operand of not gets parentheses unless it is a term or a call
      return { pieces: [txt(`${this.w.not} `), ...this.expr(args[0]!, cx, false, Prec.Add).pieces], prec: Prec.Not };
    }
    if (op === 'in' && args.length === 2) return infix('∈', Prec.Compare, args, false, true);
    if ((op === 'if' || op === '?:') && this.chain(node)) {
      const lines = this.statement(node, cx);
      return { pieces: lines.flatMap((l, i) => (i === 0 ? l : [txt(this.w.sep), ...l])), prec: Prec.If };
    }
    return this.call(node, cx);
  }

  /** The named-function form: every operator the printer has no infix form for. */
  private call(node: Node & { k: 'op' }, cx: Cx): Printed {
    const { op, args } = node;
    const name = Object.hasOwn(this.fn, op) ? this.fn[op]! : op;
    let parts: FormulaPiece[][];
    if (op === 'ratio' && args.length === 3) {
      parts = [this.expr(args[0]!, cx, false).pieces, [...this.expr(args[1]!, cx, false).pieces, txt(this.lang === 'zh' ? `；${this.w.orElse} ` : `; ${this.w.orElse} `), ...this.expr(args[2]!, cx, false).pieces]];
    } else if (op === 'clamp' || op === 'min' || op === 'max') {
      const percent = args.some((a) => this.isRate(a, cx));
      parts = args.map((a) => this.expr(a, cx, percent).pieces);
    } else if (op === 'round' && args.length === 2) {
      parts = [this.expr(args[0]!, cx, false).pieces, [...this.expr(args[1]!, cx, false).pieces, txt(this.w.digits)]];
    } else if (SCOPES.has(op) && args.length >= 2) {
      // the body reads items of the list: rates when the list is of rates
      const items: Cx = { rate: this.isRate(args[0]!, cx), item: true };
      parts = args.map((a, i) => (i === 1 ? this.statement(a, items).flatMap((l, j) => (j === 0 ? l : [txt(this.w.sep), ...l])) : this.expr(a, cx, false).pieces));
    } else {
      parts = args.map((a) => this.expr(a, cx, false).pieces);
    }
    return atom(txt(`${name}(`), ...this.joined(parts, ', '), txt(')'));
  }

  /** `breaks`: a long line may break before each separator (marked with how deep they are). */
  private joined(parts: FormulaPiece[][], sep: string, breaks = false): FormulaPiece[] {
    return parts.flatMap((p, i) => (i === 0 ? p : [breaks ? { text: sep, brk: this.depth } as Piece : txt(sep), ...p]));
  }
}

/** Display width: a Chinese character takes two columns, so both languages break at the same length. */
function width(pieces: readonly FormulaPiece[]): number {
  let n = 0;
  for (const p of pieces) for (const ch of p.text) n += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return n;
}

/** A piece while printing: `brk` marks a separator a long line may break before, by depth. */
type Piece = FormulaPiece & { brk?: number };

const LINE_WIDTH = 90;
const CONTINUED = '    ';

/**
 * A line wider than LINE_WIDTH broken before the separators of its shallowest sum or and/or,
 * each continuation indented; a part still too wide breaks at the next level down.
 */
function broken(line: Piece[], indent = 1): FormulaPiece[][] {
  const levels = line.flatMap((p) => (p.brk === undefined ? [] : [p.brk]));
  if (width(line) <= LINE_WIDTH || !levels.length) return [line.map(plain)];
  const level = Math.min(...levels);
  const parts: Piece[][] = [[]];
  for (const piece of line) {
    if (piece.brk === level) parts.push([{ text: `${CONTINUED.repeat(indent)}${piece.text.trimStart()}` }]);
    else parts[parts.length - 1]!.push(piece);
  }
  return parts.flatMap((part) => broken(part, indent + 1));
}

function plain(piece: Piece): FormulaPiece {
  return piece.number ? { text: piece.text, number: piece.number } : { text: piece.text };
}

const txt = (text: string): FormulaPiece => ({ text });
const atom = (...pieces: FormulaPiece[]): Printed => ({ pieces, prec: Prec.Atom });

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `value × 10^places` as decimal text, by moving the point, so 0.07 shows 7 and not 7.000000000000001. */
function shiftDecimal(value: number, places: number): string {
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) return String(value * 10 ** places);
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = int! + frac;
  const point = int!.length + Number(exp) + places;
  const whole = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  const trimmed = whole.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return `${sign}${trimmed}`;
}

/**
 * The rule as readable lines (see the module comment). Pure and total: any JSON prints,
 * unknown shapes as named calls or JSON text.
 */
export function printFormula(logic: unknown, options: FormulaOptions): Formula {
  const { lang, params, inputs = [] } = options;
  const read = new Map<string, unknown>();
  const parsed = parse(logic, '', { params, read }, 0);
  const { root, terms } = findTerms(parsed, lang);
  const printer = new Printer().setUp(lang, inputs, terms);
  const lines: FormulaPiece[][] = [
    ...terms.map((t) => [txt(`${t.name} = `), ...printer.expr(t.node, TOP, false).pieces]),
    ...printer.statement(root, TOP),
  ].flatMap((line) => broken(line));
  return {
    lines,
    text: lines.map((l) => l.map((p) => p.text).join('')).join('\n'),
    parameters: [...read].map(([path, value]) => ({ path, value })),
  };
}
