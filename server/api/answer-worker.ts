/**
 * The answer thread's entry point (a node:worker_threads Worker, started by answer-thread.ts;
 * compiled to dist-server/answer-worker.js). It makes one answer at a time, as asked, and hands
 * its body's buffer back without a copy. An answer that throws is reported as such and the
 * thread carries on; anything worse ends the thread, and the server starts another.
 */
import { parentPort } from 'node:worker_threads';
import { type AnswerRequest, makeAnswer, type ThreadAnswer } from './make-answer';

/** A request as it crosses to the thread, numbered so its answer finds its way back. */
export interface ThreadRequest {
  id: number;
  request: AnswerRequest;
}

export type ThreadReply = { id: number; answer: ThreadAnswer } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('answer-worker.ts runs as a worker thread (answer-thread.ts starts it)');
port.on('message', ({ id, request }: ThreadRequest) => {
  makeAnswer(request).then(
    (answer) => port.postMessage({ id, answer } satisfies ThreadReply, [answer.body.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ThreadReply),
  );
});
