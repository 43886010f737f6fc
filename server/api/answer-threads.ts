import { availableParallelism } from 'node:os';
import { AnswerThread, type AnswerThreadSettings } from './answer-thread';
import type { AnswerRequest, ThreadAnswer } from './make-answer';

/**
 * Threads for a machine's cores: one core is the main thread's (every room's edits), and the
 * answers share the rest, at most two (a burst of reads is bounded by map-answers.ts anyway; more
 * threads would only hold more maps in memory at once). One on a 2-core machine.
 */
export const defaultAnswerThreads = (): number => Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * The answer threads (answer-thread.ts). map-answers.ts never asks for more answers at once than
 * there are threads, so a free one is always there; each starts at its first request.
 */
export class AnswerThreads {
  private readonly threads: AnswerThread[];

  constructor(count: number, settings: AnswerThreadSettings) {
    this.threads = Array.from({ length: Math.max(1, count) }, () => new AnswerThread(settings));
  }

  get size(): number {
    return this.threads.length;
  }

  make(request: AnswerRequest): Promise<ThreadAnswer> {
    const free = this.threads.find((thread) => !thread.busy);
    return free ? free.make(request) : Promise.reject(new Error('every answer thread is busy'));
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.close()));
  }
}
