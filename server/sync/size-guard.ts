import * as Y from 'yjs';
import { joinsOf, stepsOf } from '../../src/collab/doc';
import { CLOSE_CODES } from './close-codes';
import { MalformedMessage } from './messages';
import { Refusal } from './refusal';

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
 * incoming update is applied to first. So a malformed update throws here, and an update that
 * would take the map past a limit is seen here, both before it reaches the disk, the room's doc
 * or anyone else; and because the shadow holds everything the room holds (pending structs
 * included), an update that only completes an earlier one is counted too. Yjs cannot take an
 * update back, so after a refusal the shadow is rebuilt from the room's state (O(doc), once per
 * refused client, who is disconnected).
 *
 * Steps and joins are counted from the shadow's own change events: a drag changes no top-level
 * key and costs nothing. Bytes are the encoded state; encoding is O(doc), so it is measured only
 * when the last measure, plus twice the size of every update since (an insert can split an item,
 * adding a header), could be over the limit.
 */
export class SizeGuard {
  private shadow = new Y.Doc();
  private steps = 0;
  private joins = 0;
  private measuredBytes = 0;
  private growthBound = 0;

  /** @param state the room's state to rebuild from: its doc and the updates still being written. */
  constructor(
    private readonly limits: SizeLimits,
    private readonly state: () => Uint8Array[],
  ) {}

  /** (Re)builds the shadow from the room's state. */
  reset(): void {
    this.shadow.destroy();
    const shadow = new Y.Doc();
    shadow.transact(() => {
      for (const update of this.state()) Y.applyUpdate(shadow, update);
    });
    this.shadow = shadow;
    this.steps = stepsOf(shadow).size;
    this.joins = joinsOf(shadow).size;
    stepsOf(shadow).observe((event) => {
      this.steps += keyDelta(event);
    });
    joinsOf(shadow).observe((event) => {
      this.joins += keyDelta(event);
    });
    this.measuredBytes = Y.encodeStateAsUpdate(shadow).length;
    this.growthBound = 0;
  }

  /** Takes `update` in, or throws (MalformedMessage, or a 4413 Refusal) leaving the shadow as it was. */
  admit(update: Uint8Array): void {
    const before = { steps: this.steps, joins: this.joins };
    try {
      Y.applyUpdate(this.shadow, update);
    } catch {
      this.reset();
      throw new MalformedMessage('malformed Yjs update');
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
  }

  destroy(): void {
    this.shadow.destroy();
  }

  /** A limit the shadow is now past and was not before (a map already past one may still shrink). */
  private overLimit(before: { steps: number; joins: number }, updateBytes: number) {
    const { maxSteps, maxJoins, maxDocBytes } = this.limits;
    if (this.steps > maxSteps && this.steps > before.steps) return { limit: 'steps', what: `${this.steps} steps`, value: this.steps, max: maxSteps };
    if (this.joins > maxJoins && this.joins > before.joins) return { limit: 'joins', what: `${this.joins} joins`, value: this.joins, max: maxJoins };
    this.growthBound += 2 * updateBytes;
    if (this.measuredBytes + this.growthBound <= maxDocBytes) return undefined;
    const bytes = Y.encodeStateAsUpdate(this.shadow).length;
    if (bytes > maxDocBytes && bytes > this.measuredBytes) return { limit: 'bytes', what: `${bytes} bytes`, value: bytes, max: maxDocBytes };
    this.measuredBytes = bytes;
    this.growthBound = 0;
    return undefined;
  }
}
