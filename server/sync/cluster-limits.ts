/**
 * A room's connections counted over every instance of a cluster, so STALLMAP_MAX_ROOM_CONNECTIONS
 * bounds a map, not a map per server. Each instance reports its own absolute count per room (a
 * resent report counts nothing twice); admission adds what the other live instances report.
 * One server has no RoomConnections (Bus.connections is absent): its own count is all there is.
 * Redis: cluster-limits-redis.ts.
 */
export interface RoomConnections {
  /** This instance now has `count` connections to `room` (0: none, its report goes). */
  report(room: string, count: number): void;
  /** The connections to `room` on the other live instances, as they last reported them. */
  elsewhere(room: string): Promise<number>;
  close(): void;
}
