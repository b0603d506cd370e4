/**
 * JSON read strictly: duplicate keys, `__proto__` keys and bytes that are not UTF-8 are refused
 * at their line and column; the loader refuses `__proto__` keys in values that never were text
 * (a host's parsed request body) and file names with control characters.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, loadSingleFileBundle, parseJsonBytes, parseJsonText, toSingleFile } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const refused = (text: string) => {
  const r = parseJsonText(text, 'x.json');
  if (r.ok) throw new Error(`accepted: ${text}`);
  return r.problem;
};

describe('parseJsonText', () => {
  it('refuses a duplicate key with its place, its pointer and the first place', () => {
    const p = refused('{\n  "lights": {\n    "green": 0.9,\n    "green": 0.1\n  }\n}');
    expect(p).toMatchObject({ code: 'JSON_DUPLICATE_KEY', file: 'x.json', pointer: '/lights/green', row: 4, column: 5 });
    expect(p.message.en).toContain('first at line 3, column 5');
    expect(p.message.zh).toContain('出现两次');
  });

  it('compares keys as JSON reads them (escapes included) and only within one object', () => {
    expect(refused('{"green": 1, "gr\\u0065en": 2}').code).toBe('JSON_DUPLICATE_KEY');
    expect(parseJsonText('{"a": {"green": 1}, "b": {"green": 2}, "c": [{"k": 1}, {"k": 2}]}', 'x').ok).toBe(true);
    expect(parseJsonText('{"a": "\\"green\\"", "green": "a"}', 'x').ok).toBe(true);
    expect(refused('[0, {"k": 1}, {"k": 1, "k": 2}]').pointer).toBe('/2/k');
  });

  it('refuses a __proto__ key, however it is spelled', () => {
    const p = refused('{"forms": {"main": {"properties": {"__proto__": {"type": "string"}}}}}');
    expect(p).toMatchObject({ code: 'JSON_PROTO_KEY', pointer: '/forms/main/properties/__proto__', row: 1, column: 36 });
    expect(refused('{"__pro\\u0074o__": 1}').code).toBe('JSON_PROTO_KEY');
    expect(parseJsonText('{"name": "__proto__"}', 'x').ok).toBe(true); // a value is only text
  });

  it('reads data nested deeper than the stack would allow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJsonText(deep, 'x').ok).toBe(true);
  });
});

describe('parseJsonBytes', () => {
  const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

  it('refuses the first byte that is not UTF-8 at its line and column (in characters)', () => {
    const r = parseJsonBytes(bytes('{\n  "title": "华东', [0xc4, 0xe3], '"\n}'), 't.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toMatchObject({ code: 'JSON_ENCODING', file: 't.json', row: 2, column: 15 });
    expect(r.problem.message.en).toContain('0xC4');
  });

  it('refuses a sequence cut at the end of the file', () => {
    const r = parseJsonBytes(bytes('"ab', [0xe4, 0xbd]), 't.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatchObject({ row: 1, column: 4 });
  });

  it('reads UTF-8 with or without a BOM', () => {
    expect(parseJsonBytes(bytes([0xef, 0xbb, 0xbf], '{"a": "华"}'), 'x')).toMatchObject({ ok: true, value: { a: '华' } });
    expect(parseJsonBytes(bytes('{"a": "华"}'), 'x')).toMatchObject({ ok: true, value: { a: '华' } });
  });
});

describe('the loader', () => {
  it('refuses an own __proto__ key in a value that was never text', () => {
    const files = defaultBundleFiles();
    const template = JSON.parse(JSON.stringify(files['scorecard/template.json']));
    template.forms.main.properties = JSON.parse('{"__proto__": {"type": "string"}}');
    const r = loadBundle({ ...files, 'scorecard/template.json': template });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'JSON_PROTO_KEY', file: 'scorecard/template.json', pointer: '/forms/main/properties/__proto__' });
  });

  it('refuses a __proto__ file in a single-file bundle (a parsed request body, say)', () => {
    const single = toSingleFile(defaultBundleFiles()) as unknown as { files: Record<string, unknown> };
    single.files = JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(single.files).slice(1)}`);
    const r = loadSingleFileBundle(single, 'bundle');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'JSON_PROTO_KEY', file: 'bundle', pointer: '/files/__proto__' });
  });

  it('refuses a file name with a control character where the manifest gives it', () => {
    const files = defaultBundleFiles();
    const manifest = JSON.parse(JSON.stringify(files['bundle.json']));
    manifest.rules[0] = 'rules/a\u0000b.json';
    const r = loadBundle({ ...files, 'bundle.json': manifest, 'rules/a\u0000b.json': files[manifest.rules[1]] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.objectContaining({ code: 'BUNDLE_PATH_CONTROL', file: 'bundle.json', pointer: '/rules/0' })]);
  });
});
