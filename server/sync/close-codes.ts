/**
 * Every close code the sync server sends, in one place for the page. The stock provider
 * (y-websocket 3, `defaultShouldReconnect`) treats 4400–4499 as final: it stops reconnecting and
 * emits `closed` with the code and reason. Every other code is transient: it emits
 * `connection-close`, reconnects with backoff (at most `maxBackoffTime`) and resyncs, losing
 * nothing. So a code is final only where reconnecting cannot help: access, or an edit the map
 * cannot hold. Limits that clear by themselves (a full room, a flood) use 45xx, the provider's
 * "try again later" range.
 */
export const CLOSE_CODES = {
  /** Server shutting down; reconnect to its successor. */
  SHUTDOWN: 1001,
  /** The client sent something the server does not accept (garbage, text, unknown type); closed on the first one. */
  MALFORMED: 1003,
  /**
   * A message over `maxMessageBytes` (sent by `ws` itself, so the code cannot be 44xx). The
   * provider reconnects and resends what the server lacks, which is refused again: a page that
   * sees 1009 should stop and say so.
   */
  TOO_LARGE: 1009,
  /** The room's storage failed (or an unexpected error): nothing unwritten was relayed; the provider resends on reconnect. */
  SERVER_ERROR: 1011,
  /** The client's socket buffer was over `slowClientBytes`; it reconnects and resyncs. */
  TOO_SLOW: 1013,
  /**
   * The name the connection declared (`?name=`) is longer than a person's name may be
   * (MAX_NAME_LENGTH): final, since a reconnect declares it again.
   */
  NAME_TOO_LONG: 4400,
  /** No token in the URL: final. */
  NO_TOKEN: 4401,
  /** A wrong token, a token of another map, or no such map (not told apart): final. */
  DENIED: 4403,
  /**
   * A change written under a Yjs client id another writer of the review room holds
   * (writer-ids.ts): final, since the client's doc still holds it and every reconnect would send
   * it again. The page never does this; a browser whose local copy does can only discard it.
   */
  WRITER_ID_TAKEN: 4409,
  /**
   * The link the connection came with was replaced (an editor made a new one): final, since the
   * old token opens nothing any more. The reason names the link: `the review link was replaced`.
   */
  LINK_REPLACED: 4410,
  /**
   * The client's update would take the map past `maxSteps`, `maxJoins` or `maxDocBytes`: final,
   * since its doc still holds the edit and every reconnect would send it again. Nothing of it was
   * kept or relayed; the page should tell the person their last change was not saved.
   */
  MAP_TOO_LARGE: 4413,
  /** The room has `maxRoomConnections` connections: retried with backoff until someone leaves. */
  ROOM_FULL: 4501,
  /** This remote address has `maxAddressConnections` connections: retried with backoff. */
  TOO_MANY_CONNECTIONS: 4502,
  /** `maxRooms` rooms are loaded and none is idle: retried with backoff. */
  SERVER_BUSY: 4503,
  /**
   * A change under a Yjs client id that another connection without a key holds (writer-ids.ts),
   * most often a stale socket of the same client, which is asked to prove it is alive: retried
   * with backoff, and taken once the stale socket is gone.
   */
  WRITER_ID_CONTESTED: 4509,
  /**
   * Over `messagesPerSecond` or `bytesPerSecond`, or asking for more than the outbound budgets
   * send (outbound-budget.ts): the provider reconnects (backing off) and resyncs.
   */
  RATE_LIMITED: 4529,
} as const;

/** Whether the stock provider gives up after this code (mirrors y-websocket's defaultShouldReconnect). */
export const isFinal = (code: number) => code >= 4400 && code < 4500;
