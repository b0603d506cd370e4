/**
 * Splits the text of a top-level JSON array into the texts of its elements as chunks arrive,
 * so a file of a million records is parsed one record at a time in bounded memory.
 */
export class JsonArraySplitter {
  private buffer = '';
  private started = false;
  private finished = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private elementStart = -1;
  private scanFrom = 0;
  /** Offset of buffer[0] in the whole text, for error positions. */
  private consumed = 0;

  /** Feeds text; returns the complete element texts found, each with its offset in the input. */
  push(text: string): Array<{ text: string; offset: number }> {
    this.buffer += text;
    const out: Array<{ text: string; offset: number }> = [];
    const b = this.buffer;
    let i = this.scanFrom;
    for (; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (!this.started) {
        if (c === 0x5b /* [ */) this.started = true;
        else if (!isSpace(c) && c !== 0xfeff) throw new SyntaxError(`expected "[" at offset ${this.consumed + i}`);
        continue;
      }
      if (this.finished) {
        if (!isSpace(c)) throw new SyntaxError(`unexpected text after the array at offset ${this.consumed + i}`);
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (this.elementStart < 0) {
        if (isSpace(c) || (c === 0x2c && out.length + this.emittedBefore > 0)) continue;
        if (c === 0x5d /* ] */ && this.depth === 0) {
          this.finished = true;
          continue;
        }
        this.elementStart = i;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (this.depth === 0) {
          // the closing bracket of the array ends a scalar element
          out.push({ text: b.slice(this.elementStart, i), offset: this.consumed + this.elementStart });
          this.elementStart = -1;
          this.finished = true;
          continue;
        }
        this.depth--;
      } else if (c === 0x2c && this.depth === 0) {
        out.push({ text: b.slice(this.elementStart, i), offset: this.consumed + this.elementStart });
        this.elementStart = -1;
      }
    }
    this.emittedBefore += out.length;
    // keep only the unfinished element in memory
    const keepFrom = this.elementStart >= 0 ? this.elementStart : b.length;
    this.buffer = b.slice(keepFrom);
    this.consumed += keepFrom;
    if (this.elementStart >= 0) this.elementStart = 0;
    this.scanFrom = this.buffer.length;
    return out;
  }

  private emittedBefore = 0;

  end(): void {
    if (!this.started) throw new SyntaxError('expected a JSON array');
    if (!this.finished) throw new SyntaxError('the JSON array is not closed');
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
