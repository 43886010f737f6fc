/**
 * Runs one job at a time and keeps at most one waiting: a newer input replaces the waiting one,
 * so a burst of edits never becomes a backlog, and whatever is handed over last is always run.
 *
 * Results are delivered in the order the inputs were submitted and never behind one already
 * delivered: a result is dropped when something newer was shown first (a later job, or an answer
 * the caller got elsewhere and announced with `supersede`). A job that finishes while a newer
 * input waits is still delivered: it is newer than what is on screen, and showing it keeps the
 * page moving while edits keep coming.
 */
export class LatestWins<Input, Output> {
  private running = false;
  private waiting: { input: Input; ticket: number } | null = null;
  /** Tickets handed out, one per submission or supersession, in order. */
  private issued = 0;
  /** The newest ticket shown (delivered, failed or superseded): anything at or below it is stale. */
  private shown = 0;
  private closed = false;

  constructor(
    private readonly run: (input: Input) => Promise<Output>,
    private readonly deliver: (output: Output, input: Input) => void,
    private readonly fail: (error: unknown, input: Input) => void = () => {},
  ) {}

  /** Runs `input` now if idle, else makes it the one waiting (replacing any other). */
  submit(input: Input): void {
    if (this.closed) return;
    const ticket = ++this.issued;
    if (this.running) this.waiting = { input, ticket };
    else void this.start(input, ticket);
  }

  /** Something newer than every job so far was shown by other means: drop the waiting input and any result in flight. */
  supersede(): void {
    this.waiting = null;
    this.shown = ++this.issued;
  }

  /** No more jobs start and no more results are delivered (the page is gone). */
  close(): void {
    this.closed = true;
    this.waiting = null;
  }

  /** A job is running or waiting: what is shown may be behind the latest input. */
  get pending(): boolean {
    return this.running || this.waiting !== null;
  }

  private async start(input: Input, ticket: number): Promise<void> {
    this.running = true;
    let outcome: { ok: true; output: Output } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, output: await this.run(input) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    this.running = false;
    const next = this.waiting;
    this.waiting = null;
    // Start the next job before delivering, so a delivery that throws cannot stall the queue.
    if (next && !this.closed) void this.start(next.input, next.ticket);
    if (this.closed || ticket <= this.shown) return;
    this.shown = ticket;
    if (outcome.ok) this.deliver(outcome.output, input);
    else this.fail(outcome.error, input);
  }
}
