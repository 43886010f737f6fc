/**
 * Who may write what. A map has two rooms: the map itself and its review data (waivers, comments),
 * kept apart so that a reviewer can comment without being able to redraw the map.
 */
export const ROLES = ['edit', 'review', 'view'] as const;
export type Role = (typeof ROLES)[number];
export type RoomKind = 'map' | 'review';

/**
 * Whether `role` may send updates to a room of `kind` at all. What a review link may change in the
 * review room is narrower: its own entries, under the name it declared (sync/review-rules.ts).
 */
export function canWrite(role: Role, kind: RoomKind): boolean {
  return role === 'edit' || (role === 'review' && kind === 'review');
}

/** The LevelDB name of a room: the map id, or the map id and `/review`, as in the sync URL. */
export function roomName(mapId: string, kind: RoomKind): string {
  return kind === 'map' ? mapId : `${mapId}/review`;
}

/** What the page needs to know before it offers any editing. */
export function permissionsOf(role: Role) {
  return { role, canWrite: { map: canWrite(role, 'map'), review: canWrite(role, 'review') } };
}
