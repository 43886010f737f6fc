import { MAX_NAME_LENGTH } from '../../core/model';

/** The name a person picked once on this browser, and a colour that stays theirs. */
const NAME_KEY = 'stallmap:name';

/**
 * Each carries white text of an avatar's or a cursor's size at 4.5:1 or more: the green, amber,
 * cyan, lime and orange of the same hues a shade lighter read at about 3:1 (the initials of one
 * person in two, faint on a projector).
 */
export const PEER_COLORS = ['#e11d48', '#2563eb', '#15803d', '#b45309', '#7c3aed', '#0e7490', '#db2777', '#4d7c0f', '#c2410c', '#4f46e5'];

/** The saved name, if the server would take it (one saved by hand, too long, is asked for again). */
export function savedName(): string | null {
  const name = localStorage.getItem(NAME_KEY)?.trim();
  return name && name.length <= MAX_NAME_LENGTH ? name : null;
}

export function saveName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, MAX_NAME_LENGTH));
}

export function colorFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PEER_COLORS[hash % PEER_COLORS.length];
}
