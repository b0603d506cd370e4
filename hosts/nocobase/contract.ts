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
const COLLECTION_PREFIX = 'tk';
export const STATUS_FIELD = 'tk_status';
export const ACTION_FIELD = 'tk_action';
export const MESSAGE_FIELD = 'tk_message';
export const RECORD_KEY_FIELD = 'tk_key';
/** Workflows have no natural key: the importer finds its own by this prefix in the description. */
export const WORKFLOW_KEY_PREFIX = 'target-kit:';

/**
 * Fields of a flow's record that only our plugin writes (a user's write to them is refused):
 * the owner (who created it), the org unit it is about, the audit trail of its accepted
 * actions, and the user whose write asked for the pending action.
 */
export const OWNER_FIELD = 'tk_owner';
export const UNIT_FIELD = 'tk_unit';
export const AUDIT_FIELD = 'tk_audit';
export const ACTOR_FIELD = 'tk_actor';
/** The field on NocoBase's users that places a user in the bundle's org tree (a unit id). */
export const USER_UNIT_FIELD = 'tk_unit';
/** The key of a transition workflow's step node: its result names the deciders of the next step. */
export const STEP_NODE_KEY = 'tkstep';

const nbPart = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
/** The collection of a template: `tk_<template id>` with NocoBase's name characters. */
export const collectionNameOf = (templateId: string): string => `${COLLECTION_PREFIX}_${nbPart(templateId)}`;
/** The NocoBase role a bundle role becomes (`team-lead` → `tk_team_lead`). */
export const roleNameOf = (roleId: string): string => `${COLLECTION_PREFIX}_${nbPart(roleId)}`;
