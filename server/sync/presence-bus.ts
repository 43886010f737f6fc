/**
 * Presence between instances: who is on a map (names, cursors, selections) is relayed between
 * the servers of a cluster beside the edits, never into their log (it is not durable and must
 * not be). Each instance announces only its own people (those its connections announced); what
 * it hears from others it shows to its clients without announcing it again. Local (one server)
 * there is no presence bus: Bus.presence is absent. Redis: presence-bus-redis.ts.
 */

/** Awareness states one instance announces: an awareness update, and the presence-key hash of each of its clientIDs that has one. */
export interface PresenceAnnouncement {
  update: Uint8Array;
  /** clientID → hash of the tab's presence key: lets the same tab take its clientID over on another instance (presence.ts). */
  keys: Record<string, string>;
}

/** What a room's presence hands the bus. */
export interface PresenceListener {
  /** People another instance announced (or took away). */
  receiveRemote(instance: string, announcement: PresenceAnnouncement): void;
  /** Another instance loaded the room and asks who is here: this instance's own people, or undefined if none. */
  ownStates(): PresenceAnnouncement | undefined;
  /** An instance is gone (its liveness expired): the people it announced go with it. */
  instanceGone(instance: string): void;
}

/** A room's place on the presence bus. */
export interface PresenceLink {
  /** This instance's own people changed: tell the other instances. */
  announce(announcement: PresenceAnnouncement): void;
  close(): void;
}
