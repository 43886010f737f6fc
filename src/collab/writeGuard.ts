import type * as Y from 'yjs';
import type { MapLimits } from '../store/sessionSlice';
import { byteSize } from '../core/byte-size';
import { joinsOf, redesignJoinsOf, redesignStepsOf, stepsOf } from './doc';

/**
 * Whether this page may change the map now (an edit link, not in review mode), how large the
 * server lets a map grow, and what to do when a command is refused (tell the person why).
 * Without it, every command writes.
 */
export interface WriteAccess {
  mayWrite(): boolean;
  /** Tells the person that `command` changed nothing: `why`, or else that this page may not change the map. */
  refused(command: string, why?: string): void;
  /** The largest map the server takes, today's state and the redesign together (GET …/role); null until it says. */
  limits?(): MapLimits | null;
}

/** What a command would add to the map, counted as the server counts it. */
export interface Growth {
  steps?: number;
  joins?: number;
}

/**
 * The checks every command passes before it takes an id or opens a transaction: the last guard
 * behind the UI, so that no gesture puts a change in the page's doc that the server will refuse
 * (the page would hold it alone: a review link's edit is dropped by the server, a map past the
 * server's limits is refused with 4413 and the page must discard it).
 */
export function writeGuard(doc: Y.Doc, access: WriteAccess | undefined) {
  /** The map's steps and joins as the server counts them: both states, every entry. */
  const size = (): Required<Growth> => ({
    steps: stepsOf(doc).size + redesignStepsOf(doc).size,
    joins: joinsOf(doc).size + redesignJoinsOf(doc).size,
  });
  return {
    size,

    /** Whether this page may change the map; if not, says so. */
    allowed(command: string): boolean {
      if (!access || access.mayWrite()) return true;
      access.refused(command);
      return false;
    },

    /**
     * Whether the map, grown by `growth`, stays within the server's limits (a map already past
     * one may still shrink or change, as on the server); if not, says so.
     */
    fits(command: string, growth: Growth): boolean {
      const limits = access?.limits?.();
      if (!access || !limits) return true;
      const why = pastLimits(size(), growth, limits);
      if (!why) return true;
      access.refused(command, `Nothing was added: ${why}.`);
      return false;
    },

    /**
     * Whether the map doc stays within the server's limit on its bytes, `within(limit)` answering
     * for the change (a doc already past it is the server's to judge); if not, says so.
     */
    fitsBytes(command: string, within: (limit: number) => boolean): boolean {
      const limit = access?.limits?.()?.docBytes;
      if (!access || !limit || within(limit)) return true;
      access.refused(command, `Nothing was changed: the map would be larger than the ${byteSize(limit)} this server holds.`);
      return false;
    },
  };
}

/**
 * Why a map of `counts` grown by `growth` would pass the server's `limits` (today's state and the
 * redesign together), or null if it would not.
 */
export function pastLimits(counts: Required<Growth>, growth: Growth, limits: MapLimits): string | null {
  const past = (what: 'steps' | 'joins') => {
    const added = growth[what] ?? 0;
    const total = counts[what] + added;
    return added > 0 && total > limits[what] ? `the map would have ${total.toLocaleString('en')} ${what}, over the ${limits[what].toLocaleString('en')} this server takes` : null;
  };
  return past('steps') ?? past('joins');
}
