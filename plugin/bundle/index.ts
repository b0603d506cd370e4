export * from './types.js';
// The loader wired with the domains' parameter checks is `plugin/domains.ts`; this layer knows no domain.
export { createBundleLoader, type BundleLoader, type LoadedBundle, type LoadResult, type LoadOptions } from './load.js';
export { type ParameterCheck, type CrossGroupCheck, type ParameterCheckRegistry } from './parameter-checks.js';
export { defineRule, type DefinedRule, type RuleOutcome } from './rule-definition.js';
export { runExamples, sameResult, type ExampleResult } from './examples.js';
export { toSingleFile, fromSingleFile, isSingleFileBundle, referencedPaths, isJsonPath } from './single-file.js';
export { parseJsonText, locatePointer, lineColumn, type ParseResult } from './json-text.js';
export { checkSchema, type SchemaKind } from './schema-check.js';
export { formFields, type FormField } from './form-fields.js';
export { satisfies, parseVersion } from './semver.js';
export { bundleRules, findRules, paramAt, type RuleFn, type RulesResult } from './bundle-rules.js';
export { ruleInputs, bindRule, unsourcedInputs, bindingInputs, valueAt, type BoundRule, type RuleInputsOptions, type RuleInputsResult } from './rule-inputs.js';
export { bundleSubset, subsetContents, withRequirements, paramGroupsIn, type SubsetContents } from './subset.js';
