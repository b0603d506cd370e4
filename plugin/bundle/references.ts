/**
 * Checks that go beyond each file's schema: every id a template or flow names exists, ids are
 * unique, bindings connect real fields to declared rule inputs, and forms hold no code.
 */
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';
import type { Engine } from '../rules/index.js';
import { isRuleError } from '../problems.js';
import { expressionStrings, formFields } from './form-fields.js';
import type { DefinedRule } from './rule-definition.js';
import type { BundleManifest, FlowDef, Located, TemplateDef } from './types.js';

interface ReferenceContext {
  manifest: BundleManifest;
  templates: Located<TemplateDef>[];
  flows: Located<FlowDef>[];
  rules: Map<string, DefinedRule>;
  /** Ids of every rule defined, even the ones that failed to compile. */
  ruleIds: Set<string>;
  datasetIds: Set<string>;
  /** Ids of flows and templates whose files failed their schema: already reported there. */
  refusedFlowIds?: ReadonlySet<string>;
  refusedTemplateIds?: ReadonlySet<string>;
  engine: Engine;
  params: Record<string, unknown>;
}

function missing(code: string, file: string, pointer: string, what: Localized): Problem {
  return problem(code, file, pointer, what);
}

export function checkTemplates(ctx: ReferenceContext): Problem[] {
  const out: Problem[] = [];
  const roleIds = new Set(ctx.manifest.roles.map((r) => r.id));
  const templateIds = new Set([...ctx.templates.map((t) => t.def.id), ...(ctx.refusedTemplateIds ?? [])]);
  const flowIds = new Set([...ctx.flows.map((f) => f.def.id), ...(ctx.refusedFlowIds ?? [])]);

  for (const { file, def } of ctx.templates) {
    def.roles.forEach((role, i) => {
      if (!roleIds.has(role)) {
        out.push(missing('REF_UNKNOWN_ROLE', file, joinPointer('/roles', i), {
          zh: `模板 ${def.id} 引用了不存在的角色 ${role}`, en: `template ${def.id} names an unknown role ${role}`,
        }));
      }
    });
    def.rules.forEach((ruleId, i) => {
      if (!ctx.ruleIds.has(ruleId)) {
        out.push(missing('REF_UNKNOWN_RULE', file, joinPointer('/rules', i), {
          zh: `模板 ${def.id} 引用了不存在的规则 ${ruleId}`, en: `template ${def.id} names an unknown rule ${ruleId}`,
        }));
      }
    });
    if (def.flow !== undefined && !flowIds.has(def.flow)) {
      out.push(missing('REF_UNKNOWN_FLOW', file, '/flow', {
        zh: `模板 ${def.id} 引用了不存在的流程 ${def.flow}`, en: `template ${def.id} names an unknown flow ${def.flow}`,
      }));
    }
    (def.requires ?? []).forEach((other, i) => {
      if (!templateIds.has(other) || other === def.id) {
        out.push(missing('REF_UNKNOWN_TEMPLATE', file, joinPointer('/requires', i), {
          zh: `模板 ${def.id} 依赖的模板 ${other} 不存在`, en: `template ${def.id} requires template ${other}, which is not in the bundle`,
        }));
      }
    });
    (def.parameters ?? []).forEach((group, i) => {
      if (!Object.hasOwn(ctx.params, group)) {
        out.push(missing('REF_UNKNOWN_PARAMETER_GROUP', file, joinPointer('/parameters', i), {
          zh: `模板 ${def.id} 引用了不存在的参数组 ${group}`, en: `template ${def.id} names an unknown parameter group ${group}`,
        }));
      }
    });
    (def.datasets ?? []).forEach((ds, i) => {
      if (!ctx.datasetIds.has(ds)) {
        out.push(missing('REF_UNKNOWN_DATASET', file, joinPointer('/datasets', i), {
          zh: `模板 ${def.id} 引用了不存在的数据集 ${ds}`, en: `template ${def.id} names an unknown dataset ${ds}`,
        }));
      }
    });
    for (const [formName, form] of Object.entries(def.forms)) {
      for (const pointer of expressionStrings(form, joinPointer('/forms', formName))) {
        out.push(problem('FORM_EXPRESSION', file, pointer, {
          zh: 'Formily 的 {{ }} 表达式会作为 JavaScript 执行，在严格的内容安全策略下被拒绝：请改用模板的 bindings 与 JsonLogic 规则',
          en: 'Formily {{ }} expressions run as JavaScript, which strict Content-Security-Policies refuse: use the template\'s bindings and a JsonLogic rule',
        }));
      }
    }
    for (const formName of Object.keys(def.sampleData ?? {})) {
      if (!Object.hasOwn(def.forms, formName)) {
        out.push(missing('REF_UNKNOWN_FORM', file, joinPointer('/sampleData', formName), {
          zh: `示例数据对应的表单 ${formName} 不存在`, en: `sample data names form ${formName}, which the template does not have`,
        }));
      }
    }
    out.push(...checkBindings(file, def, ctx.rules));
  }
  return out;
}

function checkBindings(file: string, def: TemplateDef, rules: Map<string, DefinedRule>): Problem[] {
  const out: Problem[] = [];
  const firstForm = Object.keys(def.forms)[0];
  (def.bindings ?? []).forEach((binding, i) => {
    const at = joinPointer('/bindings', i);
    const formName = binding.form ?? firstForm;
    const form = formName !== undefined ? def.forms[formName] : undefined;
    if (!form) {
      out.push(missing('REF_UNKNOWN_FORM', file, joinPointer(at, 'form'), {
        zh: `绑定引用了不存在的表单 ${String(formName)}`, en: `binding names form ${String(formName)}, which the template does not have`,
      }));
      return;
    }
    if (!def.rules.includes(binding.rule)) {
      out.push(missing('BINDING_RULE_NOT_LISTED', file, joinPointer(at, 'rule'), {
        zh: `绑定使用的规则 ${binding.rule} 不在模板的 rules 列表中`, en: `binding uses rule ${binding.rule}, which is not in the template's rules`,
      }));
    }
    const fields = new Set(formFields(form).map((f) => f.path));
    for (const [input, fieldPath] of Object.entries(binding.inputs)) {
      if (!fields.has(fieldPath)) {
        out.push(missing('BINDING_UNKNOWN_FIELD', file, joinPointer(at, 'inputs', input), {
          zh: `绑定读取的字段 ${fieldPath} 不在表单 ${formName} 中`, en: `binding reads field ${fieldPath}, which form ${formName} does not have`,
        }));
      }
    }
    if (!fields.has(binding.target)) {
      out.push(missing('BINDING_UNKNOWN_FIELD', file, joinPointer(at, 'target'), {
        zh: `绑定的目标字段 ${binding.target} 不在表单 ${formName} 中`, en: `binding target ${binding.target} is not a field of form ${formName}`,
      }));
    }
    const rule = rules.get(binding.rule);
    if (!rule) return;
    const declared = new Map(rule.def.inputs.map((input) => [input.name, input]));
    for (const input of Object.keys(binding.inputs)) {
      if (!declared.has(input)) {
        out.push(missing('BINDING_UNKNOWN_INPUT', file, joinPointer(at, 'inputs', input), {
          zh: `规则 ${rule.id} 没有名为 ${input} 的输入`, en: `rule ${rule.id} has no input named ${input}`,
        }));
      }
    }
    for (const input of rule.def.inputs) {
      if (input.required !== false && !Object.hasOwn(binding.inputs, input.name)) {
        out.push(missing('BINDING_MISSING_INPUT', file, joinPointer(at, 'inputs'), {
          zh: `绑定没有为规则 ${rule.id} 的必需输入 ${input.name} 指定字段`, en: `binding gives no field for input ${input.name}, which rule ${rule.id} requires`,
        }));
      }
    }
  });
  return out;
}

export function checkFlows(ctx: ReferenceContext): Problem[] {
  const out: Problem[] = [];
  const roleIds = new Set(ctx.manifest.roles.map((r) => r.id));
  for (const { file, def } of ctx.flows) {
    const states = new Set<string>();
    def.states.forEach((s, i) => {
      if (states.has(s.id)) {
        out.push(problem('DUPLICATE_ID', file, joinPointer('/states', i, 'id'), {
          zh: `流程 ${def.id} 的状态 ${s.id} 重复`, en: `flow ${def.id} defines state ${s.id} twice`,
        }));
      }
      states.add(s.id);
    });
    if (!states.has(def.initial)) {
      out.push(missing('REF_UNKNOWN_STATE', file, '/initial', {
        zh: `流程 ${def.id} 的初始状态 ${def.initial} 不存在`, en: `flow ${def.id} starts in ${def.initial}, which is not one of its states`,
      }));
    }
    const actions = new Set(def.transitions.map((t) => t.action));
    const pairs = new Set<string>();
    def.transitions.forEach((t, i) => {
      const at = joinPointer('/transitions', i);
      const from = Array.isArray(t.from) ? t.from : [t.from];
      from.forEach((s, j) => {
        const pointer = Array.isArray(t.from) ? joinPointer(at, 'from', j) : joinPointer(at, 'from');
        if (!states.has(s)) {
          out.push(missing('REF_UNKNOWN_STATE', file, pointer, {
            zh: `流程 ${def.id} 的动作 ${t.action} 从不存在的状态 ${s} 出发`, en: `action ${t.action} of flow ${def.id} starts from unknown state ${s}`,
          }));
        }
        const key = `${s}\u0000${t.action}`;
        if (pairs.has(key)) {
          out.push(problem('FLOW_AMBIGUOUS_ACTION', file, pointer, {
            zh: `流程 ${def.id} 在状态 ${s} 上定义了两次动作 ${t.action}`, en: `flow ${def.id} defines action ${t.action} twice from state ${s}`,
          }));
        }
        pairs.add(key);
      });
      if (!states.has(t.to)) {
        out.push(missing('REF_UNKNOWN_STATE', file, joinPointer(at, 'to'), {
          zh: `流程 ${def.id} 的动作 ${t.action} 指向不存在的状态 ${t.to}`, en: `action ${t.action} of flow ${def.id} leads to unknown state ${t.to}`,
        }));
      }
      t.roles.forEach((role, j) => {
        if (!roleIds.has(role)) {
          out.push(missing('REF_UNKNOWN_ROLE', file, joinPointer(at, 'roles', j), {
            zh: `流程 ${def.id} 的动作 ${t.action} 引用了不存在的角色 ${role}`, en: `action ${t.action} of flow ${def.id} names an unknown role ${role}`,
          }));
        }
      });
      (t.notActorOf ?? []).forEach((other, j) => {
        if (!actions.has(other)) {
          out.push(missing('REF_UNKNOWN_ACTION', file, joinPointer(at, 'notActorOf', j), {
            zh: `流程 ${def.id} 中没有动作 ${other}`, en: `flow ${def.id} has no action ${other}`,
          }));
        }
      });
      if (t.guard && 'rule' in t.guard && !ctx.ruleIds.has(t.guard.rule)) {
        out.push(missing('REF_UNKNOWN_RULE', file, joinPointer(at, 'guard', 'rule'), {
          zh: `流程 ${def.id} 的守卫规则 ${t.guard.rule} 不存在`, en: `flow ${def.id} guards with unknown rule ${t.guard.rule}`,
        }));
      }
      const guardRule = t.guard && 'rule' in t.guard ? ctx.rules.get(t.guard.rule) : undefined;
      if (guardRule && t.guard && 'rule' in t.guard && t.guard.inputs) {
        const mapped = t.guard.inputs;
        const declared = new Set(guardRule.def.inputs.map((i) => i.name));
        for (const name of Object.keys(mapped)) {
          if (!declared.has(name)) {
            out.push(missing('GUARD_UNKNOWN_INPUT', file, joinPointer(at, 'guard', 'inputs', name), {
              zh: `规则 ${guardRule.id} 没有名为 ${name} 的输入`, en: `rule ${guardRule.id} has no input named ${name}`,
            }));
          }
        }
        for (const input of guardRule.def.inputs) {
          if (input.required !== false && !Object.hasOwn(mapped, input.name)) {
            out.push(missing('GUARD_MISSING_INPUT', file, joinPointer(at, 'guard', 'inputs'), {
              zh: `守卫没有为规则 ${guardRule.id} 的必需输入 ${input.name} 指定来源`, en: `the guard gives no source for input ${input.name}, which rule ${guardRule.id} requires`,
            }));
          }
        }
      }
      const logics: Array<[string, unknown]> = [];
      if (t.guard && 'logic' in t.guard) logics.push([joinPointer(at, 'guard', 'logic'), t.guard.logic]);
      for (const [path, logic] of Object.entries(t.assign ?? {})) logics.push([joinPointer(at, 'assign', path), logic]);
      for (const [pointer, logic] of logics) {
        try {
          ctx.engine.compile(logic, { pointer, params: ctx.params });
        } catch (e) {
          if (!isRuleError(e)) throw e;
          out.push(problem(e.code, file, e.pointer, e.messages));
        }
      }
      out.push(...checkPayloadPaths(file, def, i, logics, ctx));
    });
  }
  return out;
}

/**
 * The payload fields an action reads (its guard's inputs, its guard logic, its assignments)
 * against what its form collects and what it requires (a required field the form lacks, such as
 * a letter's hash, is the host's to send): a typo such as `payload.requestedBse` otherwise
 * passes, and every such action is refused at run time for a missing input. A read with a
 * default (`{"var": ["payload.note", ""]}`) is optional. Only actions with a form are checked,
 * in the templates that use the flow: a system action's payload comes from the host, which no
 * file describes.
 */
function checkPayloadPaths(file: string, def: FlowDef, index: number, logics: ReadonlyArray<[string, unknown]>, ctx: ReferenceContext): Problem[] {
  const t = def.transitions[index]!;
  const at = joinPointer('/transitions', index);
  const users = ctx.templates.filter((x) => x.def.flow === def.id);
  if (t.form === undefined || !users.length) return [];
  const forms = users.flatMap((x) => (Object.hasOwn(x.def.forms, t.form as string) ? [x.def.forms[t.form as string]!] : []));
  if (!forms.length) {
    const names = users.map((x) => x.def.id).join(', ');
    return [missing('REF_UNKNOWN_FORM', file, joinPointer(at, 'form'), {
      zh: `流程 ${def.id} 的动作 ${t.action} 使用表单 ${t.form}，但使用该流程的模板（${names}）没有这个表单`,
      en: `action ${t.action} of flow ${def.id} uses form ${t.form}, which the templates using the flow (${names}) do not have`,
    })];
  }
  const fields = new Set(forms.flatMap((f) => formFields(f).map((x) => x.path)));
  const known = new Set([...fields, ...(t.requires ?? [])]);
  const out: Problem[] = [];
  const check = (path: string, pointer: string): void => {
    if (!path.startsWith('payload.')) return;
    const field = path.slice('payload.'.length);
    // a field inside an object or array the form collects is the form's business
    if (known.has(field) || [...known].some((k) => field.startsWith(`${k}.`))) return;
    const near = nearest(field, [...known]);
    out.push(missing('FLOW_UNKNOWN_PAYLOAD_FIELD', file, pointer, {
      zh: `流程 ${def.id} 的动作 ${t.action} 读取 ${path}，但表单 ${t.form} 没有字段 ${field}${near ? `：是不是 payload.${near}？` : `（表单的字段：${[...fields].join('、')}）`}`,
      en: `action ${t.action} of flow ${def.id} reads ${path}, but form ${t.form} has no field ${field}${near ? `: did you mean payload.${near}?` : ` (the form's fields: ${[...fields].join(', ')})`}`,
    }));
  };
  if (t.guard && 'rule' in t.guard) {
    for (const [name, path] of Object.entries(t.guard.inputs ?? {})) check(path, joinPointer(at, 'guard', 'inputs', name));
  }
  for (const [pointer, logic] of logics) {
    for (const v of ctx.engine.variables(logic).paths) {
      // {"var": ["payload.note", ""]}: the author gave a default, so the field is optional
      if (hasFallback(logic, v.pointer)) continue;
      check(v.path, pointer + v.pointer);
    }
  }
  return out;
}

/** Whether the path at `pointer` (inside `logic`) is the first item of a `var` with a fallback. */
function hasFallback(logic: unknown, pointer: string): boolean {
  if (!pointer.endsWith('/var/0')) return false;
  let node: unknown = logic;
  for (const token of pointer.slice(1, -'/0'.length).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return Array.isArray(node) && node.length > 1;
}

/** The one name within two edits of `name`, if there is exactly one: the likely intended spelling. */
function nearest(name: string, names: readonly string[]): string | undefined {
  const close = names.filter((n) => editDistance(n.toLowerCase(), name.toLowerCase()) <= 2);
  return close.length === 1 ? close[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
