import { overlaps, resolveOverlaps, STEP_BOX, type Point } from './placement';

/**
 * How long a step this page added counts as just added, and may be moved by the settling. Two
 * people's steps can only land on one spot if neither page had seen the other's step when placing
 * its own, so only steps added within the time a change takes to travel can stack; the window is
 * far longer than that, so that the settling finishes even on a slow laptop or after a short
 * reconnect.
 */
export const FRESH_MS = 60_000;

export interface StepOnMap {
  id: string;
  position?: Point;
}

/** The steps this page added, with when, and those of them its person then moved by hand. */
export interface OwnSteps {
  added: ReadonlyMap<string, number>;
  placedByHand: ReadonlySet<string>;
}

/**
 * One page's part in settling steps added at the same moment by different people: time only
 * enters through `now`, so a test can play many pages and a network against each other.
 *
 * Each page placed its own step on the free space it knew of, so steps only stack when two
 * pages did not yet know of each other's. Every page runs the same rule (resolveOverlaps) on the
 * steps that stand on another, taken from the synced map alone, so that pages holding the same
 * map agree on every move; each moves only the steps it added itself, so no step is moved by two
 * people. (A rule that also asked when this page first saw a step let two pages disagree: each
 * moved its own step off the other's, to the same free spot, again and again.) The page runs the
 * rule once nothing has changed for a moment in what stands on its own new steps (`changed`, then
 * quiet), and moves them to where the rule says (`moves`).
 */
export class Settling {
  private lastCue = '';

  /**
   * Notes the steps as they are now. True when what stands on this page's new steps changed: a
   * step of someone else's arrived on one, moved onto one or moved off. Steps of this page's own
   * on each other were put there by its person (a new step dragged onto another, on purpose):
   * they are left alone.
   */
  changed(steps: readonly StepOnMap[], own: OwnSteps, now: number): boolean {
    const mine = this.mine(steps, own, now);
    const movable = steps.filter((s) => mine.has(s.id) && !own.placedByHand.has(s.id));
    const cue = movable
      .flatMap((m) => steps.filter((s) => !mine.has(s.id) && overlaps(boxOf(m), boxOf(s))).map((s) => `${s.id}>${m.id}`))
      .sort()
      .join(' ');
    if (cue === this.lastCue) return false;
    this.lastCue = cue;
    return true;
  }

  /** Where this page's new steps go so that none stands on another (only those that must move). */
  moves(steps: readonly StepOnMap[], own: OwnSteps, now: number): Map<string, Point> {
    const mine = this.mine(steps, own, now);
    const stacked = stackedSteps(steps, (a, b) => mine.has(a.id) && mine.has(b.id));
    if (stacked.size === 0) return new Map();
    const plan = resolveOverlaps(
      steps.map((s) => ({ id: s.id, position: s.position ?? ORIGIN })),
      stacked,
    );
    return new Map([...plan].filter(([id]) => mine.has(id) && !own.placedByHand.has(id)));
  }

  /** The steps on this map this page added in the last `FRESH_MS`. */
  private mine(steps: readonly StepOnMap[], own: OwnSteps, now: number): Set<string> {
    return new Set(steps.filter((s) => now - (own.added.get(s.id) ?? -Infinity) < FRESH_MS).map((s) => s.id));
  }
}

const ORIGIN: Point = { x: 0, y: 0 };
const boxOf = (s: StepOnMap) => ({ ...(s.position ?? ORIGIN), ...STEP_BOX });

/**
 * The steps that stand on another, less the pairs `ignored`. Swept left to right, so a map of
 * thousands of steps costs its sort, not a comparison of every pair.
 */
function stackedSteps(steps: readonly StepOnMap[], ignored: (a: StepOnMap, b: StepOnMap) => boolean): Set<string> {
  const left = (s: StepOnMap) => (s.position ?? ORIGIN).x;
  const byLeft = [...steps].sort((a, b) => left(a) - left(b));
  const stacked = new Set<string>();
  for (const [i, a] of byLeft.entries()) {
    for (let j = i + 1; j < byLeft.length && left(byLeft[j]) < left(a) + STEP_BOX.width; j++) {
      const b = byLeft[j];
      if (ignored(a, b) || !overlaps(boxOf(a), boxOf(b))) continue;
      stacked.add(a.id);
      stacked.add(b.id);
    }
  }
  return stacked;
}
