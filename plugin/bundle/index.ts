export * from './types.js';
// The loader wired with the domains' parameter checks is `plugin/domains.ts`; this layer knows no domain.
export { createBundleLoader, type LoadedBundle, type LoadResult, type LoadOptions } from './load.js';
export { type BundleCheck, type BundleCheckContext, type CrossGroupCheck, type ParameterCheckRegistry } from './parameter-checks.js';
export { defineRule, type DefinedRule, type RuleOutcome } from './rule-definition.js';
export { runExamples, type ExampleResult } from './examples.js';
export { toSingleFile, fromSingleFile, isSingleFileBundle, referencedPaths, isJsonPath } from './single-file.js';
export { parseJsonBytes, parseJsonText, locatePointer } from './json-text.js';
export { checkSchema } from './schema-check.js';
export { formFields } from './form-fields.js';
export { satisfies } from './semver.js';
export { bundleRules, findRules, paramAt, type RuleFn } from './bundle-rules.js';
export { ruleInputs, snake, bindRule, unsourcedInputs, bindingInputs, valueAt, type BoundRule, type RuleInputsResult } from './rule-inputs.js';
export { bundleSubset, subsetContents, withRequirements, paramGroupsIn, type SubsetContents } from './subset.js';
export { resolveParamTexts, resolveTemplateTexts } from './param-text.js';
