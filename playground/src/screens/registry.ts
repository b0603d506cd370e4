/**
 * Every screen of the playground that has its own address, once: its address (`#/<id>`, and
 * `#/<id>/<file>` where it takes a file), its title (a message key), its menu icon and place
 * (the order here), the bundle roles whose people may open it, and its code, loaded on demand.
 * Routing (routing/route.ts), the menu (shell/AppShell.tsx), the role check (roles/access.ts)
 * and the screen switch (App.tsx) all read this list, so a new screen is a new folder and one
 * entry here. The gallery (`#/`) and a template (`#/templates/<id>`) are not listed: they are
 * the bundle's own pages, not screens of ours.
 */
import {
  AlertOutlined, BuildOutlined, CalendarOutlined, CodeOutlined, DashboardOutlined, EditOutlined,
  FundOutlined, FunnelPlotOutlined, NotificationOutlined, SolutionOutlined, SwapOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { LoadedBundle } from '../../../plugin/index.js';
import type { Workspace } from '../build/workspace.js';
import type { MessageKey } from '../i18n/messages.js';
import { CONFIG_ROLES } from '../roles/access.js';

/** What App.tsx hands every screen. */
interface ScreenProps {
  bundle: LoadedBundle;
  workspace: Workspace;
  /** The file in the address, for a screen that takes one. */
  file?: string | undefined;
}

export interface ScreenEntry {
  /** The address (`#/<id>`) and the menu key. */
  id: string;
  /** Menu entry and heading. */
  title: MessageKey;
  icon: ComponentType;
  /** Work screens (live data) sit under 工作台 in the menu; tools, under 配置 with the template library. */
  group: 'work' | 'tools';
  /** Roles whose people may open it (bundle.json `roles`, and the implementer's, roles/access.ts); absent: everybody. */
  roles?: readonly string[];
  /** The address may name a file after the screen (`#/editor/<file>`). */
  takesFile?: boolean;
  /** Built afresh when another build is loaded, since its state was made from the old one. */
  freshPerBuild: boolean;
  /** What the spinner says while the screen's code loads. */
  loading: MessageKey;
  /** Loaded on demand, so the first download stays small (the gallery test's budget). */
  component: LazyExoticComponent<ComponentType<ScreenProps>>;
}

// One line a screen. Heavy libraries (echarts, dnd-kit, Formily, CodeMirror) come with the screen that needs them.
export const SCREENS = [
  { id: 'workspace', title: 'nav.workspace', icon: SolutionOutlined, group: 'work', roles: ['hq-admin', 'sales-director', 'region-head', 'rep', 'hrbp', 'engineer'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../workspace/Workspace.js')) },
  { id: 'simulator', title: 'nav.simulator', icon: FundOutlined, group: 'work', roles: ['hq-admin'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../simulator/Simulator.js')) },
  { id: 'board', title: 'nav.board', icon: DashboardOutlined, group: 'work', roles: ['hq-admin', 'sales-director', 'region-head', 'rep', 'hrbp'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../board/Board.js')) },
  { id: 'phasing', title: 'nav.phasing', icon: CalendarOutlined, group: 'work', roles: ['hq-admin', 'region-head'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../phasing/PhasingScreen.js')) },
  { id: 'pipeline', title: 'nav.pipeline', icon: FunnelPlotOutlined, group: 'work', roles: ['hq-admin', 'region-head', 'rep'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../pipeline/PipelineBoard.js')) },
  { id: 'process', title: 'nav.process', icon: AlertOutlined, group: 'work', roles: ['hq-admin', 'region-head', 'rep'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../process/ProcessIndicators.js')) },
  { id: 'visits', title: 'nav.visits', icon: EditOutlined, group: 'work', roles: ['rep'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../visits/VisitLog.js')) },
  { id: 'data', title: 'nav.data', icon: SwapOutlined, group: 'work', roles: ['hq-admin', 'hrbp'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../data/DataScreen.js')) },
  { id: 'build', title: 'nav.build', icon: BuildOutlined, group: 'tools', roles: CONFIG_ROLES, freshPerBuild: false, loading: 'composer.loading', component: lazy(() => import('../composer/Composer.js')) },
  { id: 'editor', title: 'nav.editor', icon: CodeOutlined, group: 'tools', roles: CONFIG_ROLES, takesFile: true, freshPerBuild: true, loading: 'editor.loading', component: lazy(() => import('../editor/RuleEditor.js')) },
  { id: 'notify', title: 'nav.notify', icon: NotificationOutlined, group: 'tools', roles: ['hq-admin', 'hrbp', 'implementer'], freshPerBuild: true, loading: 'work.loading', component: lazy(() => import('../notify/NotifyScreen.js')) },
] as const satisfies readonly ScreenEntry[];

export type ScreenId = (typeof SCREENS)[number]['id'];

const BY_ID = new Map<string, ScreenEntry>(SCREENS.map((s) => [s.id, s]));

/** The screen with this id, if there is one (an address typed by hand may name none). */
export const screenEntry = (id: string): ScreenEntry | undefined => BY_ID.get(id);

/** The screen of a known id. */
export const screenOf = (id: ScreenId): ScreenEntry => BY_ID.get(id)!;
