import type { LogFields } from '../log';

/**
 * Something a client sent that ends its connection: the close code and reason it is told, and
 * the event logged (one line, with `fields`). Thrown while handling a message; the connection
 * catches it, logs it and closes. Anything else thrown is the server's fault (1011).
 */
export class Refusal extends Error {
  constructor(
    readonly code: number,
    reason: string,
    readonly event: string,
    readonly fields: LogFields = {},
  ) {
    super(reason);
  }
}
