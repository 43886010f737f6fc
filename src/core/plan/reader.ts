/** A cursor over one line of Mermaid text, for mermaid-parse.ts. */
export class Reader {
  private at = 0;
  constructor(private readonly text: string) {}
  done = () => this.at >= this.text.length;
  rest = () => this.text.slice(this.at);
  startsWith = (s: string) => this.text.startsWith(s, this.at);
  /** Where the reader is, to come back to (so an error can quote a construct from its start). */
  get position(): number {
    return this.at;
  }
  set position(at: number) {
    this.at = at;
  }
  advance(n: number) {
    this.at += n;
  }
  skipSpace() {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at += 1;
  }
  eat(s: string): boolean {
    if (!this.startsWith(s)) return false;
    this.at += s.length;
    return true;
  }
  exec(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (found) this.at = pattern.lastIndex;
    return found;
  }
  match(pattern: RegExp): string | undefined {
    return this.exec(pattern)?.[0];
  }
  /** A "…" string (Mermaid strings hold no quote); the reader stops after its closing quote. */
  quoted(): string | undefined {
    const end = this.text.indexOf('"', this.at + 1);
    if (end < 0) return undefined;
    const value = this.text.slice(this.at + 1, end);
    this.at = end + 1;
    return value;
  }
  /** The text up to the nearest of `stops`, which is left unread. */
  until(stops: readonly string[]): string | undefined {
    const ends = stops.map((s) => this.text.indexOf(s, this.at)).filter((i) => i >= 0);
    if (ends.length === 0) return undefined;
    const end = Math.min(...ends);
    const value = this.text.slice(this.at, end);
    this.at = end;
    return value;
  }
  /** The first match of a global pattern from here on: the text before it, the reader after it. */
  search(pattern: RegExp): { before: string } | undefined {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    const before = this.text.slice(this.at, found.index);
    this.at = pattern.lastIndex;
    return { before };
  }
}
