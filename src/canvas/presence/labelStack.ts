import { overlaps, type Box } from '../../core/layout/placement';
import { textWidth } from '../../core/picture/text-width';

/** A name label beside its cursor, on screen (remote-cursor-name in canvas.css): 11 px text, 6 px padding a side. */
export const LABEL_OFFSET = 14;
const LABEL_HEIGHT = 17;
const LABEL_FONT = 11;
const LABEL_PADDING = 12;
/** The estimate is of Arial; the page's system font is up to a tenth wider. */
const WIDER_FONT = 1.1;

export interface CursorOnScreen {
  clientId: number;
  name: string;
  /** The cursor's tip, in screen pixels (any common origin). */
  x: number;
  y: number;
}

/**
 * How far down each name label moves so that no two cover each other: several people pointing
 * at the same step (a facilitator's "look at this one") left their names in a pile nobody could
 * read. Cursors are taken top to bottom, and a label that would cover one already placed goes
 * just below it; a label nothing covers stays beside its cursor.
 */
export function stackLabels(cursors: readonly CursorOnScreen[]): Map<number, number> {
  const placed: Box[] = [];
  const down = new Map<number, number>();
  const order = [...cursors].sort((a, b) => a.y - b.y || a.x - b.x || a.clientId - b.clientId);
  for (const cursor of order) {
    const box: Box = { x: cursor.x + LABEL_OFFSET, y: cursor.y + LABEL_OFFSET, width: textWidth(cursor.name, LABEL_FONT) * WIDER_FONT + LABEL_PADDING, height: LABEL_HEIGHT };
    // Each move clears one placed label, and goes only down: at most one move per label placed.
    for (let covered = placed.find((other) => overlaps(box, other)); covered; covered = placed.find((other) => overlaps(box, other))) {
      box.y = covered.y + covered.height + 1;
    }
    placed.push(box);
    down.set(cursor.clientId, box.y - cursor.y - LABEL_OFFSET);
  }
  return down;
}
