import * as Y from 'yjs';

/**
 * The whole of a doc, encoded at most once per version. Every client that asks for all of it (a
 * new page, a reconnect from an empty doc) gets the same bytes until the doc changes, so a
 * thousand such requests cost one encoding and share its buffers: without this, a client asking
 * for the whole map 190 times a second made the server encode (and queue) it 190 times a second.
 * Forgotten on the doc's every update and encoded again when next asked for.
 */
export class StateCache {
  /** The doc in the forms asked for (the wire messages that carry it whole), keyed by the function that made them. */
  private readonly forms = new Map<(doc: Y.Doc) => unknown, unknown>();
  /** After a transaction that changed the doc: what Yjs would send an update for, without making Yjs encode it (an `update` listener does). */
  private readonly forget = (transaction: Y.Transaction) => {
    if (!changedState(transaction)) return;
    this.forms.clear();
    this.changes += 1;
  };
  private changes = 0;

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.forget);
  }

  /** How many times the doc has changed since this cache began: the same number, the same doc. */
  get version(): number {
    return this.changes;
  }

  /**
   * `form(doc)`, made at most once per version for each `form`: pass the same function every
   * time, not a new closure. Only the form is kept: a whole map held twice per room in two
   * encodings would be memory for nothing.
   */
  stateAs<T>(form: (doc: Y.Doc) => T): T {
    if (this.forms.has(form)) return this.forms.get(form) as T;
    const made = form(this.doc);
    this.forms.set(form, made);
    return made;
  }

  /**
   * Whether a client with this state vector lacks all of the doc, so that what it lacks is the
   * whole doc, byte for byte: it has no structs of any client the doc has (an empty state vector,
   * or one of a doc that shares no history with this one). Undefined for a malformed state vector.
   */
  lacksAll(stateVector: Uint8Array): boolean | undefined {
    let theirs: Map<number, number>;
    try {
      theirs = Y.decodeStateVector(stateVector);
    } catch {
      return undefined;
    }
    for (const [client, clock] of theirs) if (clock > 0 && this.doc.store.clients.has(client)) return false;
    return true;
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.forget);
    this.forms.clear();
  }
}

/**
 * Whether a transaction changed the doc's state: deleted something, or took in structs (Yjs's own
 * test for sending an update). Not `transaction.changed`: structs taken into a deleted type, or
 * that only fill a gap, change no type and still change what a client must be sent.
 */
function changedState(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}
