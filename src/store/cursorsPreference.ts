/**
 * Whether this person hides the others' cursors, kept in this browser for every map: a
 * facilitator projecting the map to a room, with a board of thirty on the review link moving
 * their mice, turns them off once. Storage may be unavailable (a private window, a test in Node):
 * then the cursors show, and the choice lasts as long as the page.
 */
const KEY = 'stallmap:cursors';

export function cursorsHiddenHere(): boolean {
  try {
    return localStorage.getItem(KEY) === 'hidden';
  } catch {
    return false;
  }
}

export function keepCursorsHidden(hidden: boolean): void {
  try {
    if (hidden) localStorage.setItem(KEY, 'hidden');
    else localStorage.removeItem(KEY);
  } catch {
    // Not kept: this page still honours it.
  }
}
