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
}

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
 * Limits are checked on the shadow too, so an update that only completes an earlier one is
 * counted. Yjs cannot take an update back, so after a refusal the shadow is rebuilt from the
 * room's state (O(doc), once per refused client, who is disconnected). Steps and joins are
 * counted from the shadow's change events: a drag changes no top-level key and costs nothing.
 * Bytes are the encoded state; encoding is O(doc), so it is measured only when the last measure,
 * plus twice the size of every update since (an insert can split an item, adding a header),
 * could be over the limit.
 */
export class ShadowDoc {
  private shadow = new Y.Doc();
  private steps = 0;
  private joins = 0;
  private measuredBytes = 0;
  private growthBound = 0;
  private integrated: Uint8Array[] = [];

  /**
   * @param state the room's state to rebuild from: its doc and the updates still being written.
   * @param shape what the room's doc may hold (a map's or a review room's, src/collab/doc.ts).
   * @param rules a review room's rules on who may change which entry (review-rules.ts).
   */
  constructor(
    private readonly limits: SizeLimits,
    private readonly state: () => Uint8Array[],
    private readonly shape: DocShape = MAP_DOC_SHAPE,
    private readonly rules?: ReviewRules,
  ) {}

  /** (Re)builds the shadow from the room's state; structs it held waiting are dropped. */
  reset(): void {
    this.shadow.destroy();
    const shadow = new Y.Doc();
    shadow.transact(() => {
      for (const update of this.state()) Y.applyUpdate(shadow, update);
    });
    this.shadow = shadow;
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
    this.measuredBytes = Y.encodeStateAsUpdate(shadow).length;
    this.growthBound = 0;
  }

  /**
   * Takes `update` in and returns what to write (what Yjs integrated, possibly nothing); or
   * throws MalformedMessage, or a 4413 Refusal, leaving the shadow as it was. `writer`: who sent
   * it, for the review rules.
   */
  admit(update: Uint8Array, writer?: ReviewWriter): Uint8Array[] {
    const before = { steps: this.steps, joins: this.joins };
    const { pendingStructs, pendingDs } = this.shadow.store;
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
      for (const integrated of this.integrated) checkDocShape(integrated, this.shadow, this.shape);
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
    return this.integrated;
  }

  /**
   * Takes in an update that is already stored (another instance wrote it, bus.ts): no limits or
   * rules apply, and nothing of it is to be written. Returns what it completed of updates that
   * were waiting here for it (they are this room's to write; with them comes the update itself,
   * written again, which changes nothing), normally nothing.
   */
  absorb(update: Uint8Array): Uint8Array[] {
    const { pendingStructs, pendingDs } = this.shadow.store;
    try {
      this.apply(update);
    } catch {
      this.reset();
      return [];
    }
    // What the rules saw changing here was another writer's, judged on its own instance: not the next writer's doing.
    this.rules?.enforce(this.shadow, undefined);
    this.growthBound += 2 * update.length;
    return pendingStructs || pendingDs ? this.integrated : [];
  }

  /** A review room's rules (review-rules.ts): what breaks them is corrected, and the correction goes out with the update as one. */
  private enforceRules(writer: ReviewWriter | undefined): void {
    try {
      if (this.rules?.enforce(this.shadow, writer)) this.integrated = [Y.mergeUpdates(this.integrated)];
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  destroy(): void {
    this.shadow.destroy();
  }

  private apply(update: Uint8Array): void {
    this.integrated = [];
    Y.applyUpdate(this.shadow, update);
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
      return Y.encodeStateAsUpdate(this.shadow).length;
    } catch {
      // The room's state re-encodes (Yjs produced it), and so does what this update integrated.
      const integrated = this.integrated;
      this.reset();
      for (const update of integrated) Y.applyUpdate(this.shadow, update);
      this.integrated = integrated;
      return Y.encodeStateAsUpdate(this.shadow).length;
    }
  }
}
