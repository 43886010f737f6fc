import { MAX_NAME_LENGTH } from '../../core/model';

/** The name a person picked once on this browser, and a colour that stays theirs. */
const NAME_KEY = 'stallmap:name';

export const PEER_COLORS = ['#e11d48', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#4f46e5'];

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
