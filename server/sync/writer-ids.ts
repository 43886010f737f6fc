import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { writersOf } from '../../src/collab/doc';
import { CLOSE_CODES } from './close-codes';
import type { Peer } from './fanout';
import { MalformedMessage } from './messages';
import { Refusal } from './refusal';

/** A connection writing the review room, as far as its Yjs client ids go. */
export interface IdWriter {
  readonly peer: Peer;
  /** Its writer key's hash (writerKeyHash), if it sent one (`?writer=`). */
  readonly key: string | undefined;
}

/** How a clientID stands in the room's presence for a writer (Presence.holdOn): a page announces its clientID there before it writes. */
export type PresenceHold = (peer: Peer, client: number) => 'free' | 'bound' | 'contested';

/** The origin of the server's own bindings: a transaction of the server's, not a client's. */
const BINDING = Symbol('writer-binding');

/**
 * The hash a writer key is bound under, salted with the room: the doc is read by everyone on the
 * map, and the hash must not tell that two maps were written from one browser.
 */
export function writerKeyHash(room: string, key: string): string {
  return createHash('sha256').update(room).update('\0').update(key).digest('base64url').slice(0, 22);
}

/**
 * Who may write under which Yjs client id in a review room. Yjs takes a struct at a clientID and
 * clock it already has as a duplicate and drops it, so whoever writes first at another writer's
 * next clocks takes them: that writer's offline edits (a comment, a waiver) would then never
 * reach the server, and nothing would say so. A reviewer may write only in their own name, but
 * the clientID is not a name: without this, a review link could silence anyone's offline edits.
 *
 * A clientID is bound to the writer that first writes under it: to its writer key (`?writer=`,
 * a random secret the page keeps per map in the browser, so the binding holds across the page's
 * reconnects and reloads, whose local copy still holds its offline edits under the old clientID)
 * in the doc's `writers` map, which only the server writes, so the binding is stored, compacted
 * and shared with other instances with the doc; without a key, to the connection, in memory, for
 * as long as it is connected. Before its first write, a clientID is its page's through the room's
 * presence, where the page announces it. Any other writer's update under a bound clientID is
 * refused before it touches the doc, and the connection closed (4409): the page never writes
 * under another's clientID. One that a connection without a key holds is closed 4509 instead,
 * which the client retries: most often it is the same client on a new socket while the server
 * still holds its old one, which is probed and dropped if dead. A clientID bound to nobody (written before bindings existed, by a
 * connection without a key that left, or by the server's own corrections) goes to whoever writes
 * under it next.
 */
export class WriterIds {
  /** clientIDs bound to a connection without a writer key. */
  private readonly keyless = new Map<number, Peer>();
  /** A client's update changed the `writers` map (watched on the shadow). */
  private foreignWrite = false;

  constructor(private readonly presence: PresenceHold) {}

  /** Watches `doc` (a freshly built shadow) for client updates that touch the `writers` map. */
  watch(doc: Y.Doc): void {
    this.foreignWrite = false;
    const writers: unknown = writersOf(doc);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === BINDING) return;
      // Every transaction on the shadow comes here: looked through without copying its changed types.
      for (const type of transaction.changed.keys()) if (type === writers) this.foreignWrite = true;
    });
  }

  /**
   * The clientIDs `update` writes under that are bound to nobody, which `writer` takes once the
   * update is in (bind). Throws a Refusal, before anything is applied, if one is another
   * writer's: 4409 if bound to another key, 4509 (retried) if another connection without a key
   * holds it, which is asked to prove it is alive.
   */
  check(doc: Y.Doc, update: Uint8Array, writer: IdWriter): number[] {
    // What the doc took in before (the load, another instance's bindings) is not this update's doing.
    this.foreignWrite = false;
    const bindings = writersOf(doc);
    const unbound: number[] = [];
    for (const client of writtenUnder(update)) {
      const bound = bindings.get(String(client));
      if (bound !== undefined) {
        if (bound !== writer.key) throw taken(client);
        continue;
      }
      const holder = this.keyless.get(client);
      if (holder === writer.peer) continue;
      if (holder !== undefined) holder.probe?.();
      const hold = holder === undefined ? this.presence(writer.peer, client) : 'contested';
      if (hold === 'bound') throw taken(client);
      if (hold === 'contested') throw new Refusal(CLOSE_CODES.WRITER_ID_CONTESTED, 'a change under a client id another connection holds: retry', 'review.writer-id-contested', { client });
      unbound.push(client);
    }
    return unbound;
  }

  /** Throws a Refusal if the update just applied changed the `writers` map, which only the server writes. */
  checkUntouched(): void {
    if (!this.foreignWrite) return;
    this.foreignWrite = false;
    throw new Refusal(CLOSE_CODES.MALFORMED, 'the writers map is written by the server only', 'review.writers-written');
  }

  /** Binds `clients` to `writer` (check's free ones): in the doc, in a transaction of the server's, or to the connection. Returns whether the doc changed. */
  bind(doc: Y.Doc, clients: number[], writer: IdWriter): boolean {
    const { key } = writer;
    if (key === undefined) {
      for (const client of clients) this.keyless.set(client, writer.peer);
      return false;
    }
    if (clients.length === 0) return false;
    doc.transact(() => {
      for (const client of clients) writersOf(doc).set(String(client), key);
    }, BINDING);
    return true;
  }

  /** A connection left: the clientIDs it held without a key are bound to nobody now. */
  leave(peer: Peer): void {
    for (const [client, holder] of this.keyless) if (holder === peer) this.keyless.delete(client);
  }
}

const taken = (client: number) => new Refusal(CLOSE_CODES.WRITER_ID_TAKEN, "a change under another writer's client id", 'review.writer-id-taken', { client });

/** The clientIDs an update has structs of; garbage is malformed, as the shadow would find it. */
function writtenUnder(update: Uint8Array): Iterable<number> {
  try {
    return Y.parseUpdateMeta(update).from.keys();
  } catch {
    throw new MalformedMessage('malformed Yjs update');
  }
}
