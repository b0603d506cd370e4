/**
 * Every template of the default bundle opens in the runner without a console error, a page
 * error or a CSP violation, and shows every field title of its first form: the bundle grows
 * template by template, and none may need a playground change to render.
 */
import { describe, expect, it } from 'vitest';
import { formFields } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const session = useBrowserSession();

describe('every template renders', () => {
  it.each(bundle.templates.map((t) => [t.def.id, t.def] as const))('%s', async (id, def) => {
    // One page for all: each template is opened by its address in the app already loaded,
    // which is how a person moves between them; a page load each cost most of this file's time.
    const page = await session().shared(`/#/templates/${id}`);
    // (the runner is keyed by the template: the one of the previous test is gone once this shows)
    const runner = page.locator(`[data-testid="runner"][data-template-id="${id}"]`);
    await expect.poll(() => runner.getByTestId('runner-title').innerText()).toBe(def.title.zh);
    const [, form] = Object.entries(def.forms)[0]!;
    const titles = formFields(form).map((f) => f.node.title).filter((t): t is string => !!t && f_visible(form, t));
    for (const title of titles.slice(0, 4)) {
      await expect.poll(() => runner.getByText(title, { exact: true }).count(), { message: `${id}: ${title}` }).toBeGreaterThan(0);
    }
    await screenshot(page, `template-${id}`);
  });
});

/** Fields inside a folded (collapsed) section are not on screen until it is opened. */
function f_visible(form: unknown, title: string): boolean {
  return !JSON.stringify(form).includes('"FormCollapse.CollapsePanel"') || !folded(form).has(title);
}

function folded(node: unknown, inside = false, out = new Set<string>()): Set<string> {
  if (typeof node !== 'object' || node === null) return out;
  const n = node as Record<string, unknown>;
  const here = inside || n['x-component'] === 'FormCollapse.CollapsePanel';
  if (here && typeof n.title === 'string') out.add(n.title);
  for (const child of Object.values((n.properties as Record<string, unknown>) ?? {})) folded(child, here, out);
  return out;
}
