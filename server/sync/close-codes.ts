/**
 * Every close code the sync server sends, in one place for the page. The stock provider treats
 * 4400–4499 as final (it stops reconnecting and emits `closed` with the code and reason) and
 * everything else as transient (it reconnects with backoff and resyncs, losing nothing).
 */
export const CLOSE_CODES = {
  /** Server shutting down; reconnect to its successor. */
  SHUTDOWN: 1001,
  /** The client sent something the server does not accept (garbage, text, unknown type); closed on the first one. */
  MALFORMED: 1003,
  /** A message over `maxMessageBytes` (sent by `ws` itself). */
  TOO_LARGE: 1009,
  /** The room's storage failed (or an unexpected error): nothing unwritten was relayed; the provider resends on reconnect. */
  SERVER_ERROR: 1011,
  /** The client's socket buffer was over `slowClientBytes`; it reconnects and resyncs. */
  TOO_SLOW: 1013,
  /** No token in the URL: final. */
  NO_TOKEN: 4401,
  /** A wrong token, a token of another map, or no such map (not told apart): final. */
  DENIED: 4403,
} as const;
