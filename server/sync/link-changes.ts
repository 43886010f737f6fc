/**
 * How servers sharing maps (Redis) tell each other a map's links were replaced, so each closes its
 * own sockets on the old link (held-links.ts) and reads the map's token hashes again. One server
 * has nobody to tell. News is lost only while the connection that carries it is down, and a
 * listener is told when that starts and ends: meanwhile nothing may be cached, and losing that
 * connection closes every socket of the server (bus-redis.ts), let in again only as the stored
 * record says.
 */
export interface LinkChanges {
  /** This server replaced a link of the map (its own sockets and cache are the caller's). */
  announce(mapId: string): void;
  listen(listener: LinkListener): void;
}

export interface LinkListener {
  /** Another server replaced a link of the map. */
  replaced(mapId: string): void;
  /** Replacements may go unheard from now on, until `hearing(true)`. */
  hearing(heard: boolean): void;
}
