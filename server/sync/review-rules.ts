import * as Y from 'yjs';
import { assessmentOf, commentsOf, waiverKey, waiversOf } from '../../src/collab/doc';
import { SURFACE_IDS } from '../../src/core/model';
import type { Role } from '../maps/roles';
import { CLOSE_CODES } from './close-codes';
import type { Peer } from './fanout';
import { Refusal } from './refusal';
import { TokenBucket } from './token-bucket';
import { type IdWriter, type PresenceHold, WriterIds, writerKeyHash } from './writer-ids';

/**
 * What a review link may write in a map's review room (README, "Names on comments and waivers"):
 * it adds comments, waivers and the team's scores of a surface (`assessment`, keyed by surface)
 * under the name its connection declared (`?name=`), edits or
 * resolves only the entries that carry that name, and deletes nothing: only editors revoke a waiver. Editors are not bound:
 * an edit link may import a map file, whose comments and waivers carry their authors' names, and
 * may rewrite the map anyway; a rule it could step around by importing would promise nothing.
 *
 * Yjs cannot take back what a client's doc holds, so a refused change is not dropped: a client
 * whose update was dropped would hold structs the server lacks, and every later update of its
 * clientID would wait on them at the server for ever (and be resent on every reconnect). The
 * shadow takes the update, then a correction made by the server in a transaction of its own puts
 * back what the rules protect: an entry the reviewer changed or deleted gets its old value again,
 * one it added under another name is deleted, anything written outside the two maps is deleted.
 * Both go out as one update, so nobody (the disk, the room, other clients) ever sees the refused
 * state, and the reviewer's page, which gets the correction like everyone else, heals at once.
 *
 * Putting a value back costs the server bytes the reviewer did not send (one tiny delete could
 * ask it to restore every comment), so a connection pays for its corrections out of a budget as
 * large as its byte rate (`bytesPerSecond`); an update it cannot pay for is dropped and the
 * connection closed 4529, as a flood is. A page never gets there: it offers no change the rules
 * refuse, and only a race (two people waiving one finding at once) makes it send one.
 */

/** A connection writing the review room: its role, the name it declared, what it may still cost, its writer key (writer-ids.ts). */
export interface ReviewWriter extends IdWriter {
  readonly role: Role;
  readonly name: string | undefined;
  readonly budget: TokenBucket;
  /** Whether the last update it sent broke a rule (and was corrected). */
  refusedLast: boolean;
}

/** A Yjs shared type, as a transaction names the ones it changed. */
type SharedType = Y.Transaction['changed'] extends Map<infer T, unknown> ? T : never;

/** A key of a map type that a transaction changed, with the value it had before. */
interface KeyChange {
  key: string;
  action: 'add' | 'update' | 'delete';
  before: unknown;
}

/** What one transaction changed in one shared type. */
interface TypeChange {
  type: SharedType;
  keys: KeyChange[];
  /** Whether it changed list content (the only kind of content outside map keys). */
  list: boolean;
  /** The state before the transaction: items at or past these clocks are new. */
  since: Map<number, number>;
}

export class ReviewRules {
  private readonly writers = new Map<Peer, ReviewWriter>();
  private changes: TypeChange[] = [];
  /** Which writer may write under which Yjs client id (writer-ids.ts). */
  readonly ids: WriterIds;

  /**
   * @param room the room's name: what writer keys are hashed with.
   * @param bytesPerSecond a connection's byte rate: what its corrections may cost the server.
   * @param presence how a clientID stands in the room's presence (Presence.holdOn).
   */
  constructor(
    private readonly room: string,
    private readonly bytesPerSecond: number,
    presence: PresenceHold,
  ) {
    this.ids = new WriterIds(presence);
  }

  /** The peer as a writer of this room, under the name and the writer key it declared when it connected. */
  writerOf(peer: Peer, role: Role): ReviewWriter {
    let writer = this.writers.get(peer);
    if (!writer) {
      const key = peer.writerKey === undefined ? undefined : writerKeyHash(this.room, peer.writerKey);
      writer = { peer, key, role, name: peer.name, budget: new TokenBucket(this.bytesPerSecond, 2 * this.bytesPerSecond), refusedLast: false };
      this.writers.set(peer, writer);
    }
    return writer;
  }

  leave(peer: Peer): void {
    this.writers.delete(peer);
    this.ids.leave(peer);
  }

  /** Records what each transaction on `doc` (a freshly built shadow) changes, while its old values are still there to read. */
  watch(doc: Y.Doc): void {
    this.changes = [];
    // Yjs makes a top-level type nobody asked for yet a bare AbstractType, and replaces it on the
    // first getMap: asked for now, the two maps a transaction names are the ones judged below.
    commentsOf(doc);
    waiversOf(doc);
    assessmentOf(doc);
    // A client's update is applied (not local); the server's own corrections and bindings are its own doing.
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (!transaction.local) this.changes.push(...changesOf(transaction));
    });
    this.ids.watch(doc);
  }

  /**
   * Judges what the shadow took in since the last call, as `writer`'s doing, and corrects on the
   * shadow, in one transaction, whatever broke a rule. Returns whether it had to; throws a 4529
   * Refusal (the caller then rebuilds the shadow) if the correction is more than `writer` may cost.
   */
  enforce(doc: Y.Doc, writer: ReviewWriter | undefined): boolean {
    const changes = this.changes;
    this.changes = [];
    if (!writer) return false;
    writer.refusedLast = false;
    if (writer.role === 'edit') return false;
    // Structs waiting on others would be judged as whoever sends what they wait on (an editor,
    // say); a page's updates never wait (it sends them in order), so a reviewer's may not.
    const { pendingStructs, pendingDs } = doc.store;
    if (pendingStructs || pendingDs) throw new Refusal(CLOSE_CODES.MALFORMED, 'a review change that waits on changes the server does not have', 'review.incomplete');
    const fixes = merged(changes).flatMap((change) => fixesFor(doc, change, writer.name));
    if (fixes.length === 0) return false;
    let cost = 0;
    const count = (update: Uint8Array) => {
      cost += update.length;
    };
    doc.on('update', count);
    try {
      doc.transact((transaction) => {
        for (const fix of fixes) fix(transaction);
      });
    } finally {
      doc.off('update', count);
    }
    if (!writer.budget.take(cost)) {
      throw new Refusal(CLOSE_CODES.RATE_LIMITED, 'too many refused review changes: reconnect later', 'review.refused-too-costly', { bytes: cost });
    }
    writer.refusedLast = true;
    return true;
  }
}

/** What a transaction changed, type by type; read during `afterTransaction`, before Yjs collects deleted content. */
function changesOf(transaction: Y.Transaction): TypeChange[] {
  const changes: TypeChange[] = [];
  for (const [type, subs] of transaction.changed) {
    const keys: KeyChange[] = [];
    for (const [key, { action, oldValue }] of new Y.YEvent(type, transaction).keys) keys.push({ key, action, before: oldValue });
    changes.push({ type, keys, list: subs.has(null), since: transaction.beforeState });
  }
  return changes;
}

/** The changes of several transactions as one, per type: a key's first change says what it was before them all. */
function merged(changes: TypeChange[]): TypeChange[] {
  const byType = new Map<SharedType, TypeChange>();
  for (const change of changes) {
    const known = byType.get(change.type);
    if (!known) byType.set(change.type, { ...change, keys: [...change.keys] });
    else {
      known.list ||= change.list;
      for (const key of change.keys) if (!known.keys.some((k) => k.key === key.key)) known.keys.push(key);
    }
  }
  return [...byType.values()];
}

type Fix = (transaction: Y.Transaction) => void;

/** The corrections one type's changes need, for a reviewer named `name`: none if they kept the rules. */
function fixesFor(doc: Y.Doc, change: TypeChange, name: string | undefined): Fix[] {
  const { type, keys } = change;
  const listFix = change.list ? [deleteNew(type, change.since)] : [];
  const scores = isSame(type, assessmentOf(doc));
  const comments = isSame(type, commentsOf(doc));
  const waivers = isSame(type, waiversOf(doc));
  const signedBy = comments ? 'author' : waivers || scores ? 'by' : undefined;
  if (signedBy && type instanceof Y.Map) {
    const map = type as Y.Map<unknown>;
    const keyOk = (key: string) => keyFits(key, map.get(key), scores ? 'score' : comments ? 'comment' : 'waiver');
    const broken = keys.filter((key) => !keyOk(key.key) || !mayChange(key, map.get(key.key), signedBy, name));
    return [...broken.map((key) => restoreKey(map, key)), ...listFix];
  }
  // Nothing else in the review room is review data: a reviewer writes none of it.
  if (type instanceof Y.Map) return [...keys.map((key) => restoreKey(type, key)), ...listFix];
  return [deleteNew(type, change.since)];
}

/**
 * Whether an entry sits under the key the page gives it: a score under its surface (one of the
 * five), a comment under its own id, a waiver under its rule and target. Under another key, a
 * reviewer's entry stood beside someone else's as its double (two comments with one id, two
 * waivers of one finding), and an export and import kept only one of them: theirs could replace
 * the other person's.
 */
function keyFits(key: string, value: unknown, entry: 'score' | 'comment' | 'waiver'): boolean {
  if (entry === 'score') return (SURFACE_IDS as readonly string[]).includes(key);
  if (value === undefined) return true; // deleted: mayChange judges that
  if (!isPlainRecord(value)) return false;
  if (entry === 'comment') return value.id === key;
  return typeof value.rule === 'string' && typeof value.target === 'string' && waiverKey({ rule: value.rule, target: value.target }) === key;
}

/** A reviewer adds entries in their own name, changes only entries in their own name and keeps the name; deletes none. */
function mayChange({ action, before }: KeyChange, after: unknown, signedBy: 'author' | 'by', name: string | undefined): boolean {
  if (action === 'delete' || name === undefined) return false;
  const signedByMe = (value: unknown) => isPlainRecord(value) && value[signedBy] === name;
  return (action === 'add' || signedByMe(before)) && signedByMe(after);
}

/** Puts a key back as it was: its old value, or no key at all. A shared type cannot be put back (its content went with it): the key goes. */
function restoreKey(map: Y.Map<unknown>, { key, action, before }: KeyChange): Fix {
  return () => {
    if (action === 'add' || before instanceof Y.AbstractType || before instanceof Y.Doc) map.delete(key);
    else map.set(key, before);
  };
}

/**
 * Deletes what a transaction inserted in a type's list content or under its keys. What a
 * reviewer deleted there stays deleted: no page reads anything in the review room but the two
 * maps' values, so only whoever wrote such content (an edit link, by hand) can miss it.
 */
function deleteNew(type: SharedType, since: Map<number, number>): Fix {
  return (transaction) => {
    const isNew = (item: Y.Item) => !item.deleted && item.id.clock >= (since.get(item.id.client) ?? 0);
    for (let item = type._start; item !== null; item = item.right) if (isNew(item)) item.delete(transaction);
    for (const item of type._map.values()) if (isNew(item)) item.delete(transaction);
  };
}

const isSame = (type: SharedType, map: Y.Map<unknown>) => (type as unknown) === map;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
