/**
 * The names both NocoBase sides use: the importer (hosts/nocobase/importer) writes them into
 * collections, pages and workflows, and the plugin (hosts/nocobase/plugin) answers to them.
 * They are installed in users' NocoBase databases, so none may change once released.
 */

/** The package name NocoBase knows the plugin by. */
export const PLUGIN_PACKAGE = '@target-kit/nocobase-plugin';

/** The REST resource of the plugin: `targetKit:evaluate`, `targetKit:load`, `targetKit:status`, `targetKit:sign`, `targetKit:verify`. */
export const RESOURCE = 'targetKit';
const ACTIONS = { evaluate: 'evaluate', load: 'load', status: 'status', sign: 'sign', verify: 'verify' } as const;
/** `targetKit:evaluate` and the like, as the client and the importer call them. */
export const resourceAction = (action: keyof typeof ACTIONS): string => `${RESOURCE}:${ACTIONS[action]}`;

/** The workflow node type our rule node registers. */
export const RULE_NODE_TYPE = 'target-kit-rule';
/** The Formily component that shows a rule's live result in a form. */
export const RESULT_COMPONENT = 'TargetKitRuleResult';
/** The plugin's own collection, where the loaded bundle is kept across restarts. */
export const BUNDLES_COLLECTION = 'targetKitBundles';

/** Collections made from templates are named `tk_<template id>` (the prefix, an underscore, the id). */
export const COLLECTION_PREFIX = 'tk';
export const STATUS_FIELD = 'tk_status';
export const ACTION_FIELD = 'tk_action';
export const MESSAGE_FIELD = 'tk_message';
export const RECORD_KEY_FIELD = 'tk_key';
/** Workflows have no natural key: the importer finds its own by this prefix in the description. */
export const WORKFLOW_KEY_PREFIX = 'target-kit:';
