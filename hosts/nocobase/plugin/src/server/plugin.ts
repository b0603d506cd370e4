/**
 * The server half of @target-kit/nocobase-plugin: the `targetKit` REST resource, the
 * `target-kit-rule` workflow node, and the bundle kept in the targetKitBundles collection so
 * it is compiled again at every start. Nothing is compiled per request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Plugin } from '@nocobase/server';
import { createActions, RESOURCE, type LoadOutcome } from './actions.js';
import { BUNDLES_COLLECTION, CURRENT_KEY } from './collections/targetKitBundles.js';
import { INSTRUCTION_TYPE, createRuleInstruction } from './rule-instruction.js';
import { RuleStore, compileBundle } from './rule-store.js';
import { createSigningActions, signingSecret } from './signing.js';
import { resourceAction } from '../../../contract.js';

/** What the workflow plugin offers other plugins (plugin-workflow 2.x, server side). */
interface WorkflowPlugin {
  registerInstruction(type: string, instruction: object): void;
}

function isWorkflowPlugin(value: unknown): value is WorkflowPlugin {
  return typeof value === 'object' && value !== null
    && typeof (value as { registerInstruction?: unknown }).registerInstruction === 'function';
}

const RELOAD_MESSAGE = 'target-kit:reload';

/**
 * The version whose code this process runs, read once when the code is loaded: NocoBase's
 * pm:update replaces the package on disk without reloading it (APP_LAUNCH_MODE=node), and the
 * importer compares this with the version it uploaded to tell that a restart is needed.
 */
const RUNNING_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();

class PluginTargetKitServer extends Plugin {
  readonly store = new RuleStore();
  private restored: Promise<void> | undefined;

  override async load(): Promise<void> {
    const ready = (): Promise<void> => this.restore();
    const actions = createActions({ store: this.store, ready, load: (single) => this.loadBundle(single), pluginVersion: RUNNING_VERSION });
    const secret = signingSecret(() => this.db.getRepository(BUNDLES_COLLECTION));
    this.app.resourceManager.define({ name: RESOURCE, actions: { ...actions, ...createSigningActions(secret) } });
    this.app.acl.allow(RESOURCE, ['status', 'evaluate'], 'loggedIn');
    // a signature is made as the session's user, whoever he is: sign checks he heads the letter
    this.app.acl.allow(RESOURCE, ['sign', 'verify'], 'loggedIn');
    // root passes NocoBase's ACL anyway; a `pm.*` snippet opens load to roles that may manage
    // plugins (admin has `pm.*`, member `!pm.*`). The 'allowConfigure' condition would not do:
    // in 2.2.15 it reads the role's strategy, where admin's flag is not stored. The snippet
    // name has no '/' (unlike our package name): snippets are matched as globs.
    this.app.acl.registerSnippet({ name: 'pm.target-kit', actions: [resourceAction('load')] });

    const workflow = this.app.pm.get('workflow');
    if (isWorkflowPlugin(workflow)) workflow.registerInstruction(INSTRUCTION_TYPE, createRuleInstruction(this.store, ready));
    else this.log.warn('target-kit: the workflow plugin is not enabled; the target-kit-rule node is not available');

    this.app.on('afterStart', () => this.restore());
  }

  /** Reads the stored bundle once per process; every caller waits for the same read. */
  private restore(): Promise<void> {
    this.restored ??= this.readStored().catch((e: unknown) => {
      this.restored = undefined; // e.g. the table does not exist yet: try again on next use
      this.log.error(e instanceof Error ? e : String(e));
    });
    return this.restored;
  }

  private async readStored(): Promise<void> {
    const row = await this.db.getRepository(BUNDLES_COLLECTION).findOne({ filter: { key: CURRENT_KEY } });
    if (!row) return;
    const compiled = compileBundle(row.get('bundle'));
    if (!compiled.ok) {
      this.log.error(`target-kit: the stored bundle no longer loads: ${compiled.errors.map((e) => e.code).join(', ')}`);
      return;
    }
    this.store.activate(compiled.bundle);
    this.log.info(`target-kit: bundle ${compiled.bundle.bundleId}@${compiled.bundle.version} loaded (${compiled.bundle.loaded.rules.size} rules)`);
  }

  private async loadBundle(single: unknown): Promise<LoadOutcome> {
    const compiled = compileBundle(single);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const { bundle } = compiled;
    if (this.store.current?.hash === bundle.hash) return { ok: true, bundle: this.store.current, changed: false };
    await this.db.getRepository(BUNDLES_COLLECTION).updateOrCreate({
      filterKeys: ['key'],
      values: { key: CURRENT_KEY, bundleId: bundle.bundleId, version: bundle.version, hash: bundle.hash, bundle: bundle.source },
    });
    const changed = this.store.activate(bundle);
    await this.sendSyncMessage({ type: RELOAD_MESSAGE });
    return { ok: true, bundle, changed };
  }

  /** Another node of a cluster stored a new bundle: read it. */
  override async handleSyncMessage(message: unknown): Promise<void> {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === RELOAD_MESSAGE) {
      this.restored = undefined;
      await this.restore();
    }
  }
}

export default PluginTargetKitServer;
