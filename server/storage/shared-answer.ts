/**
 * One answer for everyone who asks within `reuseMs` of the question: a check that costs the
 * storage something (a write, on Redis) runs at most once per window, however many ask, and
 * those who ask while it runs wait for the same answer. A failure is shared too: it is as true
 * for the next asker in the window.
 */
export class SharedAnswer<T> {
  private last: { at: number; answer: Promise<T> } | undefined;

  constructor(
    private readonly reuseMs: number,
    private readonly ask: () => Promise<T>,
  ) {}

  run(): Promise<T> {
    const now = performance.now();
    if (!this.last || now - this.last.at >= this.reuseMs) this.last = { at: now, answer: this.ask() };
    return this.last.answer;
  }
}
