import { useEffect, useRef } from 'react';
import { Panel, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { XYMinimap, type PanZoomInstance } from '@xyflow/system';
import { STEP_KINDS } from '../../core/model';
import { drawMinimap, drawnTheSame, type MinimapColours } from './drawMinimap';
import { viewOf } from './minimapFrame';

/**
 * The map in miniature, bottom right: each step a box in its kind's colour, the part on screen
 * outlined, the rest veiled; drag in it to pan, wheel over it to zoom. One <canvas> and one
 * subscription to React Flow's store, redrawn at most once a frame and only when steps, the view
 * or the canvas's size changed, and never through React: React Flow's own minimap is one
 * component and one store listener per step, all called on every drag frame and keystroke.
 * Pan and zoom are React Flow's own (XYMinimap, what its minimap uses).
 */
/**
 * How often steps moving redraw the minimap, at most: every 100 ms, and on a map so large that a
 * redraw takes long (12 ms at 5,000 steps), never more than a twentieth of the page's time, which a
 * drag needs for its frames.
 */
const STEPS_REDRAW_MS = 100;
const STEPS_REDRAW_SHARE = 1 / 20;

export function Minimap() {
  const flow = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    // The app's colours do not change while a page is open (no theme switch): read once.
    const colours = readColours(element);
    let size = { width: element.clientWidth, height: element.clientHeight };
    let frame = 0;
    // Flow units per minimap pixel: how far a drag in the minimap moves the view.
    let viewScale = 1;

    let drawnAt = Number.NEGATIVE_INFINITY;
    let drawMs = 0;
    let later: ReturnType<typeof setTimeout> | undefined;
    const draw = () => {
      frame = 0;
      drawnAt = performance.now();
      const { nodeLookup, transform, width, height } = flow.getState();
      const ratio = window.devicePixelRatio || 1;
      const backingWidth = Math.round(size.width * ratio);
      const backingHeight = Math.round(size.height * ratio);
      if (element.width !== backingWidth || element.height !== backingHeight) {
        element.width = backingWidth;
        element.height = backingHeight;
      }
      if (!size.width || !size.height) return;
      viewScale = 1 / drawMinimap(context, nodeLookup, viewOf(transform, width, height), size, ratio, colours).scale;
      drawMs = performance.now() - drawnAt;
    };
    const redraw = () => {
      clearTimeout(later);
      later = undefined;
      if (!frame) frame = requestAnimationFrame(draw);
    };
    // Steps moving (a drag, someone else's edit) redraw it a few times a second, not every frame:
    // at 1,000 steps a redraw is 2 ms of a drag frame's 16. The view moving redraws it at once.
    const redrawSoon = () => {
      if (frame || later) return;
      const wait = drawnAt + Math.max(STEPS_REDRAW_MS, drawMs / STEPS_REDRAW_SHARE) - performance.now();
      if (wait <= 0) redraw();
      else later = setTimeout(redraw, wait);
    };

    let pointer: ReturnType<typeof XYMinimap> | undefined;
    let pointerFor: PanZoomInstance | null = null;
    const wirePointer = (state: ReactFlowState) => {
      if (state.panZoom !== pointerFor) {
        pointer?.destroy();
        pointerFor = state.panZoom;
        pointer = state.panZoom ? XYMinimap({ domNode: element, panZoom: state.panZoom, getTransform: () => flow.getState().transform, getViewScale: () => viewScale }) : undefined;
      }
      pointer?.update({ translateExtent: state.translateExtent, width: state.width, height: state.height, pannable: true, zoomable: true });
    };

    wirePointer(flow.getState());
    redraw();
    const unsubscribe = flow.subscribe((state, prev) => {
      if (state.panZoom !== prev.panZoom || state.translateExtent !== prev.translateExtent || state.width !== prev.width || state.height !== prev.height) wirePointer(state);
      // `nodes` is new whenever a step moves, is sized, selected, shown or hidden (nodeLookup is updated in place).
      if (state.transform !== prev.transform || state.width !== prev.width || state.height !== prev.height) redraw();
      else if (state.nodeLookup !== prev.nodeLookup || !drawnTheSame(prev.nodes, state.nodes)) redrawSoon();
    });
    const resized = new ResizeObserver(([entry]) => {
      if (!entry) return;
      size = { width: entry.contentRect.width, height: entry.contentRect.height };
      redraw();
    });
    resized.observe(element);
    return () => {
      unsubscribe();
      resized.disconnect();
      cancelAnimationFrame(frame);
      clearTimeout(later);
      pointer?.destroy();
    };
  }, [flow]);

  return (
    <Panel position="bottom-right" className="react-flow__minimap" data-testid="rf__minimap">
      <canvas ref={canvas} className="minimap-canvas" role="img" aria-label="Minimap of the map" />
    </Panel>
  );
}

/** The kinds' colours (the app's CSS custom properties) and React Flow's own minimap veil. */
function readColours(element: Element): MinimapColours {
  const style = getComputedStyle(element);
  const css = (...names: string[]) => names.map((name) => style.getPropertyValue(name).trim()).find(Boolean) ?? '';
  return {
    kinds: Object.fromEntries(STEP_KINDS.map((kind) => [kind, css(`--${kind}`)]).filter(([, colour]) => colour)),
    other: css('--xy-minimap-node-background-color', '--xy-minimap-node-background-color-default') || '#e2e2e2',
    mask: css('--xy-minimap-mask-background-color', '--xy-minimap-mask-background-color-default') || 'rgba(240, 240, 240, 0.6)',
    view: css('--ink-soft') || '#4b5563',
    selected: css('--accent') || '#4f46e5',
  };
}
