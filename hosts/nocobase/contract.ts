/**
 * The names both NocoBase sides use: the importer (hosts/nocobase/importer) writes them into
 * collections, pages and workflows, and the plugin (hosts/nocobase/plugin) answers to them.
 * They are installed in users' NocoBase databases, so none may change once released.
 */

/** The package name NocoBase knows the plugin by. */
export const PLUGIN_PACKAGE = '@target-kit/nocobase-plugin';

/**
 * The REST resource of the plugin: `targetKit:evaluate`, `targetKit:load`, `targetKit:status`,
 * `targetKit:sign`, `targetKit:verify`, `targetKit:board` (the progress board in the caller's scope), and for administrators `targetKit:loadData` (a dataset's
 * rows upserted in one transaction) and `targetKit:scopes` (the roles' data scopes); for signed-in
 * users `targetKit:scores` (scores and ranks in the caller's scope) and `targetKit:points`.
 */
export const RESOURCE = 'targetKit';
const ACTIONS = {
  evaluate: 'evaluate', load: 'load', status: 'status', sign: 'sign', verify: 'verify', loadData: 'loadData', scopes: 'scopes',
  board: 'board',
  scores: 'scores',
  points: 'points',
  /** The allocation simulator's plans over the stored org tree (HQ and the director). */
  simulate: 'simulate',
  /** The chosen plan written into the targets collection for one period, in one transaction. */
  publish: 'publish',
  letterText: 'letterText',
  exportLetters: 'exportLetters',
  /** Each rep's bonus in the caller's scope, and an expected result's (bonus.ts). */
  bonus: 'bonus',
  /** The follow-up pipeline in the caller's scope; a stage move checked by the runtime and stored as an activity. */
  pipeline: 'pipeline',
  movePipeline: 'movePipeline',
  /** The reps' process indicators with thresholds and lights; a unit's phased target against its actuals. */
  indicators: 'indicators',
  phasing: 'phasing',
} as const;
/** `targetKit:evaluate` and the like, as the client and the importer call them. */
export const resourceAction = (action: keyof typeof ACTIONS): string => `${RESOURCE}:${ACTIONS[action]}`;

/** The workflow node type our rule node registers. */
export const RULE_NODE_TYPE = 'target-kit-rule';
/** The workflow node type that runs the day's alerts over the stored data (server/alerts.ts). */
export const ALERTS_NODE_TYPE = 'target-kit-alerts';
/** The alerts the scheduled node raised and resolved, one row per notice key; scoped like the datasets. */
export const ALERTS_COLLECTION = 'tk_alerts';
/** The in-app message channel the alerts go out on (NocoBase's notification manager). */
export const ALERTS_CHANNEL = 'tk_alerts';
/** The Formily component that shows a rule's live result in a form. */
export const RESULT_COMPONENT = 'TargetKitRuleResult';
/** The block that shows the progress board (targetKit:board) on a page. */
export const BOARD_COMPONENT = 'TargetKitBoard';
/** The blocks of the scorecard and points pages: the scores with rankings, the points ledger. */
export const SCORES_COMPONENT = 'TargetKitScores';
export const POINTS_COMPONENT = 'TargetKitPoints';
/** The allocation simulator block (total, Stretch, plan cards, the unit table, locks, publish). */
export const SIMULATOR_COMPONENT = 'TargetKitSimulator';
/** The bonus simulator block over stored data (targetKit:bonus). */
export const BONUS_COMPONENT = 'TargetKitBonus';
/** The block that shows a letter collection's letters: text, sign, print view, HR export. */
export const LETTER_COMPONENT = 'TargetKitLetter';
/** The pipeline, process-indicator and phasing blocks. */
export const PIPELINE_COMPONENT = 'TargetKitPipeline';
export const INDICATORS_COMPONENT = 'TargetKitIndicators';
export const PHASING_COMPONENT = 'TargetKitPhasing';
/**
 * The board's page as the importer places it (route `/admin/<uid>`): the alerts' messages link
 * to it with `?unit=<unit id>`, and the board block opens at that unit.
 */
export const BOARD_PAGE_UID = 'tk_progress_board_view_page';
export const BOARD_UNIT_PARAM = 'unit';
export const boardLink = (unit: string): string => `/admin/${BOARD_PAGE_UID}?${BOARD_UNIT_PARAM}=${unit}`;
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
/**
 * Where a row or a user sits in the org tree: the units from the root down, each between
 * slashes (`/YQ/HD/HD01/`). A subtree is then one `$startsWith` in a NocoBase data scope, and
 * `/HD/` cannot match `/HD0/` the way a bare substring would.
 */
export const PATH_FIELD = 'tk_path';
/** The user's path, kept by the plugin from his `tk_unit` and the org collection. */
export const USER_PATH_FIELD = 'tk_path';
/** A user whose unit is not in the org tree gets this path: no row starts with it. */
export const NO_PATH = '-';
/**
 * A dataset row's line in the bundle's file: rows read back come in the file's order (ties in
 * an allocation's largest remainders go by that order), a company's own rows after them.
 */
export const LINE_FIELD = 'tk_line';
/** The bundle's org tree (the dataset with id, parent_id and level columns), a NocoBase tree collection. */
export const ORG_COLLECTION = 'tk_org';
/**
 * A flow that decides a Base (its transitions assign `finalBase`) is about a target: its record
 * refers to the stored target it appeals by this relation (to the targets collection, by the
 * target's `tk_key`), and the decided Base is written back into that target.
 */
export const TARGET_RELATION = 'target';
export const TARGET_KEY_FIELD = 'targetKey';
/** The flow field a decided Base is read from. */
export const DECIDED_BASE_FIELD = 'finalBase';
/** An evidence field is NocoBase attachments, and this text field beside it (`evidence` → `evidenceNote`) the words. */
export const noteFieldOf = (field: string): string => `${field}Note`;
/** The key of a transition workflow's step node: its result names the deciders of the next step. */
export const STEP_NODE_KEY = 'tkstep';

const nbPart = (text: string): string => text.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase();
/** The collection of a template: `tk_<template id>` with NocoBase's name characters. */
export const collectionNameOf = (templateId: string): string => `${COLLECTION_PREFIX}_${nbPart(templateId)}`;
/** The NocoBase role a bundle role becomes (`team-lead` → `tk_team_lead`). */
export const roleNameOf = (roleId: string): string => `${COLLECTION_PREFIX}_${nbPart(roleId)}`;
/** The collection of a bundle dataset other than the org tree: `tk_data_<dataset id>`. */
export const dataCollectionOf = (datasetId: string): string => `${COLLECTION_PREFIX}_data_${nbPart(datasetId)}`;
/** Where the plugin keeps a loaded dataset's hash (a row of its bundles collection). */
export const dataHashKey = (collection: string): string => `data:${collection}`;
