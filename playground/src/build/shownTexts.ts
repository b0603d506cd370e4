/**
 * The templates and flows as every screen shows them: texts quoting a parameter
 * (`{param:score.weights.revenue|percent}`) carry the bundle's value, through the same runtime
 * function the NocoBase mapping calls. The workspace's `files` keep the references, so an
 * export or an edit still follows the parameters.
 */
import { resolveParamTexts, resolveTemplateTexts, type LoadResult } from '../../../plugin/index.js';

export function shownTexts(result: LoadResult): LoadResult {
  if (!result.ok) return result;
  const { bundle } = result;
  const templates = bundle.templates.map((t) => ({ ...t, def: resolveTemplateTexts(t.def, bundle.parameters) }));
  const flows = bundle.flows.map((f) => ({ ...f, def: resolveParamTexts(f.def, bundle.parameters) }));
  return { ...result, bundle: { ...bundle, templates, flows } };
}
