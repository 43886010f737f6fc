import type * as Y from 'yjs';

/** Whether a transaction changed the doc: something added or deleted (an empty one changes nothing). */
export const changedAnything = (transaction: Y.Transaction): boolean => transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0;
