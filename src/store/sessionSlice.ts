import type { StateCreator } from 'zustand';
import type { Refusal } from '../collab/refusals';
import type { StoreState } from './index';
import type { MapView } from './uiSlice';

export type Role = 'edit' | 'review' | 'view';
/** 'resyncing': connected, but a change of this page has gone unconfirmed by the server for seconds (collab/liveness.ts). */
export type ConnectionStatus = 'connecting' | 'connected' | 'resyncing' | 'reconnecting' | 'offline';

export interface Peer {
  clientId: number;
  name: string;
  color: string;
  cursor?: { x: number; y: number };
  selection: string[];
  viewport?: { x: number; y: number; zoom: number };
  /** The state they are on (today's when their page does not say); their cursor and selection are of that state. */
  view: MapView;
}

/**
 * The largest map the server takes: steps and joins, today's state and the redesign together, and
 * the bytes of its doc; and what one connection may send (send-pacer.ts). The byte limits are
 * absent from a server older than them.
 */
export interface MapLimits {
  steps: number;
  joins: number;
  docBytes?: number;
  messageBytes?: number;
  bytesPerSecond?: number;
}

/** A change larger than one message, on its way to the server in parts (send-pacer.ts): bytes sent of all. */
export interface Sending {
  sent: number;
  total: number;
}

/** The connection, this person's role on the map, and who else is here. */
export interface SessionSlice {
  role: Role;
  /** The name this person picked: their author name on comments and waivers. */
  name: string | null;
  status: ConnectionStatus;
  /** This page's changes the server has not confirmed yet. */
  unsynced: number;
  /** A change too large for one message, being sent in parts; null when none is. */
  sending: Sending | null;
  canUndo: boolean;
  canRedo: boolean;
  peers: Peer[];
  following: number | null;
  /** Why the server closed the connection, when that needs saying. */
  refusal: Refusal | null;
  /**
   * A change this page did not keep because its link may not make it (a command refused, or a
   * change dropped and the map reloaded from the server), said until the person dismisses it.
   */
  notice: string | null;
  /** Where links to this map should point, as the server says (GET …/role); null: this page's origin. */
  linkOrigin: string | null;
  /** The server's limits on a map's size (GET …/role); null until it says. */
  limits: MapLimits | null;
  setSession(patch: Partial<Pick<SessionSlice, 'role' | 'name' | 'status' | 'unsynced' | 'sending' | 'canUndo' | 'canRedo' | 'refusal' | 'notice' | 'linkOrigin' | 'limits'>>): void;
  setPeers(peers: Peer[]): void;
  follow(clientId: number | null): void;
}

export const createSessionSlice: StateCreator<StoreState, [], [], SessionSlice> = (set) => ({
  role: 'edit',
  name: null,
  status: 'connecting',
  unsynced: 0,
  sending: null,
  canUndo: false,
  canRedo: false,
  peers: [],
  following: null,
  refusal: null,
  notice: null,
  linkOrigin: null,
  limits: null,
  // Every store update is checked by every component that selects from the store (thousands of
  // steps and joins on a large map): one that changes nothing is not made.
  setSession: (patch) => set((state) => (Object.entries(patch).every(([key, value]) => Object.is(state[key as keyof SessionSlice], value)) ? state : patch)),
  // Awareness changes with every cursor move, mine included: the peers are replaced only when what is known of them changed.
  setPeers: (peers) => set((state) => (samePeers(state.peers, peers) ? state : { peers })),
  follow: (following) => set({ following }),
});

function samePeers(a: readonly Peer[], b: readonly Peer[]): boolean {
  return a.length === b.length && a.every((peer, i) => JSON.stringify(peer) === JSON.stringify(b[i]));
}
