import { PEER_COLORS } from './identity';

/** Someone else on the map, as far as their colour goes. */
export interface Holder {
  clientId: number;
  color: string;
}

/**
 * The colour a person takes on joining: the one they prefer if nobody here has it, else the next
 * one nobody has. Ten colours at random gave two of ten people the same colour nearly every time
 * (two cursors, two avatars, two selection outlines nobody could tell apart). Past ten people,
 * colours must repeat: the preferred one is kept.
 */
export function firstColor(preferred: string, others: readonly Holder[]): string {
  const taken = new Set(others.map((other) => other.color));
  const start = Math.max(0, PEER_COLORS.indexOf(preferred));
  for (let i = 0; i < PEER_COLORS.length; i++) {
    const color = PEER_COLORS[(start + i) % PEER_COLORS.length];
    if (!taken.has(color)) return color;
  }
  return preferred;
}

/**
 * The colour a person keeps while others come and go: their own, unless someone with a lower
 * clientID has it too (two people who joined at the same moment, each before seeing the other).
 * Every page applies the same rule to the same states, so of the two exactly one moves. A newcomer
 * takes a free colour (firstColor), so this settles only such a pair: nobody already known by a
 * colour loses it to someone who has just arrived.
 */
export function keptColor(mine: string, myId: number, others: readonly Holder[]): string {
  return others.some((other) => other.color === mine && other.clientId < myId) ? firstColor(mine, others) : mine;
}
