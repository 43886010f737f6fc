import { useEffect, useMemo, useRef, type PointerEvent } from 'react';
import { useReactFlow, useOnViewportChange, type Viewport } from '@xyflow/react';
import type { Awareness } from 'y-protocols/awareness';
import { useStore } from '../../store';
import type { Peer } from '../../store/sessionSlice';
import { MAP_VIEWS, type MapView } from '../../store/uiSlice';
import { useSession } from '../SessionContext';
import { firstColor, keptColor, type Holder } from './distinctColor';
import { colorFor } from './identity';

/** Cursor and viewport go out at most this often: 50 people moving at 60 Hz would flood the room. */
const CURSOR_INTERVAL_MS = 50;
const VIEWPORT_INTERVAL_MS = 150;

/**
 * Publishes who I am, the state I am on and what I have selected; mirrors everyone else into the
 * store, and takes me to the state of the person I follow.
 */
export function usePresence(name: string | null) {
  const { awareness } = useSession();
  const selection = useStore((s) => s.selection);
  const setPeers = useStore((s) => s.setPeers);
  const view = useStore((s) => s.view);
  const setView = useStore((s) => s.setView);
  const followedView = useStore((s) => s.peers.find((p) => p.clientId === s.following)?.view);
  const answered = useStore((s) => s.answered);

  // Published once the server has answered: it greets a page with everyone already here before
  // its answer, so the colour taken is one nobody has (distinctColor.ts), and kept distinct after.
  useEffect(() => {
    if (!name || !answered) return;
    let color = firstColor(colorFor(`${name}:${awareness.clientID}`), colorsOfOthers(awareness));
    awareness.setLocalStateField('user', { name, color });
    const keepDistinct = () => {
      const kept = keptColor(color, awareness.clientID, colorsOfOthers(awareness));
      if (kept === color) return;
      color = kept;
      awareness.setLocalStateField('user', { name, color });
    };
    awareness.on('change', keepDistinct);
    return () => awareness.off('change', keepDistinct);
  }, [awareness, name, answered]);

  useEffect(() => {
    awareness.setLocalStateField('selection', selection);
  }, [awareness, selection]);

  useEffect(() => {
    awareness.setLocalStateField('view', view);
  }, [awareness, view]);

  // Following someone shows what they see: their state here, their viewport in useViewportSharing.
  useEffect(() => {
    if (followedView) setView(followedView);
  }, [followedView, setView]);

  useEffect(() => {
    const update = () => {
      const peers: Peer[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const peer = readPeer(clientId, state);
        if (peer) peers.push(onMyState(peer, view));
      }
      peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
      setPeers(peers);
    };
    awareness.on('change', update);
    update();
    return () => awareness.off('change', update);
  }, [awareness, setPeers, view]);
}

/**
 * A person on another state keeps their place in the list (and can be followed there), but their
 * cursor is not drawn here, nor their selection: both states hold the same ids, so a step they
 * selected in the redesign would light up its namesake in today's map.
 */
function onMyState(peer: Peer, view: MapView): Peer {
  return peer.view === view ? peer : { ...peer, cursor: undefined, selection: [] };
}

/** Awareness comes from the network: read each field defensively, drop what isn't the right shape. */
function readPeer(clientId: number, state: Record<string, unknown>): Peer | null {
  const user = state.user as { name?: unknown; color?: unknown } | undefined;
  if (!user || typeof user.name !== 'string' || !user.name.trim()) return null;
  const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#64748b';
  const cursor = state.cursor as { x?: unknown; y?: unknown } | undefined;
  const viewport = state.viewport as { x?: unknown; y?: unknown; zoom?: unknown } | undefined;
  const selection = Array.isArray(state.selection) ? state.selection.filter((id): id is string => typeof id === 'string').slice(0, 500) : [];
  return {
    clientId,
    name: user.name.slice(0, 60),
    color,
    view: MAP_VIEWS.find((v) => v === state.view) ?? 'now',
    selection,
    cursor: cursor && isFiniteNumber(cursor.x) && isFiniteNumber(cursor.y) ? { x: cursor.x, y: cursor.y } : undefined,
    viewport:
      viewport && isFiniteNumber(viewport.x) && isFiniteNumber(viewport.y) && isFiniteNumber(viewport.zoom) && viewport.zoom > 0
        ? { x: viewport.x, y: viewport.y, zoom: viewport.zoom }
        : undefined,
  };
}

/** The colours everyone else on the map has announced. */
function colorsOfOthers(awareness: Awareness): Holder[] {
  const holders: Holder[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    const color = (state.user as { color?: unknown } | undefined)?.color;
    if (clientId !== awareness.clientID && typeof color === 'string') holders.push({ clientId, color });
  }
  return holders;
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Sends my cursor, in flow coordinates so it lands on the same spot at any zoom, throttled; and
 * takes it away when the pointer leaves the canvas (for the inspector, the toolbar, another
 * window): left where it last was, it told everyone I was pointing at a step I had long left.
 */
export function useCursorBroadcast() {
  const { awareness } = useSession();
  const flow = useReactFlow();
  const last = useRef(0);
  return useMemo(
    () => ({
      onPointerMove: (event: PointerEvent) => {
        const now = performance.now();
        if (now - last.current < CURSOR_INTERVAL_MS) return;
        last.current = now;
        const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
        awareness.setLocalStateField('cursor', { x: Math.round(at.x), y: Math.round(at.y) });
      },
      onPointerLeave: () => {
        // The next move in (another compare pane, a moment later) is sent at once, not throttled away.
        last.current = 0;
        awareness.setLocalStateField('cursor', null);
      },
    }),
    [awareness, flow],
  );
}

/** Shares my viewport (so others can follow me) and follows the person I chose to follow. */
export function useViewportSharing() {
  const { awareness } = useSession();
  const flow = useReactFlow();
  const following = useStore((s) => s.following);
  const followed = useStore((s) => s.peers.find((p) => p.clientId === s.following)?.viewport);
  const follow = useStore((s) => s.follow);
  const last = useRef(0);

  // The same handlers for the page's life: React Flow stores new ones with a store update that
  // every step and join on screen checks, on each render of the canvas (a drag frame, a keystroke).
  const handlers = useMemo(
    () => ({
      onChange: (viewport: Viewport) => {
        const now = performance.now();
        if (now - last.current < VIEWPORT_INTERVAL_MS) return;
        last.current = now;
        awareness.setLocalStateField('viewport', viewport);
      },
      onEnd: (viewport: Viewport) => awareness.setLocalStateField('viewport', viewport),
    }),
    [awareness],
  );
  useOnViewportChange(handlers);

  useEffect(() => {
    if (following !== null && followed) void flow.setViewport(followed, { duration: 120 });
  }, [flow, following, followed]);

  // Any pan or zoom of my own ends following, as in Figma.
  useEffect(() => {
    if (following === null) return;
    const stop = (event: Event) => {
      if (event.isTrusted) follow(null);
    };
    const pane = document.querySelector('.react-flow__pane');
    pane?.addEventListener('wheel', stop, { passive: true });
    pane?.addEventListener('pointerdown', stop);
    return () => {
      pane?.removeEventListener('wheel', stop);
      pane?.removeEventListener('pointerdown', stop);
    };
  }, [following, follow]);
}
