import * as Y from 'yjs';
import { type DocShape, joinsOf, MAP_DOC_SHAPE, redesignJoinsOf, redesignStepsOf, stepsOf } from '../../src/collab/doc';
import { CLOSE_CODES } from './close-codes';
import { checkDocShape } from './doc-shape';
import { MalformedMessage } from './messages';
import { Refusal } from './refusal';
import type { ReviewRules, ReviewWriter } from './review-rules';
import { checkValueDepth } from './value-depth';

export interface SizeLimits {
  maxSteps: number;
  maxJoins: number;
  maxDocBytes: number;
  /** STALLMAP_SHADOW_IDLE_MS: a shadow no update has needed this long is dropped (0: kept while the room is loaded). */
  shadowIdleMs?: number;
}

/** What a shadow reports: built (and what it cost), or dropped after a quiet spell. */
export type ShadowEvent = (event: 'room.shadow-built' | 'room.shadow-dropped', fields: Record<string, number>) => void;

/**
 * An update that carries nothing: no structs, an empty delete set. The stock provider answers
 * the server's sync step 1 with one whenever it has nothing the server lacks (every fresh page,
 * every reconnect without offline edits), so taking it in must not cost a shadow.
 */
const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

/** Keys a map event added, less those it deleted. */
function keyDelta(event: { changes: { keys: Map<string, { action: string }> } }): number {
  let delta = 0;
  for (const { action } of event.changes.keys.values()) delta += action === 'add' ? 1 : action === 'delete' ? -1 : 0;
  return delta;
}

/**
 * The room's doc as it will be once every accepted update is written: a shadow copy that each
 * incoming update is applied to first, before anything reaches the disk, the room's doc or
 * anyone else.
 *
 * What gets written is not the client's bytes but what Yjs integrated from them, as Yjs encodes
 * it (the shadow's update event). Yjs's applyUpdate takes some malformed updates that its other
 * functions choke on (fuzz-frames.ts found them: merged with another update they throw, or, held
 * as pending, they make every later encoding of the doc throw, so no client could sync the room
 * again). Re-encoded, the disk and the room only ever hold what Yjs itself produced. Structs
 * that wait for content the room lacks stay here, unwritten and unrelayed, until it arrives; a
 * client that sent them resends them on reconnect.
 *
 * The shadow is a second copy of the map, so it exists only while updates need it: it is built
 * from the room's state by the first update that carries something (not at load: a restarted
 * server greets its first client without it), and dropped once no update has needed it for
 * `shadowIdleMs`, so an idle loaded room holds its doc once. A shadow holding structs that wait
 * for content is never dropped (they exist nowhere else). Rebuilding is the same path as after
 * a refusal, so a dropped shadow judges the next update exactly as a kept one would.
 *
 * Limits are checked on the shadow too, so an update that only completes an earlier one is
 * counted. Yjs cannot take an update back, so after a refusal the shadow is rebuilt from the
 * room's state (O(doc), once per refused client, who is disconnected). Steps and joins are
 * counted from the shadow's change events: a drag changes no top-level key and costs nothing.
 * Bytes are the encoded state; encoding is O(doc), so it is measured only when the last measure,
 * plus twice the size of every update since (an insert can split an item, adding a header),
 * could be over the limit.
 */
export class ShadowDoc {
  /** Undefined until an update needs it, and again once dropped after a quiet spell. */
  private shadow: Y.Doc | undefined;
  /** When an update last needed the shadow (performance.now()), and the timer that drops it once that is `shadowIdleMs` ago. */
  private lastUsed = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private steps = 0;
  private joins = 0;
  private measuredBytes = 0;
  private growthBound = 0;
  private integrated: Uint8Array[] = [];

  /**
   * @param state the room's state to rebuild from: its doc and the updates still being written.
   * @param shape what the room's doc may hold (a map's or a review room's, src/collab/doc.ts).
   * @param rules a review room's rules on who may change which entry (review-rules.ts).
   * @param report told when the shadow is built or dropped (the room logs it).
   */
  constructor(
    private readonly limits: SizeLimits,
    private readonly state: () => Uint8Array[],
    private readonly shape: DocShape = MAP_DOC_SHAPE,
    private readonly rules?: ReviewRules,
    private readonly report?: ShadowEvent,
  ) {}

  /** Whether the shadow exists now (it is built by the next update that needs it). */
  get isBuilt(): boolean {
    return this.shadow !== undefined;
  }

  /**
   * (Re)builds the shadow from the room's state; structs it held waiting are dropped. The state
   * is the room's doc encoded (the first) and the updates still being written after it.
   */
  reset(): void {
    const started = performance.now();
    this.shadow?.destroy();
    const shadow = new Y.Doc();
    const state = this.state();
    shadow.transact(() => {
      for (const update of state) Y.applyUpdate(shadow, update);
    });
    this.shadow = shadow;
    this.integrated = [];
    // Both states count: the map now and its redesign hold the steps and joins of one map.
    const stepMaps = [stepsOf(shadow), redesignStepsOf(shadow)];
    const joinMaps = [joinsOf(shadow), redesignJoinsOf(shadow)];
    this.steps = stepMaps.reduce((sum, map) => sum + map.size, 0);
    this.joins = joinMaps.reduce((sum, map) => sum + map.size, 0);
    for (const map of stepMaps) {
      map.observe((event) => {
        this.steps += keyDelta(event);
      });
    }
    for (const map of joinMaps) {
      map.observe((event) => {
        this.joins += keyDelta(event);
      });
    }
    shadow.on('update', (update: Uint8Array) => this.integrated.push(update));
    this.rules?.watch(shadow);
    // The room's doc is its encoding's length; what is being written may add up to twice its
    // own size (the bound admit keeps): no second O(doc) encoding to learn the size.
    this.measuredBytes = state[0]?.length ?? 0;
    this.growthBound = state.slice(1).reduce((sum, update) => sum + 2 * update.length, 0);
    this.touch();
    this.report?.('room.shadow-built', { ms: Math.round(performance.now() - started), bytes: this.measuredBytes });
  }

  /**
   * Frees the shadow; the next update that needs it rebuilds it from the room's state. Not while
   * structs wait in it for content the room lacks: they exist only here. Returns whether it is gone.
   */
  drop(): boolean {
    if (!this.shadow) return true;
    const { pendingStructs, pendingDs } = this.shadow.store;
    if (pendingStructs || pendingDs) return false;
    this.shadow.destroy();
    this.shadow = undefined;
    this.integrated = [];
    return true;
  }

  /** The shadow, built now if an update needs it and it is not there. */
  private built(): Y.Doc {
    if (!this.shadow) this.reset();
    this.touch();
    return this.shadow as Y.Doc;
  }

  /** Notes that an update needed the shadow; one timer per quiet spell, not one per update. */
  private touch(): void {
    this.lastUsed = performance.now();
    const idleMs = this.limits.shadowIdleMs ?? 0;
    if (idleMs > 0 && !this.idleTimer) this.dropAfter(idleMs);
  }

  private dropAfter(ms: number): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.shadow) return;
      const idleMs = this.limits.shadowIdleMs ?? 0;
      const quiet = performance.now() - this.lastUsed;
      if (quiet < idleMs) return this.dropAfter(idleMs - quiet);
      const bytes = this.measuredBytes;
      // Waiting structs keep it; tried again after another quiet spell.
      if (this.drop()) this.report?.('room.shadow-dropped', { idleMs, bytes });
      else this.dropAfter(idleMs);
    }, ms);
    this.idleTimer.unref();
  }

  /**
   * Takes `update` in and returns what to write (what Yjs integrated, possibly nothing); or
   * throws MalformedMessage, or a 4413 Refusal, leaving the shadow as it was. `writer`: who sent
   * it, for the review rules.
   */
  admit(update: Uint8Array, writer?: ReviewWriter): Uint8Array[] {
    // Without a shadow nothing waits and no rule has anything to judge: an empty update would
    // change nothing in a built one either (and leaves the writer's last change not refused).
    if (!this.shadow && isEmptyUpdate(update)) {
      if (writer) writer.refusedLast = false;
      return [];
    }
    const { pendingStructs, pendingDs } = this.built().store;
    const before = { steps: this.steps, joins: this.joins };
    // In a review room: refused before it touches anything if it writes under another writer's clientID.
    const unbound = writer && this.rules ? this.rules.ids.check(this.built(), update, writer) : [];
    try {
      this.apply(update);
    } catch {
      this.reset();
      // Yjs retries waiting structs with each update: if someone's garbage was waiting, it may be
      // what threw. Without it (the reset dropped it), the update is judged on its own.
      if (!pendingStructs && !pendingDs) throw new MalformedMessage('malformed Yjs update');
      try {
        this.apply(update);
      } catch {
        this.reset();
        throw new MalformedMessage('malformed Yjs update');
      }
    }
    try {
      for (const integrated of this.integrated) checkValueDepth(integrated);
      // Nested shared types, and anything else where the doc's shape has no room for it.
      for (const integrated of this.integrated) checkDocShape(integrated, this.built(), this.shape);
      this.rules?.ids.checkUntouched();
    } catch (error) {
      this.reset();
      throw error;
    }
    const over = this.overLimit(before, update.length);
    if (over) {
      this.reset();
      throw new Refusal(CLOSE_CODES.MAP_TOO_LARGE, `map too large: ${over.what} (at most ${over.max}); the change was not saved`, 'sync.map-too-large', {
        limit: over.limit,
        value: over.value,
        max: over.max,
      });
    }
    this.enforceRules(writer);
    // The clientIDs it took are bound to the writer in the same write (writer-ids.ts).
    if (writer && this.rules?.ids.bind(this.built(), unbound, writer)) this.integrated = [Y.mergeUpdates(this.integrated)];
    return this.integrated;
  }

  /**
   * Takes in an update that is already stored (another instance wrote it, bus.ts): no limits or
   * rules apply, and nothing of it is to be written. Returns what it completed of updates that
   * were waiting here for it (they are this room's to write; with them comes the update itself,
   * written again, which changes nothing), normally nothing.
   */
  absorb(update: Uint8Array): Uint8Array[] {
    // Without a shadow nothing waits here for it, and the next rebuild takes it from the room's doc.
    if (!this.shadow) return [];
    const { pendingStructs, pendingDs } = this.built().store;
    try {
      this.apply(update);
    } catch {
      this.reset();
      return [];
    }
    // What the rules saw changing here was another writer's, judged on its own instance: not the next writer's doing.
    this.rules?.enforce(this.built(), undefined);
    this.growthBound += 2 * update.length;
    return pendingStructs || pendingDs ? this.integrated : [];
  }

  /** A review room's rules (review-rules.ts): what breaks them is corrected, and the correction goes out with the update as one. */
  private enforceRules(writer: ReviewWriter | undefined): void {
    try {
      if (this.rules?.enforce(this.built(), writer)) this.integrated = [Y.mergeUpdates(this.integrated)];
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  destroy(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.shadow?.destroy();
    this.shadow = undefined;
  }

  private apply(update: Uint8Array): void {
    const shadow = this.built();
    this.integrated = [];
    Y.applyUpdate(shadow, update);
  }

  /** A limit the shadow is now past and was not before (a map already past one may still shrink). */
  private overLimit(before: { steps: number; joins: number }, updateBytes: number) {
    const { maxSteps, maxJoins, maxDocBytes } = this.limits;
    if (this.steps > maxSteps && this.steps > before.steps) return { limit: 'steps', what: `${this.steps} steps`, value: this.steps, max: maxSteps };
    if (this.joins > maxJoins && this.joins > before.joins) return { limit: 'joins', what: `${this.joins} joins`, value: this.joins, max: maxJoins };
    this.growthBound += 2 * updateBytes;
    if (this.measuredBytes + this.growthBound <= maxDocBytes) return undefined;
    const bytes = this.measure();
    if (bytes > maxDocBytes && bytes > this.measuredBytes) return { limit: 'bytes', what: `${bytes} bytes`, value: bytes, max: maxDocBytes };
    this.measuredBytes = bytes;
    this.growthBound = 0;
    return undefined;
  }

  /** The encoded size, waiting structs included; if those cannot be encoded (garbage), they are dropped. */
  private measure(): number {
    try {
      return Y.encodeStateAsUpdate(this.built()).length;
    } catch {
      // The room's state re-encodes (Yjs produced it), and so does what this update integrated.
      const integrated = this.integrated;
      this.reset();
      for (const update of integrated) Y.applyUpdate(this.built(), update);
      this.integrated = integrated;
      return Y.encodeStateAsUpdate(this.built()).length;
    }
  }
}
