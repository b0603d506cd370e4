/**
 * How the NocoBase form component words a rule's result: a verdict in the words of its field's
 * options (落后, not behind), lights and numbers as before.
 */
import { describe, expect, it } from 'vitest';
import { showResult } from '../../hosts/nocobase/plugin/src/client/format.js';

describe('showResult', () => {
  it("reads a verdict in its field's option words, and other results as before", () => {
    const labels = { ahead: '领先', 'on-pace': '正常', behind: '落后' };
    expect(showResult('behind', 'zh', labels)).toEqual({ kind: 'text', text: '落后' });
    expect(showResult('red', 'zh', labels)).toMatchObject({ kind: 'light', color: 'red', text: '红' });
    expect(showResult('behind', 'zh')).toEqual({ kind: 'text', text: 'behind' });
  });
});
