/**
 * An appeal in NocoBase is about a stored target and shows its decider what is decided: the
 * review collection refers to the targets collection, its evidence is attachments and words,
 * and the decider's task shows the appeal (target, Base, requested Base, reason, evidence) and
 * the guard's verdict in words.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { showResult } from '../../hosts/nocobase/plugin/src/client/format.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('default bundle does not load');
const target = nocobaseTarget(loaded.bundle);
const review = target.collections.find((c) => c.name === 'tk_target_review')!;
const field = (name: string) => review.fields.find((f) => f.name === name);

describe('the appeal in NocoBase', () => {
  it('refers to the target it appeals (the targets collection, by its key) and keeps evidence as attachments with words beside them', () => {
    expect(field('target')).toMatchObject({ type: 'belongsTo', target: 'tk_data_sample_targets', foreignKey: 'targetKey', targetKey: 'tk_key' });
    expect(target.datasets.find((d) => d.name === 'tk_data_sample_targets')?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['base', 'locked', 'tk_key']));
    expect(field('evidence')).toMatchObject({ type: 'belongsToMany', interface: 'attachment', target: 'attachments' });
    expect(field('evidenceNote')).toMatchObject({ type: 'text', interface: 'textarea' });
    const page = JSON.stringify(target.pages.find((p) => p.schemaUid === 'tk_target_review_page')?.schema);
    expect(page).toContain('"x-collection-field":"tk_target_review.target"');
    expect(page).toContain('"x-collection-field":"tk_target_review.evidenceNote"');
  });

  it('words the limit check as a verdict, not "超出允许的调整幅度 ✓ 是"', () => {
    const page = JSON.stringify(target.pages.find((p) => p.schemaUid === 'tk_target_review_page')?.schema);
    expect(page).toContain('"labels":{"true":"在允许的调整幅度内（±10%）","false":"超出允许的调整幅度（±10%）"}');
    expect(page).not.toContain('"label":"超出允许的调整幅度（±10%）"');
    expect(showResult(true, 'zh', { true: '在允许的调整幅度内（±10%）', false: '超出允许的调整幅度（±10%）' })).toEqual({ kind: 'boolean', value: true, text: '✓ 在允许的调整幅度内（±10%）' });
    expect(showResult(false, 'zh', { true: '在允许的调整幅度内（±10%）', false: '超出允许的调整幅度（±10%）' })).toMatchObject({ text: '✗ 超出允许的调整幅度（±10%）' });
  });

  it("shows the decider the appeal read-only, with the guard's verdict in words, above his decision", () => {
    const appeal = target.workflows.find((w) => w.key === 'target-kit:tk_target_review/appeal/published');
    const schema = JSON.stringify(appeal?.nodes[1]?.config.schema);
    for (const name of ['target', 'base', 'requestedBase', 'reason', 'evidence', 'evidenceNote']) {
      expect(schema).toContain(`"${name}":{"type":"string","x-toolbar":"FormItemSchemaToolbar","x-settings":"fieldSettings:FormItem","x-component":"CollectionField","x-decorator":"FormItem","x-collection-field":"tk_target_review.${name}","x-component-props":{},"x-read-pretty":true}`);
    }
    expect(schema).toContain('"rule":"appeal-within-limit","inputs":{"base":"base","requestedBase":"requestedBase"},"label":"申诉调整的条件","labels":{"true":"在允许的调整幅度内（±10%）"');
    expect(schema).toContain('"x-decorator":"DetailsBlockProvider","x-decorator-props":{"collection":"tk_target_review","dataPath":"$context.data"}');
    expect(appeal?.config.appends).toEqual(['target', 'evidence']);
    // the decision's own fields stay editable
    expect(schema).toMatch(/"approvedBase":\{[^}]*"x-collection-field":"tk_target_review.approvedBase","x-component-props":\{\}\}/);
  });
});
