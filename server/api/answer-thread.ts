import type { Worker } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest } from './answer-worker';
import { startAnswerWorker } from './answer-worker-file';
import type { AnswerRequest, ThreadAnswer } from './make-answer';

/** An answer could not be made: the thread threw on it, died making it, or could not start. The route answers 500. */
export class AnswerFailed extends Error {}

export interface AnswerThreadSettings {
  /** The thread's heap (V8's old generation), in MB: a map past it ends the thread, never the server. */
  heapMb: number;
  /** A thread with nothing to do for this long is ended, so an idle server holds no second heap. */
  idleMs: number;
}

/**
 * One worker thread that makes the read routes' answers (answer-worker.ts), one at a time: the
 * caller (map-answers.ts) gives it a request only when it is free. Started at its first request,
 * not with the server (a server nobody reads a map from never pays for it), and ended after
 * `idleMs` without one. A thread that dies (out of memory, a crash) fails the request it was
 * making and is forgotten; the next request starts a fresh one.
 */
export class AnswerThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private pending: { id: number; resolve(answer: ThreadAnswer): void; reject(error: Error): void } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly settings: AnswerThreadSettings) {}

  get busy(): boolean {
    return this.pending !== undefined;
  }

  make(request: AnswerRequest): Promise<ThreadAnswer> {
    if (this.pending) return Promise.reject(new Error('the answer thread is already making an answer'));
    clearTimeout(this.idleTimer);
    return new Promise<ThreadAnswer>((resolve, reject) => {
      const id = ++this.nextId;
      this.pending = { id, resolve, reject };
      try {
        // Copied, not transferred: a loaded room's bytes are its state cache's, shared with the sync.
        this.started().postMessage({ id, request } satisfies ThreadRequest);
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /** Ends the thread; a request in the making fails. Resolves once the thread is gone. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.fail(new Error('the server is closing'));
    await worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startAnswerWorker({ resourceLimits: { maxOldGenerationSizeMb: this.settings.heapMb } });
    // Never what keeps the process alive: a server closing, or a test ending, does not wait for it.
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.settle(reply));
    worker.on('error', (error) => {
      if (this.worker === worker) this.fail(error);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`the answer thread exited (${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: ThreadReply): void {
    const pending = this.pending;
    if (!pending || pending.id !== reply.id) return;
    this.pending = undefined;
    if ('answer' in reply) pending.resolve(reply.answer);
    else pending.reject(new AnswerFailed(`the answer could not be made: ${reply.error}`));
    this.idleTimer = setTimeout(() => this.endIdle(), this.settings.idleMs).unref();
  }

  /** The thread is of no more use: what it was making fails, and the next request starts another. */
  private fail(error: unknown): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new AnswerFailed(`the answer thread failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private endIdle(): void {
    if (this.pending || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }
}
