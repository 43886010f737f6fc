import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Viewport } from '@xyflow/react';
import type { Step } from '../../core/model';
import { useStore } from '../../store';
import { rendersOnlyVisible } from '../culling';
import { openingFloor, openingViewport } from '../openingView';
import { useSession } from '../SessionContext';

/** As the canvas (usePresence.ts): 50 people panning at 60 Hz would flood the room. */
const VIEWPORT_INTERVAL_MS = 150;
/** A step's box before React Flow measures it (the canvas's .step is 200 px wide). */
const STEP_BOX = { width: 210, height: 110 };

/**
 * How far out the panes zoom, one bound for both (they share one viewport): while either state
 * is large. A large state is not drawn from afar as the canvas draws it (boxes without text):
 * every step in view is drawn whole, so both panes at the whole of a 4,900-step map held 10,000
 * steps and 12,000 joins (13 s to open, a task of 8 s). Zoomed out no further than this, the panes
 * draw a few hundred steps each; the list of changes goes to any of them.
 */
export const compareMinZoom = (...states: (readonly unknown[])[]) => (states.some(rendersOnlyVisible) ? 0.25 : 0.05);

/**
 * One viewport for both panes, so they pan and zoom in step: the two states share ids and, where
 * they share steps, positions, so the same spot shows the same part of the work on either side.
 * It opens as the canvas opens a map (a workshop's where its text reads; a large map at its
 * beginning, see compareMinZoom), is shared through presence (others can follow me here),
 * follows the person I follow, and a pan or zoom of my own ends following, as on the canvas.
 */
export function useCompareViewport(panes: RefObject<HTMLElement | null>, steps: readonly Step[], minZoom: number) {
  const { awareness } = useSession();
  const following = useStore((s) => s.following);
  const followed = useStore((s) => s.peers.find((p) => p.clientId === s.following)?.viewport);
  const follow = useStore((s) => s.follow);
  const [viewport, setViewport] = useState<Viewport>({ x: 0, y: 0, zoom: 1 });
  const last = useRef(0);
  const trailing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const paneSize = useCallback(() => {
    const pane = panes.current?.querySelector<HTMLElement>('.react-flow');
    return pane ? { width: pane.clientWidth, height: pane.clientHeight } : null;
  }, [panes]);

  // Frame both states once, before the first paint: the union of their steps.
  const framed = useRef(false);
  useLayoutEffect(() => {
    if (framed.current) return;
    const size = paneSize();
    if (!size || size.width === 0) return;
    framed.current = true;
    if (steps.length === 0) return;
    setViewport(frame(steps, size, minZoom));
  }, [paneSize, steps, minZoom]);

  const share = useCallback(
    (next: Viewport) => {
      clearTimeout(trailing.current);
      const now = performance.now();
      if (now - last.current >= VIEWPORT_INTERVAL_MS) {
        last.current = now;
        awareness.setLocalStateField('viewport', next);
      } else {
        // The last position of a pan always goes out, so a follower lands where I stopped.
        trailing.current = setTimeout(() => awareness.setLocalStateField('viewport', next), VIEWPORT_INTERVAL_MS);
      }
    },
    [awareness],
  );
  useEffect(() => () => clearTimeout(trailing.current), []);

  const onViewportChange = useCallback(
    (next: Viewport) => {
      setViewport(next);
      share(next);
    },
    [share],
  );

  useEffect(() => {
    if (following !== null && followed) setViewport(followed);
  }, [following, followed]);

  useEffect(() => {
    const element = panes.current;
    if (following === null || !element) return;
    const stop = (event: Event) => {
      if (event.isTrusted && (event.target as Element | null)?.closest('.react-flow__pane, .react-flow__node, .react-flow__edge')) follow(null);
    };
    element.addEventListener('wheel', stop, { passive: true });
    element.addEventListener('pointerdown', stop);
    return () => {
      element.removeEventListener('wheel', stop);
      element.removeEventListener('pointerdown', stop);
    };
  }, [panes, following, follow]);

  /** Centres a point of the flow in the panes, at a zoom that reads a step. */
  const centre = useCallback(
    (point: { x: number; y: number }) => {
      const size = paneSize();
      if (!size) return;
      const zoom = Math.max(viewport.zoom, 0.8);
      onViewportChange({ x: size.width / 2 - point.x * zoom, y: size.height / 2 - point.y * zoom, zoom });
    },
    [paneSize, viewport.zoom, onViewportChange],
  );

  return { viewport, onViewportChange, centre };
}

/**
 * Where both states open, as the canvas opens a map (openingViewport): the union of their steps
 * framed; a workshop's map from its Start where its text reads, if framed whole it would be too
 * small to read (each pane has half the canvas's width: the invoice template's labels were 2 px);
 * a larger one, if framing it whole is further out than `minZoom`, from its beginning at `minZoom`.
 */
function frame(steps: readonly Step[], size: { width: number; height: number }, minZoom: number): Viewport {
  const placed = steps.map((step) => ({ ...(step.position ?? { x: 0, y: 0 }), ...STEP_BOX, start: step.kind === 'start' }));
  const floor = Math.max(minZoom, openingFloor(new Set(steps.map((step) => step.id)).size) ?? 0);
  return openingViewport(placed, size, { minZoom, floor });
}
