/**
 * The few NocoBase 2.x APIs this plugin touches, declared narrowly so the sources type-check
 * without NocoBase installed (its packages are the host's, never our dependencies). Shapes
 * were read from @nocobase/server, @nocobase/acl, @nocobase/plugin-workflow and the client
 * bundle of 2.2.15; only what we call is declared, and loosely where NocoBase is untyped.
 */

declare module '@nocobase/server' {
  /** Koa's context as NocoBase extends it, reduced to what our actions read and write. */
  export interface Context {
    action: { params: { values?: unknown; filterByTk?: unknown }; resourceName?: string; actionName?: string };
    state: { currentRole?: string; currentRoles?: string[]; currentUser?: { id: number | string } };
    request: { query: Record<string, string | string[] | undefined> };
    status: number;
    body: unknown;
    /** Set to keep NocoBase from wrapping the body in `{ data }` (we write the envelope). */
    withoutDataWrapping?: boolean;
    get(header: string): string;
  }
  export type Next = () => Promise<void>;
  export type ActionHandler = (ctx: Context, next: Next) => Promise<void>;

  /** A stored row as a repository returns it. */
  export interface Row {
    get(key: string): unknown;
    toJSON(): Record<string, unknown>;
  }

  export interface Repository {
    findOne(options: { filter?: Record<string, unknown>; filterByTk?: unknown; appends?: string[]; transaction?: unknown }): Promise<Row | null>;
    find(options: { filter?: Record<string, unknown>; appends?: string[]; sort?: string[]; transaction?: unknown }): Promise<Row[]>;
    update(options: { filterByTk: unknown; values: Record<string, unknown>; context?: Record<string, unknown>; updateAssociationValues?: string[]; transaction?: unknown }): Promise<unknown>;
    updateOrCreate(options: { filterKeys: string[]; values: Record<string, unknown> }): Promise<unknown>;
    create(options: { values: Record<string, unknown> }): Promise<unknown>;
  }

  /** A row being saved, as a `beforeSave` hook sees it (a Sequelize model instance). */
  export interface SavedModel {
    constructor: { name: string };
    isNewRecord: boolean;
    get(key: string): unknown;
    set(key: string, value: unknown): void;
    changed(key: string): boolean;
    previous(key: string): unknown;
  }

  /** The save's options: `context` is the request's Koa context, or what the caller passed. */
  export interface SaveOptions {
    transaction?: unknown;
    context?: {
      state?: { currentUser?: { id: number | string } };
      [key: string]: unknown;
    };
  }

  export interface Database {
    getRepository(name: string): Repository;
    getCollection(name: string): { sync(): Promise<void>; fields: Map<string, { type: string; options?: { target?: unknown } }> } | undefined;
    /** The collection's Sequelize model, for bulk work inside one transaction (data-load.ts declares the calls). */
    getModel(name: string): unknown;
    sequelize: { transaction<T>(body: (transaction: unknown) => Promise<T>): Promise<T> };
    on(event: string, listener: (model: SavedModel, options: SaveOptions & { transaction?: unknown }) => Promise<void>): void;
  }

  export interface Logger {
    info(message: string, meta?: Record<string, unknown>): void;
    warn(message: string, meta?: Record<string, unknown>): void;
    error(message: string | Error, meta?: Record<string, unknown>): void;
  }

  export interface Application {
    db: Database;
    log: Logger;
    resourceManager: { define(options: { name: string; actions: Record<string, ActionHandler> }): void };
    acl: {
      allow(resource: string, actions: string | string[], condition: 'loggedIn' | 'public' | 'allowConfigure'): void;
      /** A named set of `resource:action`s a role gets through its snippets (e.g. `pm.*`). */
      registerSnippet(snippet: { name: string; actions: string[] }): void;
    };
    pm: { get(name: string): unknown };
    /** Middlewares of every data source's resource chain (auth, acl, … then the action). */
    dataSourceManager: { use(middleware: (ctx: Context, next: Next) => Promise<void>, options?: { tag?: string; before?: string; after?: string }): void };
    /** A Koa middleware in NocoBase's ordered chain (tags as in @nocobase/utils Toposort). */
    use(middleware: (ctx: Context, next: Next) => Promise<void>, options?: { tag?: string; before?: string; after?: string }): void;
    on(event: 'afterStart', listener: () => void | Promise<void>): void;
  }

  export abstract class Plugin {
    app: Application;
    get db(): Database;
    get log(): Logger;
    get name(): string;
    beforeLoad(): void;
    load(): Promise<void>;
    install(): Promise<void>;
    afterEnable(): Promise<void>;
    handleSyncMessage(message: unknown): Promise<void>;
    sendSyncMessage(message: unknown): Promise<void>;
  }
}

declare module '@nocobase/client' {
  import type { ComponentType } from 'react';

  export interface APIClient {
    request<T = unknown>(config: {
      url: string;
      method?: 'get' | 'post';
      data?: unknown;
      /** Keeps NocoBase from popping its global error notification: we show errors ourselves. */
      skipNotify?: boolean;
    }): Promise<{ data: T }>;
  }

  /** The app's i18next instance: `language` is the UI language of the current user. */
  export interface I18n {
    language: string;
    on(event: 'languageChanged', listener: (language: string) => void): void;
    off(event: 'languageChanged', listener: (language: string) => void): void;
  }

  /** An item of a schema initializer (the "Add block" menu): a group, or an item that inserts a schema. */
  export interface SchemaInitializerItemOptions {
    name: string;
    type: 'itemGroup' | 'item';
    title: string;
    children?: SchemaInitializerItemOptions[];
    /** A hook run as the item renders: its answer is the item's props (onClick). */
    useComponentProps?: () => { onClick?: () => void };
  }

  /** A settings menu of a block (its toolbar's cog): we give ours one item, remove. */
  export class SchemaSettings {
    constructor(options: { name: string; items: Array<{ name: string; type: 'remove'; useComponentProps?: () => Record<string, unknown> }> });
  }

  export interface Application {
    addComponents(components: Record<string, ComponentType<never>>): void;
    /** The "Add block" menus and the others: `addItem('page:addBlock', name, item)` adds to one. */
    schemaInitializerManager: { addItem(initializer: string, name: string, item: SchemaInitializerItemOptions): void };
    schemaSettingsManager: { add(settings: SchemaSettings): void };
    pm: { get(name: string): unknown };
    /** Middlewares of every data source's resource chain (auth, acl, … then the action). */
    dataSourceManager: { use(middleware: (ctx: Context, next: Next) => Promise<void>, options?: { tag?: string; before?: string; after?: string }): void };
    /** A Koa middleware in NocoBase's ordered chain (tags as in @nocobase/utils Toposort). */
    use(middleware: (ctx: Context, next: Next) => Promise<void>, options?: { tag?: string; before?: string; after?: string }): void;
    i18n: I18n;
  }

  export class Plugin {
    app: Application;
    afterAdd(): Promise<void>;
    beforeLoad(): Promise<void>;
    load(): Promise<void>;
  }

  export function useAPIClient(): APIClient;
  /** Inside an initializer item: `insert` puts a schema where the menu was opened (a new grid row on a page). */
  export function useSchemaInitializer(): { insert(schema: Record<string, unknown>): void };
  export function useApp(): Application;
}

/**
 * The parts of plugin-workflow's classic client (2.2.15, `dist/client/index.d.ts`) that draw a
 * branching node the way its condition node does: the node card, a branch column, the canvas
 * state and the canvas styles.
 */
declare module '@nocobase/plugin-workflow/client' {
  import type { ComponentType, ReactNode } from 'react';

  /** A node as the canvas holds it (a `flow_nodes` row, linked to its neighbours). */
  export interface CanvasNode {
    id: number | string;
    key: string;
    type: string;
    title?: string;
    upstreamId: number | string | null;
    branchIndex: number | null;
    config?: Record<string, unknown> | null;
  }

  export interface FlowContextValue {
    workflow?: { id: number | string; config?: { collection?: unknown } | null };
    nodes?: CanvasNode[];
    refresh?: () => void;
  }

  /** The standard node card (title, id, config drawer); children are drawn under it. */
  export const NodeDefaultView: ComponentType<{ data: CanvasNode; children?: ReactNode }>;
  /** One column of nodes starting at `entry` under `from`, with its "+" to add nodes. */
  export const Branch: ComponentType<{ from: CanvasNode; entry?: CanvasNode; branchIndex: number }>;
  export function useFlowContext(): FlowContextValue | null | undefined;
  /** antd-style classes of the canvas; the condition node uses the three below. */
  export function useStyles(): { styles: { nodeSubtreeClass: string; branchBlockClass: string; conditionClass: string } };
}
